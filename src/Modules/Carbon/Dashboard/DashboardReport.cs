// The numbers of the dashboard, built once from a stored run and shared by the page, the CSV
// and the Excel download so that all three always agree.
using System.Globalization;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Carbon.Dashboard;

/// <summary>Scope 1 and both Scope 2 figures of one row (a fuel, a site, a month).</summary>
public sealed record ScopeRow(string Item, Emission Scope1, Emission Scope2Location, Emission Scope2Market);

/// <summary>One activity kind's total, with its quantity in the factor unit.</summary>
public sealed record KindRow(string Label, int Scope, string Method, decimal Quantity, string Unit, decimal FactorValue, string FactorKey, string FactorName, Emission Emission);

/// <summary>A Scope 3 category's total.</summary>
public sealed record CategoryRow(int Category, string Label, Emission Emission);

/// <summary>Energy cost next to CO2: one activity kind (or one month) with the bills' total in yen.</summary>
public sealed record CostRow(string Item, long? Yen, Emission Emission);

/// <summary>An intensity: emissions divided by an activity measure.</summary>
public sealed record IntensityRow(string Label, string Unit, decimal? Location, decimal? Market);

public sealed class DashboardReport
{
    public required Business Business { get; init; }

    public required int FiscalYear { get; init; }

    public required CalculationRun Run { get; init; }

    public CalculationRun? PreviousYear { get; init; }

    public required EmissionTotals Totals { get; init; }

    public EmissionTotals? PreviousTotals { get; init; }

    /// <summary>Months with data this year; last year's totals cover the same months.</summary>
    public IReadOnlyList<int> ComparedMonths { get; init; } = [];

    public bool IsFullYear => ComparedMonths.Count == 12;

    public required IReadOnlyList<KindRow> ByKind { get; init; }

    public required IReadOnlyList<ScopeRow> BySite { get; init; }

    public required IReadOnlyList<ScopeRow> ByMonth { get; init; }

    public required IReadOnlyList<IntensityRow> Intensities { get; init; }

    /// <summary>Scope 3 by category (only categories with entries).</summary>
    public IReadOnlyList<CategoryRow> Scope3ByCategory { get; init; } = [];

    /// <summary>Bill amounts by kind with the kind's CO2 (Scope 2: market-based); empty when no cost was entered.</summary>
    public IReadOnlyList<CostRow> CostByKind { get; init; } = [];

    /// <summary>Bill amounts by month with Scope 1＋2 (market-based).</summary>
    public IReadOnlyList<CostRow> CostByMonth { get; init; } = [];

    /// <summary>Gases (refrigerants) and Scope 3: the yearly entries' lines.</summary>
    public bool HasYearEntries => Run.Lines.Any(l => l.Month == 0);

    /// <summary>A label for an activity key of any line: a monthly kind, a gas, or a Scope 3 factor.</summary>
    public static string LabelOf(string key, IReadOnlyDictionary<string, Factor> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return ActivityKind.Find(key)?.Label ?? Gas.Find(key)?.Label ?? (factors.TryGetValue(key, out var f) ? f.Name : key);
    }

    public static DashboardReport Build(Business business, IReadOnlyList<Site> sites, CalculationRun run, CalculationRun? previous, IReadOnlyDictionary<string, Factor> factors, IReadOnlyList<(string Key, int Month, long? Yen)>? costs = null)
    {
        ArgumentNullException.ThrowIfNull(business);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(factors);
        var months = run.Lines.Where(l => l.Month > 0).Select(l => l.Month).Distinct().OrderBy(m => ActivityKind.FiscalMonths.ToList().IndexOf(m)).ToList();
        var totals = new EmissionTotals(new Emission(run.Scope1Grams), new Emission(run.Scope2LocationGrams), new Emission(run.Scope2MarketGrams), new Emission(run.Scope3Grams));
        var byKind = run.Lines.GroupBy(l => (l.ActivityKey, l.Scope, l.Method, l.FactorKey, l.Category))
            .OrderBy(g => g.Key.Scope).ThenBy(g => g.Key.Category).ThenBy(g => ActivityKindOrder(g.Key.ActivityKey)).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .Select(g => new KindRow(
                (g.Key.Scope == 3 ? $"カテゴリ{g.Key.Category} " : "") + LabelOf(g.Key.ActivityKey, factors), g.Key.Scope, g.Key.Method,
                g.Sum(l => l.Quantity), factors.TryGetValue(g.Key.FactorKey, out var f) ? f.UnitCode : "",
                g.First().FactorValue, g.Key.FactorKey, factors.TryGetValue(g.Key.FactorKey, out var n) ? n.Name : g.Key.FactorKey, new Emission(g.Sum(l => l.Grams))))
            .ToList();
        var bySite = sites.Select(s => Row(s.Name, run.Lines.Where(l => l.SiteId == s.Id))).ToList();
        if (run.Lines.Any(l => l.SiteId == 0 && l.Scope == 1))
        {
            bySite.Add(Row("事業者全体（冷媒・ガスの漏えい）", run.Lines.Where(l => l.SiteId == 0 && l.Scope == 1)));
        }

        var scope3 = run.Lines.Where(l => l.Scope == 3).GroupBy(l => l.Category).OrderBy(g => g.Key)
            .Select(g => new CategoryRow(g.Key, Scope3Categories.Label(g.Key), new Emission(g.Sum(l => l.Grams)))).ToList();
        var costList = costs ?? [];
        var costByKind = costList.Count == 0 ? new List<CostRow>() : ActivityKind.All
            .Where(k => costList.Any(c => c.Key == k.Key && c.Yen is not null))
            .Select(k => new CostRow(k.Label, costList.Where(c => c.Key == k.Key).Sum(c => c.Yen ?? 0),
                new Emission(run.Lines.Where(l => l.ActivityKey == k.Key && l.Method != Calculator.Location).Sum(l => l.Grams)))).ToList();
        var costByMonth = costList.Count == 0 ? new List<CostRow>() : months
            .Select(m => new CostRow($"{m}月", costList.Where(c => c.Month == m && c.Yen is not null).Select(c => c.Yen).DefaultIfEmpty(null).Sum(),
                new Emission(run.Lines.Where(l => l.Month == m && l.Method != Calculator.Location && l.Scope != 3).Sum(l => l.Grams)))).ToList();
        var byMonth = ActivityKind.FiscalMonths.Select(m => Row($"{m}月", run.Lines.Where(l => l.Month == m))).ToList();
        var s12Loc = totals.Scope12Location.Tonnes;
        var s12Mkt = totals.Scope12Market.Tonnes;
        var intensities = new List<IntensityRow>
        {
            new("売上高あたり", "t-CO2/百万円", Divide(s12Loc, business.AnnualSalesYen / 1_000_000m), Divide(s12Mkt, business.AnnualSalesYen / 1_000_000m)),
            new("延床面積あたり", "kg-CO2/m²", Divide(s12Loc * 1000m, business.FloorAreaM2), Divide(s12Mkt * 1000m, business.FloorAreaM2)),
            new("従業員1人あたり", "t-CO2/人", Divide(s12Loc, business.Employees), Divide(s12Mkt, business.Employees)),
        };
        return new DashboardReport
        {
            Business = business,
            FiscalYear = run.FiscalYear,
            Run = run,
            PreviousYear = previous,
            Totals = totals,
            // Year over year on the same months only: a year still being entered is compared with the same part of the last one.
            PreviousTotals = previous is null ? null : EmissionTotals.Of(previous.Lines.Where(l => months.Contains(l.Month)).Select(ToLine)),
            ComparedMonths = months,
            ByKind = byKind,
            BySite = bySite,
            ByMonth = byMonth,
            Intensities = intensities,
            Scope3ByCategory = scope3,
            CostByKind = costByKind,
            CostByMonth = costByMonth,
        };
    }

    private static EmissionLine ToLine(CalculationLine l) =>
        new(l.SiteId, l.Month, l.ActivityKey, l.Scope, l.Method, l.Quantity, l.FactorKey, l.FactorValue, new Emission(l.Grams), l.Category);

    private static int ActivityKindOrder(string key) => ActivityKind.All.Select(k => k.Key).ToList().IndexOf(key);

    private static ScopeRow Row(string item, IEnumerable<CalculationLine> lines)
    {
        var list = lines.ToList();
        return new ScopeRow(item,
            new Emission(list.Where(l => l.Scope == 1).Sum(l => l.Grams)),
            new Emission(list.Where(l => l.Method == Calculator.Location).Sum(l => l.Grams)),
            new Emission(list.Where(l => l.Method == Calculator.Market).Sum(l => l.Grams)));
    }

    /// <summary>Rounded to three decimals half away from zero; null when the divisor is zero.</summary>
    private static decimal? Divide(decimal value, decimal by) => by <= 0 ? null : Math.Round(value / by, 3, MidpointRounding.AwayFromZero);

    public static string MethodLabel(string method) => method switch
    {
        Calculator.Location => "ロケーション基準",
        Calculator.Market => "マーケット基準",
        _ => "",
    };

    /// <summary>Percentage change; null when last year was zero.</summary>
    public static decimal? ChangePercent(Emission before, Emission after) =>
        before.Grams == 0 ? null : Math.Round((after.Grams - before.Grams) * 100m / before.Grams, 1, MidpointRounding.AwayFromZero);

    public static readonly IReadOnlyList<string> ExportHeaders =
        ["区分", "項目", "Scope1 (t-CO2)", "Scope2 ロケーション基準 (t-CO2)", "Scope2 マーケット基準 (t-CO2)", "Scope3 (t-CO2)"];

    /// <summary>The rows of the CSV and Excel downloads (t-CO2 to three decimals).</summary>
    public IEnumerable<IReadOnlyList<string?>> ExportRows()
    {
        static string T(Emission e) => e.Tonnes.ToString("0.000###", CultureInfo.InvariantCulture);
        yield return ["合計", $"{FiscalYear}年度", T(Totals.Scope1), T(Totals.Scope2Location), T(Totals.Scope2Market), T(Totals.Scope3)];
        if (PreviousTotals is { } p)
        {
            yield return ["前年度同期", $"{FiscalYear - 1}年度（{string.Join("・", ComparedMonths.Select(m => m.ToString(CultureInfo.InvariantCulture) + "月"))}）", T(p.Scope1), T(p.Scope2Location), T(p.Scope2Market), ""];
        }

        foreach (var k in ByKind)
        {
            yield return k.Scope switch
            {
                1 => ["燃料・電気別", k.Label, T(k.Emission), "", "", ""],
                3 => ["Scope 3", k.Label, "", "", "", T(k.Emission)],
                _ => ["燃料・電気別", k.Label, "", k.Method == Calculator.Location ? T(k.Emission) : "", k.Method == Calculator.Market ? T(k.Emission) : "", ""],
            };
        }

        foreach (var s in BySite)
        {
            yield return ["事業所別", s.Item, T(s.Scope1), T(s.Scope2Location), T(s.Scope2Market), ""];
        }

        foreach (var m in ByMonth)
        {
            yield return ["月別", m.Item, T(m.Scope1), T(m.Scope2Location), T(m.Scope2Market), ""];
        }

        foreach (var c in Scope3ByCategory)
        {
            yield return ["Scope 3 カテゴリ別", $"{c.Category}. {c.Label}", "", "", "", T(c.Emission)];
        }

        yield return ["係数版", Run.FactorSetLabel + (Run.Provisional ? "（暫定適用）" : ""), "", "", "", ""];
    }

    public byte[] ToCsv() => CsvWriter.WriteToArray(ExportHeaders, ExportRows(), CsvOutputEncoding.Utf8WithBom);

    public byte[] ToXlsx()
    {
        var book = new XlsxWriter();
        var sheet = book.AddSheet("排出量");
        sheet.AddHeader([.. ExportHeaders]);
        foreach (var row in ExportRows())
        {
            sheet.AddRow(row.Select((c, i) => i >= 2 && decimal.TryParse(c, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? (object?)d : c).ToArray());
        }

        var intensity = book.AddSheet("原単位");
        intensity.AddHeader("指標", "単位", "Scope1+2 ロケーション基準", "Scope1+2 マーケット基準");
        foreach (var i in Intensities)
        {
            intensity.AddRow(i.Label, i.Unit, i.Location, i.Market);
        }

        return book.ToArray();
    }
}
