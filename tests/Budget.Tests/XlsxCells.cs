using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OsakaDx.Budget.Tests;

/// <summary>Reads the first sheet of an .xlsx back as row number → column letter → text, resolving shared strings.</summary>
internal static class XlsxCells
{
    public static SortedDictionary<int, Dictionary<string, string>> Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = book.WorksheetParts.First();
        var result = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var row in sheet.Worksheet.Descendants<Row>())
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cell in row.Elements<Cell>())
            {
                var reference = cell.CellReference!.Value!;
                var column = new string([.. reference.TakeWhile(char.IsLetter)]);
                var text = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InnerText
                    : cell.CellValue?.Text ?? "";
                cells[column] = text;
            }

            result[(int)row.RowIndex!.Value] = cells;
        }

        return result;
    }
}
