// A bill file as rows of named cells, from CSV (UTF-8 or Shift_JIS) or from the first worksheet
// of an Excel .xlsx file, so that both go through the same checks with the same line numbers.
using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Carbon.Activity;

/// <summary>One data row: its line (row number in the file, header = 1) and cells by header.</summary>
public sealed record BillSheetRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string header] => Cells.TryGetValue(header, out var v) ? v : "";

    public bool Has(string header) => Cells.ContainsKey(header);
}

public static class BillSheet
{
    /// <summary>Reads CSV or XLSX (recognized by the ZIP signature "PK").</summary>
    /// <exception cref="CsvFormatException">The file cannot be read; the message names the line.</exception>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<BillSheetRow> Rows) Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            return ReadXlsx(bytes);
        }

        var table = CsvReader.Read(new MemoryStream(bytes));
        var rows = table.Rows.Select(r => new BillSheetRow(r.LineNumber,
            table.Headers.Select((h, i) => (h, r.Fields[i])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal))).ToList();
        return (table.Headers, rows);
    }

    private static (IReadOnlyList<string> Headers, IReadOnlyList<BillSheetRow> Rows) ReadXlsx(byte[] bytes)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
            var workbook = document.WorkbookPart ?? throw new CsvFormatException("Excel ファイルにシートがありません。");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new CsvFormatException("Excel ファイルにシートがありません。");
            var part = (WorksheetPart)workbook.GetPartById(first.Id!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var dateStyles = DateStyles(workbook);
            var grid = new SortedDictionary<int, Dictionary<int, string>>();
            var dates = new Dictionary<(int Line, int Column), string>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var line = (int)(row.RowIndex?.Value ?? 0);
                var cells = new Dictionary<int, string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = Column(cell.CellReference?.Value ?? "A1");
                    cells[column] = Text(cell, shared);
                    if (AsYearMonth(cell, dateStyles) is { } ym)
                    {
                        dates[(line, column)] = ym;
                    }
                }

                grid[line] = cells;
            }

            if (grid.Count == 0)
            {
                throw new CsvFormatException(1, "ファイルが空です。");
            }

            var (headerLine, headerCells) = grid.First();
            var headers = headerCells.OrderBy(c => c.Key).Where(c => c.Value.Length > 0).ToDictionary(c => c.Key, c => c.Value.Trim());
            var rows = grid.Skip(1)
                .Where(r => r.Value.Values.Any(v => v.Length > 0))
                .Select(r => new BillSheetRow(r.Key, headers.ToDictionary(
                    h => h.Value,
                    // Only the 年月 column reads a date cell as a month: 2025/4 typed in Excel is stored as a date serial.
                    h => h.Value == "年月" && dates.TryGetValue((r.Key, h.Key), out var ym) ? ym : r.Value.GetValueOrDefault(h.Key, ""),
                    StringComparer.Ordinal)))
                .ToList();
            return (headers.Values.ToList(), rows);
        }
        catch (Exception ex) when (ex is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or System.Xml.XmlException)
        {
            throw new CsvFormatException("Excel ファイル（.xlsx）として読めません。保存し直すか CSV で保存してください。", ex);
        }
    }

    private static int Column(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter))
        {
            n = (n * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return n;
    }

    private static string Text(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? cell.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count)
        {
            return shared[i];
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        return raw ?? "";
    }

    /// <summary>Indexes of cell formats that show a date (built-in 14–22, 45–47, or a custom code with y, m or d outside quotes).</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var isDate = id is (>= 14 and <= 22) or (>= 45 and <= 47)
                || (custom.TryGetValue(id, out var code) && System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "").IndexOfAny(['y', 'm', 'd', 'Y', 'M', 'D']) >= 0);
            if (isDate)
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }

    private static string? AsYearMonth(Cell cell, HashSet<uint> dateStyles) =>
        cell.DataType is null && cell.StyleIndex is { } style && dateStyles.Contains(style.Value)
            && double.TryParse(cell.CellValue?.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2_958_465
            ? DateTime.FromOADate(serial).ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : null;
}
