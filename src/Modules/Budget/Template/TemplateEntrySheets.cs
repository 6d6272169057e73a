// The entry sheets of the Excel request template (fourth slice): 「継続費」「債務負担行為」「繰越明許費」
// 「地方債」, one entry per row from row 2 (row 1 見出し; blank rows skipped):
//   継続費       A 事項, B 総額, C 開始年度, D 終了年度, E 年割額 (「2027:100,000,000」 one a line or separated by 「;」), F 財源
//   債務負担行為 A 事項, B 限度額, C 開始年度, D 終了年度, E 財源
//   繰越明許費   A 事項, B 金額
//   地方債       A 起債の目的, B 限度額, C 起債の方法, D 利率, E 償還の方法 (blank: the standard wording)
// A sheet present replaces every entry of its kind (an empty sheet removes them); a sheet left out
// leaves them as they are. Each row is checked by RequestEntryService.Validate (the entries page's
// rules) and errors name the sheet and cell; Σ 地方債 限度額 ≤ the template's 市債.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Kernel;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Budget.Template;

internal static class TemplateEntrySheets
{
    public const string StampLabel = "継続費等の版";

    private sealed record Layout(EntryKind Kind, string[] Headers, string Title, string Amount, string? From, string? To, string? Yearly, string? Funding, string? Method, string? Rate, string? Repayment);

    private static readonly Layout[] Layouts =
    [
        new(EntryKind.Continuing, ["事項", "総額", "開始年度", "終了年度", "年割額", "財源"], "A", "B", "C", "D", "E", "F", null, null, null),
        new(EntryKind.DebtBurden, ["事項", "限度額", "開始年度", "終了年度", "財源"], "A", "B", "C", "D", null, "E", null, null, null),
        new(EntryKind.CarryOver, ["事項", "金額"], "A", "B", null, null, null, null, null, null, null),
        new(EntryKind.Bond, ["起債の目的", "限度額", "起債の方法", "利率", "償還の方法"], "A", "B", null, null, null, null, "C", "D", "E"),
    ];

    /// <summary>A number that changes whenever an entry of the request is added, changed or removed.</summary>
    public static long Stamp(IEnumerable<RequestEntry> entries)
    {
        unchecked
        {
            // FNV-1a over (id, version) in id order; kept below 2^31 so Excel and LibreOffice keep it exact.
            var hash = 2166136261u;
            foreach (var e in entries.OrderBy(e => e.Id))
            {
                foreach (var value in new[] { (long)e.Id, e.Version })
                {
                    hash = (hash ^ (uint)value) * 16777619u;
                    hash = (hash ^ (uint)(value >> 32)) * 16777619u;
                }
            }

            return hash & 0x7FFFFFFF;
        }
    }

    public static void Write(XlsxWriter writer, IReadOnlyList<RequestEntry> entries)
    {
        foreach (var layout in Layouts)
        {
            var sheet = writer.AddSheet(RequestEntryService.KindName(layout.Kind));
            sheet.AddHeader(layout.Headers);
            foreach (var e in entries.Where(e => e.Kind == layout.Kind))
            {
                sheet.AddRow(layout.Kind switch
                {
                    EntryKind.Continuing => [e.Title, e.Amount, e.FromYear, e.ToYear, e.YearlyAmounts, e.Funding],
                    EntryKind.DebtBurden => [e.Title, e.Amount, e.FromYear, e.ToYear, e.Funding],
                    EntryKind.CarryOver => [e.Title, e.Amount],
                    _ => new object?[] { e.Title, e.Amount, e.Method, e.InterestRate, e.Repayment },
                });
            }
        }
    }

    /// <summary>The entries of each sheet present, checked; errors are added naming sheet and cell.</summary>
    public static Dictionary<EntryKind, List<EntryInput>> Read(Dictionary<string, List<Dictionary<string, (string Text, string Cell)>>> sheets, int year, long bonds, List<string> errors)
    {
        var result = new Dictionary<EntryKind, List<EntryInput>>();
        foreach (var layout in Layouts)
        {
            var name = RequestEntryService.KindName(layout.Kind);
            if (!sheets.TryGetValue(name, out var rows))
            {
                continue;
            }

            var list = new List<EntryInput>();
            foreach (var row in rows.Skip(1))
            {
                if (row.Count == 0 || row.Values.All(v => string.IsNullOrWhiteSpace(v.Text)))
                {
                    continue;
                }

                var rowNo = new string([.. row.Values.First().Cell.SkipWhile(char.IsLetter)]);
                (string Text, string Cell) C(string? column) => column is null ? ("", "") : row.TryGetValue(column, out var v) ? (v.Text.Trim(), v.Cell) : ("", column + rowNo);
                string? T(string? column) => C(column).Text is { Length: > 0 } t ? t : null;
                var before = errors.Count;
                var amountCell = C(layout.Amount);
                long amount = 0;
                if (!Yen.TryParse(amountCell.Text, out var yen))
                {
                    errors.Add($"{name}シート {amountCell.Cell}: {layout.Headers[1]}が数値ではありません（「{amountCell.Text}」）。");
                }
                else
                {
                    amount = yen.Value;
                }

                int? Year(string? column)
                {
                    var cell = C(column);
                    if (cell.Text.Length == 0)
                    {
                        return null;
                    }

                    if (FiscalYearText.TryParse(cell.Text, out var y))
                    {
                        return y;
                    }

                    errors.Add($"{name}シート {cell.Cell}: 年度は西暦（例：2027）で入力してください（「{cell.Text}」）。");
                    return null;
                }

                var from = Year(layout.From);
                var to = Year(layout.To);
                if (errors.Count > before)
                {
                    continue;
                }

                var input = new EntryInput(null, 0, layout.Kind, C(layout.Title).Text, amount, from, to, T(layout.Yearly), T(layout.Funding), T(layout.Method), T(layout.Rate), T(layout.Repayment));
                var (yearly, problems) = RequestEntryService.Validate(input, year);
                foreach (var problem in problems)
                {
                    var column = problem.FieldId switch
                    {
                        "entry-title" => layout.Title,
                        "entry-amount" => layout.Amount,
                        "entry-from" => layout.From,
                        "entry-to" => layout.To,
                        "entry-yearly" => layout.Yearly,
                        "entry-funding" => layout.Funding,
                        "entry-method" => layout.Method,
                        "entry-rate" => layout.Rate,
                        "entry-repayment" => layout.Repayment,
                        _ => null,
                    };
                    errors.Add($"{name}シート {(column is null ? rowNo + "行目" : column + rowNo)}: {problem.Message}");
                }

                if (problems.Count == 0)
                {
                    list.Add(input with { YearlyAmounts = yearly });
                }
            }

            if (layout.Kind == EntryKind.Bond && list.Sum(e => e.Amount) is var total && total > bonds)
            {
                errors.Add($"{name}シート: 限度額の合計（{total:N0}円）が調書シートの市債（{bonds:N0}円）を超えます。");
            }

            result[layout.Kind] = list;
        }

        return result;
    }

    /// <summary>Replaces the request's entries of each kind read (part of the import's transaction).</summary>
    public static async Task ReplaceAsync(BudgetDb db, int requestId, IReadOnlyDictionary<EntryKind, List<EntryInput>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var kinds = entries.Keys.ToList();
        db.Entries.RemoveRange(await db.Entries.Where(e => e.RequestId == requestId && kinds.Contains(e.Kind)).ToListAsync(cancellationToken));
        foreach (var (kind, list) in entries)
        {
            var order = 0;
            foreach (var e in list)
            {
                var bond = kind == EntryKind.Bond;
                db.Entries.Add(new RequestEntry
                {
                    RequestId = requestId, Kind = kind, Title = e.Title!.Trim(), Amount = e.Amount, SortOrder = order++,
                    FromYear = kind is EntryKind.Continuing or EntryKind.DebtBurden ? e.FromYear : null,
                    ToYear = kind is EntryKind.Continuing or EntryKind.DebtBurden ? e.ToYear : null,
                    YearlyAmounts = kind == EntryKind.Continuing ? e.YearlyAmounts : null,
                    Funding = e.Funding,
                    Method = bond ? e.Method ?? RequestEntryService.StandardBondMethod : null,
                    InterestRate = bond ? e.InterestRate ?? RequestEntryService.StandardBondRate : null,
                    Repayment = bond ? e.Repayment ?? RequestEntryService.StandardBondRepayment : null,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
