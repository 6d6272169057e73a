using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;

namespace OsakaDx.Carbon.Tests;

/// <summary>Worked examples computed by hand from the official method: usage × factor.</summary>
public sealed class CalculatorTests
{
    private static readonly Dictionary<string, Factor> Embedded =
        FactorCatalog.Parse(new MemoryStream(FactorCatalog.EmbeddedCsv())).ToDictionary(f => f.Key);

    private static IReadOnlyList<EmissionLine> Calc(string key, decimal quantity, Unit unit, string? menu = null) =>
        Calculator.Calculate([new ActivityInput(1, 4, key, quantity, unit)], Embedded, new Dictionary<int, string?> { [1] = menu });

    [Fact]
    public void Gasoline_1000_litres_is_2_29_tonnes()
    {
        // 1,000 L = 1 kL; 1 kL × 2.29 t-CO2/kL = 2.29 t-CO2.
        var line = Assert.Single(Calc("gasoline", 1000m, Unit.L));
        Assert.Equal(1, line.Scope);
        Assert.Equal(1m, line.Quantity);
        Assert.Equal(2_290_000, line.Emission.Grams);
        Assert.Equal("2.290", line.Emission.ToTonnesString());
    }

    [Fact]
    public void City_gas_uses_2_05_tonnes_per_thousand_cubic_metres()
    {
        // 12,345 m³ = 12.345 千m³; 12.345 × 2.05 = 25.30725 t-CO2 = 25,307,250 g.
        var line = Assert.Single(Calc("city_gas", 12_345m, Unit.M3));
        Assert.Equal(2.05m, line.FactorValue);
        Assert.Equal(12.345m, line.Quantity);
        Assert.Equal(25_307_250, line.Emission.Grams);
        Assert.Equal("25.307", line.Emission.ToTonnesString());

        // The same gas entered in 千m³ gives the same result.
        Assert.Equal(25_307_250, Assert.Single(Calc("city_gas", 12.345m, Unit.ThousandM3)).Emission.Grams);
    }

    [Fact]
    public void Electricity_is_calculated_twice_and_never_summed()
    {
        // 10,000 kWh × 0.000429 t/kWh (代替値) = 4.29 t (location-based);
        // 10,000 kWh × 0.000167 t/kWh (FPS メニューC) = 1.67 t (market-based).
        var lines = Calc("electricity", 10_000m, Unit.KWh, "fps_menu_c");
        Assert.Equal(2, lines.Count);
        var totals = EmissionTotals.Of(lines);
        Assert.Equal(4_290_000, totals.Scope2Location.Grams);
        Assert.Equal(1_670_000, totals.Scope2Market.Grams);
        Assert.Equal(0, totals.Scope1.Grams);
        Assert.Equal(4_290_000, totals.Scope12Location.Grams);
        Assert.Equal(1_670_000, totals.Scope12Market.Grams);
    }

    [Fact]
    public void Electricity_without_a_menu_uses_the_substitute_value_for_market_based_too()
    {
        // 2.5 MWh = 2,500 kWh × 0.000429 = 1.0725 t on both bases.
        var totals = EmissionTotals.Of(Calc("electricity", 2.5m, Unit.MWh));
        Assert.Equal(1_072_500, totals.Scope2Location.Grams);
        Assert.Equal(1_072_500, totals.Scope2Market.Grams);
    }

    [Fact]
    public void Lpg_in_kilograms_uses_the_per_tonne_factor()
    {
        // 500 kg = 0.5 t × 2.99 t-CO2/t = 1.495 t.
        Assert.Equal(1_495_000, Assert.Single(Calc("lpg", 500m, Unit.Kg)).Emission.Grams);
    }

    [Fact]
    public void A_year_of_fuel_and_electricity_adds_up_exactly()
    {
        var inputs = new List<ActivityInput>();
        foreach (var m in ActivityKind.FiscalMonths)
        {
            inputs.Add(new ActivityInput(1, m, "electricity", 1_234.5m, Unit.KWh));
            inputs.Add(new ActivityInput(1, m, "kerosene", 33.3m, Unit.L));
        }

        var totals = EmissionTotals.Of(Calculator.Calculate(inputs, Embedded, new Dictionary<int, string?> { [1] = "fps_menu_e" }));

        // Kerosene: 33.3 L = 0.0333 kL × 2.50 = 0.08325 t = 83,250 g a month; × 12 = 999,000 g.
        Assert.Equal(999_000, totals.Scope1.Grams);

        // Electricity location: 1,234.5 × 0.000429 = 0.5296005 t = 529,600.5 g → 529,601 g (half away from zero) a month; × 12.
        Assert.Equal(529_601 * 12, totals.Scope2Location.Grams);

        // Market: 1,234.5 × 0.000305 = 0.3765225 t = 376,522.5 g → 376,523 g a month; × 12.
        Assert.Equal(376_523 * 12, totals.Scope2Market.Grams);
    }

    [Theory]
    [InlineData("0.0000005", 1)]
    [InlineData("0.0000015", 2)]
    [InlineData("0.0000025", 3)]
    [InlineData("0.0000004999", 0)]
    public void Each_line_is_rounded_to_the_gram_half_away_from_zero(string tonnes, long grams) =>
        Assert.Equal(grams, Emission.FromTonnes(decimal.Parse(tonnes, System.Globalization.CultureInfo.InvariantCulture)).Grams);

    [Fact]
    public void Tonnes_are_shown_to_the_kilogram()
    {
        Assert.Equal("1,234.568", new Emission(1_234_567_500).ToTonnesString());
        Assert.Equal("0.000", new Emission(499).ToTonnesString());
        Assert.Equal("0.001", new Emission(500).ToTonnesString());
    }

    [Theory]
    [InlineData("MWh", "kWh", "1.5", "1500")]
    [InlineData("kL", "L", "2", "2000")]
    [InlineData("千m3", "m3", "1.2", "1200")]
    [InlineData("m3", "kL", "7", "7")]
    [InlineData("t", "kg", "0.25", "250")]
    [InlineData("kg", "t", "1", "0.001")]
    [InlineData("ｋＷｈ", "MWh", "500", "0.5")]
    [InlineData("千㎥", "m3", "1", "1000")]
    public void Units_convert_exactly(string from, string to, string quantity, string expected)
    {
        Assert.True(Unit.TryParse(from, out var source));
        Assert.True(Unit.TryParse(to, out var target));
        var q = decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), source.ConvertTo(q, target));
    }

    [Fact]
    public void A_unit_of_another_kind_is_refused_in_japanese()
    {
        var ex = Assert.Throws<CalculationException>(() => Calc("gasoline", 100m, Unit.KWh));
        Assert.Contains("kL あたりの値のため、kWh の量には使えません", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_factor_is_never_used()
    {
        var ex = Assert.Throws<CalculationException>(() => Calc("electricity", 100m, Unit.KWh, "kansai_basic"));
        Assert.Contains("GAP", ex.Message, StringComparison.Ordinal);
    }
}
