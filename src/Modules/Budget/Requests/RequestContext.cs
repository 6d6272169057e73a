using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>前年度現計 (予算現額) and 決算 (支出済) of a 事業 from the last execution import of the year before.</summary>
public sealed record PreviousExecution(long CurrentBudget, long Spent, DateOnly? AsOf)
{
    public string AsOfText => AsOf is { } d ? d.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) : "基準日不明";
}

/// <summary>Figures shown beside a request that are not part of it.</summary>
public static class RequestContext
{
    public static async Task<PreviousExecution?> PreviousExecutionAsync(BudgetDb db, int projectId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await db.Executions.AsNoTracking().Where(e => e.Year == year - 1 && e.ProjectId == projectId)
            .GroupBy(e => e.ProjectId).Select(g => new { Current = g.Sum(e => e.CurrentBudget), Spent = g.Sum(e => e.Spent) }).FirstOrDefaultAsync(cancellationToken);
        if (rows is null)
        {
            return null;
        }

        var asOf = await db.ExecutionImports.AsNoTracking().Where(i => i.Year == year - 1).OrderByDescending(i => i.Id).Select(i => (DateOnly?)i.AsOf).FirstOrDefaultAsync(cancellationToken);
        return new PreviousExecution(rows.Current, rows.Spent, asOf);
    }

    /// <summary>Σ of the lines' 補助 shares per source; null for a source no line carries a rate for.</summary>
    public static (long? National, long? Prefectural) RateShares(IEnumerable<RequestLine> lines)
    {
        long? national = null, prefectural = null;
        foreach (var l in lines)
        {
            if (l.SubsidySource == SubsidySource.National)
            {
                national = (national ?? 0) + l.SubsidyAmount;
            }
            else if (l.SubsidySource == SubsidySource.Prefectural)
            {
                prefectural = (prefectural ?? 0) + l.SubsidyAmount;
            }
        }

        return (national, prefectural);
    }
}
