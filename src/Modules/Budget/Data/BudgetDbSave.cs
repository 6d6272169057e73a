using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Data;

public partial class BudgetDb
{
    /// <summary>
    /// Saves the tracked changes; when a row's version no longer matches (someone else saved first),
    /// forgets the tracked changes and reports a version conflict instead of overwriting.
    /// </summary>
    internal async Task<BudgetResult> SaveOrConflictAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SaveChangesAsync(cancellationToken);
            return BudgetResult.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            ChangeTracker.Clear();
            return BudgetResult.VersionConflict();
        }
    }
}
