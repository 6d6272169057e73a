using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Maintenance;
using OsakaDx.Modules.Search.Querying;

using OsakaDx.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>Search-log retention on a real SQLite file: old rows summarised per JST month, then deleted; the analytics still count them.</summary>
public sealed class LogRetentionTests : IDisposable
{
    private readonly TestShare share = new();

    // 2026-11-26 12:00 JST: fiscal year 2026 (令和8年度).
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    public void Dispose() => share.Dispose();

    private static IConfiguration Keep(int years) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OsakaDx:Search:LogRetentionFiscalYears"] = years.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build();

    private static SearchQueryLog Log(DateTimeOffset jst, string user, string query, long total, int page = 1, string surface = "page") => new()
    {
        AtUtc = jst.UtcDateTime, UserName = user, Query = query, Total = total, Page = page, Surface = surface, LatencyMs = 10,
    };

    private static DateTimeOffset Jst(int y, int m, int d, int h = 10, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(9));

    [Fact]
    public Task Rows_older_than_the_kept_fiscal_years_are_summarised_by_JST_month_then_deleted_with_their_clicks() => SummariseAndDeleteAsync(share.NewDb);

    [Fact]
    public Task The_analytics_count_summarised_months_and_aggregate_in_the_database() => AnalyticsAsync(share.NewDb);

    /// <summary>Both on PostgreSQL (schema search): the GROUP BY of JST days, months and fiscal years must translate there too.</summary>
    [PostgresFact]
    public async Task Retention_and_analytics_work_on_PostgreSQL()
    {
        foreach (var body in new Func<Func<SearchDb>, Task>[] { SummariseAndDeleteAsync, AnalyticsAsync })
        {
            await using var scratch = await PostgresScratchDatabase.CreateAsync("osakadx_search");
            var connection = scratch.ConnectionString;
            SearchDb NewDb() => new PostgresSearchDb(new DbContextOptionsBuilder<PostgresSearchDb>()
                .UseNpgsql(connection, n => n.MigrationsHistoryTable("__EFMigrationsHistory", SearchDb.Schema)).Options);
            await using (var db = NewDb())
            {
                await db.Database.MigrateAsync();
            }

            await body(NewDb);
        }
    }

    private async Task SummariseAndDeleteAsync(Func<SearchDb> newDb)
    {
        await using (var db = newDb())
        {
            var clicked = Log(Jst(2023, 5, 10), "tanaka", "予算要求", 12);
            db.QueryLog.AddRange(
                clicked,
                Log(Jst(2023, 5, 11), "sato", "ない語", 0),
                Log(Jst(2023, 5, 11), "sato", "予算要求", 12, page: 2),          // a second page: a row, not a search
                Log(Jst(2024, 3, 31, 23, 30), "suzuki", "年度末", 3),             // 14:30 UTC on the 31st: still FY2023 in Japan
                Log(Jst(2024, 4, 1, 0, 30), "suzuki", "年度初め", 3),             // 15:30 UTC on 31 March: FY2024 in Japan, kept
                Log(Jst(2026, 11, 20), "tanaka", "今年度", 5));
            await db.SaveChangesAsync();
            db.Clicks.Add(new SearchClick { QueryLogId = clicked.Id, AtUtc = clicked.AtUtc.AddSeconds(20), Key = "1:a.txt", Rank = 1, Action = "open" });
            await db.SaveChangesAsync();
        }

        await using (var db = newDb())
        {
            var retention = new LogRetention(db, clock, Keep(3));
            Assert.Equal(Jst(2024, 4, 1, 0).UtcDateTime, retention.CutoffUtc());
            var result = await retention.PruneAsync();
            Assert.Equal(2, result.Months);
            Assert.Equal(4, result.RowsDeleted);
            Assert.Equal(1, result.ClicksDeleted);
            Assert.Equal(3, result.Searches);
        }

        await using (var db = newDb())
        {
            Assert.Equal(["年度初め", "今年度"], await db.QueryLog.OrderBy(l => l.AtUtc).Select(l => l.Query).ToListAsync());
            Assert.Empty(await db.Clicks.ToListAsync());
            var months = await db.MonthlyUsage.OrderBy(m => m.Month).ToListAsync();
            Assert.Equal(["2023-05", "2024-03"], months.Select(m => m.Month));
            var may = months[0];
            Assert.Equal((2L, 2L, 1L, 1L, 3L), (may.Searches, may.Users, may.ZeroHits, may.Clicked, may.RowsPruned));
            Assert.Equal(1, months[1].Searches);

            // Nothing left to prune: a second run changes nothing.
            var again = await new LogRetention(db, clock, Keep(3)).PruneAsync();
            Assert.Equal(0, again.RowsDeleted);
            Assert.Equal(3, await db.MonthlyUsage.SumAsync(m => m.Searches));
        }
    }

    private async Task AnalyticsAsync(Func<SearchDb> newDb)
    {
        await using (var db = newDb())
        {
            db.QueryLog.AddRange(
                Log(Jst(2025, 12, 3), "tanaka", "予算 要求", 4),
                Log(Jst(2025, 12, 4), "sato", "予算　要求", 0),
                Log(Jst(2026, 11, 25), "tanaka", "ＳＭＳ", 2),
                Log(Jst(2026, 11, 25), "admin", "ベンチ", 2, surface: "cli"));
            await db.SaveChangesAsync();
        }

        AnalyticsReport before;
        await using (var db = newDb())
        {
            before = await new SearchAnalytics(db, clock).ComputeAsync();
        }

        // Keep only this fiscal year: December 2025 (FY2025) is summarised and its rows deleted.
        await using (var db = newDb())
        {
            Assert.Equal(2, (await new LogRetention(db, clock, Keep(1)).PruneAsync()).RowsDeleted);
        }

        await using (var db = newDb())
        {
            Assert.Equal(1, await db.QueryLog.CountAsync(l => l.Surface != "cli"));
            var after = await new SearchAnalytics(db, clock).ComputeAsync();
            Assert.Equal(3, before.Searches); // the CLI is not counted
            Assert.Equal(before.Searches, after.Searches);
            Assert.Equal(before.ZeroHitRate, after.ZeroHitRate);
            Assert.Equal(before.Months, after.Months);
            Assert.Equal(before.Years.Select(y => y.Searches), after.Years.Select(y => y.Searches));
            Assert.Equal(2, after.Months.Single(m => m.Label == "2025-12").Searches);
            Assert.Equal(2, after.Months.Single(m => m.Label == "2025-12").Users);

            // Width and spacing folded after grouping in the database: 「予算　要求」 = 「予算 要求」 (before pruning).
            Assert.Equal(2, before.TopQueries.Single(q => q.Query == "予算 要求").Searches);
            Assert.Equal(1, before.Days.Single(d => d.Label == "2026-11-25").Searches);
        }
    }
}
