using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OsakaDx.Budget.Tests;

/// <summary>Reads one named sheet of an .xlsx back as rows of column letter → text (numbers as written).</summary>
internal static class XlsxSheets
{
    public static IReadOnlyList<string> Names(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(stream, false);
        return [.. doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];
    }

    public static List<Dictionary<string, string>> Read(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = book.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == name);
        var part = (WorksheetPart)book.GetPartById(sheet.Id!);
        var result = new List<Dictionary<string, string>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cell in row.Elements<Cell>())
            {
                var column = new string([.. cell.CellReference!.Value!.TakeWhile(char.IsLetter)]);
                cells[column] = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InnerText
                    : cell.CellValue?.Text ?? "";
            }

            result.Add(cells);
        }

        return result;
    }

    public static long Num(this Dictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var v) && v.Length > 0 ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
}
