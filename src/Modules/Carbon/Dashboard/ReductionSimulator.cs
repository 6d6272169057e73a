// The reduction simulator: what-if measures on a year's actual use. Every assumption is editable
// on the page; the defaults are round illustrative figures (not from an official source; see the
// README), and the page says so. Arithmetic is decimal: energy and money are exact products of the
// inputs, CO2 is rounded once to the gram per measure (Emission.FromTonnes), yen to the yen and
// payback years to one decimal, half away from zero.
using System.Globalization;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Modules.Carbon.Dashboard;

/// <summary>What a year actually used, from a stored run (and the bill amounts when entered).</summary>
public sealed record SimulatorBaseline(
    decimal ElectricityKWh, decimal ElectricityTonnesMarket, decimal GasolineL, decimal GasolineFactorPerKL,
    decimal CityGasM3, decimal CityGasFactorPerThousandM3, decimal KeroseneL, decimal KeroseneFactorPerKL,
    Emission Scope12Market, decimal? ElectricityYenPerKWh)
{
    /// <summary>The year's average market-based electricity factor (t-CO2/kWh); 0 without electricity.</summary>
    public decimal ElectricityFactor => ElectricityKWh > 0 ? ElectricityTonnesMarket / ElectricityKWh : 0m;

    public static SimulatorBaseline From(CalculationRun run, IReadOnlyList<(string Key, int Month, long? Yen)> costs)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(costs);
        var market = run.Lines.Where(l => l.ActivityKey == ActivityKind.Electricity && l.Method == Calculator.Market).ToList();
        var kwh = market.Sum(l => l.Quantity);
        decimal Sum(string key) => run.Lines.Where(l => l.ActivityKey == key).Sum(l => l.Quantity);
        decimal FactorOf(string key) => run.Lines.FirstOrDefault(l => l.ActivityKey == key)?.FactorValue ?? 0m;
        var electricityYen = costs.Where(c => c.Key == ActivityKind.Electricity && c.Yen is not null).Sum(c => c.Yen!.Value);
        var costedMonths = costs.Where(c => c.Key == ActivityKind.Electricity && c.Yen is not null).Select(c => c.Month).ToHashSet();
        var costedKWh = market.Where(l => costedMonths.Contains(l.Month)).Sum(l => l.Quantity);
        return new SimulatorBaseline(
            kwh, market.Sum(l => l.Grams) / 1_000_000m,
            Sum("gasoline") * 1000m, FactorOf("gasoline"),
            Sum("city_gas") * 1000m, FactorOf("city_gas"),
            Sum("kerosene") * 1000m, FactorOf("kerosene"),
            new Emission(run.Scope1Grams + run.Scope2MarketGrams),
            costedKWh > 0 ? Math.Round(electricityYen / costedKWh, 2, MidpointRounding.AwayFromZero) : null);
    }
}

/// <summary>The editable assumptions, with their defaults.</summary>
public sealed record SimulatorAssumptions
{
    public decimal ElectricityYenPerKWh { get; init; } = 30m;
    public decimal GasolineYenPerL { get; init; } = 170m;
    public decimal CityGasYenPerM3 { get; init; } = 150m;
    public decimal KeroseneYenPerL { get; init; } = 120m;

    /// <summary>LED: share of electricity used for lighting, saving of LED against the old lamps, cost.</summary>
    public decimal LightingSharePercent { get; init; } = 20m;
    public decimal LedSavingPercent { get; init; } = 50m;
    public decimal LedCostYen { get; init; } = 1_000_000m;

    /// <summary>Efficient air conditioning: share of electricity, saving, cost.</summary>
    public decimal AirconSharePercent { get; init; } = 30m;
    public decimal AirconSavingPercent { get; init; } = 30m;
    public decimal AirconCostYen { get; init; } = 5_000_000m;

    /// <summary>Renewable electricity menu: its factor (t-CO2/kWh) and the extra price per kWh.</summary>
    public decimal RenewableFactor { get; init; }
    public decimal RenewableExtraYenPerKWh { get; init; } = 1m;

    /// <summary>Solar self-consumption: capacity, yearly yield per kW, share used on site, cost per kW.</summary>
    public decimal SolarKw { get; init; } = 10m;
    public decimal SolarKWhPerKw { get; init; } = 1_100m;
    public decimal SolarSelfUsePercent { get; init; } = 90m;
    public decimal SolarYenPerKw { get; init; } = 250_000m;

    /// <summary>EV: share of gasoline replaced, car and EV efficiency, extra cost.</summary>
    public decimal EvSharePercent { get; init; } = 50m;
    public decimal CarKmPerL { get; init; } = 12m;
    public decimal EvKmPerKWh { get; init; } = 6m;
    public decimal EvExtraCostYen { get; init; } = 1_500_000m;

    /// <summary>Insulation: saving on heating fuels (city gas, kerosene) and on air-conditioning electricity, cost.</summary>
    public decimal InsulationFuelSavingPercent { get; init; } = 15m;
    public decimal InsulationAirconSavingPercent { get; init; } = 10m;
    public decimal InsulationCostYen { get; init; } = 3_000_000m;
}

/// <summary>One measure's result.</summary>
public sealed record MeasureResult(string Key, string Name, string How, Emission Reduction, decimal ReductionPercent, long InvestmentYen, long AnnualSavingYen, decimal? PaybackYears);

public static class ReductionSimulator
{
    public static IReadOnlyList<MeasureResult> Run(SimulatorBaseline b, SimulatorAssumptions a)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(a);
        var ef = b.ElectricityFactor;
        var results = new List<MeasureResult>();

        var ledKWh = b.ElectricityKWh * a.LightingSharePercent / 100m * a.LedSavingPercent / 100m;
        results.Add(Measure(b, "led", "LED照明", $"照明の電気 {P(a.LightingSharePercent)} のうち {P(a.LedSavingPercent)} を削減：{K(ledKWh)} kWh/年",
            ledKWh * ef, a.LedCostYen, ledKWh * a.ElectricityYenPerKWh));

        var airKWh = b.ElectricityKWh * a.AirconSharePercent / 100m * a.AirconSavingPercent / 100m;
        results.Add(Measure(b, "aircon", "高効率空調", $"空調の電気 {P(a.AirconSharePercent)} のうち {P(a.AirconSavingPercent)} を削減：{K(airKWh)} kWh/年",
            airKWh * ef, a.AirconCostYen, airKWh * a.ElectricityYenPerKWh));

        var renewable = b.ElectricityKWh * Math.Max(0m, ef - a.RenewableFactor);
        results.Add(Measure(b, "renewable", "再エネ電気メニューへの切替", $"電気 {K(b.ElectricityKWh)} kWh の係数を {F(ef)} → {F(a.RenewableFactor)} t-CO2/kWh に。追加料金 {K(a.RenewableExtraYenPerKWh)} 円/kWh",
            renewable, 0m, -(b.ElectricityKWh * a.RenewableExtraYenPerKWh)));

        var solarKWh = Math.Min(b.ElectricityKWh, a.SolarKw * a.SolarKWhPerKw * a.SolarSelfUsePercent / 100m);
        results.Add(Measure(b, "solar", "太陽光発電の自家消費", $"{K(a.SolarKw)} kW × {K(a.SolarKWhPerKw)} kWh/kW × 自家消費 {P(a.SolarSelfUsePercent)}：{K(solarKWh)} kWh/年（年間使用量が上限）",
            solarKWh * ef, a.SolarKw * a.SolarYenPerKw, solarKWh * a.ElectricityYenPerKWh));

        var evL = b.GasolineL * a.EvSharePercent / 100m;
        var evKWh = a.EvKmPerKWh > 0 ? evL * a.CarKmPerL / a.EvKmPerKWh : 0m;
        results.Add(Measure(b, "ev", "電気自動車（EV）への更新", $"ガソリン {K(evL)} L/年 を EV に（{K(evL * a.CarKmPerL)} km、電気 {K(evKWh)} kWh/年 増）",
            (evL / 1000m * b.GasolineFactorPerKL) - (evKWh * ef), a.EvExtraCostYen, (evL * a.GasolineYenPerL) - (evKWh * a.ElectricityYenPerKWh)));

        var gasSaved = b.CityGasM3 * a.InsulationFuelSavingPercent / 100m;
        var keroseneSaved = b.KeroseneL * a.InsulationFuelSavingPercent / 100m;
        var insKWh = b.ElectricityKWh * a.AirconSharePercent / 100m * a.InsulationAirconSavingPercent / 100m;
        results.Add(Measure(b, "insulation", "断熱（窓・屋根など）", $"都市ガス・灯油の {P(a.InsulationFuelSavingPercent)}、空調の電気の {P(a.InsulationAirconSavingPercent)} を削減",
            (gasSaved / 1000m * b.CityGasFactorPerThousandM3) + (keroseneSaved / 1000m * b.KeroseneFactorPerKL) + (insKWh * ef),
            a.InsulationCostYen, (gasSaved * a.CityGasYenPerM3) + (keroseneSaved * a.KeroseneYenPerL) + (insKWh * a.ElectricityYenPerKWh)));
        return results;
    }

    private static MeasureResult Measure(SimulatorBaseline b, string key, string name, string how, decimal tonnes, decimal investment, decimal saving)
    {
        var reduction = Emission.FromTonnes(tonnes);
        var yen = (long)Math.Round(saving, 0, MidpointRounding.AwayFromZero);
        var invest = (long)Math.Round(investment, 0, MidpointRounding.AwayFromZero);
        var percent = b.Scope12Market.Grams > 0 ? Math.Round(reduction.Grams * 100m / b.Scope12Market.Grams, 1, MidpointRounding.AwayFromZero) : 0m;
        decimal? payback = invest > 0 && yen > 0 ? Math.Round((decimal)invest / yen, 1, MidpointRounding.AwayFromZero) : null;
        return new MeasureResult(key, name, how, reduction, percent, invest, yen, payback);
    }

    private static string P(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string K(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("#,##0.#", CultureInfo.InvariantCulture);

    private static string F(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
