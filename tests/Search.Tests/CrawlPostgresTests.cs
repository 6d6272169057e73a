using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The crawler's catalogue on PostgreSQL (the rows updated from the start-of-crawl snapshot, the
/// last-seen marks written in bulk): a first crawl, then edits, a move, a deletion and a new file.
/// </summary>
public sealed class CrawlPostgresTests
{
    [PostgresFact]
    public async Task A_crawl_and_a_recrawl_keep_catalogue_and_index_in_step_on_PostgreSQL()
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync("osakadx_crawl");
        PostgresSearchDb NewDb() => new(new DbContextOptionsBuilder<PostgresSearchDb>()
            .UseNpgsql(scratch.ConnectionString, n => n.MigrationsHistoryTable("__EFMigrationsHistory", SearchDb.Schema)).Options);
        using var share = new TestShare();
        await using (var db = NewDb())
        {
            await db.Database.MigrateAsync();
        }

        for (var i = 0; i < 40; i++)
        {
            share.Write($"課{i % 4}/令和6年度_資料{i:D2}.txt", $"第{i}回 会議の記録。議題は道路補修{i}番と予算要求。");
        }

        int sourceId;
        await using (var db = NewDb())
        {
            var source = new SearchSource { Name = "共有", RootPath = share.Root };
            db.Sources.Add(source);
            await db.SaveChangesAsync();
            sourceId = source.Id;
        }

        async Task<CrawlCounts> CrawlAsync()
        {
            await using var db = NewDb();
            var crawler = new Crawler(db, share.Index, TimeProvider.System) { BatchSize = 7, MinCommitInterval = TimeSpan.Zero };
            return await crawler.CrawlAsync(sourceId, Guid.CreateVersion7(), null, null, null, CancellationToken.None);
        }

        var first = await CrawlAsync();
        Assert.Equal(0, first.Failed);
        await AssertInStepAsync(44); // 40 files and 4 folders

        File.WriteAllText(Path.Combine(share.Root, "課0", "令和6年度_資料00.txt"), "差し替え後の本文。河川改修の計画。");
        File.Move(Path.Combine(share.Root, "課1", "令和6年度_資料01.txt"), Path.Combine(share.Root, "課2", "令和6年度_資料01_移動.txt"));
        File.Delete(Path.Combine(share.Root, "課3", "令和6年度_資料03.txt"));
        share.Write("課3/新規_報告.txt", "新しい報告。橋梁点検の結果。");
        var second = await CrawlAsync();
        Assert.Equal(0, second.Failed);
        await AssertInStepAsync(44);

        Assert.Equal(["令和6年度_資料00.txt"], share.Search("河川改修").Hits.Select(h => h.Name));
        Assert.Empty(share.Search("道路補修0番").Hits);
        Assert.Equal(["令和6年度_資料01_移動.txt"], share.Search("道路補修1番").Hits.Select(h => h.Name));
        Assert.Empty(share.Search("道路補修3番").Hits);
        Assert.Equal(["新規_報告.txt"], share.Search("橋梁点検").Hits.Select(h => h.Name));

        async Task AssertInStepAsync(int expected)
        {
            await using var db = NewDb();
            var rows = await db.Catalog.AsNoTracking().Select(c => c.RelativePath).ToListAsync();
            Assert.Equal(expected, rows.Count);
            Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(expected, share.Index.Statistics().Documents);
        }
    }
}
