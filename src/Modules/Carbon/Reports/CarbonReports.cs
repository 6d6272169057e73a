// Reports for a business's year: the annual summary as PDF (the platform's PdfReport) and a
// sheet laid out like the 温対法 算定・報告 「エネルギー起源CO2」 calculation (by fuel: 使用量,
// 単位, 排出係数, 排出量) to copy into EEGS. Both are built from the same stored run as the
// dashboard, so the numbers always agree with it.
using System.Globalization;
using OsakaDx.Modules.Carbon.Businesses;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Dashboard;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Web;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Carbon.Reports;

/// <summary>One row of the energy-origin CO2 sheet: a fuel (or electricity/heat with one factor) and its totals.</summary>
public sealed record EnergyRow(string Section, string Name, decimal Quantity, string Unit, decimal Factor, string FactorUnit, Emission Emission, string FactorKey);

public static class CarbonReports
{
    public const string EegsNote = "温対法 算定・報告・公表制度の「エネルギー起源CO2」の計算（燃料等の使用量 × 排出係数）に沿った集計表です。EEGS への入力の下書きとしてお使いください。公式の報告様式そのものではありません。特定排出者（原油換算1,500kL以上のエネルギー使用など）の判定はしていません。";

    /// <summary>
    /// The energy-origin CO2 rows: Scope 1 fuels, then electricity and heat by factor. For
    /// electricity the market-based rows (the site's retailer menu: 調整後/基礎 as the reference
    /// records it) and the location-based rows (代替値) are listed separately, never added.
    /// </summary>
    public static IReadOnlyList<EnergyRow> EnergyRows(CalculationRun run, IReadOnlyDictionary<string, Factor> factors)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(factors);
        string UnitOf(string key) => factors.TryGetValue(key, out var f) ? (Unit.TryParse(f.UnitCode, out var u) ? u.Label : f.UnitCode) : "";
        string NameOf(string key) => factors.TryGetValue(key, out var f) ? f.Name : key;
        var rows = new List<EnergyRow>();
        foreach (var section in new[] { ("", "燃料の燃焼（Scope 1）"), (Calculator.Market, "他人から供給された電気・熱（マーケット基準）"), (Calculator.Location, "他人から供給された電気・熱（ロケーション基準・参考）") })
        {
            foreach (var g in run.Lines.Where(l => l.Month > 0 && l.Method == section.Item1 && l.Scope <= 2)
                .GroupBy(l => (l.ActivityKey, l.FactorKey))
                .OrderBy(g => ActivityKind.All.Select(k => k.Key).ToList().IndexOf(g.Key.ActivityKey)).ThenBy(g => g.Key.FactorKey, StringComparer.Ordinal))
            {
                var kind = ActivityKind.Find(g.Key.ActivityKey);
                var name = section.Item1.Length == 0 ? NameOf(g.Key.FactorKey) : $"{kind?.Label ?? g.Key.ActivityKey}（{NameOf(g.Key.FactorKey)}）";
                var unit = UnitOf(g.Key.FactorKey);
                rows.Add(new EnergyRow(section.Item2, name, g.Sum(l => l.Quantity), unit, g.First().FactorValue, $"t-CO2/{unit}", new Emission(g.Sum(l => l.Grams)), g.Key.FactorKey));
            }
        }

        return rows;
    }

    /// <summary>The EEGS-style workbook: the energy-origin CO2 sheet and, when entered, other gases.</summary>
    public static byte[] EegsXlsx(DashboardReport report, IReadOnlyDictionary<string, Factor> factors)
    {
        ArgumentNullException.ThrowIfNull(report);
        var book = new XlsxWriter();
        var cover = book.AddSheet("概要");
        cover.AddHeader("項目", "内容");
        cover.AddRow("事業者名", report.Business.Name);
        cover.AddRow("対象年度", $"{report.FiscalYear}年度（{report.FiscalYear}年4月〜{report.FiscalYear + 1}年3月）");
        cover.AddRow("係数版", report.Run.FactorSetLabel + (report.Run.Provisional ? "（暫定適用）" : ""));
        cover.AddRow("注記", EegsNote);
        var sheet = book.AddSheet("エネルギー起源CO2");
        sheet.AddHeader("区分", "燃料等の種類", "使用量", "単位", "排出係数", "係数の単位", "排出量（t-CO2）", "係数キー");
        var rows = EnergyRows(report.Run, factors);
        foreach (var r in rows)
        {
            sheet.AddRow(r.Section, r.Name, r.Quantity, r.Unit, r.Factor, r.FactorUnit, Round(r.Emission), r.FactorKey);
        }

        sheet.AddRow();
        sheet.AddRow("合計", "エネルギー起源CO2（燃料＋電気・熱 マーケット基準）", null, null, null, null, Round(report.Totals.Scope12Market), null);
        sheet.AddRow("合計（参考）", "エネルギー起源CO2（燃料＋電気・熱 ロケーション基準）", null, null, null, null, Round(report.Totals.Scope12Location), null);
        var gases = report.Run.Lines.Where(l => l.Scope == 1 && l.Month == 0).ToList();
        if (gases.Count > 0)
        {
            cover.AddRow("その他のガス", $"非エネルギー起源のガス（冷媒の漏えいなど）は「その他のガス」シート。GWP: {Gas.SetLabel(report.Business.GwpSet)}");
            var other = book.AddSheet("その他のガス");
            other.AddHeader("ガス", "漏えい量（t）", "GWP", "排出量（t-CO2）");
            foreach (var g in gases.GroupBy(l => l.ActivityKey))
            {
                other.AddRow(Gas.Find(g.Key)?.Label ?? g.Key, g.Sum(l => l.Quantity), g.First().FactorValue, Round(new Emission(g.Sum(l => l.Grams))));
            }
        }

        return book.ToArray();
    }

    /// <summary>The annual summary PDF.</summary>
    public static byte[] AnnualPdf(DashboardReport report, IReadOnlyDictionary<string, Factor> factors, DateTime generatedUtc)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = report.Business;
        var t = report.Totals;
        var pdf = new PdfReport($"{b.Name} {report.FiscalYear}年度 温室効果ガス排出量 年次報告") { Author = "大阪市 OsakaDx" };
        pdf.Heading($"{b.Name} {CarbonUi.Fy(report.FiscalYear)} 温室効果ガス排出量");
        pdf.KeyValues(
        [
            new("業種", $"{b.IndustryCode} {Classifications.IndustryName(b.IndustryCode)}"),
            new("所在する区", b.Ward),
            new("従業員・延床面積・売上高", $"{b.Employees.ToString(CultureInfo.InvariantCulture)}人・{CarbonUi.N(b.FloorAreaM2, 2)} m²・{CarbonUi.N(b.AnnualSalesYen)}円"),
            new("係数版", report.Run.FactorSetLabel + (report.Run.Provisional ? "（暫定適用）" : "")),
            new("計算日時", CarbonUi.Jst(report.Run.CalculatedAtUtc)),
            new("作成日時", CarbonUi.Jst(generatedUtc)),
        ]);
        if (!report.IsFullYear)
        {
            pdf.Paragraph($"入力のある {report.ComparedMonths.Count.ToString(CultureInfo.InvariantCulture)} か月分（{string.Join("、", report.ComparedMonths.Select(m => m.ToString(CultureInfo.InvariantCulture) + "月"))}）の合計です。");
        }

        pdf.Heading("排出量の合計（t-CO2）", 2);
        pdf.Table([new PdfColumn("区分", 3), new PdfColumn("t-CO2", 1, PdfAlign.Right)],
        [
            PdfRow.Of("Scope 1（燃料の使用・ガスの漏えい）", T(t.Scope1)),
            PdfRow.Of("Scope 2 ロケーション基準", T(t.Scope2Location)),
            PdfRow.Of("Scope 2 マーケット基準", T(t.Scope2Market)),
            PdfRow.Total("Scope 1＋2（ロケーション基準）", T(t.Scope12Location)),
            PdfRow.Total("Scope 1＋2（マーケット基準）", T(t.Scope12Market)),
            PdfRow.Of("Scope 3（入力のあるカテゴリのみ）", T(t.Scope3)),
        ]);
        pdf.Paragraph("Scope 2 の2つの値は同じ電気・熱を別の方法で計算したもので、足し合わせません。各行は「使用量 × 係数」を1グラム単位で四捨五入し、合計はその和です。");

        pdf.Heading("燃料・電気別", 2);
        pdf.Table([new PdfColumn("種類", 3), new PdfColumn("方法", 2), new PdfColumn("使用量", 1.5, PdfAlign.Right), new PdfColumn("単位", 1), new PdfColumn("係数", 1.5, PdfAlign.Right), new PdfColumn("t-CO2", 1.5, PdfAlign.Right)],
            report.ByKind.Select(k => PdfRow.Of(k.Label, k.Scope == 3 ? "Scope 3" : $"Scope {k.Scope.ToString(CultureInfo.InvariantCulture)} {DashboardReport.MethodLabel(k.Method)}", CarbonUi.N(k.Quantity, 3), k.Unit, CarbonUi.Factor(k.FactorValue), T(k.Emission))));

        pdf.Heading("事業所別（t-CO2）", 2);
        pdf.Table([new PdfColumn("事業所", 3), new PdfColumn("Scope 1", 1, PdfAlign.Right), new PdfColumn("Scope 2 ロケーション", 1.3, PdfAlign.Right), new PdfColumn("Scope 2 マーケット", 1.3, PdfAlign.Right)],
            report.BySite.Select(s => PdfRow.Of(s.Item, T(s.Scope1), T(s.Scope2Location), T(s.Scope2Market))));

        pdf.Heading("月別（t-CO2）", 2);
        pdf.Table([new PdfColumn("月", 1), new PdfColumn("Scope 1", 1, PdfAlign.Right), new PdfColumn("Scope 2 ロケーション", 1.3, PdfAlign.Right), new PdfColumn("Scope 2 マーケット", 1.3, PdfAlign.Right)],
            report.ByMonth.Where((r, i) => report.ComparedMonths.Contains(ActivityKind.FiscalMonths[i])).Select(s => PdfRow.Of(s.Item, T(s.Scope1), T(s.Scope2Location), T(s.Scope2Market))));

        if (report.Scope3ByCategory.Count > 0)
        {
            pdf.Heading("Scope 3 カテゴリ別（t-CO2）", 2);
            pdf.Table([new PdfColumn("カテゴリ", 4), new PdfColumn("t-CO2", 1, PdfAlign.Right)],
                report.Scope3ByCategory.Select(c => PdfRow.Of($"{c.Category.ToString(CultureInfo.InvariantCulture)}. {c.Label}", T(c.Emission))));
        }

        if (report.CostByKind.Count > 0)
        {
            pdf.Heading("エネルギーの料金と CO2", 2);
            pdf.Table([new PdfColumn("種類", 2), new PdfColumn("料金（円）", 1.5, PdfAlign.Right), new PdfColumn("t-CO2", 1.5, PdfAlign.Right)],
                report.CostByKind.Select(c => PdfRow.Of(c.Item, CarbonUi.N(c.Yen ?? 0), T(c.Emission))));
        }

        pdf.Heading("原単位（Scope 1＋2）", 2);
        pdf.Table([new PdfColumn("指標", 2), new PdfColumn("単位", 1.5), new PdfColumn("ロケーション基準", 1.5, PdfAlign.Right), new PdfColumn("マーケット基準", 1.5, PdfAlign.Right)],
            report.Intensities.Select(i => PdfRow.Of(i.Label, i.Unit, CarbonUi.N(i.Location), CarbonUi.N(i.Market))));

        pdf.Heading("エネルギー起源CO2（温対法の計算に沿った集計）", 2);
        pdf.Table([new PdfColumn("燃料等", 3), new PdfColumn("使用量", 1.5, PdfAlign.Right), new PdfColumn("単位", 1), new PdfColumn("排出係数", 1.5, PdfAlign.Right), new PdfColumn("t-CO2", 1.5, PdfAlign.Right)],
            EnergyRows(report.Run, factors).Select(r => PdfRow.Of(r.Name, CarbonUi.N(r.Quantity, 3), r.Unit, CarbonUi.Factor(r.Factor), T(r.Emission))));
        pdf.Paragraph(EegsNote);
        pdf.Paragraph("係数の出典と確認状況は、係数カタログ（/carbon/factors）に係数ごとに示しています。同梱の値は公式一覧と未照合です。");
        return pdf.ToBytes();
    }

    private static decimal Round(Emission e) => Math.Round(e.Tonnes, 3, MidpointRounding.AwayFromZero);

    private static string T(Emission e) => e.ToTonnesString();
}
