// Anonymized comparison with businesses of the same industry: only the median and quartiles of
// emissions per sales are shown, and only when at least five businesses (this one included) have
// a result for the year, the same threshold as the city's aggregates.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Modules.Carbon.Dashboard;

public sealed record PeerComparison(int Count, decimal Own, decimal Lower, decimal Median, decimal Upper)
{
    public const int MinimumPeers = 5;

    /// <summary>t-CO2 per 百万円 of sales, Scope 1 + Scope 2 market-based, of each business's latest run of the year.</summary>
    public static async Task<PeerComparison?> LoadAsync(CarbonDb db, Business business, int fiscalYear, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(business);
        // Only the peers' latest runs of the year: a correlated MAX over the (BusinessId, FiscalYear, Id)
        // index, restricted to the industry first, so a page view reads a few hundred rows, not every
        // business of the city.
        var rows = await (from r in db.Runs.AsNoTracking()
                          join b in db.Businesses on r.BusinessId equals b.Id
                          where r.FiscalYear == fiscalYear && b.IndustryCode == business.IndustryCode && b.AnnualSalesYen > 0
                                && r.Id == db.Runs.Where(x => x.BusinessId == r.BusinessId && x.FiscalYear == fiscalYear).Max(x => x.Id)
                          select new { b.Id, Grams = r.Scope1Grams + r.Scope2MarketGrams, b.AnnualSalesYen }).ToListAsync(cancellationToken);
        if (rows.Count < MinimumPeers || rows.All(r => r.Id != business.Id))
        {
            return null;
        }

        var values = rows.Select(r => r.Grams / 1_000_000m / (r.AnnualSalesYen / 1_000_000m)).Order().ToList();
        var own = rows.Where(r => r.Id == business.Id).Select(r => r.Grams / 1_000_000m / (r.AnnualSalesYen / 1_000_000m)).Single();
        return new PeerComparison(rows.Count, Round(own), Round(Quantile(values, 0.25m)), Round(Quantile(values, 0.5m)), Round(Quantile(values, 0.75m)));
    }

    /// <summary>Linear interpolation between the closest ranks (the method Excel's QUARTILE.INC uses).</summary>
    public static decimal Quantile(IReadOnlyList<decimal> sorted, decimal p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var position = (sorted.Count - 1) * p;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    private static decimal Round(decimal value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
