using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;

namespace OsakaDx.Carbon.Tests;

/// <summary>Worked examples, computed by hand, for heat, gases with a GWP set, and Scope 3 (spend and activity).</summary>
public sealed class NewFactorKindTests
{
    private static readonly Dictionary<string, Factor> Embedded =
        FactorCatalog.Parse(new MemoryStream(FactorCatalog.EmbeddedCsv())).ToDictionary(f => f.Key);

    [Fact]
    public void Purchased_heat_uses_the_suppliers_factor_in_both_scope_2_figures()
    {
        // 1,234.5 GJ of cold water × 0.0436 t-CO2/GJ (丸の内熱供給) = 53.8242 t = 53,824,200 g.
        var lines = Calculator.Calculate([new ActivityInput(1, 7, "heat_cold_water", 1234.5m, Unit.GJ)], Embedded,
            new Dictionary<int, string?> { [1] = null }, new Dictionary<int, string?> { [1] = "heat_marunouchi" });
        Assert.Equal(2, lines.Count);
        var totals = EmissionTotals.Of(lines);
        Assert.Equal(53_824_200, totals.Scope2Location.Grams);
        Assert.Equal(53_824_200, totals.Scope2Market.Grams);
        Assert.Equal(0, totals.Scope1.Grams);
        Assert.All(lines, l => Assert.Equal("heat_marunouchi", l.FactorKey));
    }

    [Fact]
    public void Heat_without_a_supplier_needs_the_default_which_is_not_yet_known()
    {
        var ex = Assert.Throws<CalculationException>(() => Calculator.Calculate([new ActivityInput(1, 7, "heat_steam", 10m, Unit.GJ)], Embedded, new Dictionary<int, string?> { [1] = null }));
        Assert.Contains("GAP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refrigerant_leak_is_converted_with_the_chosen_gwp_set()
    {
        // 3.2 kg of HFC-134a = 0.0032 t. AR4: 0.0032 × 1,430 = 4.576 t; AR5: 0.0032 × 1,300 = 4.16 t.
        YearInput[] leak = [new(1, 0, "hfc134a", 3.2m, Unit.Kg)];
        var ar4 = Assert.Single(Calculator.CalculateYear(leak, Embedded, "AR4"));
        Assert.Equal(4_576_000, ar4.Emission.Grams);
        Assert.Equal("gwp_ar4_hfc134a", ar4.FactorKey);
        Assert.Equal(1, ar4.Scope);
        var ar5 = Assert.Single(Calculator.CalculateYear(leak, Embedded, "AR5"));
        Assert.Equal(4_160_000, ar5.Emission.Grams);

        // R410A is a 50/50 blend: 2.5 kg × 2,087.5 (AR4) = 5.21875 t.
        Assert.Equal(5_218_750, Assert.Single(Calculator.CalculateYear([new(1, 0, "r410a", 2.5m, Unit.Kg)], Embedded, "AR4")).Emission.Grams);
        Assert.Equal(5_218_750, EmissionTotals.Of(Calculator.CalculateYear([new(1, 0, "r410a", 2.5m, Unit.Kg)], Embedded, "AR4")).Scope1.Grams);

        Assert.Throws<CalculationException>(() => Calculator.CalculateYear(leak, Embedded, "AR6"));
    }

    [Fact]
    public void Scope_3_spend_is_per_million_yen()
    {
        // Category 6: ¥1,850,000 of domestic air travel = 1.85 百万円 × 5.250 t/百万円 = 9.7125 t.
        var line = Assert.Single(Calculator.CalculateYear([new(3, 6, "s3_travel_air_domestic", 1_850_000m, Unit.Yen)], Embedded, "AR4"));
        Assert.Equal(1.85m, line.Quantity);
        Assert.Equal(9_712_500, line.Emission.Grams);
        Assert.Equal(6, line.Category);
        var totals = EmissionTotals.Of([line]);
        Assert.Equal(9_712_500, totals.Scope3.Grams);
        Assert.Equal(0, totals.Scope1.Grams);

        // Category 1: 12.3 百万円 of starch × 9.07 = 111.561 t; entered in 千円 it is the same.
        Assert.Equal(111_561_000, Assert.Single(Calculator.CalculateYear([new(3, 1, "s3_spend_starch", 12_300m, Unit.ThousandYen)], Embedded, "AR4")).Emission.Grams);
    }

    [Fact]
    public void Scope_3_activity_examples_freight_waste_commuting_hotel()
    {
        YearInput[] inputs =
        [
            // Cat. 4: 250,000 t・km by rail × 0.000022 = 5.5 t.
            new(3, 4, "s3_freight_rail", 250_000m, Unit.TonneKm),
            // Cat. 5: 3,400 kg of waste incinerated = 3.4 t × 0.533928 = 1.8153552 t → 1,815,355 g (0.2 g rounds down).
            new(3, 5, "s3_waste_incineration", 3_400m, Unit.Kg),
            // Cat. 7: 48 staff × 240 days = 11,520 人日 × 0.000984721 = 11.34398592 t → 11,343,986 g (0.92 g rounds up).
            new(3, 7, "s3_commute_office_large", 11_520m, Unit.PersonDay),
            // Cat. 6: 37 nights × 0.031532238 = 1.166692806 t → 1,166,693 g.
            new(3, 6, "hotel_night", 37m, Unit.Night),
        ];
        var lines = Calculator.CalculateYear(inputs, Embedded, "AR4");
        Assert.Equal([5_500_000L, 1_815_355L, 11_343_986L, 1_166_693L], lines.Select(l => l.Emission.Grams));
        Assert.Equal(5_500_000 + 1_815_355 + 11_343_986 + 1_166_693, EmissionTotals.Of(lines).Scope3.Grams);
    }

    [Fact]
    public void Scope_3_refuses_a_unit_that_does_not_fit_and_a_scope_1_factor()
    {
        var unit = Assert.Throws<CalculationException>(() => Calculator.CalculateYear([new(3, 5, "s3_waste_incineration", 10m, Unit.Yen)], Embedded, "AR4"));
        Assert.Contains("t あたり", unit.Message, StringComparison.Ordinal);
        var scope = Assert.Throws<CalculationException>(() => Calculator.CalculateYear([new(3, 1, "gasoline", 10m, Unit.L)], Embedded, "AR4"));
        Assert.Contains("Scope 3 の係数ではありません", scope.Message, StringComparison.Ordinal);
        Assert.Throws<CalculationException>(() => Calculator.CalculateYear([new(3, 4, "s3_freight_ship", 10m, Unit.TonneKm)], Embedded, "AR4"));
    }

    [Fact]
    public void Normal_cubic_metres_are_corrected_to_25_degrees()
    {
        // 27,315 Nm³ (0 ℃) = 29,815 m³ at 25 ℃ = 29.815 千m³ × 2.05 = 61.12075 t.
        var line = Assert.Single(Calculator.Calculate([new ActivityInput(1, 4, "city_gas", 27_315m, Unit.NormalM3)], Embedded, new Dictionary<int, string?> { [1] = null }));
        Assert.Equal(29.815m, line.Quantity);
        Assert.Equal(61_120_750, line.Emission.Grams);
    }

    [Theory]
    [InlineData("x,熱,熱,2,kWh,0.05,,https://example.jp,,S,未照合,", "熱は GJ")]
    [InlineData("x,出張,出張,3,t,0.05,,https://example.jp,,S,未照合,", "出張は 百万円")]
    [InlineData("x,支出,支出,1,百万円,0.05,,https://example.jp,,S,未照合,", "スコープ 3 にしてください")]
    public void New_categories_check_their_units_and_scope(string row, string expected)
    {
        var csv = string.Join(',', FactorCatalog.Headers) + "\n" + row + "\n";
        var ex = Assert.Throws<OsakaDx.Platform.Files.CsvFormatException>(() => FactorCatalog.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv))));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
