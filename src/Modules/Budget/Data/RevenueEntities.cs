// 歳入 requests: one per (年度, 会計, 歳入 目, 所属[, 歳出 事業 whose 特定財源 it funds]), with its 算定基礎
// (text and structured 積算 lines: 項目, 単価 × 数量 × 率, the formula kept), 前年度当初, the 財政局's 査定 and
// the same workflow states as 歳出 requests. Stage snapshots copy them into StageRevenues.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

/// <summary>What a 歳入 is, as the 歳出 財源内訳 sees it: a 特定財源 kind, or 一般財源.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RevenueKind>))]
public enum RevenueKind
{
    /// <summary>市税, 地方交付税, 譲与税・交付金, 繰入金, 繰越金 …: not tied to a 事業.</summary>
    General = 0,

    /// <summary>国庫支出金.</summary>
    National = 1,

    /// <summary>府支出金.</summary>
    Prefectural = 2,

    /// <summary>市債.</summary>
    Bonds = 3,

    /// <summary>使用料及び手数料, 分担金及び負担金, 財産収入, 寄附金, 諸収入: その他特定財源 when tied to a 事業.</summary>
    OtherSpecific = 4,
}

public sealed class RevenueRequest : IVersioned
{
    public int Id { get; set; }

    public int Year { get; set; }

    public int AccountId { get; set; }

    /// <summary>The 歳入 目 (Items, Side = Revenue, Level = Moku).</summary>
    public int MokuId { get; set; }

    /// <summary>The 所属 (top-level platform OrgUnit) that requests it.</summary>
    public int OrgUnitId { get; set; }

    /// <summary>The 歳出 事業 whose 特定財源 this 歳入 funds (国庫支出金・府支出金・市債・使用料 of a 事業), if any.</summary>
    public int? ProjectId { get; set; }

    public RequestStatus Status { get; set; }

    /// <summary>前年度当初: last year's adopted figure of the same key (copied when the request is started).</summary>
    public long PreviousInitial { get; set; }

    /// <summary>本年度要求 in yen: Σ of the 積算 lines when there are any, else as typed.</summary>
    public long Amount { get; set; }

    /// <summary>算定基礎 (e.g. 課税標準額 × 税率 × 収納率).</summary>
    public string? Basis { get; set; }

    /// <summary>説明.</summary>
    public string? Description { get; set; }

    public long? AssessedAmount { get; set; }

    public AssessDecision? Decision { get; set; }

    public string? ReviewComment { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public List<RevenueLine> Lines { get; set; } = [];

    public long Version { get; set; }
}

/// <summary>
/// One 積算 line of a 歳入 request: 単価 (e.g. 課税標準額 per person, or the whole 調定見込額) × 数量 × 率,
/// 率 kept as parts per million (収納率 98.5% = 985,000), amount rounded down to the yen.
/// </summary>
public sealed class RevenueLine
{
    public int Id { get; set; }

    public int RevenueRequestId { get; set; }

    public string Item { get; set; } = "";

    public long UnitPrice { get; set; }

    public long Quantity { get; set; }

    /// <summary>率 in parts per million (1,000,000 = 100%), e.g. 税率.</summary>
    public long RatePpm { get; set; }

    /// <summary>A second 率 in parts per million, e.g. 収納率 (1,000,000 when there is none).</summary>
    public long SecondRatePpm { get; set; }

    /// <summary>The formula in words as entered (e.g. 「課税標準額 × 税率 × 収納率」).</summary>
    public string? Formula { get; set; }

    public long Amount { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A closed stage's copy of a 歳入 request (written once when the stage closes, never updated).</summary>
public sealed class StageRevenue
{
    public int StageId { get; set; }

    public int RevenueRequestId { get; set; }

    public int AccountId { get; set; }

    public int MokuId { get; set; }

    public int OrgUnitId { get; set; }

    public int? ProjectId { get; set; }

    public long Amount { get; set; }
}
