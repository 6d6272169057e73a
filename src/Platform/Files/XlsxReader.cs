// Clerks hand in Excel files: imports read them through this one reader, so every module treats
// shared and inline strings, numbers, booleans, cached formula results and date-formatted cells the
// same way, reports cells by the reference the user sees (「D12」), and refuses hostile or broken
// files with a Japanese message instead of running out of memory. Sheets are read with the SAX-style
// OpenXmlReader, so a large sheet never builds a DOM.
using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OsakaDx.Platform.Files;

/// <summary>Reads .xlsx workbooks into cell grids: <c>var book = XlsxReader.Read(stream); book.First.Table()</c>.</summary>
public static partial class XlsxReader
{
    /// <summary>Most cells read from one workbook before it is refused (a guard against hostile files).</summary>
    public const int DefaultMaxCells = 2_000_000;

    /// <summary>Reads every sheet of the workbook, in tab order.</summary>
    /// <exception cref="XlsxFormatException">The file is not a readable .xlsx (corrupt, encrypted, .xls) or too large.</exception>
    public static XlsxBook Read(Stream input, int maxCells = DefaultMaxCells)
    {
        ArgumentNullException.ThrowIfNull(input);
        Stream source = input;
        MemoryStream? copy = null;
        if (!input.CanSeek)
        {
            // The package reader needs to seek; uploads arrive as forward-only streams.
            copy = new MemoryStream();
            input.CopyTo(copy);
            copy.Position = 0;
            source = copy;
        }

        try
        {
            using var document = SpreadsheetDocument.Open(source, false);
            var workbook = document.WorkbookPart ?? throw new XlsxFormatException("Excel ファイルにシートがありません。");
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var dateStyles = DateStyles(workbook);
            var sheets = new List<XlsxSheetData>();
            var budget = maxCells;
            foreach (var sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue; // chart sheets and dialog sheets hold no cells
                }

                sheets.Add(ReadSheet(sheet.Name?.Value ?? $"Sheet{sheets.Count + 1}", part, shared, dateStyles, ref budget, maxCells));
            }

            return sheets.Count > 0 ? new XlsxBook(sheets) : throw new XlsxFormatException("Excel ファイルにシートがありません。");
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException or NotSupportedException or InvalidOperationException)
        {
            throw new XlsxFormatException("Excel ファイル（.xlsx）として読めません。壊れているか、パスワードで保護されているか、古い形式（.xls）です。Excel で .xlsx として保存し直してください。", ex);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>The 1-based column number of a reference such as <c>D12</c> (4) or <c>AA1</c> (27).</summary>
    public static int ColumnNumber(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            n = (n * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return n;
    }

    /// <summary>The letters of a 1-based column number: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var name = string.Empty;
        while (column > 0)
        {
            var rest = (column - 1) % 26;
            name = (char)('A' + rest) + name;
            column = (column - 1) / 26;
        }

        return name;
    }

    private static XlsxSheetData ReadSheet(string name, WorksheetPart part, List<string> shared, HashSet<uint> dateStyles, ref int budget, int maxCells)
    {
        var cells = new Dictionary<(int Row, int Column), XlsxCell>();
        using var reader = OpenXmlReader.Create(part);
        var currentRow = 0;
        var lastColumn = 0;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                var index = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                currentRow = int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : currentRow + 1;
                lastColumn = 0;
            }
            else if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
            {
                if (--budget < 0)
                {
                    throw new XlsxFormatException($"Excel ファイルのセルが多すぎます（{maxCells:N0} 個まで）。必要なシートだけを残して保存し直してください。");
                }

                var cell = (Cell)reader.LoadCurrentElement()!;
                var reference = cell.CellReference?.Value;
                var column = reference is null ? lastColumn + 1 : ColumnNumber(reference); // references may be left out: cells then follow each other
                lastColumn = column;
                var value = ValueOf(cell, shared, dateStyles);
                if (value.Text.Length > 0)
                {
                    cells[(currentRow, column)] = new XlsxCell(ColumnName(column) + currentRow.ToString(CultureInfo.InvariantCulture), currentRow, column, value.Text, value.Number, value.Date);
                }
            }
        }

        return new XlsxSheetData(name, cells);
    }

    private static (string Text, decimal? Number, DateTime? Date) ValueOf(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : string.Empty, null, null);
        }

        if (type == CellValues.InlineString)
        {
            return (cell.InlineString?.InnerText ?? raw ?? string.Empty, null, null);
        }

        if (type == CellValues.Boolean)
        {
            return (raw == "1" ? "TRUE" : "FALSE", null, null);
        }

        if (type == CellValues.String || type == CellValues.Error)
        {
            return (raw ?? string.Empty, null, null); // a formula's text result, or #N/A and friends
        }

        if (raw is null || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return (raw ?? string.Empty, null, null);
        }

        // Excel keeps 15 significant digits in a double; decimal keeps what the user typed (1500.1, not 1500.0999…).
        decimal? exact = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (decimal)number;
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is > 0 and < 2_958_466)
        {
            var date = DateTime.FromOADate(number);
            var text = date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            return (text, exact, date);
        }

        return (exact.Value.ToString(CultureInfo.InvariantCulture), exact, null);
    }

    /// <summary>Indexes of cell formats that show a date: built-in 14–22, 27–36 and 45–58 (incl. the Japanese 和暦 ones), or a custom code with y, m, d, h or s outside quotes, brackets and the word General.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(n => n.NumberFormatId?.Value is not null)
            .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode?.Value ?? string.Empty) ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var isDate = id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 58)
                || (custom.TryGetValue(id, out var code) && IsDateCode(code));
            if (isDate)
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }

    // LibreOffice writes "General" as a custom code: its letters are not date parts.
    private static bool IsDateCode(string code) =>
        LiteralPattern().Replace(code, string.Empty).Replace("General", string.Empty, StringComparison.OrdinalIgnoreCase)
            .IndexOfAny(['y', 'm', 'd', 'h', 's', 'Y', 'M', 'D', 'H', 'S']) >= 0;

    // Quoted literals ("年"), bracketed colours/locales ([Red], [$-ja-JP]) and escaped characters (\-) are not format letters.
    [GeneratedRegex("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.")]
    private static partial Regex LiteralPattern();
}

/// <summary>A workbook read by <see cref="XlsxReader"/>.</summary>
public sealed class XlsxBook(IReadOnlyList<XlsxSheetData> sheets)
{
    /// <summary>The worksheets in tab order.</summary>
    public IReadOnlyList<XlsxSheetData> Sheets => sheets;

    /// <summary>The first worksheet.</summary>
    public XlsxSheetData First => sheets[0];

    /// <summary>The sheet with this name (case-insensitive, as Excel compares them), or null.</summary>
    public XlsxSheetData? Sheet(string name) => sheets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One non-empty cell: its reference as the user sees it, its text, and its number or date when it holds one.</summary>
public sealed record XlsxCell(string Reference, int Row, int Column, string Text, decimal? Number, DateTime? Date);

/// <summary>The non-empty cells of one worksheet.</summary>
public sealed class XlsxSheetData(string name, IReadOnlyDictionary<(int Row, int Column), XlsxCell> cells)
{
    /// <summary>The sheet's tab name.</summary>
    public string Name => name;

    /// <summary>Every non-empty cell.</summary>
    public IEnumerable<XlsxCell> Cells => cells.Values;

    /// <summary>The last row holding a value (0 for an empty sheet).</summary>
    public int LastRow => cells.Count == 0 ? 0 : cells.Keys.Max(k => k.Row);

    /// <summary>The cell at a 1-based row and column, or null when empty.</summary>
    public XlsxCell? this[int row, int column] => cells.GetValueOrDefault((row, column));

    /// <summary>The cell at a reference such as <c>D12</c>, or null when empty.</summary>
    public XlsxCell? this[string reference] =>
        this[int.Parse(reference.AsSpan(reference.TakeWhile(char.IsAsciiLetter).Count()), NumberStyles.None, CultureInfo.InvariantCulture), XlsxReader.ColumnNumber(reference)];

    /// <summary>The text at a reference, or the empty string.</summary>
    public string Text(string reference) => this[reference]?.Text ?? string.Empty;

    /// <summary>
    /// Reads the sheet as a table: the first non-empty row (or <paramref name="headerRow"/>) is the header; each later
    /// row with a value becomes an <see cref="XlsxRow"/> keyed by header text (trimmed).
    /// </summary>
    public XlsxTable Table(int? headerRow = null)
    {
        var header = headerRow ?? (cells.Count == 0 ? 0 : cells.Keys.Min(k => k.Row));
        var headers = cells.Values.Where(c => c.Row == header && c.Text.Trim().Length > 0)
            .OrderBy(c => c.Column).ToDictionary(c => c.Column, c => c.Text.Trim());
        var rows = cells.Values.Where(c => c.Row > header).GroupBy(c => c.Row).OrderBy(g => g.Key)
            .Select(g => new XlsxRow(g.Key, this, headers)).ToList();
        return new XlsxTable(header, [.. headers.Values], rows);
    }
}

/// <summary>A sheet read as a header row and data rows.</summary>
public sealed record XlsxTable(int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<XlsxRow> Rows);

/// <summary>One data row of an <see cref="XlsxTable"/>, addressed by header text.</summary>
public sealed class XlsxRow(int row, XlsxSheetData sheet, IReadOnlyDictionary<int, string> headers)
{
    /// <summary>The row number Excel shows (so errors say 「12行目」 for the row the user sees as 12).</summary>
    public int Line => row;

    /// <summary>The cell under the header, or null when the header is missing or the cell is empty.</summary>
    public XlsxCell? Cell(string header)
    {
        foreach (var (column, name) in headers)
        {
            if (string.Equals(name, header, StringComparison.Ordinal))
            {
                return sheet[row, column];
            }
        }

        return null;
    }

    /// <summary>The text under the header, or the empty string.</summary>
    public string this[string header] => Cell(header)?.Text ?? string.Empty;

    /// <summary>The reference of the cell under the header (for error messages), e.g. <c>D12</c>; null when the header is missing.</summary>
    public string? Reference(string header)
    {
        foreach (var (column, name) in headers)
        {
            if (string.Equals(name, header, StringComparison.Ordinal))
            {
                return XlsxReader.ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}

/// <summary>An .xlsx file that cannot be read as asked; the message is for the user, in Japanese.</summary>
public sealed class XlsxFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public XlsxFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public XlsxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public XlsxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
