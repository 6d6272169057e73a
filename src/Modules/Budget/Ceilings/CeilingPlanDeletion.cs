// Deleting a what-if ceiling plan (fourth slice): only the 財政局, never the adopted plan, checked
// against the version the confirmation page showed. The plan's figures and transfers are removed as
// tracked entities so that the platform's interceptor audits each row.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Ceilings;

public sealed partial class CeilingService
{
    public async Task<BudgetResult> DeletePlanAsync(BudgetUser user, int planId, long version, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("試算案を削除できるのは財政局だけです。");
        }

        var plan = await db.CeilingPlans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return BudgetResult.VersionConflict();
        }

        if (plan.AdoptedAtUtc is not null)
        {
            return BudgetResult.Deny($"試算案「{plan.Name}」は採用済みのため削除できません（採用した案は記録として残します）。");
        }

        db.CeilingPlanEntries.RemoveRange(await db.CeilingPlanEntries.Where(e => e.PlanId == planId).ToListAsync(cancellationToken));
        db.CeilingTransfers.RemoveRange(await db.CeilingTransfers.Where(t => t.PlanId == planId).ToListAsync(cancellationToken));
        db.Entry(plan).Property(p => p.Version).OriginalValue = version;
        db.CeilingPlans.Remove(plan);
        return await SaveAsync(cancellationToken);
    }
}
