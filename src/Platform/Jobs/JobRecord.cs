using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Jobs;

/// <summary>A persistent background job. Rows survive restarts; see JobRunner for recovery.</summary>
[NotAudited] // progress ticks would flood the audit log; enqueue and cancel are audited explicitly.
public sealed class JobRecord
{
    public Guid Id { get; set; }

    /// <summary>Handler key, e.g. "platform.audit-export".</summary>
    public string Kind { get; set; } = "";

    /// <summary>What the user sees: 「監査ログのCSV書き出し」.</summary>
    public string Title { get; set; } = "";

    public JobStatus Status { get; set; }

    public long Done { get; set; }

    public long? Total { get; set; }

    public string? Message { get; set; }

    public string? Error { get; set; }

    /// <summary>Input of the job as JSON.</summary>
    public string? Payload { get; set; }

    /// <summary>Where a resumable handler left off, as it chose to record it.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>Relative path (under the data folder) of a file the job produced.</summary>
    public string? ResultFile { get; set; }

    public string? RequestedBy { get; set; }

    public string? LeaseOwner { get; set; }

    public int Attempts { get; set; }

    public bool CancelRequested { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? StartedAtUtc { get; set; }

    public DateTime? HeartbeatAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }
}

public enum JobStatus
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Canceled = 4,
}

public static class JobStatusNames
{
    public static string ToJapanese(this JobStatus status) => status switch
    {
        JobStatus.Queued => "待機中",
        JobStatus.Running => "実行中",
        JobStatus.Succeeded => "完了",
        JobStatus.Failed => "失敗",
        JobStatus.Canceled => "取消",
        _ => status.ToString(),
    };
}
