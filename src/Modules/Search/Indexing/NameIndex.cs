// A compact in-memory index of file and folder names for instant partial matching over millions of
// paths (plocate's idea: trigram posting lists narrow the names down to a short list, which is then
// checked character by character). Lucene's phrase queries over name bigrams are fine at 100 k
// documents but scan hundreds of thousands of positions per query at 10 M; this does not.
//
// Memory per path: the name's characters (UTF-16, in 2 MB blocks) + 4 bytes position + 2 bytes length
// + 4 bytes folder + 2 bytes permission class + 1 byte folder flag + its trigrams as delta-coded
// postings (about 1–2 bytes each): about 90 bytes for a 25-character name.
namespace OsakaDx.Modules.Search.Indexing;

/// <summary>One hit of a name search.</summary>
internal sealed record NameHit(string Name, string Folder, bool IsFolder);

/// <summary>Read-only once built. Queries are thread-safe.</summary>
internal sealed partial class NameIndex
{
    private const int SkipEvery = 64;
    private const int BlockBits = 20; // 1 M characters per block; a name never straddles two

    private readonly char[][] blocks;
    private readonly int[] positions; // block << BlockBits | offset
    private readonly ushort[] lengths;
    private readonly int[] folderOf;
    private readonly ushort[] aclOf;
    private readonly bool[] isFolder;
    private readonly string[] folders;
    private readonly (string SourceAcl, string FileAcl)[] acls;
    private readonly Dictionary<ulong, Postings> grams;

    private NameIndex(char[][] blocks, int[] positions, ushort[] lengths, int[] folderOf, ushort[] aclOf, bool[] isFolder, string[] folders, (string, string)[] acls, Dictionary<ulong, Postings> grams)
    {
        this.blocks = blocks;
        this.positions = positions;
        this.lengths = lengths;
        this.folderOf = folderOf;
        this.aclOf = aclOf;
        this.isFolder = isFolder;
        this.folders = folders;
        this.acls = acls;
        this.grams = grams;
    }

    public int Count => folderOf.Length;

    /// <summary>Approximate bytes held by the index (names, tables and postings).</summary>
    public long Bytes =>
        (blocks.LongLength << (BlockBits + 1)) + (positions.LongLength * 4) + (lengths.LongLength * 2) + (folderOf.LongLength * 4) + (aclOf.LongLength * 2) + isFolder.LongLength +
        folders.Sum(f => 24L + (f.Length * 2)) + grams.Values.Sum(p => 48L + p.Data.LongLength + (p.SkipIds.LongLength * 8));

    public long PostingCount => grams.Values.Sum(p => (long)p.Count);

    /// <summary>
    /// Up to <paramref name="limit"/> names containing <paramref name="text"/> (folded like the
    /// index: width, case, katakana→hiragana, variant kanji), in the order they were added, among
    /// the entries the principal may read.
    /// </summary>
    public IReadOnlyList<NameHit> Search(string text, SearchPrincipal principal, int limit)
    {
        var query = NameGramAnalyzer.Fold(text.Trim());
        if (query.Length == 0 || limit <= 0)
        {
            return [];
        }

        var allowed = new bool[acls.Length];
        for (var i = 0; i < acls.Length; i++)
        {
            var (source, file) = acls[i];
            allowed[i] = principal.Tokens.Contains(source) && Permissions.FileAcl.Allows(file, principal.Tokens);
        }

        var hits = new List<NameHit>(limit);
        if (query.Length < 3)
        {
            // Too short for a trigram: a straight scan, stopping at the limit (plocate does the same).
            for (var id = 0; id < folderOf.Length && hits.Count < limit; id++)
            {
                TryAdd(id, query, allowed, hits);
            }

            return hits;
        }

        var lists = new List<Postings>();
        foreach (var gram in Trigrams(query).Distinct())
        {
            if (!grams.TryGetValue(gram, out var list))
            {
                return []; // a trigram no name has: nothing can match
            }

            lists.Add(list);
        }

        // Lead with the rarest list; the others are advanced to it (skipping through their skip tables).
        lists.Sort((a, b) => a.Count.CompareTo(b.Count));
        var cursors = lists.Take(4).Select(l => new Cursor(l)).ToArray();
        var lead = cursors[0];
        while (hits.Count < limit && lead.Next() is var candidate && candidate >= 0)
        {
            var ok = true;
            for (var c = 1; c < cursors.Length; c++)
            {
                var at = cursors[c].Advance(candidate);
                if (at < 0)
                {
                    return hits;
                }

                if (at != candidate)
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                TryAdd(candidate, query, allowed, hits);
            }
        }

        return hits;
    }

    private void TryAdd(int id, string query, bool[] allowed, List<NameHit> hits)
    {
        if (!allowed[aclOf[id]])
        {
            return;
        }

        var position = positions[id];
        var name = blocks[position >> BlockBits].AsSpan(position & ((1 << BlockBits) - 1), lengths[id]);
        Span<char> folded = name.Length <= 512 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            folded[i] = FoldChar(name[i]);
        }

        if (folded.IndexOf(query.AsSpan(), StringComparison.Ordinal) >= 0)
        {
            hits.Add(new NameHit(new string(name), folders[folderOf[id]], isFolder[id]));
        }
    }

    /// <summary>The per-character part of <see cref="NameGramAnalyzer.Fold"/> (names are NFKC already, as the crawler stores them).</summary>
    private static char FoldChar(char c)
    {
        c = char.ToLowerInvariant(c);
        if (c is >= 'ァ' and <= 'ヴ')
        {
            return (char)(c - 0x60);
        }

        return c >= 0x3400 && KanjiVariants.Map.TryGetValue(c, out var plain) ? plain : c;
    }

    private static IEnumerable<ulong> Trigrams(string folded)
    {
        for (var i = 0; i + 2 < folded.Length; i++)
        {
            yield return Key(folded[i], folded[i + 1], folded[i + 2]);
        }
    }

    private static ulong Key(char a, char b, char c) => ((ulong)a << 32) | ((ulong)b << 16) | c;

    /// <summary>Builds the index from entries added in any order (ids follow the order of <see cref="Add"/>).</summary>
    internal sealed class Builder
    {
        private readonly List<char[]> blocks = [new char[1 << BlockBits]];
        private int blockUsed;
        private readonly List<int> positions = [];
        private readonly List<ushort> lengths = [];
        private readonly List<int> folderOf = [];
        private readonly List<ushort> aclOf = [];
        private readonly List<bool> isFolder = [];
        private readonly Dictionary<string, int> folderIds = new(StringComparer.Ordinal);
        private readonly List<string> folders = [];
        private readonly Dictionary<(string, string), ushort> aclIds = [];
        private readonly List<(string, string)> acls = [];
        private readonly Dictionary<ulong, Postings> grams = [];
        private readonly HashSet<ulong> seen = [];

        /// <summary>Adds one file or folder: its folder ("/財政局/財務課/"), its name, and who may see it.</summary>
        public void Add(string folder, string name, bool folderEntry, string sourceAcl, string fileAcl)
        {
            if (!name.IsNormalized(System.Text.NormalizationForm.FormKC))
            {
                name = name.Normalize(System.Text.NormalizationForm.FormKC); // （２） and (2) are one name, as in the main index
            }

            var id = folderOf.Count;
            if (!folderIds.TryGetValue(folder, out var folderId))
            {
                folderId = folders.Count;
                folders.Add(folder);
                folderIds.Add(folder, folderId);
            }

            if (!aclIds.TryGetValue((sourceAcl, fileAcl), out var aclId))
            {
                aclId = checked((ushort)acls.Count);
                acls.Add((sourceAcl, fileAcl));
                aclIds.Add((sourceAcl, fileAcl), aclId);
            }

            folderOf.Add(folderId);
            aclOf.Add(aclId);
            isFolder.Add(folderEntry);
            if (name.Length > 4096)
            {
                name = name[..4096]; // no file system allows such a name; keeps a block boundary simple
            }

            if (blockUsed + name.Length > 1 << BlockBits)
            {
                if (blocks.Count >= 1 << (31 - BlockBits))
                {
                    throw new InvalidOperationException("名前索引の上限（約20億文字）を超えました。");
                }

                blocks.Add(new char[1 << BlockBits]);
                blockUsed = 0;
            }

            name.CopyTo(blocks[^1].AsSpan(blockUsed));
            positions.Add(((blocks.Count - 1) << BlockBits) | blockUsed);
            lengths.Add((ushort)name.Length);
            blockUsed += name.Length;

            seen.Clear();
            for (var i = 0; i + 2 < name.Length; i++)
            {
                var key = Key(FoldChar(name[i]), FoldChar(name[i + 1]), FoldChar(name[i + 2]));
                if (seen.Add(key))
                {
                    if (!grams.TryGetValue(key, out var list))
                    {
                        list = new Postings();
                        grams.Add(key, list);
                    }

                    list.Append(id);
                }
            }
        }

        public NameIndex Build()
        {
            foreach (var list in grams.Values)
            {
                list.Seal();
            }

            return new NameIndex([.. blocks], [.. positions], [.. lengths], [.. folderOf], [.. aclOf], [.. isFolder], [.. folders], [.. acls], grams);
        }
    }

    /// <summary>Ascending ids, delta-coded as varints, with a skip entry (id, byte offset) every <see cref="SkipEvery"/> ids.</summary>
    private sealed class Postings
    {
        public byte[] Data = new byte[8];
        public int Length;
        public int Count;
        public int Last = -1;
        public int[] SkipIds = [];
        public int[] SkipOffsets = [];
        private List<int>? skipIds = [];
        private List<int>? skipOffsets = [];

        public void Append(int id)
        {
            if (Count % SkipEvery == 0 && Count > 0)
            {
                skipIds!.Add(Last); // the id just before this byte offset
                skipOffsets!.Add(Length);
            }

            if (Length + 5 > Data.Length)
            {
                Array.Resize(ref Data, Math.Max(16, Data.Length + (Data.Length >> 1) + 5));
            }

            var delta = (uint)(id - Last);
            while (delta >= 0x80)
            {
                Data[Length++] = (byte)(delta | 0x80);
                delta >>= 7;
            }

            Data[Length++] = (byte)delta;
            Last = id;
            Count++;
        }

        public void Seal()
        {
            if (Data.Length != Length)
            {
                Array.Resize(ref Data, Length);
            }

            SkipIds = [.. skipIds!];
            SkipOffsets = [.. skipOffsets!];
            skipIds = null;
            skipOffsets = null;
        }
    }

    private sealed class Cursor(Postings list)
    {
        private int offset;
        private int current = -1;

        /// <summary>The next id, or -1 at the end.</summary>
        public int Next()
        {
            if (offset >= list.Length)
            {
                current = -1;
                return -1;
            }

            uint delta = 0;
            var shift = 0;
            byte b;
            do
            {
                b = list.Data[offset++];
                delta |= (uint)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);
            current += (int)delta;
            return current;
        }

        /// <summary>The first id ≥ target, or -1 at the end.</summary>
        public int Advance(int target)
        {
            if (current >= target)
            {
                return current;
            }

            // Jump with the skip table when the target is beyond the next skip point.
            var skips = list.SkipIds;
            if (skips.Length > 0)
            {
                var i = Array.BinarySearch(skips, target);
                i = i >= 0 ? i : ~i;
                i--; // the last skip point whose id is < target
                if (i >= 0 && skips[i] > current && list.SkipOffsets[i] > offset)
                {
                    current = skips[i];
                    offset = list.SkipOffsets[i];
                }
            }

            int id;
            do
            {
                id = Next();
            }
            while (id >= 0 && id < target);
            return id;
        }
    }
}
