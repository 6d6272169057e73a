// 査定 of a 継続費・債務負担行為・繰越明許費・地方債 entry by the 財政局 (fourth slice). Kept apart
// from RequestDetailEntities.cs so that parallel work on the module merges cleanly.
namespace OsakaDx.Modules.Budget.Data;

public sealed partial class RequestEntry
{
    /// <summary>計上 / 保留 / ゼロ査定 of the entry; null until the examiner assesses it (the request's figures then stand).</summary>
    public AssessDecision? Decision { get; set; }

    /// <summary>査定額 (総額 / 限度額 / 金額), yen; 0 for ゼロ査定; null until assessed.</summary>
    public long? AssessedAmount { get; set; }

    /// <summary>査定 期間 (継続費・債務負担行為); the request's period unless the examiner changed it.</summary>
    public int? AssessedFromYear { get; set; }

    public int? AssessedToYear { get; set; }

    /// <summary>査定 年割額 (継続費), stored like <see cref="YearlyAmounts"/>; they add up to <see cref="AssessedAmount"/>.</summary>
    public string? AssessedYearlyAmounts { get; set; }

    /// <summary>The examiner's comment (kept for reference when the request is sent back).</summary>
    public string? AssessComment { get; set; }
}
