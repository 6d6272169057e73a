// The request's detail added in the third slice: 細節 (a master per 節), the 補助率 of a 積算 line,
// attachments, and the 継続費・債務負担行為・繰越明許費・地方債 entries with their stage snapshot.
// Kept apart from Entities.cs so that parallel work on the module merges cleanly.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

/// <summary>細節: a local subdivision of one 歳出 節 (e.g. 需用費 → 消耗品費), effective-dated like the 節.</summary>
public sealed class SubSetsu : IVersioned
{
    public int Id { get; set; }

    public int SetsuId { get; set; }

    /// <summary>Code unique within the 節 and start year, e.g. "01".</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public int SortOrder { get; set; }

    public int FromYear { get; set; }

    public int? ToYear { get; set; }

    public long Version { get; set; }
}

/// <summary>Who pays the subsidised share of a 積算 line: 国 (国庫支出金) or 府 (府支出金).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SubsidySource>))]
public enum SubsidySource
{
    National = 1,
    Prefectural = 2,
}

public sealed partial class RequestLine
{
    /// <summary>細節 of the line's 節; optional.</summary>
    public int? SubSetsuId { get; set; }

    /// <summary>補助率 as a fraction (1/2, 2/3, 10/10 …), with whom it comes from; all three null when the line has none.</summary>
    public SubsidySource? SubsidySource { get; set; }

    public int? SubsidyNumerator { get; set; }

    public int? SubsidyDenominator { get; set; }

    /// <summary>The 補助 share of the line in yen: ⌊金額 × 分子 ÷ 分母⌋ (computed with every save).</summary>
    public long SubsidyAmount { get; set; }
}

/// <summary>A file attached to a request (見積書, 図面, 根拠資料); the bytes live on disk under the data folder, named by their SHA-256.</summary>
public sealed class RequestAttachment
{
    public int Id { get; set; }

    public int RequestId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex; also the stored file's name.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime UploadedAtUtc { get; set; }

    public string UploadedBy { get; set; } = "";
}

/// <summary>継続費 / 債務負担行為 / 繰越明許費 / 地方債.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<EntryKind>))]
public enum EntryKind
{
    /// <summary>継続費 (地方自治法 第212条): 事項, 総額, 年割額, 財源.</summary>
    Continuing = 1,

    /// <summary>債務負担行為 (第214条): 事項, 期間, 限度額, 財源.</summary>
    DebtBurden = 2,

    /// <summary>繰越明許費 (第213条): 事項, 金額.</summary>
    CarryOver = 3,

    /// <summary>地方債 (第230条): 目的, 限度額, 起債の方法, 利率, 償還の方法.</summary>
    Bond = 4,
}

/// <summary>One 継続費・債務負担行為・繰越明許費・地方債 entry of a request.</summary>
public sealed partial class RequestEntry : IVersioned
{
    public int Id { get; set; }

    public int RequestId { get; set; }

    public EntryKind Kind { get; set; }

    /// <summary>事項 (地方債: 起債の目的).</summary>
    public string Title { get; set; } = "";

    /// <summary>総額 / 限度額 / 金額, yen.</summary>
    public long Amount { get; set; }

    /// <summary>期間 (債務負担行為) or the years of the 年割額 (継続費): first and last fiscal year.</summary>
    public int? FromYear { get; set; }

    public int? ToYear { get; set; }

    /// <summary>継続費 年割額, "2027:120000000;2028:80000000" (yen); they add up to <see cref="Amount"/>.</summary>
    public string? YearlyAmounts { get; set; }

    /// <summary>財源 as printed (e.g. 「国庫支出金 1/2、市債、一般財源」).</summary>
    public string? Funding { get; set; }

    /// <summary>地方債: 起債の方法, 利率, 償還の方法 (standard wording when empty).</summary>
    public string? Method { get; set; }

    public string? InterestRate { get; set; }

    public string? Repayment { get; set; }

    public int SortOrder { get; set; }

    public long Version { get; set; }
}

/// <summary>Snapshot of an entry when a stage closed (the requests the stage covers); never updated.</summary>
public sealed class StageEntry
{
    public int Id { get; set; }

    public int StageId { get; set; }

    public int ProjectId { get; set; }

    public EntryKind Kind { get; set; }

    public string Title { get; set; } = "";

    public long Amount { get; set; }

    public int? FromYear { get; set; }

    public int? ToYear { get; set; }

    public string? YearlyAmounts { get; set; }

    public string? Funding { get; set; }

    public string? Method { get; set; }

    public string? InterestRate { get; set; }

    public string? Repayment { get; set; }

    public int SortOrder { get; set; }
}
