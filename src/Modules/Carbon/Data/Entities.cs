// The Carbon module's stored data. Quantities and factors are decimal, emissions whole grams
// (see Calc/Emission.cs); times are UTC.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Carbon.Data;

/// <summary>How far a factor's value can be trusted, as the reference (shared/reference/carbon.md) marks it.</summary>
public enum FactorStatus
{
    /// <summary>P: published by the issuer itself.</summary>
    Primary,

    /// <summary>S: a copy of an official value made by someone else.</summary>
    Secondary,

    /// <summary>H: an old value, possibly no longer current.</summary>
    Historical,

    /// <summary>GAP: not found in public sources; no value.</summary>
    Gap,

    /// <summary>DEF: zero by definition (walking, cycling).</summary>
    Definition,
}

/// <summary>One version of the factor catalogue: the embedded values or one imported file.</summary>
public sealed class FactorSet
{
    public int Id { get; set; }

    /// <summary>「同梱値（参照資料より）」or the label given at import.</summary>
    public string Label { get; set; } = "";

    /// <summary>温対法 fiscal year (April start) the set is meant for.</summary>
    public int TargetFiscalYear { get; set; }

    /// <summary>"embedded:N" for the shipped set (N its version), else the imported file name.</summary>
    public string Source { get; set; } = "";

    public DateTime ImportedAtUtc { get; set; }

    public string ImportedBy { get; set; } = "";

    public List<Factor> Factors { get; set; } = [];
}

/// <summary>An emission factor: t-CO2 per unit of activity.</summary>
public sealed class Factor
{
    public int Id { get; set; }

    public int FactorSetId { get; set; }

    /// <summary>Stable key across versions: "gasoline", "city_gas", "fps_menu_c".</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>燃料, 電気, 熱, 旅客輸送, 宿泊.</summary>
    public string Category { get; set; } = "";

    public int Scope { get; set; }

    /// <summary>Unit code of the denominator (kL, t, 千m3, kWh, GJ, 人km, 人泊).</summary>
    public string UnitCode { get; set; } = "";

    /// <summary>t-CO2 per unit; null when the value is not known (GAP).</summary>
    public decimal? Value { get; set; }

    /// <summary>Fiscal year of the value (実績年度), when the source says.</summary>
    public int? FiscalYear { get; set; }

    public string SourceUrl { get; set; } = "";

    /// <summary>「2025」「2025-04」「2025-03-18」: as precise as the source.</summary>
    public string PublishedOn { get; set; } = "";

    public FactorStatus Status { get; set; }

    /// <summary>True only when someone checked the value against the official list.</summary>
    public bool Verified { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>A business taking part (事業者).</summary>
public sealed class Business : IVersioned
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>日本標準産業分類 大分類 letter (A–T).</summary>
    public string IndustryCode { get; set; } = "";

    /// <summary>大阪市の区 (for aggregates).</summary>
    public string Ward { get; set; } = "";

    public int Employees { get; set; }

    public decimal FloorAreaM2 { get; set; }

    /// <summary>Annual sales in yen.</summary>
    public long AnnualSalesYen { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Reduction target: the base fiscal year (null: no target).</summary>
    public int? TargetBaseYear { get; set; }

    /// <summary>Reduction target: percent of the base year's emissions cut each year (linear, e.g. 4.2 as in the SBT 1.5℃ path).</summary>
    public decimal? TargetPercentPerYear { get; set; }

    /// <summary>The business agreed that city staff (carbon.city) may see its own figures, not only aggregates.</summary>
    public bool SharesWithCity { get; set; }

    /// <summary>When the sharing consent was last changed (UTC).</summary>
    public DateTime? SharesWithCityChangedAtUtc { get; set; }

    /// <summary>The GWP set chosen for refrigerants and other gases: "AR4" or "AR5".</summary>
    public string GwpSet { get; set; } = "AR4";

    public long Version { get; set; }

    public List<Site> Sites { get; set; } = [];

    public List<BusinessMember> Members { get; set; } = [];
}

/// <summary>A 事業所 of a business.</summary>
public sealed class Site : IVersioned
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    public Business? Business { get; set; }

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    /// <summary>Factor key of the electricity retailer's menu (market-based); null: the 代替値.</summary>
    public string? ElectricityMenuKey { get; set; }

    /// <summary>Factor key of the heat supplier (蒸気・温水・冷水); null: the default heat factors.</summary>
    public string? HeatMenuKey { get; set; }

    public long Version { get; set; }
}

/// <summary>A platform account acting for a business.</summary>
public sealed class BusinessMember
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>owner (members, sharing, everything), editor (data entry), viewer (read only).</summary>
    public string Role { get; set; } = MemberRoles.Owner;

    public DateTime AddedAtUtc { get; set; }
}

/// <summary>Roles of a colleague within one business.</summary>
public static class MemberRoles
{
    public const string Owner = "owner";
    public const string Editor = "editor";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Editor, Viewer];

    public static string Label(string role) => role switch
    {
        Owner => "管理者（担当者の招待・共有設定も可）",
        Editor => "入力者（活動量・ツアーの入力）",
        Viewer => "閲覧者（見るだけ）",
        _ => role,
    };

    public static string Brief(string role) => role switch
    {
        Owner => "管理者",
        Editor => "入力者",
        Viewer => "閲覧者",
        _ => role,
    };

    /// <summary>Whether the role may change the business's data.</summary>
    public static bool CanEdit(string role) => role is Owner or Editor;
}

/// <summary>An invitation of a colleague: a one-time code shown as a link to copy (no e-mail server).</summary>
public sealed class Invitation
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    /// <summary>Random, URL-safe, 32 characters; only its SHA-256 is not needed because it is single-use and short-lived.</summary>
    public string Code { get; set; } = "";

    public string Role { get; set; } = MemberRoles.Editor;

    /// <summary>For whom (a name to recognise the invitation by; not checked).</summary>
    public string Note { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public string? AcceptedBy { get; set; }

    public DateTime? AcceptedAtUtc { get; set; }

    public bool Revoked { get; set; }
}

/// <summary>
/// A yearly entry that is not a monthly bill: a refrigerant or other gas released (Scope 1, with
/// the business's GWP set), or a Scope 3 activity or spend in one of categories 1–15.
/// </summary>
public sealed class YearEntry : IVersioned
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    public int FiscalYear { get; set; }

    /// <summary>1 (refrigerant/gas) or 3.</summary>
    public int Scope { get; set; }

    /// <summary>Scope 3 category 1–15; 0 for Scope 1 gases.</summary>
    public int Category { get; set; }

    /// <summary>Scope 3: the factor key; Scope 1: the gas code (hfc134a…), resolved with the GWP set.</summary>
    public string FactorKey { get; set; } = "";

    public string Label { get; set; } = "";

    public decimal Quantity { get; set; }

    public string UnitCode { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>A site's activity data for one fiscal year: the unit of editing and of concurrency.</summary>
public sealed class ActivitySheet : IVersioned
{
    public int Id { get; set; }

    public int SiteId { get; set; }

    public int FiscalYear { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Version { get; set; }

    public List<ActivityLine> Lines { get; set; } = [];
}

/// <summary>One month's quantity of one activity (a bill).</summary>
public sealed class ActivityLine
{
    public int Id { get; set; }

    public int ActivitySheetId { get; set; }

    /// <summary>Calendar month 1–12 (April = 4).</summary>
    public int Month { get; set; }

    public string ActivityKey { get; set; } = "";

    public decimal Quantity { get; set; }

    public string UnitCode { get; set; } = "";

    /// <summary>The bill's amount in yen (energy cost shown next to CO2); null when not entered.</summary>
    public long? CostYen { get; set; }
}

/// <summary>A calculation of one business's year with one factor set. Never changed afterwards.</summary>
public sealed class CalculationRun
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    public int FiscalYear { get; set; }

    public int FactorSetId { get; set; }

    public string FactorSetLabel { get; set; } = "";

    /// <summary>The set was made for an earlier year (暫定適用).</summary>
    public bool Provisional { get; set; }

    public DateTime CalculatedAtUtc { get; set; }

    public string CalculatedBy { get; set; } = "";

    public long Scope1Grams { get; set; }

    public long Scope2LocationGrams { get; set; }

    public long Scope2MarketGrams { get; set; }

    public long Scope3Grams { get; set; }

    public List<CalculationLine> Lines { get; set; } = [];
}

/// <summary>One line of a run: a site-month-activity with the factor applied.</summary>
/// <remarks>Not audited row by row: a line is derived from audited activity data and an audited
/// factor set, and the run that owns it is audited.</remarks>
[NotAudited]
public sealed class CalculationLine
{
    public int Id { get; set; }

    public int CalculationRunId { get; set; }

    public int SiteId { get; set; }

    public int Month { get; set; }

    public string ActivityKey { get; set; } = "";

    public int Scope { get; set; }

    /// <summary>Scope 3 category 1–15; 0 otherwise.</summary>
    public int Category { get; set; }

    /// <summary>"" for Scope 1 and 3, "location" or "market" for Scope 2.</summary>
    public string Method { get; set; } = "";

    /// <summary>Quantity in the factor's unit.</summary>
    public decimal Quantity { get; set; }

    public string FactorKey { get; set; } = "";

    public decimal FactorValue { get; set; }

    public long Grams { get; set; }
}

/// <summary>A tour product (脱炭素化ツアー) with its legs.</summary>
public sealed class Tour : IVersioned
{
    public int Id { get; set; }

    public int BusinessId { get; set; }

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public int Days { get; set; }

    public int Nights { get; set; }

    /// <summary>The hotel's own figure, kg-CO2 per guest-night; null: the standard factor.</summary>
    public decimal? HotelKgPerNight { get; set; }

    public bool IsExpo { get; set; }

    public bool IsPublished { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public long Version { get; set; }

    public List<TourLeg> Legs { get; set; } = [];

    public List<TourItem> Items { get; set; } = [];
}

/// <summary>A meal or an activity of a tour, with the operator's figure per participant and the conventional one.</summary>
public sealed class TourItem
{
    public int Id { get; set; }

    public int TourId { get; set; }

    public int Order { get; set; }

    /// <summary>"meal" or "activity".</summary>
    public string Kind { get; set; } = "meal";

    public string Label { get; set; } = "";

    /// <summary>kg-CO2 per participant as planned (low-carbon choice).</summary>
    public decimal KgPerParticipant { get; set; }

    /// <summary>kg-CO2 per participant of the conventional choice.</summary>
    public decimal BaselineKgPerParticipant { get; set; }

    /// <summary>Where the figures come from (the operator's own estimate, a supplier…).</summary>
    public string Basis { get; set; } = "";
}

/// <summary>A leg of a tour: the chosen mode and the conventional one for the same distance.</summary>
public sealed class TourLeg
{
    public int Id { get; set; }

    public int TourId { get; set; }

    public int Order { get; set; }

    public string Label { get; set; } = "";

    public string ModeKey { get; set; } = "";

    public string BaselineModeKey { get; set; } = "";

    public decimal DistanceKm { get; set; }
}

/// <summary>A briefing session (説明会) the Environment Bureau held: the seed's KPI (0 → 20 a year).</summary>
public sealed class BriefingSession : IVersioned
{
    public int Id { get; set; }

    public DateOnly HeldOn { get; set; }

    public string Title { get; set; } = "";

    /// <summary>会場 or 「オンライン」.</summary>
    public string Venue { get; set; } = "";

    public int Attendees { get; set; }

    /// <summary>Businesses that attended (people may come several from one business).</summary>
    public int Businesses { get; set; }

    public string Note { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    public long Version { get; set; }
}
