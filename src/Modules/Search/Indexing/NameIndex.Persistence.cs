using System.Runtime.InteropServices;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>The name index on disk: its arrays as they are in memory, so loading is a few large reads.</summary>
internal sealed partial class NameIndex
{
    private const int FileMagic = 0x4E584449; // "IDXN"
    private const int FileVersion = 1;

    public void Save(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(FileMagic);
        w.Write(FileVersion);
        w.Write(blocks.Length);
        var lastBlockUsed = positions.Length == 0 ? 0 : blocks.Length - 1 == positions[^1] >> BlockBits ? (positions[^1] & ((1 << BlockBits) - 1)) + lengths[^1] : 0;
        for (var b = 0; b < blocks.Length; b++)
        {
            // Only the used part of the last block; earlier blocks are written whole (their tails are unused padding).
            var used = b == blocks.Length - 1 ? lastBlockUsed : blocks[b].Length;
            w.Write(used);
            w.Write(MemoryMarshal.AsBytes(blocks[b].AsSpan(0, used)));
        }

        WriteArray(w, positions);
        WriteArray(w, lengths);
        WriteArray(w, folderOf);
        WriteArray(w, aclOf);
        w.Write(isFolder.Length);
        foreach (var f in isFolder)
        {
            w.Write(f);
        }

        w.Write(folders.Length);
        foreach (var f in folders)
        {
            w.Write(f);
        }

        w.Write(acls.Length);
        foreach (var (source, file) in acls)
        {
            w.Write(source);
            w.Write(file);
        }

        w.Write(grams.Count);
        foreach (var (key, list) in grams)
        {
            w.Write(key);
            w.Write(list.Count);
            w.Write(list.Last);
            w.Write(list.Length);
            w.Write(list.Data.AsSpan(0, list.Length));
            WriteArray(w, list.SkipIds);
            WriteArray(w, list.SkipOffsets);
        }
    }

    /// <summary>Reads an index written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static NameIndex Load(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadInt32() != FileMagic || r.ReadInt32() != FileVersion)
        {
            throw new InvalidDataException("名前索引のファイル形式が違います。");
        }

        var blocks = new char[r.ReadInt32()][];
        for (var b = 0; b < blocks.Length; b++)
        {
            var used = r.ReadInt32();
            blocks[b] = new char[1 << BlockBits];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(blocks[b].AsSpan(0, used)));
        }

        var positions = ReadArray<int>(r);
        var lengths = ReadArray<ushort>(r);
        var folderOf = ReadArray<int>(r);
        var aclOf = ReadArray<ushort>(r);
        var isFolder = new bool[r.ReadInt32()];
        for (var i = 0; i < isFolder.Length; i++)
        {
            isFolder[i] = r.ReadBoolean();
        }

        var folders = new string[r.ReadInt32()];
        for (var i = 0; i < folders.Length; i++)
        {
            folders[i] = r.ReadString();
        }

        var acls = new (string, string)[r.ReadInt32()];
        for (var i = 0; i < acls.Length; i++)
        {
            acls[i] = (r.ReadString(), r.ReadString());
        }

        var count = r.ReadInt32();
        var grams = new Dictionary<ulong, Postings>(count);
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadUInt64();
            var list = new Postings { Count = r.ReadInt32(), Last = r.ReadInt32(), Length = r.ReadInt32() };
            list.Data = r.ReadBytes(list.Length);
            list.SkipIds = ReadArray<int>(r);
            list.SkipOffsets = ReadArray<int>(r);
            grams.Add(key, list);
        }

        if (positions.Length != lengths.Length || positions.Length != folderOf.Length || positions.Length != aclOf.Length || positions.Length != isFolder.Length)
        {
            throw new InvalidDataException("名前索引のファイルが壊れています。");
        }

        return new NameIndex(blocks, positions, lengths, folderOf, aclOf, isFolder, folders, acls, grams);
    }

    private static void WriteArray<T>(BinaryWriter w, T[] values)
        where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader r)
        where T : unmanaged
    {
        var values = new T[r.ReadInt32()];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
