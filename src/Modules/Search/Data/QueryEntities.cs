using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Search.Data;

/// <summary>
/// One synonym group, edited by admins: 「予算書, 予算説明書」 or a bureau and its abbreviation
/// 「財政局, 財局」. A query word in the group also finds the others.
/// </summary>
public sealed class SearchSynonym : IVersioned
{
    public int Id { get; set; }

    /// <summary>The words, separated by 「,」 as stored: "予算書,予算説明書".</summary>
    public string Terms { get; set; } = "";

    public string? Note { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public long Version { get; set; }

    public IReadOnlyList<string> Words => Terms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One search as a user ran it: what, how many hits, how long, and what was shown first (for learning to rank).</summary>
[NotAudited] // one row per search; the analytics page summarizes them
public sealed class SearchQueryLog
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public string UserName { get; set; } = "";

    public string Query { get; set; } = "";

    /// <summary>"page" or "api" or "cli".</summary>
    public string Surface { get; set; } = "page";

    /// <summary>Filters as a query string ("type=Excel&amp;folder=..."), empty when none.</summary>
    public string Filters { get; set; } = "";

    public int Page { get; set; } = 1;

    public long Total { get; set; }

    public double LatencyMs { get; set; }

    /// <summary>The keys of the results shown, in order, one per line (at most 20).</summary>
    public string Shown { get; set; } = "";
}

/// <summary>A result a user opened (previewed or opened the file) from a logged search.</summary>
[NotAudited]
public sealed class SearchClick
{
    public long Id { get; set; }

    public long QueryLogId { get; set; }

    public DateTime AtUtc { get; set; }

    public string Key { get; set; } = "";

    /// <summary>1-based position on the results page (over all pages).</summary>
    public int Rank { get; set; }

    /// <summary>"preview", "open" or "related".</summary>
    public string Action { get; set; } = "";
}

/// <summary>
/// One month of the search log after its rows were pruned (older than the retention): the KPI figures
/// the analytics need, so counts per month and fiscal year survive the deletion of the rows.
/// Written only by the retention job (audited by the platform).
/// </summary>
public sealed class SearchMonthlyUsage
{
    /// <summary>The month in Japan time, "2023-04".</summary>
    public string Month { get; set; } = "";

    /// <summary>First pages of staff searches (page and API; not the CLI).</summary>
    public long Searches { get; set; }

    /// <summary>Distinct users in the month.</summary>
    public long Users { get; set; }

    public long ZeroHits { get; set; }

    /// <summary>Searches with at least one click.</summary>
    public long Clicked { get; set; }

    public double? LatencyP95Ms { get; set; }

    /// <summary>Log rows (all pages and surfaces) and clicks removed for this month.</summary>
    public long RowsPruned { get; set; }

    public DateTime SummarizedAtUtc { get; set; }
}
