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

/// <summary>One calculated line.</summary>
public sealed record EmissionLine(int SiteId, int Month, string ActivityKey, int Scope, string Method, decimal Quantity, string FactorKey, decimal FactorValue, Emission Emission);

/// <summary>Scope 1, and Scope 2 by both methods, kept apart.</summary>
public sealed record EmissionTotals(Emission Scope1, Emission Scope2Location, Emission Scope2Market)
{
    public static EmissionTotals Of(IEnumerable<EmissionLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Emission s1 = default, loc = default, mkt = default;
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
                    s1 += l.Emission;
                    break;
            }
        }

        return new(s1, loc, mkt);
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
    public static IReadOnlyList<EmissionLine> Calculate(IEnumerable<ActivityInput> inputs, IReadOnlyDictionary<string, Factor> factors, IReadOnlyDictionary<int, string?> menuBySite)
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
            else
            {
                result.Add(Line(input, 2, Location, Require(factors, ActivityKind.LocationFactorKey)));
                var menu = menuBySite.GetValueOrDefault(input.SiteId) ?? ActivityKind.LocationFactorKey;
                result.Add(Line(input, 2, Market, Require(factors, menu)));
            }
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
