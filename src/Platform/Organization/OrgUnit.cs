using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Organization;

/// <summary>A unit of the city's organization: 局・室・区役所, and their 部・課.</summary>
public sealed class OrgUnit : IVersioned
{
    public int Id { get; set; }

    /// <summary>所属コード: unique, used by CSV import to match rows and parents.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>よみ (hiragana), for sorting and search.</summary>
    public string? Kana { get; set; }

    public OrgKind Kind { get; set; }

    public int? ParentId { get; set; }

    public OrgUnit? Parent { get; set; }

    public int SortOrder { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>代表電話 (added in migration 2; the upgrade test relies on it being nullable).</summary>
    public string? Phone { get; set; }

    public long Version { get; set; }
}

public enum OrgKind
{
    /// <summary>局</summary>
    Bureau = 1,

    /// <summary>室 (政策企画室, デジタル統括室, ...)</summary>
    Office = 2,

    /// <summary>区役所</summary>
    WardOffice = 3,

    /// <summary>部</summary>
    Department = 4,

    /// <summary>課</summary>
    Section = 5,

    /// <summary>その他 (担当, 委員会事務局 etc.)</summary>
    Other = 9,
}

public static class OrgKindNames
{
    private static readonly Dictionary<OrgKind, string> Names = new()
    {
        [OrgKind.Bureau] = "局",
        [OrgKind.Office] = "室",
        [OrgKind.WardOffice] = "区役所",
        [OrgKind.Department] = "部",
        [OrgKind.Section] = "課",
        [OrgKind.Other] = "その他",
    };

    public static string ToJapanese(this OrgKind kind) => Names.TryGetValue(kind, out var name) ? name : kind.ToString();

    public static bool TryParse(string text, out OrgKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, text.Trim(), StringComparison.Ordinal) ||
                string.Equals(k.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static IEnumerable<OrgKind> All => Names.Keys;
}
