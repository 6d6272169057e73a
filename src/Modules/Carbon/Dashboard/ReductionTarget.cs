// A linear reduction target: each year the allowed emissions fall by a fixed percentage of the
// base year's (absolute contraction, as the SBT 1.5℃ path of 4.2% a year). Compared on
// Scope 1 + Scope 2 market-based, the basis a business can act on by choosing its electricity.
using OsakaDx.Modules.Carbon.Calc;

namespace OsakaDx.Modules.Carbon.Dashboard;

public sealed record ReductionTarget(int BaseYear, decimal PercentPerYear, Emission BaseEmission)
{
    /// <summary>The target for a year: base × (1 − rate × years since base), never below zero; rounded to the gram.</summary>
    public Emission For(int fiscalYear)
    {
        var factor = 1m - (PercentPerYear / 100m * (fiscalYear - BaseYear));
        return factor <= 0 ? Emission.Zero : new Emission((long)Math.Round(BaseEmission.Grams * factor, 0, MidpointRounding.AwayFromZero));
    }

    /// <summary>Actual reduction against the base year as a percentage (one decimal); null when the base is zero.</summary>
    public decimal? AchievedPercent(Emission actual) =>
        BaseEmission.Grams == 0 ? null : Math.Round((BaseEmission.Grams - actual.Grams) * 100m / BaseEmission.Grams, 1, MidpointRounding.AwayFromZero);
}
