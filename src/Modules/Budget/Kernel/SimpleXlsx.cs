// Reads the first sheet of an .xlsx as rows of text (header = first row), for the small imports
// (ceilings, examiner assignments) that accept Excel as well as CSV. Row numbers are Excel's own,
// so an error says 「3行目」 for the row the user sees as 3.
using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OsakaDx.Modules.Budget;

internal static class SimpleXlsx
{
    public static List<(int Line, IReadOnlyList<string> Headers, Func<string, string> Field)> Read(Stream input)
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        using var document = SpreadsheetDocument.Open(copy, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("ブックにシートがありません。");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("ブックにシートがありません。");
        var part = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<(int Row, Dictionary<int, string> Cells)>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new Dictionary<int, string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = Column(cell.CellReference?.Value ?? "A");
                var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
                cells[column] = cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : raw;
            }

            if (cells.Values.Any(v => v.Length > 0))
            {
                rows.Add(((int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)), cells));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0].Cells;
        var headers = header.OrderBy(c => c.Key).Select(c => c.Value.Trim()).ToList();
        var index = header.Where(c => c.Value.Trim().Length > 0).GroupBy(c => c.Value.Trim()).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var result = new List<(int, IReadOnlyList<string>, Func<string, string>)>();
        foreach (var (number, cells) in rows.Skip(1))
        {
            result.Add((number, headers, h => index.TryGetValue(h, out var c) && cells.TryGetValue(c, out var v) ? v : ""));
        }

        return result;
    }

    private static int Column(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            n = (n * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return n;
    }
}
