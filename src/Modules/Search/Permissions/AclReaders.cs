using System.Globalization;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;

namespace OsakaDx.Modules.Search.Permissions;

/// <summary>
/// Reads the getcifsacl text format (cifs-utils): "REVISION:0x1", "CONTROL:0x9404", "OWNER:…",
/// "GROUP:…" and one "ACL:{sid}:{type}/{flags}/{mask}" line per entry, in raw form
/// (<c>getcifsacl -r</c>: "ACL:S-1-5-21-…-1103:0x1/0x3/0x1200a9") or with names
/// ("ACL:S-1-1-0:ALLOWED/OI|CI/READ"). Unknown lines are ignored; a malformed ACL line is an error
/// (a wrong ACL must not silently become a wider one).
/// </summary>
internal static class CifsAclText
{
    private const uint DaclProtected = 0x1000;

    public static NtAcl Parse(string text)
    {
        var entries = new List<Ace>();
        var isProtected = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.StartsWith("CONTROL:", StringComparison.OrdinalIgnoreCase) && TryNumber(line[8..], out var control))
            {
                isProtected = (control & DaclProtected) != 0;
            }
            else if (line.StartsWith("ACL:", StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(ParseAce(line[4..]) ?? throw new FormatException($"{lineNumber}行目: ACL の行を読めません（「{line}」）。"));
            }
        }

        return new NtAcl(entries, isProtected);
    }

    /// <summary>"S-1-5-21-…:ALLOWED/OI|CI/READ" (the SID may be a name containing ':' only in theory; the last ':' splits).</summary>
    private static Ace? ParseAce(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var principal = text[..colon].Trim();
        var parts = text[(colon + 1)..].Split('/');
        if (parts.Length != 3 || principal.Length == 0)
        {
            return null;
        }

        AceKind kind;
        switch (parts[0].Trim().ToUpperInvariant())
        {
            case "ALLOWED" or "OBJECT_ALLOWED" or "0X0" or "0X5" or "0":
                kind = AceKind.Allow;
                break;
            case "DENIED" or "OBJECT_DENIED" or "0X1" or "0X6" or "1":
                kind = AceKind.Deny;
                break;
            default:
                return null;
        }

        var flags = AceFlags.None;
        var flagText = parts[1].Trim();
        if (TryNumber(flagText, out var flagBits))
        {
            flags = (AceFlags)(flagBits & 0x1F);
        }
        else
        {
            foreach (var f in flagText.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                flags |= f.ToUpperInvariant() switch
                {
                    "OI" or "OBJECT_INHERIT_FLAG" => AceFlags.ObjectInherit,
                    "CI" or "CONTAINER_INHERIT_FLAG" => AceFlags.ContainerInherit,
                    "NI" or "NP" or "NO_PROPAGATE_INHERIT_FLAG" => AceFlags.NoPropagate,
                    "IO" or "INHERIT_ONLY_FLAG" => AceFlags.InheritOnly,
                    "I" or "ID" or "INHERITED_ACE_FLAG" => AceFlags.Inherited,
                    _ => throw new FormatException($"ACE のフラグ「{f}」を読めません。"),
                };
            }
        }

        var maskText = parts[2].Trim().ToUpperInvariant();
        bool read;
        if (TryNumber(maskText, out var mask))
        {
            read = Ace.MaskReads(mask);
        }
        else
        {
            // setcifsacl's names: READ = RX, CHANGE = RXWD, FULL = RWXDPO, or letters.
            read = maskText is "READ" or "CHANGE" or "FULL" || (maskText.Length <= 6 && maskText.All(c => "RWXDPO".Contains(c)) && maskText.Contains('R'));
            if (!read && !(maskText.Length <= 6 && maskText.All(c => "RWXDPO".Contains(c))))
            {
                return null;
            }
        }

        return new Ace(kind, principal, read, flags);
    }

    private static bool TryNumber(string text, out uint value)
    {
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>Where a source's NTFS ACLs come from, for one crawl. Returns the file-level ACL token ("nt:…", "none") or null for POSIX.</summary>
internal interface IAclReader
{
    string? FileAcl(string fullPath, string relativePath, bool isFolder);
}

internal static class AclReaders
{
    /// <summary>The reader a source asks for; throws a Japanese message when it cannot work at all.</summary>
    public static IAclReader? For(SearchSource source) => source.AclMode switch
    {
        AclMode.Posix => null,
        AclMode.Sidecar => SidecarAclReader.Load(source),
        AclMode.Cifs => new CifsAclReader(source.Id,
            ExternalTools.PathOf("getcifsacl") ?? throw new InvalidOperationException($"検索対象「{source.Name}」は NTFS アクセス権を getcifsacl で読む設定ですが、getcifsacl（cifs-utils）がこのサーバにありません。")),
        _ => null,
    };
}

/// <summary>
/// Reads each item's ACL from the mounted SMB share with <c>getcifsacl -r</c> (the server has
/// already put the inherited entries on each file). A file whose ACL cannot be read is visible to
/// nobody (fails closed).
/// </summary>
internal sealed class CifsAclReader(int sourceId, string tool) : IAclReader
{
    public string? FileAcl(string fullPath, string relativePath, bool isFolder)
    {
        try
        {
            var (code, output) = ExternalTools.Run(tool, ["-r", fullPath], TimeSpan.FromSeconds(30), CancellationToken.None);
            return code == 0 ? CifsAclText.Parse(output).ToFileAcl(sourceId) : Indexing.SearchPrincipal.Nobody;
        }
        catch (Exception e) when (e is FormatException or OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return Indexing.SearchPrincipal.Nobody;
        }
    }
}

/// <summary>
/// ACLs from a sidecar file (for shares whose ACLs are exported on the Windows side, or tests): blocks
/// of getcifsacl text, each after a "# file: relative/path" line ("# file: ." or "/" for the root).
/// A path without a block inherits from its folder, with Windows' inheritance rules (OI/CI/NP/IO); a
/// block whose CONTROL has SE_DACL_PROTECTED (0x1000) does not inherit. The root without a block
/// grants nothing, so a missing export hides everything rather than showing it.
/// </summary>
internal sealed class SidecarAclReader : IAclReader
{
    private readonly int sourceId;
    private readonly Dictionary<string, NtAcl> own;
    private readonly Dictionary<string, NtAcl> effective = new(StringComparer.Ordinal);

    private SidecarAclReader(int sourceId, Dictionary<string, NtAcl> own)
    {
        this.sourceId = sourceId;
        this.own = own;
    }

    public static SidecarAclReader Load(SearchSource source)
    {
        var path = source.AclFile;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"検索対象「{source.Name}」のアクセス権ファイル {path} が見つかりません。");
        }

        return new SidecarAclReader(source.Id, Parse(File.ReadAllText(path)));
    }

    public static Dictionary<string, NtAcl> Parse(string text)
    {
        var blocks = new Dictionary<string, NtAcl>(StringComparer.Ordinal);
        string? current = null;
        var lines = new System.Text.StringBuilder();
        var lineNumber = 0;
        var start = 0;
        void Flush()
        {
            if (current is not null)
            {
                try
                {
                    blocks[current] = CifsAclText.Parse(lines.ToString());
                }
                catch (FormatException e)
                {
                    throw new FormatException($"アクセス権ファイル {start}行目からの「{current}」: {e.Message}", e);
                }
            }

            lines.Clear();
        }

        foreach (var raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            lineNumber++;
            if (raw.StartsWith("# file:", StringComparison.Ordinal))
            {
                Flush();
                current = Normalize(raw[7..]);
                start = lineNumber;
            }
            else if (current is not null)
            {
                lines.AppendLine(raw);
            }
        }

        Flush();
        return blocks;
    }

    private static string Normalize(string path)
    {
        path = path.Trim().Replace('\\', '/').Trim('/');
        return path is "." ? "" : path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

    public string? FileAcl(string fullPath, string relativePath, bool isFolder) => Effective(Normalize(relativePath), isFolder).ToFileAcl(sourceId);

    private NtAcl Effective(string relative, bool isFolder)
    {
        if (effective.TryGetValue(relative, out var known))
        {
            return known;
        }

        NtAcl result;
        if (relative.Length == 0)
        {
            result = own.GetValueOrDefault("") ?? new NtAcl([]);
        }
        else
        {
            var slash = relative.LastIndexOf('/');
            var parent = Effective(slash < 0 ? "" : relative[..slash], true);
            result = NtAcl.ForChild(parent, own.GetValueOrDefault(relative), isFolder);
        }

        if (isFolder)
        {
            effective[relative] = result; // files are asked once; folders are asked by each child
        }

        return result;
    }
}
