// Retention of the search and click logs (about 250,000 rows a year): rows older than the kept fiscal
// years are summarised into one row per month (the KPI figures), then deleted. Runs daily in `serve`
// and on demand (`./osakadx search prune-logs`); the monthly rows are written through EF and so are
// audited by the platform's interceptor.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Querying;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Search.Maintenance;

internal sealed class LogRetention(SearchDb db, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Fiscal years kept row by row (this one and the previous ones): the KPI compares three.</summary>
    public int KeptFiscalYears => Math.Clamp(configuration.GetValue("OsakaDx:Search:LogRetentionFiscalYears", 3), 1, 20);

    public sealed record PruneResult(DateTime CutoffUtc, int Months, long Searches, long RowsDeleted, long ClicksDeleted);

    /// <summary>The first instant kept: 1 April (JST) of the oldest kept fiscal year.</summary>
    public DateTime CutoffUtc()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime);
        var oldest = FiscalYear.FromDate(today);
        for (var i = 1; i < KeptFiscalYears; i++)
        {
            oldest = oldest.Previous();
        }

        return new DateTimeOffset(oldest.StartDate.Year, 4, 1, 0, 0, 0, TimeSpan.FromHours(9)).UtcDateTime;
    }

    public async Task<PruneResult> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = CutoffUtc();
        var old = db.QueryLog.Where(l => l.AtUtc < cutoff);
        if (!await old.AnyAsync(cancellationToken))
        {
            return new PruneResult(cutoff, 0, 0, 0, 0);
        }

        // Per JST month: searches, users, zero hits, clicked searches, p95 latency; aggregated by the database.
        var searches = old.Where(l => l.Page == 1 && l.Surface != "cli");
        var perMonth = await searches
            .GroupBy(l => new { l.AtUtc.AddHours(9).Year, l.AtUtc.AddHours(9).Month })
            .Select(g => new
            {
                g.Key.Year,
                g.Key.Month,
                Searches = g.LongCount(),
                Users = g.Select(l => l.UserName).Distinct().LongCount(),
                ZeroHits = g.LongCount(l => l.Total == 0),
                Clicked = g.LongCount(l => db.Clicks.Any(c => c.QueryLogId == l.Id)),
            })
            .ToListAsync(cancellationToken);
        var rowsPerMonth = await old.GroupBy(l => new { l.AtUtc.AddHours(9).Year, l.AtUtc.AddHours(9).Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Rows = g.LongCount() }).ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var m in rowsPerMonth)
        {
            var key = $"{m.Year:0000}-{m.Month:00}";
            var stats = perMonth.FirstOrDefault(p => p.Year == m.Year && p.Month == m.Month);
            var start = new DateTimeOffset(m.Year, m.Month, 1, 0, 0, 0, TimeSpan.FromHours(9)).UtcDateTime;
            var end = new DateTimeOffset(m.Year, m.Month, 1, 0, 0, 0, TimeSpan.FromHours(9)).AddMonths(1).UtcDateTime;
            var latencies = await searches.Where(l => l.AtUtc >= start && l.AtUtc < end).Select(l => l.LatencyMs).OrderBy(l => l).ToListAsync(cancellationToken);
            var row = await db.MonthlyUsage.FindAsync([key], cancellationToken);
            if (row is null)
            {
                row = new SearchMonthlyUsage { Month = key };
                db.MonthlyUsage.Add(row);
            }

            // A month is pruned whole (the cutoff is a fiscal-year start), so adding never double counts;
            // rows of a month summarised before (clock moved back, a restore) are added to it.
            row.Searches += stats?.Searches ?? 0;
            row.Users = Math.Max(row.Users, stats?.Users ?? 0);
            row.ZeroHits += stats?.ZeroHits ?? 0;
            row.Clicked += stats?.Clicked ?? 0;
            row.LatencyP95Ms = SearchAnalytics.Percentile(latencies, 0.95) ?? row.LatencyP95Ms;
            row.RowsPruned += m.Rows;
            row.SummarizedAtUtc = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        var clicks = await db.Clicks.Where(c => db.QueryLog.Any(l => l.Id == c.QueryLogId && l.AtUtc < cutoff)).ExecuteDeleteAsync(cancellationToken);
        var rows = await old.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PruneResult(cutoff, rowsPerMonth.Count, perMonth.Sum(p => p.Searches), rows, clicks);
    }
}

/// <summary>Prunes the search log once at start and then daily (serve only).</summary>
internal sealed class LogRetentionService(IServiceScopeFactory scopes, IOptions<JobRunnerOptions> jobOptions, TimeProvider clock, ILogger<LogRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobOptions.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<LogRetention>().PruneAsync(stoppingToken);
                if (result.RowsDeleted > 0)
                {
                    logger.LogInformation("Search log: {Rows} rows of {Months} months before {Cutoff} summarised and deleted", result.RowsDeleted, result.Months, result.CutoffUtc.ToString("O", CultureInfo.InvariantCulture));
                }

                await Task.Delay(TimeSpan.FromHours(24), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(ex, "検索ログの保存期間の処理でエラーが発生しました");
                await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
            }
        }
    }
}
