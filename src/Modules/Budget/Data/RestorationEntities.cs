// 復活要求 (fifth slice): the 所属 asks back part of what the 内示 cut from a request; the 財政局
// answers it in the 局長査定 stage. Kept in its own files so parallel work on the module merges cleanly.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

public enum RestorationState
{
    /// <summary>Filed by the 所属, waiting for the 財政局's answer.</summary>
    Filed = 10,

    /// <summary>Withdrawn by the 所属 before it was answered.</summary>
    Withdrawn = 20,

    /// <summary>認める: the granted amount was added to the request's 査定額.</summary>
    Granted = 30,

    /// <summary>認めない.</summary>
    Refused = 40,
}

/// <summary>One 復活要求 of a 所属 on one request (事業). At most one is 提出中 per request (the service checks).</summary>
public sealed class RestorationRequest : IVersioned
{
    public int Id { get; set; }

    public int RequestId { get; set; }

    public int Year { get; set; }

    /// <summary>The 所属 of the request's 事業 (for the list's filter and the examiner scope).</summary>
    public int OrgUnitId { get; set; }

    /// <summary>復活要求額, yen: on top of the 内示 査定, at most 要求額 − 査定額 when filed.</summary>
    public long Amount { get; set; }

    public string Reason { get; set; } = "";

    public RestorationState State { get; set; }

    /// <summary>The 査定額 of the request when the 復活要求 was filed (for the list and the answer).</summary>
    public long AssessedAtFiling { get; set; }

    /// <summary>認める: the amount added to the 査定額 (≤ Amount); 0 for 認めない; null until answered.</summary>
    public long? GrantedAmount { get; set; }

    public string? AnswerComment { get; set; }

    public string FiledBy { get; set; } = "";

    public DateTime FiledAtUtc { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTime? AnsweredAtUtc { get; set; }

    public long Version { get; set; }
}

public partial class BudgetDb
{
    public DbSet<RestorationRequest> Restorations => Set<RestorationRequest>();

    private static void ConfigureRestoration(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<RestorationRequest>(e =>
        {
            e.ToTable("Restorations");
            e.HasIndex(x => x.RequestId);
            e.HasIndex(x => new { x.Year, x.OrgUnitId, x.State });
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.Property(x => x.AnswerComment).HasMaxLength(1000);
            e.Property(x => x.FiledBy).HasMaxLength(100);
            e.Property(x => x.AnsweredBy).HasMaxLength(100);
            e.HasOne<BudgetRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
}
