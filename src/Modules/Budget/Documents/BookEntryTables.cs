// 第2表 継続費, 第3表 債務負担行為, 第4表 地方債 and the 繰越明許費 table of the 予算書, printed from
// the entries recorded when the stage closed (StageEntries), in 千円.
//
// 第4表 keeps the rule of the second slice — per 会計 and 款 its 限度額 is the 地方債 column of the
// 事項別明細書 (the 市債 of the 財源内訳, as printed) — and now names the purposes: the 款's printed total
// is apportioned (largest remainder) among the 地方債 entries of its 事業 and, when the entries do not
// cover the whole 市債, one remaining row 「<款>事業」 with the standard wording. So 第4表 always adds up to
// the 地方債 column. 継続費 年割額 are rounded by the largest-remainder method to the 総額 rounded half up,
// so each 継続費's years add up to its printed 総額; other amounts are rounded half up.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Documents;

/// <summary>One printed row of 第2表, 第3表 or 繰越明許費 (千円). Years: 継続費 年割額 "2027:120000" pairs in 千円.</summary>
public sealed record BookEntryRow(EntryKind Kind, string Account, string Kan, string Kou, string Project, string Title, long Amount,
    int? FromYear, int? ToYear, IReadOnlyList<(int Year, long Amount)> Yearly, string? Funding);

/// <summary>One printed row of 第4表 地方債 (限度額 in 千円).</summary>
public sealed record BookBondRow(string Account, string Purpose, long Limit, string Method, string Rate, string Repayment);

internal static class BookEntryTables
{
    /// <summary>Reads the stage's entries and builds the printed rows; <paramref name="bondsByKan"/> is the printed 地方債 (千円) per 会計 name and 款 id.</summary>
    public static async Task<(List<BookEntryRow> Entries, List<BookBondRow> Bonds)> BuildAsync(BudgetDb db, int stageId, IReadOnlyList<(string Account, int KanId, string KanName, long Printed, long Yen, IReadOnlySet<int> Projects)> bondsByKan,
        CancellationToken cancellationToken)
    {
        var entries = await db.StageEntries.AsNoTracking().Where(e => e.StageId == stageId).OrderBy(e => e.ProjectId).ThenBy(e => e.Kind).ThenBy(e => e.SortOrder).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code, p.Name, p.AccountId, p.MokuId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        var accountOrder = accounts.Values.ToDictionary(a => a.Id, a => a.SortOrder);

        var rows = new List<BookEntryRow>();
        foreach (var e in entries.Where(e => e.Kind != EntryKind.Bond)
                     .OrderBy(e => e.Kind).ThenBy(e => accountOrder[projects[e.ProjectId].AccountId]).ThenBy(e => items[projects[e.ProjectId].MokuId].Code, StringComparer.Ordinal)
                     .ThenBy(e => projects[e.ProjectId].Code, StringComparer.Ordinal).ThenBy(e => e.SortOrder))
        {
            var p = projects[e.ProjectId];
            var kou = items[items[p.MokuId].ParentId ?? p.MokuId];
            var kan = items[kou.ParentId ?? kou.Id];
            IReadOnlyList<(int, long)> yearly = [];
            long amount;
            if (e.Kind == EntryKind.Continuing && RequestEntryService.ParseYearly(e.YearlyAmounts, out var parts) is null)
            {
                var (thousands, total) = BudgetMath.ToThousandYen([.. parts.Values]);
                yearly = [.. parts.Keys.Select((y, i) => (y, thousands[i]))];
                amount = total;
            }
            else
            {
                amount = new Yen(e.Amount).ToThousandYen();
            }

            rows.Add(new BookEntryRow(e.Kind, accounts[p.AccountId].Name, kan.Name, kou.Name, $"{p.Name}（{p.Code}）", e.Title, amount, e.FromYear, e.ToYear, yearly, e.Funding));
        }

        var bonds = new List<BookBondRow>();
        foreach (var kan in bondsByKan)
        {
            var kanEntries = entries.Where(e => e.Kind == EntryKind.Bond && kan.Projects.Contains(e.ProjectId)).ToList();
            var remainder = Math.Max(0, kan.Yen - kanEntries.Sum(e => e.Amount));
            var split = BudgetMath.Apportion([.. kanEntries.Select(e => e.Amount), remainder], kan.Printed);
            for (var i = 0; i < kanEntries.Count; i++)
            {
                if (split[i] > 0)
                {
                    var e = kanEntries[i];
                    bonds.Add(new BookBondRow(kan.Account, e.Title, split[i], e.Method ?? RequestEntryService.StandardBondMethod, e.InterestRate ?? RequestEntryService.StandardBondRate,
                        e.Repayment ?? RequestEntryService.StandardBondRepayment));
                }
            }

            if (split[^1] > 0)
            {
                bonds.Add(new BookBondRow(kan.Account, kan.KanName + "事業", split[^1], RequestEntryService.StandardBondMethod, RequestEntryService.StandardBondRate, RequestEntryService.StandardBondRepayment));
            }
        }

        return (rows, bonds);
    }

    public static void AddSheets(XlsxWriter writer, BudgetBook book)
    {
        var continuing = writer.AddSheet("第2表 継続費");
        continuing.AddHeader("会計", "款", "項", "事業名", "事項", "総額（千円）", "年度", "年割額（千円）", "財源");
        foreach (var r in book.EntryRows.Where(r => r.Kind == EntryKind.Continuing))
        {
            continuing.AddRow(r.Account, r.Kan, r.Kou, r.Project, r.Title, new Yen(r.Amount), null, null, r.Funding);
            foreach (var (year, amount) in r.Yearly)
            {
                continuing.AddRow(r.Account, "", "", "", "", null, YearLabel(year), new Yen(amount), null);
            }
        }

        var debt = writer.AddSheet("第3表 債務負担行為");
        debt.AddHeader("会計", "事項", "期間", "限度額（千円）", "財源", "事業名");
        foreach (var r in book.EntryRows.Where(r => r.Kind == EntryKind.DebtBurden))
        {
            debt.AddRow(r.Account, r.Title, Period(r), new Yen(r.Amount), r.Funding, r.Project);
        }

        var bonds = writer.AddSheet("第4表 地方債");
        bonds.AddHeader("会計", "起債の目的", "限度額（千円）", "起債の方法", "利率", "償還の方法");
        foreach (var b in book.BondRows)
        {
            bonds.AddRow(b.Account, b.Purpose, new Yen(b.Limit), b.Method, b.Rate, b.Repayment);
        }

        var carry = writer.AddSheet("繰越明許費");
        carry.AddHeader("会計", "款", "項", "事業名", "事項", "金額（千円）");
        foreach (var r in book.EntryRows.Where(r => r.Kind == EntryKind.CarryOver))
        {
            carry.AddRow(r.Account, r.Kan, r.Kou, r.Project, r.Title, new Yen(r.Amount));
        }
    }

    public static void AddPdf(PdfReport report, BudgetBook book)
    {
        static string T(long v) => new Yen(v).ToSankakuString();
        report.Heading("第2表 継続費", 2);
        var continuing = book.EntryRows.Where(r => r.Kind == EntryKind.Continuing).ToList();
        if (continuing.Count == 0)
        {
            report.Paragraph("該当なし");
        }
        else
        {
            report.Table([new("款・項", 3), new("事業名・事項", 4), new("総額（千円）", 2, PdfAlign.Right), new("年度", 2), new("年割額（千円）", 2, PdfAlign.Right), new("財源", 3)],
                continuing.SelectMany(r => new[] { PdfRow.Of($"{r.Kan}　{r.Kou}", $"{r.Project}　{r.Title}", T(r.Amount), "", "", r.Funding ?? "") }
                    .Concat(r.Yearly.Select(y => PdfRow.Of("", "", "", YearLabel(y.Year), T(y.Amount), "")))));
        }

        report.Heading("第3表 債務負担行為", 2);
        var debt = book.EntryRows.Where(r => r.Kind == EntryKind.DebtBurden).ToList();
        if (debt.Count == 0)
        {
            report.Paragraph("該当なし");
        }
        else
        {
            report.Table([new("会計", 2), new("事項", 5), new("期間", 3), new("限度額（千円）", 2, PdfAlign.Right), new("財源", 3)],
                debt.Select(r => PdfRow.Of(r.Account, r.Title, Period(r), T(r.Amount), r.Funding ?? "")));
        }

        report.Heading("第4表 地方債", 2);
        report.Table([new("会計", 2), new("起債の目的", 3), new("限度額（千円）", 2, PdfAlign.Right), new("起債の方法", 2), new("利率", 3), new("償還の方法", 4)],
            book.BondRows.Select(b => PdfRow.Of(b.Account, b.Purpose, T(b.Limit), b.Method, b.Rate, b.Repayment)));

        report.Heading("繰越明許費", 2);
        var carry = book.EntryRows.Where(r => r.Kind == EntryKind.CarryOver).ToList();
        if (carry.Count == 0)
        {
            report.Paragraph("該当なし");
        }
        else
        {
            report.Table([new("会計", 2), new("款・項", 3), new("事業名", 4), new("事項", 4), new("金額（千円）", 2, PdfAlign.Right)],
                carry.Select(r => PdfRow.Of(r.Account, $"{r.Kan}　{r.Kou}", r.Project, r.Title, T(r.Amount))));
        }
    }

    private static string YearLabel(int year) => $"{year.ToString(CultureInfo.InvariantCulture)}年度（{new FiscalYear(year).ToWarekiString()}）";

    private static string Period(BookEntryRow r) => r.FromYear is { } f
        ? $"{f.ToString(CultureInfo.InvariantCulture)}年度から{(r.ToYear ?? f).ToString(CultureInfo.InvariantCulture)}年度まで"
        : "";
}
