// The official method for energy-origin CO2 (温対法 算定・報告・公表制度):
//   fuel:        CO2 [t] = usage [factor unit] × factor [t-CO2/unit]
//   electricity: CO2 [t] = usage [kWh] × factor [t-CO2/kWh]
// Arithmetic is decimal and exact; each line is rounded once, to the gram, half away from zero.
// Totals are exact sums of the rounded lines. Scope 2 is computed twice (location-based with the
// 代替値, market-based with the retailer menu) and the two are never added together.
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Modules.Carbon.Calc;

/// <summary>One month's quantity of an activity at a site, as entered.</summary>
public sealed record ActivityInput(int SiteId, int Month, string ActivityKey, decimal Quantity, Unit Unit);

/// <summary>
/// A yearly entry: a gas released (Scope 1; <paramref name="Key"/> is the gas code) or a Scope 3
/// activity or spend (<paramref name="Key"/> is the factor key, <paramref name="Category"/> 1–15).
/// </summary>
public sealed record YearInput(int Scope, int Category, string Key, decimal Quantity, Unit Unit);

/// <summary>One calculated line. Year entries have site 0 and month 0.</summary>
public sealed record EmissionLine(int SiteId, int Month, string ActivityKey, int Scope, string Method, decimal Quantity, string FactorKey, decimal FactorValue, Emission Emission, int Category = 0);

/// <summary>Scope 1, Scope 2 by both methods, and Scope 3, kept apart.</summary>
public sealed record EmissionTotals(Emission Scope1, Emission Scope2Location, Emission Scope2Market, Emission Scope3 = default)
{
    public static EmissionTotals Of(IEnumerable<EmissionLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Emission s1 = default, loc = default, mkt = default, s3 = default;
        foreach (var l in lines)
        {
            switch (l.Method)
            {
                case Calculator.Location:
                    loc += l.Emission;
                    break;
                case Calculator.Market:
                    mkt += l.Emission;
                    break;
                default:
                    if (l.Scope == 3)
                    {
                        s3 += l.Emission;
                    }
                    else
                    {
                        s1 += l.Emission;
                    }

                    break;
            }
        }

        return new(s1, loc, mkt, s3);
    }

    /// <summary>Scope 1 + Scope 2 (location-based): a labelled total, never mixed with market-based.</summary>
    public Emission Scope12Location => Scope1 + Scope2Location;

    /// <summary>Scope 1 + Scope 2 (market-based).</summary>
    public Emission Scope12Market => Scope1 + Scope2Market;
}

/// <summary>A problem that stops a calculation; the message is for the user.</summary>
public sealed class CalculationException(string message) : Exception(message);

/// <summary>Applies a factor set to activity data.</summary>
public static class Calculator
{
    public const string Location = "location";
    public const string Market = "market";

    /// <summary>Calculates every line. <paramref name="menuBySite"/> gives each site's retailer-menu factor key (market-based).</summary>
    /// <exception cref="CalculationException">A factor is missing, has no value (GAP) or a unit that does not match.</exception>
    /// <param name="heatBySite">Each site's heat supplier factor key; a site without one uses <see cref="ActivityKind.HeatDefaultFactorKey"/>.</param>
    public static IReadOnlyList<EmissionLine> Calculate(IEnumerable<ActivityInput> inputs, IReadOnlyDictionary<string, Factor> factors, IReadOnlyDictionary<int, string?> menuBySite, IReadOnlyDictionary<int, string?>? heatBySite = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(menuBySite);
        var result = new List<EmissionLine>();
        foreach (var input in inputs)
        {
            var kind = ActivityKind.Find(input.ActivityKey) ?? throw new CalculationException($"活動の種類「{input.ActivityKey}」は計算できません。");
            if (kind.Scope == 1)
            {
                result.Add(Line(input, 1, "", Require(factors, kind.Key)));
            }
            else if (kind.IsHeat)
            {
                // Heat has one factor (the supplier's, else the default); it enters both Scope 2 figures alike.
                var heat = Require(factors, heatBySite?.GetValueOrDefault(input.SiteId) ?? ActivityKind.HeatDefaultFactorKey);
                result.Add(Line(input, 2, Location, heat));
                result.Add(Line(input, 2, Market, heat));
            }
            else
            {
                result.Add(Line(input, 2, Location, Require(factors, ActivityKind.LocationFactorKey)));
                var menu = menuBySite.GetValueOrDefault(input.SiteId) ?? ActivityKind.LocationFactorKey;
                result.Add(Line(input, 2, Market, Require(factors, menu)));
            }
        }

        return result;
    }

    /// <summary>
    /// Lines of the yearly entries: gases with the chosen GWP set (factor key gwp_{set}_{gas},
    /// t-CO2e per t of gas), and Scope 3 entries with their own factor, which must be a Scope 3 factor.
    /// </summary>
    /// <exception cref="CalculationException">Unknown GWP set, gas or factor, GAP value or unit mismatch.</exception>
    public static IReadOnlyList<EmissionLine> CalculateYear(IEnumerable<YearInput> inputs, IReadOnlyDictionary<string, Factor> factors, string gwpSet)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(factors);
        if (!Gas.GwpSets.Contains(gwpSet))
        {
            throw new CalculationException($"GWP の版「{gwpSet}」は使えません（{string.Join("・", Gas.GwpSets)}）。");
        }

        var result = new List<EmissionLine>();
        foreach (var input in inputs)
        {
            Factor factor;
            if (input.Scope == 1)
            {
                var gas = Gas.Find(input.Key) ?? throw new CalculationException($"ガス「{input.Key}」は計算できません。");
                factor = Require(factors, Gas.FactorKey(gwpSet, gas.Code));
            }
            else
            {
                factor = Require(factors, input.Key);
                if (factor.Scope != 3)
                {
                    throw new CalculationException($"係数「{factor.Name}」は Scope 3 の係数ではありません。");
                }
            }

            var (quantity, emission) = Apply(input.Quantity, input.Unit, factor);
            result.Add(new EmissionLine(0, 0, input.Key, input.Scope, "", quantity, factor.Key, factor.Value!.Value, emission, input.Scope == 3 ? input.Category : 0));
        }

        return result;
    }

    /// <summary>t-CO2 for a quantity: converted into the factor's unit, multiplied, rounded to the gram.</summary>
    public static (decimal Quantity, Emission Emission) Apply(decimal quantity, Unit unit, Factor factor)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(factor);
        if (!Unit.TryParse(factor.UnitCode, out var factorUnit))
        {
            throw new CalculationException($"係数「{factor.Name}」の単位「{factor.UnitCode}」を読めません。");
        }

        if (factorUnit.Dimension != unit.Dimension)
        {
            throw new CalculationException($"「{factor.Name}」の係数は {factorUnit.Label} あたりの値のため、{unit.Label} の量には使えません。");
        }

        if (factor.Value is not { } value)
        {
            throw new CalculationException($"係数「{factor.Name}」は値が未確認（GAP）のため計算できません。係数カタログに公式の値を取り込んでください。");
        }

        var converted = unit.ConvertTo(quantity, factorUnit);
        return (converted, Emission.FromTonnes(converted * value));
    }

    private static EmissionLine Line(ActivityInput input, int scope, string method, Factor factor)
    {
        var (quantity, emission) = Apply(input.Quantity, input.Unit, factor);
        return new EmissionLine(input.SiteId, input.Month, input.ActivityKey, scope, method, quantity, factor.Key, factor.Value!.Value, emission);
    }

    private static Factor Require(IReadOnlyDictionary<string, Factor> factors, string key) =>
        factors.TryGetValue(key, out var f)
            ? f
            : throw new CalculationException($"係数「{key}」がこの係数版にありません。");
}
