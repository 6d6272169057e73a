using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Dashboard;

namespace OsakaDx.Carbon.Tests;

/// <summary>The reduction simulator on a hand-computed year with the default assumptions.</summary>
public sealed class SimulatorTests
{
    // 100,000 kWh at 0.000429 (42.9 t), 2,000 L gasoline (4.58 t), 10,000 m³ city gas (20.5 t): Scope 1+2 = 67.98 t.
    private static readonly SimulatorBaseline Year = new(100_000m, 42.9m, 2_000m, 2.29m, 10_000m, 2.05m, 0m, 2.50m, Emission.FromTonnes(67.98m), null);

    private static MeasureResult Of(string key, SimulatorAssumptions? a = null) =>
        ReductionSimulator.Run(Year, a ?? new SimulatorAssumptions()).Single(r => r.Key == key);

    [Fact]
    public void Led_saves_half_of_the_lighting_share()
    {
        // 100,000 × 20% × 50% = 10,000 kWh × 0.000429 = 4.29 t; 10,000 × 30 円 = 300,000 円; 1,000,000 ÷ 300,000 = 3.33 → 3.3 years; 4.29 ÷ 67.98 = 6.31%.
        var led = Of("led");
        Assert.Equal(4_290_000, led.Reduction.Grams);
        Assert.Equal(300_000, led.AnnualSavingYen);
        Assert.Equal(3.3m, led.PaybackYears);
        Assert.Equal(6.3m, led.ReductionPercent);
    }

    [Fact]
    public void Ev_counts_the_added_electricity()
    {
        // 1,000 L replaced = 12,000 km = 2,000 kWh. 1 kL × 2.29 − 2,000 × 0.000429 = 1.432 t. 170,000 − 60,000 = 110,000 円. 1,500,000 ÷ 110,000 = 13.6 years.
        var ev = Of("ev");
        Assert.Equal(1_432_000, ev.Reduction.Grams);
        Assert.Equal(110_000, ev.AnnualSavingYen);
        Assert.Equal(13.6m, ev.PaybackYears);
    }

    [Fact]
    public void Insulation_solar_and_a_renewable_menu()
    {
        // Insulation: 1,500 m³ gas = 3.075 t, 3,000 kWh = 1.287 t → 4.362 t; 225,000 + 90,000 = 315,000 円; 3,000,000 ÷ 315,000 = 9.5 years.
        var ins = Of("insulation");
        Assert.Equal(4_362_000, ins.Reduction.Grams);
        Assert.Equal(315_000, ins.AnnualSavingYen);
        Assert.Equal(9.5m, ins.PaybackYears);

        // Solar: 10 kW × 1,100 × 90% = 9,900 kWh × 0.000429 = 4.2471 t; 297,000 円; 2,500,000 ÷ 297,000 = 8.4 years.
        var solar = Of("solar");
        Assert.Equal(4_247_100, solar.Reduction.Grams);
        Assert.Equal(8.4m, solar.PaybackYears);

        // A zero-emission menu removes all 42.9 t of electricity for 1 円/kWh more: no investment, cost goes up.
        var menu = Of("renewable");
        Assert.Equal(42_900_000, menu.Reduction.Grams);
        Assert.Equal(-100_000, menu.AnnualSavingYen);
        Assert.Null(menu.PaybackYears);

        // Editing an assumption changes the result: LED on 40% lighting doubles it.
        Assert.Equal(8_580_000, Of("led", new SimulatorAssumptions { LightingSharePercent = 40m }).Reduction.Grams);
    }
}
