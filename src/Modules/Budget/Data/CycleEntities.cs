// The coordination side of a year's cycle: what-if ceiling plans and transfers between 区,
// examiner assignments and the 財政局 hearing threads. Kept apart from Entities.cs so that the
// request-content work can change that file independently.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

/// <summary>
/// A named what-if copy of a year's ceiling plan. The adopted plan is the year's <see cref="Ceiling"/>
/// rows; a what-if plan is copied from them, edited, compared, and adopted (its figures then replace
/// the adopted ones).
/// </summary>
public sealed class CeilingPlan : IVersioned
{
    public int Id { get; set; }

    public int Year { get; set; }

    public string Name { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When this plan was adopted (its figures copied into the year's ceilings); null = still a what-if.</summary>
    public DateTime? AdoptedAtUtc { get; set; }

    public string? AdoptedBy { get; set; }

    public long Version { get; set; }
}

/// <summary>The 一般財源 ceiling of one 所属 in a what-if plan.</summary>
public sealed class CeilingPlanEntry : IVersioned
{
    public int Id { get; set; }

    public int PlanId { get; set; }

    public int OrgUnitId { get; set; }

    public long GeneralFundLimit { get; set; }

    public long Version { get; set; }
}

/// <summary>A move of ceiling between two 区 (the sum over the 区 stays the same), with its reason.</summary>
public sealed class CeilingTransfer
{
    public int Id { get; set; }

    public int Year { get; set; }

    /// <summary>The what-if plan the transfer was made in; null = the adopted ceilings.</summary>
    public int? PlanId { get; set; }

    public int FromOrgUnitId { get; set; }

    public int ToOrgUnitId { get; set; }

    public long Amount { get; set; }

    public string Reason { get; set; } = "";

    public string By { get; set; } = "";

    public DateTime AtUtc { get; set; }
}

/// <summary>担当査定者: an examiner in charge of a 所属 for a year's cycle.</summary>
public sealed class ExaminerAssignment
{
    public int Id { get; set; }

    public int Year { get; set; }

    public int OrgUnitId { get; set; }

    /// <summary>The platform user name of the examiner.</summary>
    public string UserName { get; set; } = "";

    public string AssignedBy { get; set; } = "";

    public DateTime AssignedAtUtc { get; set; }
}

/// <summary>A hearing thread (ヒアリング) on a request, or on one of its 積算 lines.</summary>
public sealed class HearingThread : IVersioned
{
    public int Id { get; set; }

    public int RequestId { get; set; }

    /// <summary>The 積算 line the thread is about; null = the whole 事業 (or the line was deleted since).</summary>
    public int? LineId { get; set; }

    /// <summary>The line's item when the thread was opened, kept in case the line is deleted.</summary>
    public string? LineLabel { get; set; }

    public string Subject { get; set; } = "";

    public bool Resolved { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public string LastPostBy { get; set; } = "";

    public DateTime LastPostAtUtc { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTime? ResolvedAtUtc { get; set; }

    public long Version { get; set; }
}

/// <summary>One message of a hearing thread. Never edited: the thread is the record of the hearing.</summary>
public sealed class HearingPost
{
    public int Id { get; set; }

    public int ThreadId { get; set; }

    public string Author { get; set; } = "";

    public string AuthorName { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTime PostedAtUtc { get; set; }
}
