using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;

namespace OsakaDx.Modules.Carbon.Dashboard;

/// <summary>Loads what a dashboard needs: the latest run of the year and of the year before.</summary>
public static class DashboardLoader
{
    public static async Task<DashboardReport?> LoadAsync(IServiceProvider services, int businessId, int fiscalYear, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var db = services.GetRequiredService<CarbonDb>();
        var calc = services.GetRequiredService<CalculationService>();
        var catalog = services.GetRequiredService<FactorCatalog>();
        var business = await db.Businesses.AsNoTracking().FirstOrDefaultAsync(b => b.Id == businessId, cancellationToken);
        var run = business is null ? null : await calc.LatestAsync(businessId, fiscalYear, withLines: true, cancellationToken);
        if (business is null || run is null)
        {
            return null;
        }

        var previous = await calc.LatestAsync(businessId, fiscalYear - 1, withLines: true, cancellationToken);
        var sites = await db.Sites.AsNoTracking().Where(s => s.BusinessId == businessId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var factors = await catalog.FactorsAsync(run.FactorSetId, cancellationToken);
        var siteIds = sites.Select(s => s.Id).ToList();
        var costs = await (from l in db.Lines.AsNoTracking()
                           join s in db.Sheets on l.ActivitySheetId equals s.Id
                           where siteIds.Contains(s.SiteId) && s.FiscalYear == fiscalYear && l.CostYen != null
                           select new { l.ActivityKey, l.Month, l.CostYen }).ToListAsync(cancellationToken);
        return DashboardReport.Build(business, sites, run, previous, factors, costs.Select(c => (c.ActivityKey, c.Month, c.CostYen)).ToList());
    }
}
