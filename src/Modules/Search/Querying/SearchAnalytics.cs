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
        if (now.Month < 4)
        {
            since = new DateTimeOffset(now.Year - 3, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)).UtcDateTime;
        }

        // Counted by the database (GROUP BY, COUNT DISTINCT): no log rows are loaded, except one latency
        // number per search for the percentiles and one time per clicked search.
        var logs = db.QueryLog.AsNoTracking().Where(l => l.AtUtc >= since && l.Surface != "cli"); // the CLI is for admins and benchmarks, not staff

        // A search is a first page; later pages of the same query are not new searches.
        var searches = logs.Where(l => l.Page == 1);
        var perDay = await searches
            .GroupBy(l => new { l.AtUtc.AddHours(9).Year, l.AtUtc.AddHours(9).Month, l.AtUtc.AddHours(9).Day })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, Searches = g.LongCount(), Users = g.Select(l => l.UserName).Distinct().LongCount() })
            .ToListAsync(cancellationToken);
        var perMonth = await searches
            .GroupBy(l => new { l.AtUtc.AddHours(9).Year, l.AtUtc.AddHours(9).Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Searches = g.LongCount(), Users = g.Select(l => l.UserName).Distinct().LongCount() })
            .ToListAsync(cancellationToken);
        var perYear = await searches
            .GroupBy(l => l.AtUtc.AddHours(9).Month >= 4 ? l.AtUtc.AddHours(9).Year : l.AtUtc.AddHours(9).Year - 1)
            .Select(g => new { Year = g.Key, Searches = g.LongCount(), Users = g.Select(l => l.UserName).Distinct().LongCount() })
            .ToListAsync(cancellationToken);

        // Months whose rows were pruned (older than the retention) count from their monthly summaries.
        var sinceMonth = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).ToJst().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var summarised = (await db.MonthlyUsage.AsNoTracking().ToListAsync(cancellationToken)) // twelve rows a year
            .Where(m => string.CompareOrdinal(m.Month, sinceMonth) >= 0).ToList();

        var today = DateOnly.FromDateTime(now.DateTime);
        var days = Enumerable.Range(0, 31).Select(i => today.AddDays(-30 + i))
            .Select(d => perDay.FirstOrDefault(p => p.Year == d.Year && p.Month == d.Month && p.Day == d.Day) is { } p
                ? new PeriodCount(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Searches, p.Users)
                : new PeriodCount(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0, 0))
            .ToList();
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(-11 + i))
            .Select(m =>
            {
                var label = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                var rows = perMonth.FirstOrDefault(p => p.Year == m.Year && p.Month == m.Month);
                var old = summarised.FirstOrDefault(s => s.Month == label);
                return new PeriodCount(label, (rows?.Searches ?? 0) + (old?.Searches ?? 0), Math.Max(rows?.Users ?? 0, old?.Users ?? 0));
            })
            .ToList();
        var thisYear = FiscalYear.FromDate(today);
        var years = new[] { thisYear.Previous().Previous(), thisYear.Previous(), thisYear }
            .Select(y =>
            {
                var rows = perYear.FirstOrDefault(p => p.Year == y.StartYear);
                var old = summarised.Where(s => y.Contains(DateOnly.ParseExact(s.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();

                // Distinct users cannot be merged across summarised months: the year shows at least the largest month's.
                return new PeriodCount(y.ToString(), (rows?.Searches ?? 0) + old.Sum(o => o.Searches), Math.Max(rows?.Users ?? 0, old.Select(o => o.Users).DefaultIfEmpty().Max()));
            })
            .ToList();

        // Queries are grouped by the database as typed, then folded (width, case, spacing) here: few distinct strings.
        var byQuery = await searches.GroupBy(l => l.Query)
            .Select(g => new
            {
                Query = g.Key,
                Searches = g.LongCount(),
                Hits = g.Sum(l => (double)l.Total),
                Zero = g.LongCount(l => l.Total == 0),
                Clicked = g.LongCount(l => db.Clicks.Any(c => c.QueryLogId == l.Id)),
            })
            .ToListAsync(cancellationToken);
        var folded = byQuery.GroupBy(q => Normalize(q.Query), StringComparer.Ordinal)
            .Select(g => (Query: g.Key, Searches: g.Sum(q => q.Searches), Hits: g.Sum(q => q.Hits), Zero: g.Sum(q => q.Zero), Clicked: g.Sum(q => q.Clicked)))
            .ToList();
        var top = folded.Select(q => new QueryCount(q.Query, q.Searches, Math.Round(q.Hits / q.Searches, 1), q.Clicked))
            .OrderByDescending(q => q.Searches).ThenBy(q => q.Query, StringComparer.Ordinal).Take(20).ToList();
        var zero = folded.Where(q => q.Zero > 0).Select(q => new QueryCount(q.Query, q.Zero, 0, 0))
            .OrderByDescending(q => q.Searches).ThenBy(q => q.Query, StringComparer.Ordinal).Take(20).ToList();

        var searchCount = byQuery.Sum(q => q.Searches) + summarised.Sum(s => s.Searches);
        var zeroCount = byQuery.Sum(q => q.Zero) + summarised.Sum(s => s.ZeroHits);
        var clickedCount = byQuery.Sum(q => q.Clicked) + summarised.Sum(s => s.Clicked);
        var users = await searches.Select(l => l.UserName).Distinct().LongCountAsync(cancellationToken);
        var firstClicks = await searches
            .Select(l => new { l.AtUtc, First = db.Clicks.Where(c => c.QueryLogId == l.Id).Min(c => (DateTime?)c.AtUtc) })
            .Where(x => x.First != null)
            .ToListAsync(cancellationToken);
        var toFirstClick = firstClicks.Select(x => (x.First!.Value - x.AtUtc).TotalSeconds).Where(t => t >= 0).Order().ToList();
        var latencies = await logs.Select(l => l.LatencyMs).OrderBy(l => l).ToListAsync(cancellationToken);
        return new AnalyticsReport(
            searchCount,
            Math.Max(users, summarised.Select(s => s.Users).DefaultIfEmpty().Max()),
            searchCount == 0 ? null : (double)zeroCount / searchCount,
            searchCount == 0 ? null : (double)clickedCount / searchCount,
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
