using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Search.Querying;

/// <summary>
/// The KPI of issue 3 (searches growing from about 60,000 to 250,000 a year) and how well search
/// serves staff: counts per day, month and fiscal year, unique users, top and zero-hit queries,
/// click-through, time to first click and latency. Computed from the search log.
/// </summary>
internal sealed class SearchAnalytics(SearchDb db, TimeProvider clock)
{
    public async Task<AnalyticsReport> ComputeAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToJst();
        var since = new DateTimeOffset(now.Year - 2, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)).UtcDateTime; // this and the two previous fiscal years
        var logs = await db.QueryLog.AsNoTracking().Where(l => l.AtUtc >= since && l.Surface != "cli") // the CLI is for admins and benchmarks, not staff
            .Select(l => new { l.Id, l.AtUtc, l.UserName, l.Query, l.Total, l.LatencyMs, l.Page })
            .ToListAsync(cancellationToken);
        var firstClicks = await db.Clicks.AsNoTracking().Where(c => c.AtUtc >= since)
            .GroupBy(c => c.QueryLogId).Select(g => new { Id = g.Key, At = g.Min(c => c.AtUtc) })
            .ToDictionaryAsync(c => c.Id, c => c.At, cancellationToken);

        // A search is a first page; later pages of the same query are not new searches.
        var searches = logs.Where(l => l.Page == 1).Select(l => (l.Id, Jst: Jst(l.AtUtc), l.UserName, Query: Normalize(l.Query), l.Total, l.LatencyMs, l.AtUtc)).ToList();
        var today = DateOnly.FromDateTime(now.DateTime);
        var days = Enumerable.Range(0, 31).Select(i => today.AddDays(-30 + i))
            .Select(d => Period(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), searches.Where(s => DateOnly.FromDateTime(s.Jst) == d).Select(s => s.UserName)))
            .ToList();
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(-11 + i))
            .Select(m => Period(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), searches.Where(s => s.Jst.Year == m.Year && s.Jst.Month == m.Month).Select(s => s.UserName)))
            .ToList();
        var thisYear = FiscalYear.FromDate(today);
        var years = new[] { thisYear.Previous().Previous(), thisYear.Previous(), thisYear }
            .Select(y => Period(y.ToString(), searches.Where(s => y.Contains(DateOnly.FromDateTime(s.Jst))).Select(s => s.UserName)))
            .ToList();

        var top = searches.GroupBy(s => s.Query, StringComparer.Ordinal)
            .Select(g => new QueryCount(g.Key, g.Count(), Math.Round(g.Average(s => (double)s.Total), 1), g.Count(s => firstClicks.ContainsKey(s.Id))))
            .OrderByDescending(q => q.Searches).ThenBy(q => q.Query, StringComparer.Ordinal).Take(20).ToList();
        var zero = searches.Where(s => s.Total == 0).GroupBy(s => s.Query, StringComparer.Ordinal)
            .Select(g => new QueryCount(g.Key, g.Count(), 0, 0))
            .OrderByDescending(q => q.Searches).ThenBy(q => q.Query, StringComparer.Ordinal).Take(20).ToList();
        var clicked = searches.Where(s => firstClicks.ContainsKey(s.Id)).ToList();
        var toFirstClick = clicked.Select(s => (firstClicks[s.Id] - s.AtUtc).TotalSeconds).Where(t => t >= 0).Order().ToList();
        var latencies = logs.Select(l => l.LatencyMs).Order().ToList();
        return new AnalyticsReport(
            searches.Count,
            searches.Select(s => s.UserName).Distinct(StringComparer.Ordinal).Count(),
            searches.Count == 0 ? null : (double)searches.Count(s => s.Total == 0) / searches.Count,
            searches.Count == 0 ? null : (double)clicked.Count / searches.Count,
            Percentile(toFirstClick, 0.5),
            Percentile(latencies, 0.5),
            Percentile(latencies, 0.95),
            days,
            months,
            years,
            top,
            zero);
    }

    /// <summary>The report as CSV (UTF-8 with BOM or Shift_JIS): one section per table, each with its own header row.</summary>
    public static void WriteCsv(AnalyticsReport report, Stream output, CsvOutputEncoding encoding)
    {
        var rows = new List<IReadOnlyList<string?>>
        {
            Row("概要", "検索数", N(report.Searches)),
            Row("概要", "利用者数", N(report.UniqueUsers)),
            Row("概要", "0件率", Ratio(report.ZeroHitRate)),
            Row("概要", "クリック率", Ratio(report.ClickThroughRate)),
            Row("概要", "最初のクリックまでの秒数（中央値）", Number(report.MedianSecondsToFirstClick)),
            Row("概要", "応答時間ms（中央値）", Number(report.LatencyP50Ms)),
            Row("概要", "応答時間ms（95パーセンタイル）", Number(report.LatencyP95Ms)),
        };
        rows.AddRange(report.Years.Select(p => Row("年度", p.Label, N(p.Searches), N(p.Users))));
        rows.AddRange(report.Months.Select(p => Row("月", p.Label, N(p.Searches), N(p.Users))));
        rows.AddRange(report.Days.Select(p => Row("日", p.Label, N(p.Searches), N(p.Users))));
        rows.AddRange(report.TopQueries.Select(q => Row("よく検索される語", q.Query, N(q.Searches), q.AverageHits.ToString("0.0", CultureInfo.InvariantCulture), N(q.Clicked))));
        rows.AddRange(report.ZeroHitQueries.Select(q => Row("0件だった語", q.Query, N(q.Searches))));
        CsvWriter.Write(output, ["区分", "項目", "値・検索数", "利用者数・平均件数", "クリックされた検索数"], rows, encoding);
    }

    private static IReadOnlyList<string?> Row(params string?[] cells) => [.. cells, .. Enumerable.Repeat<string?>(null, 5 - cells.Length)];

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "";

    private static PeriodCount Period(string label, IEnumerable<string> users)
    {
        var list = users.ToList();
        return new PeriodCount(label, list.Count, list.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Queries counted together regardless of width, case and spacing: 「予算　要求」 = 「予算 要求」.</summary>
    private static string Normalize(string query) =>
        string.Join(' ', query.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static DateTime Jst(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToJst().DateTime;
}

internal sealed record AnalyticsReport(
    long Searches,
    long UniqueUsers,
    double? ZeroHitRate,
    double? ClickThroughRate,
    double? MedianSecondsToFirstClick,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    IReadOnlyList<PeriodCount> Days,
    IReadOnlyList<PeriodCount> Months,
    IReadOnlyList<PeriodCount> Years,
    IReadOnlyList<QueryCount> TopQueries,
    IReadOnlyList<QueryCount> ZeroHitQueries);

internal sealed record PeriodCount(string Label, long Searches, long Users);

internal sealed record QueryCount(string Query, long Searches, double AverageHits, long Clicked);
