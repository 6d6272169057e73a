using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The file-system watcher for real: the host as `serve` runs it (scheduler and job runner on), a
/// local root, files created, changed, renamed and deleted by the test; each change must reach the
/// index by itself (no crawl asked for) within the debounce plus a crawl, polled against a deadline.
/// </summary>
public sealed class WatcherTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Debounce 10 s (at most 45 s), job poll 2 s, the crawl; generous for a loaded CI machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    private readonly string root = Directory.CreateTempSubdirectory("osakadx-watch-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    private sealed class ServeHost : WebApplicationFactory<Program>
    {
        public string Data { get; } = Directory.CreateTempSubdirectory("osakadx-watch-host-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OsakaDx:DataPath", Data);
            builder.UseSetting("OsakaDx:Jobs:Enabled", "true");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try
            {
                Directory.Delete(Data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS.
            }
        }
    }

    [Fact]
    public async Task Created_changed_renamed_and_deleted_files_reach_the_index_without_a_crawl_being_asked_for()
    {
        File.WriteAllText(Path.Combine(root, "既存の文書.txt"), "最初の版。かわうその観察記録。");
        File.WriteAllText(Path.Combine(root, "移動前の名前.txt"), "名前が変わる文書。ふくろうの観察記録。");
        File.WriteAllText(Path.Combine(root, "削除される文書.txt"), "消える文書。いたちの観察記録。");

        using var host = new ServeHost();
        var (index, scheduler, sourceId) = await StartWatchedSourceAsync(host, "監視テスト");

        bool Finds(string query) => index.Search(new SearchRequest(query) { Snippets = false }, TestShare.Everyone).Hits.Any(h => h.SourceId == sourceId);
        await WaitAsync("the first crawl", () => Finds("かわうそ") && Finds("ふくろう") && Finds("いたち"));
        await WaitAsync("the watcher to start", () => scheduler.IsWatching(sourceId));

        // Created: a new file in a new folder.
        Directory.CreateDirectory(Path.Combine(root, "新しいフォルダ"));
        File.WriteAllText(Path.Combine(root, "新しいフォルダ", "新規の議事録.txt"), "新しく置いた議事録。きりんの観察記録。");
        await WaitAsync("a created file", () => Finds("きりん") && Finds("新しいフォルダ"));

        // Changed, renamed, deleted — all at once, as staff do.
        File.WriteAllText(Path.Combine(root, "既存の文書.txt"), "二番目の版。らくだの観察記録。");
        File.Move(Path.Combine(root, "移動前の名前.txt"), Path.Combine(root, "移動後の名前.txt"));
        File.Delete(Path.Combine(root, "削除される文書.txt"));
        await WaitAsync("a change, a rename and a deletion", () =>
            Finds("らくだ") && !Finds("かわうそ") && Finds("移動後の名前") && !Finds("移動前の名前") && !Finds("いたち") && !Finds("削除される文書"));

        // The moved file is found once, under its new name, with its text.
        var moved = index.Search(new SearchRequest("ふくろう") { Snippets = false }, TestShare.Everyone).Hits.Where(h => h.SourceId == sourceId).ToList();
        Assert.Equal("移動後の名前.txt", Assert.Single(moved).Name);
    }

    [Fact]
    public async Task Lost_events_and_floods_of_changes_rescan_the_whole_source_instead_of_a_list_of_paths()
    {
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(root, $"文書{i}.txt"), $"元からある文書{i}。ひつじの観察記録。");
        }

        using var host = new ServeHost();
        var (index, scheduler, sourceId) = await StartWatchedSourceAsync(host, "監視あふれテスト");

        long Count(string query) => index.Search(new SearchRequest(query) { Snippets = false }, TestShare.Everyone).Total;
        await WaitAsync("the first crawl", () => Count("ひつじ") == 3);
        await WaitAsync("the watcher to start", () => scheduler.IsWatching(sourceId));

        // 1. The kernel's queue overflowed: whatever was queued, the next update is a crawl of the whole source.
        var before = DateTime.UtcNow.AddSeconds(-1);
        scheduler.OnEventsLost(sourceId, root, new InternalBufferOverflowException());
        var lost = await FinishedJobsAfterAsync(host, sourceId, before, 1);
        Assert.Equal(SourceService.PayloadOf(sourceId), Assert.Single(lost).Payload);
        Assert.Equal(JobStatus.Succeeded, lost[0].Status);
        var run = await RunOfAsync(host, lost[0].Id);
        Assert.True(run.Seen >= 3 && run.Unchanged >= 3, $"a walk of the whole source: seen {run.Seen}, unchanged {run.Unchanged}");
        Assert.Equal(0, run.Failed);

        // 2. More changed files than MaxPaths in one burst: one full crawl, not a job with a list of 5,001 paths.
        before = DateTime.UtcNow.AddSeconds(-1);
        var burst = CrawlScheduler.MaxPaths + 1;
        for (var i = 0; i < burst; i++)
        {
            File.WriteAllText(Path.Combine(root, $"一括{i:D5}.txt"), $"一括で置いた文書{i}。やぎの観察記録。");
        }

        await WaitAsync("the burst", () => Count("やぎ") == burst);
        var flood = await FinishedJobsAfterAsync(host, sourceId, before, 1);
        Assert.All(flood, j => Assert.Equal(SourceService.PayloadOf(sourceId), j.Payload));
        Assert.Equal(3, Count("ひつじ"));
    }

    /// <summary>Starts the host (job runner, crawl scheduler), adds the temp root as a watched source and queues its first crawl.</summary>
    private async Task<(ISearchIndex Index, CrawlScheduler Scheduler, int SourceId)> StartWatchedSourceAsync(ServeHost host, string name)
    {
        var index = host.Services.GetRequiredService<ISearchIndex>();
        var scheduler = host.Services.GetServices<IHostedService>().OfType<CrawlScheduler>().Single();
        await using var scope = host.Services.CreateAsyncScope();
        var sources = scope.ServiceProvider.GetRequiredService<SourceService>();
        var (source, errors) = await sources.AddAsync(new SourceService.NewSource(name, root, null, SourceVisibility.AllStaff, 10L * 1024 * 1024, []) { WatchChanges = true });
        Assert.Empty(errors);
        await sources.EnqueueCrawlAsync(source!);
        return (index, scheduler, source!.Id);
    }

    /// <summary>Waits until at least <paramref name="count"/> crawl jobs of the source created after a time have finished; returns all of them.</summary>
    private async Task<List<JobRecord>> FinishedJobsAfterAsync(ServeHost host, int sourceId, DateTime afterUtc, int count)
    {
        List<JobRecord> jobs = [];
        await WaitAsync("the crawl jobs", () =>
        {
            using var scope = host.Services.CreateScope();
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDb>();
            var prefix = SourceService.PayloadPrefixOf(sourceId);
            jobs = platform.Jobs.AsNoTracking()
                .Where(j => j.Kind == CrawlJob.JobKind && j.Payload != null && j.Payload.StartsWith(prefix) && j.CreatedAtUtc >= afterUtc)
                .OrderBy(j => j.CreatedAtUtc).ToList();
            return jobs.Count >= count && jobs.All(j => j.Status is not (JobStatus.Queued or JobStatus.Running));
        });
        return jobs;
    }

    private static async Task<CrawlRun> RunOfAsync(ServeHost host, Guid jobId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SearchDb>();
        return await db.CrawlRuns.AsNoTracking().SingleAsync(r => r.Id == jobId);
    }

    private async Task WaitAsync(string what, Func<bool> condition)
    {
        var started = DateTime.UtcNow;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow - started < Deadline, $"{what}: not seen within {Deadline.TotalSeconds:0} s");
            await Task.Delay(250);
        }

        output.WriteLine($"{what}: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }
}
