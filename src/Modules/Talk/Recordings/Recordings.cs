// Call recordings: off unless OsakaDx:Talk:Recording:Enabled is true. When on, every phone and
// softphone call starts with an announcement that it is recorded, the mixed audio is kept as a WAV
// file under the data folder (talk/recordings/yyyy-MM/), linked from the call record for talk.admin
// only (each playback or download is audited), and deleted by a daily platform job once it is older
// than RetentionDays; the call record then says so.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Talk.Recordings;

/// <summary>Configuration under OsakaDx:Talk:Recording (one setting for every service: the announcement comes before the caller has chosen one).</summary>
public sealed class RecordingOptions
{
    public const string Section = "OsakaDx:Talk:Recording";

    /// <summary>Off by default: nothing is recorded and nothing is announced.</summary>
    public bool Enabled { get; set; }

    /// <summary>Recordings older than this many days are deleted by the daily job (1–3650; default 30).</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Longest recording kept per call, in seconds.</summary>
    public int MaxSeconds { get; set; } = 3600;

    /// <summary>Said at the very start of a recorded call, before the greeting.</summary>
    public const string Announcement = "この通話は、内容の確認のため録音します。";

    /// <summary>Shown on the call record once the job has removed the audio.</summary>
    public const string DeletedNote = "録音は保存期間経過により削除";

    public int EffectiveRetentionDays => Math.Clamp(RetentionDays, 1, 3650);
}

/// <summary>Where recordings live: relative paths stored on the call record, resolved under the data folder.</summary>
public sealed class RecordingStore(IOptions<PlatformOptions> platform)
{
    public string Root => Path.Combine(platform.Value.FullDataPath, "talk", "recordings");

    /// <summary>Writes the WAV and returns its path relative to <see cref="Root"/>.</summary>
    public async Task<string> SaveAsync(string callSid, DateTime startedUtc, byte[] wav, CancellationToken ct)
    {
        var safe = new string([.. callSid.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')]);
        var relative = Path.Combine(startedUtc.AddHours(9).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            $"{(safe.Length > 40 ? safe[..40] : safe)}-{Guid.NewGuid():N}.wav");
        var full = Resolve(relative) ?? throw new InvalidOperationException("録音の保存先が不正です。");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, wav, ct);
        return relative.Replace('\\', '/');
    }

    /// <summary>The full path of a stored recording, or null when the path leaves the recordings folder.</summary>
    public string? Resolve(string relative)
    {
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }
}

/// <summary>Deletes recordings older than the retention period and notes it on each call record.</summary>
public sealed class RecordingRetention(TalkDb db, RecordingStore store, RecordingOptions options, TimeProvider clock, AuditLog audit, ILogger<RecordingRetention> logger)
{
    public sealed record PruneResult(DateTime CutoffUtc, int Deleted, long Bytes);

    public async Task<PruneResult> PruneAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.EffectiveRetentionDays);
        var old = await db.Calls.Where(c => c.RecordingFile != null && c.StartedAtUtc < cutoff).ToListAsync(ct);
        long bytes = 0;
        foreach (var call in old)
        {
            var full = store.Resolve(call.RecordingFile!);
            if (full is not null && File.Exists(full))
            {
                bytes += new FileInfo(full).Length;
                File.Delete(full);
            }

            call.RecordingFile = null;
            call.RecordingDeletedAtUtc = now;
        }

        if (old.Count > 0)
        {
            await db.SaveChangesAsync(ct);   // audited row by row by the platform interceptor
            await audit.WriteAsync(AuditCategories.Data, AuditActions.Delete,
                $"通話録音 {old.Count} 件を保存期間（{options.EffectiveRetentionDays}日）経過により削除しました。",
                entityType: nameof(CallRecord), module: "talk", cancellationToken: ct);
            logger.LogInformation("Talk: {Count} recordings older than {Days} days deleted ({Bytes} bytes)", old.Count, options.EffectiveRetentionDays, bytes);
        }

        return new PruneResult(cutoff, old.Count, bytes);
    }
}

/// <summary>The retention run as a platform job (shown on the jobs page).</summary>
internal sealed class RecordingRetentionJob : IJobHandler
{
    public const string JobKind = "talk.recording-retention";

    public string Kind => JobKind;

    public bool Resumable => true;   // deleting again is harmless

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var result = await context.Services.GetRequiredService<RecordingRetention>().PruneAsync(cancellationToken);
        await context.ReportAsync(result.Deleted, result.Deleted, $"保存期間を過ぎた通話録音 {result.Deleted} 件を削除しました。");
    }
}

/// <summary>Queues the retention job at start and then daily (serve only), unless one is already waiting.</summary>
internal sealed class RecordingRetentionScheduler(IServiceScopeFactory scopes, IOptions<JobRunnerOptions> jobOptions, TimeProvider clock, ILogger<RecordingRetentionScheduler> logger) : BackgroundService
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
                var talk = scope.ServiceProvider.GetRequiredService<TalkDb>();
                if (await talk.Calls.AnyAsync(c => c.RecordingFile != null, stoppingToken))
                {
                    var platformDb = scope.ServiceProvider.GetRequiredService<PlatformDb>();
                    var waiting = await platformDb.Jobs.AnyAsync(j => j.Kind == RecordingRetentionJob.JobKind && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), stoppingToken);
                    if (!waiting)
                    {
                        using var actor = AuditActor.Use(null, "system");
                        await scope.ServiceProvider.GetRequiredService<JobService>().EnqueueAsync(RecordingRetentionJob.JobKind, "通話録音の保存期間による削除", cancellationToken: stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(e, "通話録音の保存期間の確認でエラーが発生しました");
            }

            await Task.Delay(TimeSpan.FromHours(24), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
