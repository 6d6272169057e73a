using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Host.Tests.Jobs;

/// <summary>Background jobs: a real export, and recovery of jobs left Running by a process that died.</summary>
public sealed class JobTests(OsakaDxFactory factory) : IClassFixture<OsakaDxFactory>
{
    private JobRunner Runner => factory.Services.GetRequiredService<JobRunner>();

    [Fact]
    public async Task Audit_export_job_writes_a_csv_with_every_audit_row()
    {
        var job = await factory.WithDbAsync(async (_, sp) =>
        {
            using var actor = AuditActor.Use(null, "tests:jobs");
            return await sp.GetRequiredService<JobService>().EnqueueAsync(AuditExportJob.JobKind, "監査ログのCSV書き出し",
                new AuditExportJob.Request(new AuditFilter(), CsvOutputEncoding.Utf8WithBom));
        });
        Assert.Equal(JobStatus.Queued, job.Status);
        var expectedRows = await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync());
        Assert.True(expectedRows > 0);

        var done = await Runner.ExecuteAsync(job.Id, null, CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Null(done.Error);
        Assert.Equal(expectedRows, done.Done);
        Assert.Equal(expectedRows, done.Total);
        Assert.NotNull(done.ResultFile);
        var path = Path.Combine(factory.DataPath, done.ResultFile);
        Assert.True(File.Exists(path), path);

        await using var stream = File.OpenRead(path);
        var table = CsvReader.Read(stream);
        Assert.Equal(AuditCsv.Headers, table.Headers);
        Assert.Equal(expectedRows, table.Rows.Count);
        Assert.Contains(table.Rows, r => r["操作"] == "登録" && r["操作者"] == "tests:jobs");

        var stored = await factory.WithDbAsync((db, _) => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id));
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal(done.ResultFile, stored.ResultFile);
        Assert.NotNull(stored.FinishedAtUtc);
    }

    [Fact]
    public async Task Orphaned_job_of_a_non_resumable_kind_is_failed_with_a_japanese_reason()
    {
        var id = await InsertOrphanAsync(AuditExportJob.JobKind, checkpoint: null);

        var recovered = await Runner.RecoverAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.True(recovered >= 1);
        var job = await factory.WithDbAsync((db, _) => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.NotNull(job.FinishedAtUtc);
        Assert.Contains("サーバーが停止", job.Error, StringComparison.Ordinal);
        Assert.Contains("もう一度実行してください", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orphaned_resumable_job_is_requeued_and_resumes_from_its_checkpoint()
    {
        var id = await InsertOrphanAsync(ResumableTestJob.JobKind, checkpoint: "6");

        await Runner.RecoverAsync(TimeSpan.Zero, CancellationToken.None);

        var queued = await factory.WithDbAsync((db, _) => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
        Assert.Equal(JobStatus.Queued, queued.Status);
        Assert.Null(queued.LeaseOwner);
        Assert.Equal("6", queued.Checkpoint);
        Assert.Contains("続きから再開します", queued.Message, StringComparison.Ordinal);

        var done = await Runner.ExecuteAsync(id, null, CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal("6", factory.Services.GetRequiredService<ResumableTestJob>().StartedFrom[^1]);
        Assert.Equal(10, done.Done);
        Assert.Equal("10", done.Checkpoint);
        Assert.Equal(2, done.Attempts);
    }

    [Fact]
    public async Task Running_job_with_a_fresh_heartbeat_is_left_alone()
    {
        var id = await InsertOrphanAsync(AuditExportJob.JobKind, checkpoint: null, heartbeatAgo: TimeSpan.Zero);

        await Runner.RecoverAsync(TimeSpan.FromHours(1), CancellationToken.None);

        var job = await factory.WithDbAsync((db, _) => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id));
        Assert.Equal(JobStatus.Running, job.Status);
    }

    private Task<Guid> InsertOrphanAsync(string kind, string? checkpoint, TimeSpan? heartbeatAgo = null) => factory.WithDbAsync(async (db, _) =>
    {
        var now = DateTime.UtcNow;
        var job = new JobRecord
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Title = "中断された処理",
            Status = JobStatus.Running,
            Checkpoint = checkpoint,
            Done = 6,
            Total = 10,
            Attempts = 1,
            LeaseOwner = "dead-replica:1",
            CreatedAtUtc = now.AddHours(-1),
            StartedAtUtc = now.AddHours(-1),
            HeartbeatAtUtc = now - (heartbeatAgo ?? TimeSpan.FromMinutes(30)),
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    });
}
