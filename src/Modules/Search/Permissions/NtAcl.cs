using System.Globalization;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Permissions;

internal enum AceKind
{
    Allow,
    Deny,
}

[Flags]
internal enum AceFlags
{
    None = 0,

    /// <summary>OI: files under the folder inherit the entry.</summary>
    ObjectInherit = 0x1,

    /// <summary>CI: folders under the folder inherit the entry.</summary>
    ContainerInherit = 0x2,

    /// <summary>NP: inherited by the direct children only, not further down.</summary>
    NoPropagate = 0x4,

    /// <summary>IO: does not apply to the folder itself, only to what inherits it.</summary>
    InheritOnly = 0x8,

    /// <summary>I: this entry was inherited from a parent.</summary>
    Inherited = 0x10,
}

/// <summary>
/// One access control entry: allow or deny, a principal (a Windows SID "S-1-5-21-…", or a POSIX
/// principal "uid:1001" / "gid:500"), whether it grants or denies reading (files) / listing
/// (folders), and its inheritance flags. Only reading matters to search: an entry about writing
/// only is kept for display but never decides anything.
/// </summary>
internal sealed record Ace(AceKind Kind, string Principal, bool Read, AceFlags Flags)
{
    /// <summary>FILE_READ_DATA / FILE_LIST_DIRECTORY, GENERIC_READ, GENERIC_ALL, MAXIMUM_ALLOWED.</summary>
    public static bool MaskReads(uint mask) => (mask & (0x1u | 0x8000_0000u | 0x1000_0000u | 0x0200_0000u)) != 0;

    public bool Inherited => Flags.HasFlag(AceFlags.Inherited);
}

/// <summary>
/// An ordered list of ACEs (a DACL) and its evaluation for the read right with Windows semantics:
/// the entries are taken in canonical order (explicit deny, explicit allow, then inherited entries
/// nearest parent first, deny before allow at each level) and the first entry naming one of the
/// user's principals decides. No entry: no access. A null DACL (no ACL at all) is not represented:
/// readers turn it into "everyone" explicitly.
/// </summary>
internal sealed record NtAcl(IReadOnlyList<Ace> Entries, bool Protected = false)
{
    /// <summary>Well-known SIDs every staff member holds: Everyone, Authenticated Users, (local) Users.</summary>
    public static readonly IReadOnlySet<string> EveryoneSids = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "S-1-1-0", "S-1-5-11", "S-1-5-32-545" };

    /// <summary>Blocks beyond this many (after merging) are dropped: fail closed (dropped allows only ever take access away).</summary>
    public const int MaxBlocks = 8;

    /// <summary>The entries that apply to this object (not inherit-only), in canonical order.</summary>
    public IReadOnlyList<Ace> Canonical()
    {
        var effective = Entries.Where(e => !e.Flags.HasFlag(AceFlags.InheritOnly)).ToList();
        var explicitDeny = effective.Where(e => !e.Inherited && e.Kind == AceKind.Deny);
        var explicitAllow = effective.Where(e => !e.Inherited && e.Kind == AceKind.Allow);
        // Inherited entries keep their stored order: Windows writes them nearest parent first, deny before allow per level.
        return [.. explicitDeny, .. explicitAllow, .. effective.Where(e => e.Inherited)];
    }

    /// <summary>The Windows access check for reading, against a set of principal tokens (see <see cref="FileAcl.TokenOf"/>).</summary>
    public bool AllowsRead(IReadOnlySet<string> tokens, int sourceId)
    {
        foreach (var ace in Canonical())
        {
            if (!ace.Read || !tokens.Contains(FileAcl.TokenOf(ace.Principal, sourceId)))
            {
                continue;
            }

            return ace.Kind == AceKind.Allow;
        }

        return false;
    }

    /// <summary>
    /// What a child inherits from this (its parent's effective) ACL: OI entries for files, CI entries
    /// for folders (an OI-only entry reaches a sub-folder as inherit-only, to pass on to its files);
    /// NP stops after one level.
    /// </summary>
    public IEnumerable<Ace> InheritableBy(bool childIsFolder)
    {
        foreach (var ace in Entries)
        {
            var oi = ace.Flags.HasFlag(AceFlags.ObjectInherit);
            var ci = ace.Flags.HasFlag(AceFlags.ContainerInherit);
            var np = ace.Flags.HasFlag(AceFlags.NoPropagate);
            if (!childIsFolder)
            {
                if (oi)
                {
                    yield return ace with { Flags = AceFlags.Inherited };
                }
            }
            else if (ci)
            {
                yield return ace with { Flags = AceFlags.Inherited | (np ? AceFlags.None : ace.Flags & (AceFlags.ObjectInherit | AceFlags.ContainerInherit)) };
            }
            else if (oi && !np)
            {
                yield return ace with { Flags = AceFlags.Inherited | AceFlags.InheritOnly | AceFlags.ObjectInherit };
            }
        }
    }

    /// <summary>The child's effective ACL: its own explicit entries, then (unless protected) what it inherits.</summary>
    public static NtAcl ForChild(NtAcl? parent, NtAcl? own, bool isFolder)
    {
        var explicitEntries = own?.Entries.Where(e => !e.Inherited) ?? [];
        if (own?.Protected == true || parent is null)
        {
            return new NtAcl([.. explicitEntries, .. own?.Entries.Where(e => e.Inherited) ?? []], own?.Protected ?? false);
        }

        return new NtAcl([.. explicitEntries, .. parent.InheritableBy(isFolder)]);
    }

    /// <summary>
    /// The ACL as the index stores it: the canonical read entries merged into alternating deny and
    /// allow blocks of principal tokens (first match decides, so consecutive entries of one kind are
    /// one block), trailing deny blocks dropped (no later allow for them to block), at most
    /// <see cref="MaxBlocks"/> blocks. "nt:D=sid:S-1-5-21-1-1103|A=sid:S-1-5-21-1-513,all".
    /// </summary>
    public string ToFileAcl(int sourceId)
    {
        var blocks = new List<(AceKind Kind, List<string> Tokens)>();
        foreach (var ace in Canonical().Where(a => a.Read))
        {
            var token = FileAcl.TokenOf(ace.Principal, sourceId);
            if (blocks.Count == 0 || blocks[^1].Kind != ace.Kind)
            {
                blocks.Add((ace.Kind, []));
            }

            if (!blocks[^1].Tokens.Contains(token))
            {
                blocks[^1].Tokens.Add(token);
            }
        }

        while (blocks.Count > 0 && blocks[^1].Kind == AceKind.Deny)
        {
            blocks.RemoveAt(blocks.Count - 1);
        }

        if (blocks.Count == 0)
        {
            return SearchPrincipal.Nobody;
        }

        return FileAcl.NtPrefix + string.Join('|', blocks.Take(MaxBlocks).Select(b => (b.Kind == AceKind.Allow ? "A=" : "D=") + string.Join(',', b.Tokens)));
    }
}

/// <summary>
/// The file-level permission token of an index document, and its check. Three forms:
/// "world" (o+r), "gid:{source}:{gid}" or "none" for POSIX, and "nt:…" blocks for an NTFS ACL.
/// </summary>
internal static class FileAcl
{
    public const string NtPrefix = "nt:";

    /// <summary>The Lucene field of an NTFS document's block tokens: "a{s}:{token}" (allowed at block s) and "x{s}:{token}" (denied before block s).</summary>
    public const string NtField = "acl_nt";

    public static string Posix(int sourceId, Crawling.PosixInfo posix) =>
        posix.WorldReadable ? SearchPrincipal.World
        : posix.GroupReadable && posix.Gid is { } gid ? SearchPrincipal.Group(sourceId, gid)
        : SearchPrincipal.Nobody;

    /// <summary>
    /// The token a user must hold to match an ACE principal: Everyone/Authenticated Users → "all";
    /// a SID → "sid:S-…"; "gid:N" → that source's group token (mapped to units like POSIX groups);
    /// "uid:N" → "uid:N" (staff get it through the principal mapping table).
    /// </summary>
    public static string TokenOf(string principal, int sourceId)
    {
        if (NtAcl.EveryoneSids.Contains(principal))
        {
            return SearchPrincipal.AllStaff;
        }

        if (principal.StartsWith("gid:", StringComparison.Ordinal) && long.TryParse(principal.AsSpan(4), CultureInfo.InvariantCulture, out var gid))
        {
            return SearchPrincipal.Group(sourceId, gid);
        }

        if (principal.StartsWith("uid:", StringComparison.Ordinal))
        {
            return principal;
        }

        return "sid:" + principal.ToUpperInvariant();
    }

    /// <summary>The in-memory check (name index), the same decision as the Lucene filter.</summary>
    public static bool Allows(string fileAcl, IReadOnlySet<string> tokens)
    {
        if (fileAcl == SearchPrincipal.World)
        {
            return true;
        }

        if (!fileAcl.StartsWith(NtPrefix, StringComparison.Ordinal))
        {
            return tokens.Contains(fileAcl);
        }

        foreach (var (kind, blockTokens) in Blocks(fileAcl))
        {
            if (blockTokens.Any(tokens.Contains))
            {
                return kind == AceKind.Allow;
            }
        }

        return false;
    }

    public static IEnumerable<(AceKind Kind, string[] Tokens)> Blocks(string fileAcl) =>
        fileAcl[NtPrefix.Length..].Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(b => (b.StartsWith("D=", StringComparison.Ordinal) ? AceKind.Deny : AceKind.Allow, b[2..].Split(',', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>
    /// The indexed terms of an NTFS ACL. The first matching block decides, so a user may read when, for
    /// some allow block s, they hold one of its tokens and none of the tokens denied in a block before s.
    /// Each allow block s indexes "a{s}:{t}" for its tokens and "x{s}:{d}" for every token denied earlier.
    /// </summary>
    public static IEnumerable<string> Terms(string fileAcl)
    {
        if (!fileAcl.StartsWith(NtPrefix, StringComparison.Ordinal))
        {
            yield break;
        }

        var denied = new List<string>();
        var s = 0;
        foreach (var (kind, tokens) in Blocks(fileAcl))
        {
            if (kind == AceKind.Deny)
            {
                denied.AddRange(tokens);
                continue;
            }

            foreach (var t in tokens)
            {
                yield return $"a{s}:{t}";
            }

            foreach (var d in denied.Distinct(StringComparer.Ordinal))
            {
                yield return $"x{s}:{d}";
            }

            s++;
        }
    }

    /// <summary>Allow blocks a document can have (deny blocks sit between them).</summary>
    public const int MaxAllowBlocks = (NtAcl.MaxBlocks + 1) / 2;
}
