// The Budget module's stored data. Masters carry the fiscal years they are valid for
// (FromYear..ToYear, ToYear null = still valid) so that a renamed 款 or the 2020 節 reform never
// rewrites history. Amounts are whole yen in long columns, never floating point.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

/// <summary>会計: 一般会計, 特別会計, 公営企業会計.</summary>
public sealed class Account
{
    public int Id { get; set; }

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public AccountKind Kind { get; set; }

    public int SortOrder { get; set; }

    public int FromYear { get; set; }

    public int? ToYear { get; set; }
}

public enum AccountKind
{
    General = 1,
    Special = 2,
    PublicEnterprise = 3,
}

/// <summary>歳入 or 歳出.</summary>
public enum BudgetSide
{
    Expenditure = 1,
    Revenue = 2,
}

/// <summary>款, 項 or 目.</summary>
public enum ItemLevel
{
    Kan = 1,
    Kou = 2,
    Moku = 3,
}

/// <summary>One node of the 款・項・目 tree of a 会計 and side.</summary>
public sealed class BudgetItem
{
    public int Id { get; set; }

    public int AccountId { get; set; }

    public BudgetSide Side { get; set; }

    public ItemLevel Level { get; set; }

    /// <summary>Code unique within the 会計 and side, e.g. "03-01-02" for 款3 項1 目2.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public int? ParentId { get; set; }

    public int SortOrder { get; set; }

    public int FromYear { get; set; }

    public int? ToYear { get; set; }
}

/// <summary>歳出 節. The 28-節 list (to FY2019) and the 27-節 list (FY2020 on) are both kept; old rows point to their successor.</summary>
public sealed class Setsu
{
    public int Id { get; set; }

    public int Number { get; set; }

    public string Name { get; set; } = "";

    public int FromYear { get; set; }

    public int? ToYear { get; set; }

    /// <summary>The FY2020 節 this pre-2020 節 maps to; null for 賃金 (abolished) and for current rows.</summary>
    public int? SuccessorId { get; set; }
}

/// <summary>予算事業: the unit a request, a sheet and (later) execution are keyed by.</summary>
public sealed class Project : IVersioned
{
    public int Id { get; set; }

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>所属: an OrgUnit id from the platform organization master (a top-level 局・室・区役所).</summary>
    public int OrgUnitId { get; set; }

    public int AccountId { get; set; }

    /// <summary>The 歳出 目 the project is budgeted under.</summary>
    public int MokuId { get; set; }

    public Recurrence Recurrence { get; set; }

    public SubsidyKind Subsidy { get; set; }

    public Discretion Discretion { get; set; }

    public int FromYear { get; set; }

    public int? ToYear { get; set; }

    public long Version { get; set; }
}

/// <summary>経常 / 臨時.</summary>
public enum Recurrence
{
    Ordinary = 1,
    Temporary = 2,
}

/// <summary>補助 / 単独.</summary>
public enum SubsidyKind
{
    Subsidized = 1,
    Independent = 2,
}

/// <summary>裁量 / 非裁量 / 重点.</summary>
public enum Discretion
{
    Discretionary = 1,
    NonDiscretionary = 2,
    Priority = 3,
}

/// <summary>予算要求調書: one per 事業 and fiscal year.</summary>
public sealed class BudgetRequest : IVersioned
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public Project? Project { get; set; }

    public int Year { get; set; }

    public RequestStatus Status { get; set; }

    /// <summary>事業の目的・内容.</summary>
    public string? Purpose { get; set; }

    /// <summary>根拠法規.</summary>
    public string? LegalBasis { get; set; }

    // 財源内訳 as requested (特定財源; 一般財源 is derived, never stored).
    public long NationalFunds { get; set; }

    public long PrefecturalFunds { get; set; }

    public long Bonds { get; set; }

    public long OtherSpecificFunds { get; set; }

    // 財源内訳 as assessed by the 財政局; null until 課長査定.
    public long? AssessedNationalFunds { get; set; }

    public long? AssessedPrefecturalFunds { get; set; }

    public long? AssessedBonds { get; set; }

    public long? AssessedOtherSpecificFunds { get; set; }

    /// <summary>事業費 = Σ 積算 amounts, kept with every save so that city-wide totals read one row per request, not every line.</summary>
    public long Cost { get; set; }

    /// <summary>Σ 査定額 while the request is at 課長査定 or 確定; null otherwise. Kept with every 査定 and 差戻し.</summary>
    public long? AssessedCost { get; set; }

    /// <summary>査定 comment of the examiner for the whole request.</summary>
    public string? ReviewComment { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public List<RequestLine> Lines { get; set; } = [];

    public long Version { get; set; }
}

/// <summary>The workflow states, in order. Stored as the number.</summary>
public enum RequestStatus
{
    Draft = 10,
    OrgApproved = 20,
    Submitted = 30,
    Assessed = 40,
    Confirmed = 50,
}

/// <summary>積算 line: 単価 × 数量 × 回数 = 金額 under one 節. The factors are kept, not only the product.</summary>
public sealed partial class RequestLine : IVersioned
{
    public int Id { get; set; }

    public int RequestId { get; set; }

    public int SetsuId { get; set; }

    public string Item { get; set; } = "";

    public long UnitPrice { get; set; }

    public long Quantity { get; set; }

    public long Times { get; set; }

    public long Amount { get; set; }

    /// <summary>査定額; null until 課長査定.</summary>
    public long? AssessedAmount { get; set; }

    public string? AssessComment { get; set; }

    /// <summary>計上 / 保留 / ゼロ査定; null until 課長査定.</summary>
    public AssessDecision? Decision { get; set; }

    public int SortOrder { get; set; }

    public long Version { get; set; }
}

/// <summary>シーリング: the 一般財源 a 所属 may request in a fiscal year.</summary>
public sealed class Ceiling : IVersioned
{
    public int Id { get; set; }

    public int Year { get; set; }

    public int OrgUnitId { get; set; }

    public long GeneralFundLimit { get; set; }

    public long Version { get; set; }
}

/// <summary>査定 per 積算 line: 計上 (as assessed), 保留 (held for a later stage), ゼロ査定.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AssessDecision>))]
public enum AssessDecision
{
    Adopted = 1,
    Held = 2,
    Zero = 3,
}

/// <summary>The stages of a fiscal year's budget cycle, in order; 補正 rounds follow 確定.</summary>
public enum StageKind
{
    Request = 10,
    ChiefAssessment = 20,
    Naiji = 30,
    Revival = 40,
    DirectorAssessment = 50,
    MayorAssessment = 60,
    Adopted = 70,
    Supplementary = 80,
}

/// <summary>
/// One stage of a year's cycle (要求, 課長査定, 内示, …, 確定, 補正 第n回) with its deadline. Closing it
/// records the amounts of that moment in <see cref="StageAmount"/> and <see cref="StageFunding"/>;
/// those rows are never updated afterwards.
/// </summary>
public sealed class BudgetStage : IVersioned
{
    public int Id { get; set; }

    public int Year { get; set; }

    public StageKind Kind { get; set; }

    /// <summary>補正 round number (1, 2, …); 0 for the stages of the 当初 cycle.</summary>
    public int Round { get; set; }

    /// <summary>Deadline (JST date) for the work of this stage; the progress board marks late 所属.</summary>
    public DateOnly? Deadline { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public string? ClosedBy { get; set; }

    public long Version { get; set; }
}

/// <summary>Snapshot: amount of one 事業 under one 節 when a stage closed (yen).</summary>
public sealed class StageAmount
{
    public int StageId { get; set; }

    public int ProjectId { get; set; }

    public int SetsuId { get; set; }

    public long Amount { get; set; }
}

/// <summary>Snapshot: the 財源内訳 of one 事業 when a stage closed (yen; 一般財源 = Cost − 特定財源).</summary>
public sealed class StageFunding
{
    public int StageId { get; set; }

    public int ProjectId { get; set; }

    public long Cost { get; set; }

    public long National { get; set; }

    public long Prefectural { get; set; }

    public long Bonds { get; set; }

    public long OtherSpecific { get; set; }
}

/// <summary>予算編成方針 of a fiscal year.</summary>
public sealed class BudgetCycle : IVersioned
{
    public int Id { get; set; }

    public int Year { get; set; }

    public string? Policy { get; set; }

    public long Version { get; set; }
}

/// <summary>Execution figures of one 事業 and 節 from the financial accounting system (yen), as of the import's 基準日.</summary>
public sealed class ExecutionRecord
{
    public int Id { get; set; }

    public int Year { get; set; }

    public int ProjectId { get; set; }

    public int SetsuId { get; set; }

    /// <summary>予算現額 = 当初 + 補正 + 繰越 ± 流用・充用.</summary>
    public long CurrentBudget { get; set; }

    /// <summary>配当.</summary>
    public long Allotted { get; set; }

    /// <summary>支出負担行為.</summary>
    public long Encumbered { get; set; }

    /// <summary>支出済.</summary>
    public long Spent { get; set; }

    /// <summary>調定.</summary>
    public long Assessed { get; set; }

    /// <summary>収入済.</summary>
    public long Received { get; set; }
}

/// <summary>One execution import: which year, as of which date, by whom.</summary>
public sealed class ExecutionImport
{
    public int Id { get; set; }

    public int Year { get; set; }

    public DateOnly AsOf { get; set; }

    public string FileName { get; set; } = "";

    public int Rows { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public string ImportedBy { get; set; } = "";
}
