using System.Globalization;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Modules.Carbon.Web;

namespace OsakaDx.Modules.Carbon.Tours;

/// <summary>Helpers shared by the tour pages.</summary>
public static class TourText
{
    public static string Schedule(Tour tour)
    {
        ArgumentNullException.ThrowIfNull(tour);
        return tour.Nights == 0 ? "日帰り" : $"{tour.Nights.ToString(CultureInfo.InvariantCulture)}泊{tour.Days.ToString(CultureInfo.InvariantCulture)}日";
    }

    /// <summary>The factors of the set for the current fiscal year (the newest set when none fits).</summary>
    public static async Task<Dictionary<string, Factor>> FactorsAsync(FactorCatalog catalog, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var chosen = await catalog.ChooseAsync(CarbonEndpoints.FiscalYearNow(clock));
        var setId = chosen?.Set.Id ?? (await catalog.EnsureEmbeddedAsync()).Id;
        return await catalog.FactorsAsync(setId);
    }

    public static TourResult? TryCalculate(Tour tour, IReadOnlyDictionary<string, Factor> factors)
    {
        try
        {
            return TourFootprint.Calculate(tour, factors);
        }
        catch (CalculationException)
        {
            return null;
        }
    }
}
