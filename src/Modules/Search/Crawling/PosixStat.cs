// The crawler captures each file's owner, group and mode so that search can apply them. .NET has
// a public API for the mode but not for owner and group; the runtime's own native shim
// (libSystem.Native, shipped with every .NET on Linux and macOS) exposes a stat whose struct is
// the same on every architecture, unlike libc's.
using System.Runtime.InteropServices;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>POSIX ownership and permission bits of a file; null owner/group where the OS has none (Windows).</summary>
internal readonly record struct PosixInfo(long? Uid, long? Gid, int Mode)
{
    public const int OtherRead = 0b100; // o+r
    public const int GroupRead = 0b100_000; // g+r

    public bool WorldReadable => (Mode & OtherRead) != 0;

    public bool GroupReadable => (Mode & GroupRead) != 0;
}

internal static partial class PosixStat
{
    public static PosixInfo Read(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS ACLs are not read yet: treat every file as readable by whoever may see the source.
            return new PosixInfo(null, null, 0b111_101_101);
        }

        if (SystemNativeStat(path, out var status) == 0)
        {
            return new PosixInfo(status.Uid, status.Gid, status.Mode & 0xFFF);
        }

        return new PosixInfo(null, null, (int)File.GetUnixFileMode(path));
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SystemNativeStat(string path, out FileStatus output);

    // Mirrors FileStatus in dotnet/runtime src/native/libs/System.Native/pal_io.h.
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime;
        public long ATimeNsec;
        public long MTime;
        public long MTimeNsec;
        public long CTime;
        public long CTimeNsec;
        public long BirthTime;
        public long BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
        public uint UserFlags;
    }
}
