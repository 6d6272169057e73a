using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Jobs;

/// <summary>Long work a module hands to the platform (crawls, imports, exports).</summary>
public interface IJobHandler
{
    /// <summary>Key stored in <see cref="JobRecord.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>
    /// True when the handler can continue from <see cref="JobContext.Checkpoint"/> after a restart.
    /// A job whose handler is not resumable is marked failed, with the reason, when its process died.
    /// </summary>
    bool Resumable { get; }

    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>What a running handler sees: its input, its checkpoint, and a way to report progress.</summary>
public sealed class JobContext
{
    private readonly Func<long, long?, string?, string?, Task<bool>> report;

    internal JobContext(JobRecord job, IServiceProvider services, Func<long, long?, string?, string?, Task<bool>> report)
    {
        Job = job;
        Services = services;
        this.report = report;
    }

    public JobRecord Job { get; }

    public IServiceProvider Services { get; }

    public string? Checkpoint => Job.Checkpoint;

    public T? PayloadAs<T>() => Job.Payload is null ? default : JsonSerializer.Deserialize<T>(Job.Payload);

    /// <summary>Records progress (and optionally a checkpoint). Throws OperationCanceledException when a user canceled the job.</summary>
    public async Task ReportAsync(long done, long? total = null, string? message = null, string? checkpoint = null)
    {
        if (await report(done, total, message, checkpoint))
        {
            throw new OperationCanceledException("利用者により取り消されました。");
        }
    }

    /// <summary>Relative path under the data folder of the file the job produced.</summary>
    public string? ResultFile { get; set; }
}

/// <summary>Enqueues jobs and reads their state.</summary>
public sealed class JobService(PlatformDb db, TimeProvider clock, AuditActor actor, AuditLog audit)
{
    public async Task<JobRecord> EnqueueAsync(string kind, string title, object? payload = null, CancellationToken cancellationToken = default)
    {
        var job = new JobRecord
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Title = title,
            Status = JobStatus.Queued,
            Payload = payload is null ? null : JsonSerializer.Serialize(payload),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            RequestedBy = actor.Current.Name,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Insert, $"ジョブ登録: {title}", entityType: nameof(JobRecord), entityId: job.Id.ToString(), cancellationToken: cancellationToken);
        return job;
    }

    /// <summary>Asks a job to stop. A queued job is canceled at once; a running one at its next progress report.</summary>
    public async Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null || job.Status is not (JobStatus.Queued or JobStatus.Running))
        {
            return false;
        }

        if (job.Status == JobStatus.Queued)
        {
            job.Status = JobStatus.Canceled;
            job.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            job.Message = "開始前に取り消されました。";
        }

        job.CancelRequested = true;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Update, $"ジョブ取消: {job.Title}", entityType: nameof(JobRecord), entityId: job.Id.ToString(), cancellationToken: cancellationToken);
        return true;
    }
}

public sealed class JobRunnerOptions
{
    /// <summary>How often an idle runner looks for queued jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running job whose heartbeat is older than this is taken to be orphaned by a dead replica.</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a resumable job is resumed after interruptions before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Off in the command line, which runs jobs inline.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Runs queued jobs one at a time per replica. Claiming is a conditional UPDATE (Queued → Running
/// with this replica as lease owner), so replicas sharing PostgreSQL never run a job twice. On
/// start, and then periodically, jobs left Running by a dead process are resumed (resumable
/// handlers, from their checkpoint) or marked failed with the reason: never silently lost.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobRunnerOptions> runnerOptions,
    IOptions<PlatformOptions> platformOptions,
    TimeProvider clock,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> handlersByKind = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly string instance = platformOptions.Value.EffectiveInstanceName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runnerOptions.Value.Enabled)
        {
            return;
        }

        // With the embedded database there is only ever this one process: anything Running is ours, from before.
        await RecoverAsync(platformOptions.Value.UsesPostgres ? runnerOptions.Value.LeaseTimeout : TimeSpan.Zero, stoppingToken);
        var lastRecovery = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() - lastRecovery > runnerOptions.Value.LeaseTimeout)
                {
                    await RecoverAsync(runnerOptions.Value.LeaseTimeout, stoppingToken);
                    lastRecovery = clock.GetUtcNow();
                }

                if (!await RunNextAsync(stoppingToken))
                {
                    await Task.Delay(runnerOptions.Value.PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(ex, "ジョブ実行ループでエラーが発生しました");
                await Task.Delay(runnerOptions.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Resumes or fails jobs left Running by a process that stopped.</summary>
    public async Task<int> RecoverAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDb>();
        var cutoff = clock.GetUtcNow().UtcDateTime - staleAfter;
        var orphans = await db.Jobs
            .Where(j => j.Status == JobStatus.Running && (j.HeartbeatAtUtc == null || j.HeartbeatAtUtc <= cutoff))
            .ToListAsync(cancellationToken);
        foreach (var job in orphans)
        {
            var resumable = handlersByKind.TryGetValue(job.Kind, out var handler) && handler.Resumable;
            if (job.CancelRequested)
            {
                job.Status = JobStatus.Canceled;
                job.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
                job.Message = "取消要求の後にサーバーが停止しました。";
            }
            else if (resumable && job.Attempts < runnerOptions.Value.MaxAttempts)
            {
                job.Status = JobStatus.Queued;
                job.LeaseOwner = null;
                job.Message = $"サーバーの再起動により中断されました。続きから再開します（{job.Attempts + 1}回目）。";
            }
            else
            {
                job.Status = JobStatus.Failed;
                job.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
                job.Error = resumable
                    ? $"中断が{job.Attempts}回続いたため失敗としました。"
                    : "処理中にサーバーが停止したため中断されました。この処理は途中から再開できないため、もう一度実行してください。";
            }

            logger.LogWarning("中断されたジョブ {JobId} ({Kind}) を {Status} にしました", job.Id, job.Kind, job.Status);
        }

        await db.SaveChangesAsync(cancellationToken);
        return orphans.Count;
    }

    /// <summary>Claims and runs one queued job. Returns false when none was waiting.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        Guid? claimed = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDb>();
            var candidates = await db.Jobs.Where(j => j.Status == JobStatus.Queued)
                .OrderBy(j => j.CreatedAtUtc).Select(j => j.Id).Take(5).ToListAsync(cancellationToken);
            foreach (var id in candidates)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var won = await db.Jobs.Where(j => j.Id == id && j.Status == JobStatus.Queued)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.Status, JobStatus.Running)
                        .SetProperty(j => j.LeaseOwner, instance)
                        .SetProperty(j => j.HeartbeatAtUtc, now)
                        .SetProperty(j => j.StartedAtUtc, j => j.StartedAtUtc ?? now)
                        .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
                if (won == 1)
                {
                    claimed = id;
                    break;
                }
            }
        }

        if (claimed is null)
        {
            return false;
        }

        await ExecuteAsync(claimed.Value, null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Runs a job in this process. The command line uses this directly (with a progress callback
    /// for its progress bar) on a job it has just enqueued.
    /// </summary>
    public async Task<JobRecord> ExecuteAsync(Guid id, Action<JobRecord>? onProgress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDb>();
        var job = await db.Jobs.FirstAsync(j => j.Id == id, cancellationToken);
        if (job.Status == JobStatus.Queued)
        {
            job.Status = JobStatus.Running;
            job.LeaseOwner = instance;
            job.StartedAtUtc ??= clock.GetUtcNow().UtcDateTime;
            job.Attempts++;
        }

        job.HeartbeatAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);

        if (!handlersByKind.TryGetValue(job.Kind, out var handler))
        {
            return await FinishAsync(db, job, JobStatus.Failed, error: $"ジョブの種類 '{job.Kind}' を処理できるモジュールがありません。");
        }

        using var actorScope = AuditActor.Use(null, $"job:{job.RequestedBy ?? "system"}");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var context = new JobContext(job, scope.ServiceProvider, async (done, total, message, checkpoint) =>
        {
            job.Done = done;
            job.Total = total ?? job.Total;
            job.Message = message ?? job.Message;
            job.Checkpoint = checkpoint ?? job.Checkpoint;
            job.HeartbeatAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            onProgress?.Invoke(job);
            var canceled = await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.CancelRequested).FirstAsync(CancellationToken.None);
            return canceled;
        });

        try
        {
            await handler.RunAsync(context, linked.Token);
            job.ResultFile = context.ResultFile ?? job.ResultFile;
            return await FinishAsync(db, job, JobStatus.Succeeded);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FinishAsync(db, job, JobStatus.Canceled, message: "利用者により取り消されました。");
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: leave the job Running so recovery resumes or fails it, with its reason.
            throw;
        }
#pragma warning disable CA1031 // a job's failure of any kind is recorded on the job, not allowed to kill the runner
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "ジョブ {JobId} ({Kind}) が失敗しました", job.Id, job.Kind);
            return await FinishAsync(db, job, JobStatus.Failed, error: ex.Message);
        }
    }

    private async Task<JobRecord> FinishAsync(PlatformDb db, JobRecord job, JobStatus status, string? error = null, string? message = null)
    {
        job.Status = status;
        job.Error = error;
        job.Message = message ?? job.Message;
        job.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
        job.LeaseOwner = null;
        await db.SaveChangesAsync(CancellationToken.None);
        return job;
    }
}
