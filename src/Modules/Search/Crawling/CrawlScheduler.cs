// Starts crawls nobody asked for: sources whose schedule is due, and the changes a file-system
// watcher saw on local roots. Watched changes are debounced (a burst of saves becomes one update)
// and applied within a minute as a crawl of just those paths; when the kernel's event queue
// overflows, events were lost, so the whole source is rescanned instead. Shares mounted over the
// network (cifs/smb/nfs) deliver no reliable events: they are rescanned on their schedule only.
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Search.Crawling;

internal sealed class CrawlScheduler(IServiceScopeFactory scopes, IOptions<JobRunnerOptions> jobOptions, TimeProvider clock, ILogger<CrawlScheduler> logger) : BackgroundService
{
    /// <summary>Quiet time after the last event before the changes are queued.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(10);

    /// <summary>Changes are queued at the latest this long after the first one, even while events keep coming.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(45);

    /// <summary>More changed paths than this: a rescan of the source is cheaper than a list.</summary>
    public const int MaxPaths = 5_000;

    private readonly ConcurrentDictionary<int, Watched> watchers = new();
    private readonly ConcurrentDictionary<int, Pending> pending = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobOptions.Value.Enabled)
        {
            return; // the command line runs crawls itself
        }

        var lastSchedule = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() - lastSchedule >= TimeSpan.FromSeconds(30))
                {
                    await StartDueAsync(stoppingToken);
                    lastSchedule = clock.GetUtcNow();
                }

                await FlushChangesAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException)
            {
                logger.LogError(ex, "ファイル検索の巡回スケジュールでエラーが発生しました");
                await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);
            }
        }

        foreach (var w in watchers.Values)
        {
            w.Watcher.Dispose();
        }
    }

    private async Task StartDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SearchDb>();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        var sources = await db.Sources.AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        var lastStarts = await db.CrawlRuns.GroupBy(r => r.SourceId).Select(g => new { SourceId = g.Key, Last = g.Max(r => r.StartedAtUtc) }).ToDictionaryAsync(x => x.SourceId, x => (DateTime?)x.Last, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var source in sources)
        {
            if (SourceService.NextDueUtc(source, lastStarts.GetValueOrDefault(source.Id)) is { } due && due <= now &&
                (await service.ActiveJobsAsync(source.Id, cancellationToken)).Count == 0)
            {
                logger.LogInformation("予定により「{Source}」を巡回します", source.Name);
                await service.EnqueueCrawlAsync(source, cancellationToken);
            }
        }

        SyncWatchers(sources);
    }

    /// <summary>One watcher per active, watched, local source; removed when the source is paused, removed or moved.</summary>
    private void SyncWatchers(List<SearchSource> sources)
    {
        var wanted = sources.Where(s => s.WatchChanges && Directory.Exists(s.RootPath) && !IsNetworkMount(s.RootPath)).ToDictionary(s => s.Id);
        foreach (var id in watchers.Keys.Where(id => !wanted.TryGetValue(id, out var s) || s.RootPath != watchers[id].Root).ToList())
        {
            if (watchers.TryRemove(id, out var stale))
            {
                stale.Watcher.Dispose();
            }
        }

        foreach (var source in wanted.Values.Where(s => !watchers.ContainsKey(s.Id)))
        {
            try
            {
                var watcher = new FileSystemWatcher(source.RootPath)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.Security,
                    InternalBufferSize = 64 * 1024,
                };
                var id = source.Id;
                var root = source.RootPath;
                watcher.Created += (_, e) => Queue(id, root, e.FullPath, subtree: true);
                watcher.Deleted += (_, e) => Queue(id, root, e.FullPath, subtree: true);
                watcher.Changed += (_, e) => Queue(id, root, e.FullPath, subtree: false);
                watcher.Renamed += (_, e) =>
                {
                    Queue(id, root, e.OldFullPath, subtree: true);
                    Queue(id, root, e.FullPath, subtree: true);
                };
                watcher.Error += (_, e) => OnEventsLost(id, root, e.GetException());
                watcher.EnableRaisingEvents = true;
                watchers[source.Id] = new Watched(source.RootPath, watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // inotify watch limit reached, or the root vanished: the schedule still covers the source.
                logger.LogWarning(ex, "「{Root}」の変更監視を開始できませんでした（定期巡回で反映します）", source.RootPath);
            }
        }
    }

    /// <summary>
    /// The watcher's error handler: the kernel's queue overflowed (InternalBufferOverflowException) or the watch broke, so
    /// some changes were never reported. The paths already queued are not enough: the whole source is rescanned.
    /// </summary>
    internal void OnEventsLost(int sourceId, string root, Exception? cause)
    {
        logger.LogWarning(cause, "「{Root}」の変更監視でイベントが失われました。全体を再巡回します", root);
        var now = clock.GetUtcNow();
        pending.AddOrUpdate(sourceId, _ => new Pending(now) { Overflow = true }, (_, p) => p.MarkOverflow(now));
    }

    /// <summary>Whether a file-system watcher is running for the source (tests and the admin page).</summary>
    internal bool IsWatching(int sourceId) => watchers.ContainsKey(sourceId);

    private void Queue(int sourceId, string root, string fullPath, bool subtree)
    {
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative == "." || relative.Split('/').Any(Crawler.IsSkipped))
        {
            return;
        }

        // A folder's own "changed" (a child was added) needs no walk of the folder: the child has its own event.
        if (!subtree && Directory.Exists(fullPath))
        {
            return;
        }

        var now = clock.GetUtcNow();
        pending.AddOrUpdate(sourceId, _ => new Pending(now).Add(relative, now), (_, p) => p.Add(relative, now));
    }

    private async Task FlushChangesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, changes) in pending.ToArray())
        {
            if (now - changes.LastEvent < Debounce && now - changes.FirstEvent < MaxDelay)
            {
                continue;
            }

            if (!pending.TryRemove(id, out var taken))
            {
                continue;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SearchDb>();
            var service = scope.ServiceProvider.GetRequiredService<SourceService>();
            var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.IsActive, cancellationToken);
            if (source is null)
            {
                continue;
            }

            var paths = taken.Snapshot();
            if (taken.Overflow || paths.Count > MaxPaths)
            {
                await service.EnqueueCrawlAsync(source, cancellationToken);
            }
            else if (paths.Count > 0)
            {
                await service.EnqueuePathsAsync(source, paths, cancellationToken);
            }
        }
    }

    /// <summary>cifs/smb3/nfs and other network file systems, from /proc/mounts (Linux); elsewhere, assume local.</summary>
    internal static bool IsNetworkMount(string path)
    {
        const string mounts = "/proc/mounts";
        if (!File.Exists(mounts))
        {
            return false;
        }

        var full = Path.GetFullPath(path);
        var best = (Point: "", Type: "");
        foreach (var line in File.ReadLines(mounts))
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
            {
                continue;
            }

            var point = parts[1].Replace("\\040", " ", StringComparison.Ordinal);
            if ((full == point || full.StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal)) && point.Length >= best.Point.Length)
            {
                best = (point, parts[2]);
            }
        }

        return best.Type is "cifs" or "smb3" or "smbfs" or "nfs" or "nfs4" or "fuse.sshfs" or "9p" or "davfs";
    }

    private sealed record Watched(string Root, FileSystemWatcher Watcher);

    private sealed class Pending(DateTimeOffset first)
    {
        private readonly HashSet<string> paths = new(StringComparer.Ordinal);

        public DateTimeOffset FirstEvent { get; } = first;

        public DateTimeOffset LastEvent { get; private set; } = first;

        public bool Overflow { get; set; }

        public Pending Add(string path, DateTimeOffset at)
        {
            lock (paths)
            {
                paths.Add(path);
                LastEvent = at;
            }

            return this;
        }

        public Pending MarkOverflow(DateTimeOffset at)
        {
            lock (paths)
            {
                Overflow = true;
                LastEvent = at;
            }

            return this;
        }

        public List<string> Snapshot()
        {
            lock (paths)
            {
                return paths.Order(StringComparer.Ordinal).ToList();
            }
        }
    }
}
