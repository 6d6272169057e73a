using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>Registering, editing, pausing and removing sources and asking for crawls: shared by the admin pages, the API, the CLI and the scheduler.</summary>
internal sealed class SourceService(SearchDb db, PlatformDb platform, JobService jobs, ISearchIndex index, TimeProvider clock, NameSuggestions names)
{
    public sealed record NewSource(string Name, string RootPath, int? OwnerOrgUnitId, SourceVisibility Visibility, long MaxFileBytes, IReadOnlyList<(long Gid, int OrgUnitId)> Groups)
    {
        public CrawlScheduleKind Schedule { get; init; }

        public int ScheduleHours { get; init; } = 24;

        public int ScheduleMinuteOfDay { get; init; } = 22 * 60;

        public bool WatchChanges { get; init; } = true;

        public int MaxSecondsPerFile { get; init; } = 60;

        public int ThrottleMbPerSecond { get; init; }

        public int Parallelism { get; init; }

        /// <summary>Where file permissions come from; null keeps the current setting on an edit (callers that do not ask for it, e.g. the API's older clients) and means POSIX for a new source.</summary>
        public AclMode? AclMode { get; init; }

        public string? AclFile { get; init; }

        public static NewSource From(SearchSource s) => new(s.Name, s.RootPath, s.OwnerOrgUnitId, s.Visibility, s.MaxFileBytes, s.GroupMappings.Select(g => (g.Gid, g.OrgUnitId)).ToList())
        {
            Schedule = s.Schedule,
            ScheduleHours = s.ScheduleHours,
            ScheduleMinuteOfDay = s.ScheduleMinuteOfDay,
            WatchChanges = s.WatchChanges,
            MaxSecondsPerFile = s.MaxSecondsPerFile,
            ThrottleMbPerSecond = s.ThrottleMbPerSecond,
            Parallelism = s.Parallelism,
            AclMode = s.AclMode,
            AclFile = s.AclFile,
        };
    }

    /// <summary>Checks and saves a source; returns (field, message) errors and saves nothing when there are any.</summary>
    /// <param name="validateOnly">Check and report, but save nothing (the caller found errors of its own).</param>
    public async Task<(SearchSource? Source, List<(string Field, string Message)> Errors)> AddAsync(NewSource input, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        var (name, root, errors) = await ValidateAsync(input, null, cancellationToken);
        if (errors.Count > 0 || validateOnly)
        {
            return (null, errors);
        }

        var source = new SearchSource { CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        Apply(source, input, name, root);
        db.Sources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return (source, errors);
    }

    /// <summary>Saves an edit made on a form that showed <paramref name="version"/>; a stale form is refused, never overwrites.</summary>
    public async Task<(SearchSource? Source, List<(string Field, string Message)> Errors)> UpdateAsync(int id, long version, NewSource input, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        var source = await db.Sources.Include(s => s.GroupMappings).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return (null, [("", $"検索対象（ID {id}）は見つかりません。削除された可能性があります。")]);
        }

        var (name, root, errors) = await ValidateAsync(input, id, cancellationToken);
        if (source.Version != version)
        {
            errors.Insert(0, ("", "この検索対象は、画面を開いた後に他の人が変更しました。最新の内容を読み込み直してから、もう一度変更してください。"));
        }

        if (errors.Count > 0 || validateOnly)
        {
            return (null, errors);
        }

        Apply(source, input, name, root);
        db.Entry(source).Property(s => s.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (null, [("", "この検索対象は、画面を開いた後に他の人が変更しました。最新の内容を読み込み直してから、もう一度変更してください。")]);
        }

        return (source, errors);
    }

    /// <summary>
    /// Removes a source: its crawls are stopped, its documents leave the index (committed first, so
    /// a crash in between only leaves catalogue rows that point nowhere), then the catalogue and the
    /// source itself. Returns a Japanese error instead when a crawl still holds the index.
    /// </summary>
    public async Task<string?> RemoveAsync(int id, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear(); // a form or verb may have loaded it earlier in this scope: act on the current row
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return $"検索対象（ID {id}）は見つかりません。既に削除された可能性があります。";
        }

        foreach (var job in await ActiveJobsAsync(id, cancellationToken))
        {
            await jobs.CancelAsync(job.Id, cancellationToken);
        }

        try
        {
            using var session = index.OpenSession();
            session.DeleteSource(id);
            session.Commit();
        }
        catch (InvalidOperationException)
        {
            return $"「{source.Name}」は巡回中のため、まだ削除できません。巡回の停止を依頼しました。数秒後にもう一度削除してください。";
        }

        await db.Catalog.Where(c => c.SourceId == id).ExecuteDeleteAsync(cancellationToken);
        await db.CrawlRuns.Where(c => c.SourceId == id).ExecuteDeleteAsync(cancellationToken);
        db.Sources.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await names.RebuildAsync(db, cancellationToken); // its names leave the suggestions too
        return null;
    }

    /// <summary>Stops a running crawl (at its next commit; the next crawl continues incrementally) and the schedule and watcher.</summary>
    public async Task<SearchSource?> PauseAsync(int id, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear(); // a form or verb may have loaded it earlier in this scope: act on the current row
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return null;
        }

        source.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in await ActiveJobsAsync(id, cancellationToken))
        {
            await jobs.CancelAsync(job.Id, cancellationToken);
        }

        return source;
    }

    /// <summary>Turns the schedule and watcher back on and queues a crawl, which continues from what is already indexed.</summary>
    public async Task<(SearchSource? Source, JobRecord? Job)> ResumeAsync(int id, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear(); // a form or verb may have loaded it earlier in this scope: act on the current row
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return (null, null);
        }

        source.IsActive = true;
        await db.SaveChangesAsync(cancellationToken);
        return (source, await EnqueueCrawlAsync(source, cancellationToken));
    }

    /// <summary>Queues a crawl unless one for the source is already queued or running (that one is returned).</summary>
    public async Task<JobRecord> EnqueueCrawlAsync(SearchSource source, CancellationToken cancellationToken = default)
    {
        var full = PayloadOf(source.Id);
        return (await ActiveJobsAsync(source.Id, cancellationToken)).FirstOrDefault(j => j.Payload == full)
            ?? await jobs.EnqueueAsync(CrawlJob.JobKind, $"ファイル検索の巡回: {source.Name}", new CrawlJob.CrawlRequest(source.Id), cancellationToken);
    }

    /// <summary>Queues the watcher's changed paths of a source (a folder stands for its subtree).</summary>
    public async Task<JobRecord> EnqueuePathsAsync(SearchSource source, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        await jobs.EnqueueAsync(CrawlJob.JobKind, $"ファイル検索の変更反映: {source.Name}（{paths.Count:N0} 件）", new CrawlJob.CrawlRequest(source.Id, paths), cancellationToken);

    /// <summary>Queued or running crawl jobs of a source (full crawls and watcher updates), oldest first.</summary>
    public async Task<List<JobRecord>> ActiveJobsAsync(int sourceId, CancellationToken cancellationToken = default)
    {
        var prefix = PayloadPrefixOf(sourceId);
        return await platform.Jobs.AsNoTracking()
            .Where(j => j.Kind == CrawlJob.JobKind && j.Payload != null && j.Payload.StartsWith(prefix) && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .OrderBy(j => j.CreatedAtUtc).ToListAsync(cancellationToken);
    }

    /// <summary>The payload of a full crawl of a source, as the job service stores it.</summary>
    public static string PayloadOf(int sourceId) => JsonSerializer.Serialize(new CrawlJob.CrawlRequest(sourceId));

    /// <summary>How every crawl payload of a source starts (full or paths).</summary>
    public static string PayloadPrefixOf(int sourceId) => $"{{\"SourceId\":{sourceId},";

    /// <summary>When a source's schedule next wants a crawl, given when the last one started (JST wall clock for "daily at").</summary>
    public static DateTime? NextDueUtc(SearchSource source, DateTime? lastStartUtc)
    {
        switch (source.Schedule)
        {
            case CrawlScheduleKind.EveryHours:
                return lastStartUtc is { } last ? last.AddHours(Math.Clamp(source.ScheduleHours, 1, 168)) : DateTime.MinValue;
            case CrawlScheduleKind.DailyAt:
                var jst = TimeSpan.FromHours(9);
                var from = (lastStartUtc ?? DateTime.UtcNow.AddDays(-1)) + jst;
                var slot = from.Date.AddMinutes(Math.Clamp(source.ScheduleMinuteOfDay, 0, 1439));
                if (slot <= from)
                {
                    slot = slot.AddDays(1);
                }

                return DateTime.SpecifyKind(slot - jst, DateTimeKind.Utc);
            default:
                return null;
        }
    }

    private static void Apply(SearchSource source, NewSource input, string name, string root)
    {
        source.Name = name;
        source.RootPath = root;
        source.OwnerOrgUnitId = input.OwnerOrgUnitId;
        source.Visibility = input.Visibility;
        source.MaxFileBytes = input.MaxFileBytes;
        source.Schedule = input.Schedule;
        source.ScheduleHours = input.ScheduleHours;
        source.ScheduleMinuteOfDay = input.ScheduleMinuteOfDay;
        source.WatchChanges = input.WatchChanges;
        source.MaxSecondsPerFile = input.MaxSecondsPerFile;
        source.ThrottleMbPerSecond = input.ThrottleMbPerSecond;
        source.Parallelism = input.Parallelism;
        if (input.AclMode is { } aclMode)
        {
            // Never reset by a form that does not show it: an NTFS source read as POSIX could show files to everyone.
            source.AclMode = aclMode;
            source.AclFile = aclMode == AclMode.Sidecar ? input.AclFile?.Trim() : null;
        }
        var wanted = input.Groups.Distinct().ToList();
        source.GroupMappings.RemoveAll(g => !wanted.Contains((g.Gid, g.OrgUnitId)));
        foreach (var (gid, org) in wanted.Where(w => !source.GroupMappings.Any(g => g.Gid == w.Gid && g.OrgUnitId == w.OrgUnitId)))
        {
            source.GroupMappings.Add(new SourceGroupMapping { Gid = gid, OrgUnitId = org });
        }
    }

    private async Task<(string Name, string Root, List<(string, string)> Errors)> ValidateAsync(NewSource input, int? id, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        var name = input.Name.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (name.Length == 0)
        {
            errors.Add(("Name", "「表示名」を入力してください。"));
        }
        else if (name.Length > 100)
        {
            errors.Add(("Name", $"「表示名」は100文字以内で入力してください（現在{name.Length}文字）。"));
        }
        else if (await db.Sources.AnyAsync(s => s.Name == name && s.Id != id, cancellationToken))
        {
            errors.Add(("Name", $"表示名「{name}」の検索対象は既に登録されています。"));
        }

        var root = input.RootPath.Trim();
        if (root.Length == 0)
        {
            errors.Add(("RootPath", "「フォルダのパス」を入力してください。"));
        }
        else if (!Path.IsPathFullyQualified(root))
        {
            errors.Add(("RootPath", $"「フォルダのパス」は絶対パスで入力してください（「{root}」）。例：/mnt/share/zaisei"));
        }
        else if (!Directory.Exists(root))
        {
            errors.Add(("RootPath", $"フォルダ「{root}」が見つからないか、読み取れません。共有がマウントされているか確認してください。"));
        }
        else
        {
            root = Path.GetFullPath(root);
        }

        if (input.Visibility == SourceVisibility.OwningDepartment && input.OwnerOrgUnitId is null)
        {
            errors.Add(("OwnerOrgUnitId", "「所管所属のみ」にするときは「所管所属」を選んでください。"));
        }

        if (input.MaxFileBytes <= 0)
        {
            errors.Add(("MaxFileMb", "「1ファイルの上限」は1以上の整数（MB）で入力してください。"));
        }

        if (input.Schedule == CrawlScheduleKind.EveryHours && input.ScheduleHours is < 1 or > 168)
        {
            errors.Add(("ScheduleHours", $"「巡回の間隔（時間）」は1から168までの整数で入力してください（「{input.ScheduleHours}」）。"));
        }

        if (input.Schedule == CrawlScheduleKind.DailyAt && input.ScheduleMinuteOfDay is < 0 or > 1439)
        {
            errors.Add(("ScheduleTime", "「巡回の時刻」は 00:00 から 23:59 の形で入力してください。"));
        }

        if (input.MaxSecondsPerFile is < 1 or > 3600)
        {
            errors.Add(("MaxSecondsPerFile", $"「1ファイルの制限時間（秒）」は1から3600までの整数で入力してください（「{input.MaxSecondsPerFile}」）。"));
        }

        if (input.AclMode == AclMode.Sidecar && (string.IsNullOrWhiteSpace(input.AclFile) || !Path.IsPathFullyQualified(input.AclFile.Trim()) || !File.Exists(input.AclFile.Trim())))
        {
            errors.Add(("AclFile", $"「アクセス権ファイル」は存在するファイルの絶対パスで入力してください（「{input.AclFile}」）。"));
        }

        if (input.ThrottleMbPerSecond is < 0 or > 10_000)
        {
            errors.Add(("ThrottleMbPerSecond", $"「読み取り速度の上限（MB/秒）」は0（上限なし）から10000までの整数で入力してください（「{input.ThrottleMbPerSecond}」）。"));
        }

        if (input.Parallelism is < 0 or > 64)
        {
            errors.Add(("Parallelism", $"「同時に読むファイル数」は0（CPUコア数）から64までの整数で入力してください（「{input.Parallelism}」）。"));
        }

        return (name, root, errors);
    }
}
