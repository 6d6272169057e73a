using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Search.Tests;

/// <summary>Editing, pausing and removing sources through the real host's services (the pages and the CLI call the same).</summary>
public sealed class SourceAdminTests(SearchWebTests.Host host) : IClassFixture<SearchWebTests.Host>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("osakadx-source-admin-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_stale_edit_is_refused_and_a_removed_source_leaves_catalogue_and_index()
    {
        File.WriteAllText(Path.Combine(root, "固有語ズワイガニ.txt"), "ズワイガニの漁獲報告");
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        var (source, errors) = await service.AddAsync(new SourceService.NewSource("管理テスト", root, null, SourceVisibility.AllStaff, 1 << 20, []));
        Assert.Empty(errors);
        var crawler = scope.ServiceProvider.GetRequiredService<Crawler>();
        await crawler.CrawlAsync(source!.Id, Guid.CreateVersion7(), null, null, null, CancellationToken.None);
        var everyone = new SearchPrincipal("t", new HashSet<string> { SearchPrincipal.AllStaff });
        Assert.Equal(1, index.Search(new SearchRequest("ズワイガニ"), everyone).Total);

        // Two admins open the form at version v; the first saves, the second is refused and nothing of theirs is written.
        var version = source.Version;
        var first = await service.UpdateAsync(source.Id, version, SourceService.NewSource.From(source) with { Name = "管理テスト（改）" });
        Assert.Empty(first.Errors);
        await using (var other = host.Services.CreateAsyncScope())
        {
            var second = await other.ServiceProvider.GetRequiredService<SourceService>().UpdateAsync(source.Id, version, SourceService.NewSource.From(source) with { Name = "上書きされてはいけない名前" });
            Assert.Null(second.Source);
            Assert.Contains("他の人が変更しました", Assert.Single(second.Errors).Message, StringComparison.Ordinal);
        }

        // Bad input names the field, saves nothing.
        var bad = await service.UpdateAsync(source.Id, first.Source!.Version, SourceService.NewSource.From(first.Source) with { ScheduleHours = 0, Schedule = CrawlScheduleKind.EveryHours, RootPath = "相対パス" });
        Assert.Contains(bad.Errors, e => e.Field == "ScheduleHours");
        Assert.Contains(bad.Errors, e => e.Field == "RootPath");

        await using (var check = host.Services.CreateAsyncScope())
        {
            var saved = await check.ServiceProvider.GetRequiredService<SearchDb>().Sources.AsNoTracking().SingleAsync(s => s.Id == source.Id);
            Assert.Equal("管理テスト(改)", saved.Name); // NFKC: full-width brackets are stored half-width
            Assert.Equal(CrawlScheduleKind.Manual, saved.Schedule);
        }

        // Pause cancels the queued crawl; resume queues one again.
        var job = await service.EnqueueCrawlAsync(source);
        Assert.Equal(job.Id, (await service.EnqueueCrawlAsync(source)).Id); // never two crawls of one source queued
        await service.PauseAsync(source.Id);
        await using (var check = host.Services.CreateAsyncScope())
        {
            var db = check.ServiceProvider.GetRequiredService<OsakaDx.Platform.Data.PlatformDb>();
            Assert.Equal(JobStatus.Canceled, (await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id)).Status);
            Assert.False((await check.ServiceProvider.GetRequiredService<SearchDb>().Sources.AsNoTracking().SingleAsync(s => s.Id == source.Id)).IsActive);
        }

        var (_, resumed) = await service.ResumeAsync(source.Id);
        Assert.NotNull(resumed);
        Assert.NotEqual(job.Id, resumed.Id);

        // Remove: gone from the index, the catalogue and the list; the file itself untouched.
        Assert.Null(await service.RemoveAsync(source.Id));
        Assert.Equal(0, index.Search(new SearchRequest("ズワイガニ"), everyone).Total);
        Assert.Empty(index.EnumerateKeysOfSource(source.Id));
        await using (var check = host.Services.CreateAsyncScope())
        {
            var db = check.ServiceProvider.GetRequiredService<SearchDb>();
            Assert.False(await db.Sources.AnyAsync(s => s.Id == source.Id));
            Assert.False(await db.Catalog.AnyAsync(c => c.SourceId == source.Id));
        }

        Assert.True(File.Exists(Path.Combine(root, "固有語ズワイガニ.txt")));
    }
}
