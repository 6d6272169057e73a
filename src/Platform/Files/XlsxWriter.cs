// Clerks expect Excel files that are ready to use: real numbers and dates (so SUM and filters
// work), a visible header, frozen first row and filter buttons. Rows are buffered as compact
// cell values and streamed out with OpenXmlWriter, so large sheets never build a DOM.
using System.Globalization;
using System.Numerics;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Files;

/// <summary>Builds an .xlsx workbook: <c>var s = w.AddSheet("予算"); s.AddHeader(...); s.AddRow(...); w.Save(stream)</c>.</summary>
public sealed class XlsxWriter
{
    private readonly List<XlsxSheet> sheets = [];

    /// <summary>Sheets in tab order.</summary>
    public IReadOnlyList<XlsxSheet> Sheets => sheets;

    /// <summary>Adds a sheet.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, has a forbidden character or is taken.</exception>
    public XlsxSheet AddSheet(string name)
    {
        XlsxSheet.ValidateName(name);
        if (sheets.Exists(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"シート名「{name}」は既に使われています。", nameof(name));
        }

        var sheet = new XlsxSheet(name);
        sheets.Add(sheet);
        return sheet;
    }

    /// <summary>Writes the workbook; the stream is left open and need not be seekable.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (sheets.Count == 0)
        {
            throw new InvalidOperationException("シートが1枚もありません。AddSheet でシートを追加してください。");
        }

        // The OPC package needs a seekable, readable stream; HTTP response bodies are neither.
        if (stream.CanSeek && stream.CanRead)
        {
            WritePackage(stream);
            return;
        }

        using var buffer = new MemoryStream();
        WritePackage(buffer);
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>The workbook as bytes, e.g. for a download.</summary>
    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        Save(buffer);
        return buffer.ToArray();
    }

    private void WritePackage(Stream stream)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = XlsxStyles.Create();

        var sharedStrings = new SharedStrings();
        var sheetEntries = new Sheets();
        var definedNames = new DefinedNames();
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheet.WriteTo(worksheetPart, sharedStrings, isFirst: i == 0);
            sheetEntries.Append(new Sheet
            {
                Id = workbookPart.GetIdOfPart(worksheetPart),
                SheetId = (uint)(i + 1),
                Name = sheet.Name,
            });

            if (sheet.FilterRange is { } range)
            {
                // Excel records an auto filter's range under this hidden name; files without it
                // open fine, but Excel's "sort" and "reapply" commands look it up.
                definedNames.Append(new DefinedName($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!{range}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = (uint)i,
                    Hidden = true,
                });
            }
        }

        var workbook = new Workbook(new BookViews(new WorkbookView()), sheetEntries);
        if (definedNames.HasChildren)
        {
            workbook.Append(definedNames);
        }

        workbookPart.Workbook = workbook;
        sharedStrings.WriteTo(workbookPart.AddNewPart<SharedStringTablePart>());
    }

    internal sealed class SharedStrings
    {
        private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);
        private readonly List<string> values = [];
        private int references;

        public int Add(string value)
        {
            references++;
            if (!indexes.TryGetValue(value, out var index))
            {
                index = values.Count;
                indexes.Add(value, index);
                values.Add(value);
            }

            return index;
        }

        public void WriteTo(SharedStringTablePart part)
        {
            using var writer = OpenXmlWriter.Create(part);
            writer.WriteStartElement(new SharedStringTable { Count = (uint)references, UniqueCount = (uint)values.Count });
            foreach (var value in values)
            {
                var text = new DocumentFormat.OpenXml.Spreadsheet.Text(value);
                if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
                {
                    text.Space = SpaceProcessingModeValues.Preserve;
                }

                writer.WriteElement(new SharedStringItem(text));
            }

            writer.WriteEndElement();
        }
    }
}

/// <summary>One worksheet of an <see cref="XlsxWriter"/>.</summary>
public sealed class XlsxSheet
{
    /// <summary>Excel's limit on characters in one cell.</summary>
    public const int MaxCellLength = 32767;

    private const int MaxSheetNameLength = 31;
    private const double MinColumnWidth = 6;
    private const double MaxColumnWidth = 80;

    private static readonly DateOnly FirstExactExcelDate = new(1900, 3, 1);
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    private readonly List<CellValue[]> rows = [];
    private readonly List<double> columnWidths = [];
    private string[]? header;

    internal XlsxSheet(string name) => Name = name;

    /// <summary>The tab name.</summary>
    public string Name { get; }

    /// <summary>Number of data rows added (the header not counted).</summary>
    public int RowCount => rows.Count;

    internal string? FilterRange =>
        header is null ? null : $"A1:{ColumnName(header.Length - 1)}{rows.Count + 1}";

    /// <summary>Sets the header row: bold with a fill, frozen, with filter buttons.</summary>
    /// <exception cref="InvalidOperationException">A header was already set or rows were already added.</exception>
    public void AddHeader(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (header is not null || rows.Count > 0)
        {
            throw new InvalidOperationException("見出しはデータ行より前に一度だけ追加できます。");
        }

        if (headers.Length == 0)
        {
            throw new ArgumentException("見出しが空です。", nameof(headers));
        }

        header = [.. headers.Select(h => h ?? string.Empty)];
        for (var i = 0; i < header.Length; i++)
        {
            // The filter drop-down button covers about two characters of the header cell.
            Widen(i, DisplayWidth(header[i]) + 2);
        }
    }

    /// <summary>
    /// Adds a data row. Cells may be string, int/long/decimal/double (numbers), <see cref="Yen"/>
    /// (number shown as #,##0), DateOnly/DateTime/DateTimeOffset (Excel dates), bool, or null (empty).
    /// </summary>
    /// <exception cref="ArgumentException">A cell has an unsupported type or a value Excel cannot hold.</exception>
    public void AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var converted = new CellValue[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            converted[i] = Convert(cells[i], i);
            Widen(i, converted[i].Width);
        }

        rows.Add(converted);
    }

    internal static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("シート名が空です。", nameof(name));
        }

        if (name.Length > MaxSheetNameLength)
        {
            throw new ArgumentException($"シート名は{MaxSheetNameLength}文字以内にしてください: '{name}'", nameof(name));
        }

        var forbidden = name.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']);
        if (forbidden >= 0)
        {
            throw new ArgumentException($"シート名に使えない文字「{name[forbidden]}」が含まれています: '{name}'", nameof(name));
        }

        if (name[0] == '\'' || name[^1] == '\'')
        {
            throw new ArgumentException($"シート名の先頭と末尾にアポストロフィ（'）は使えません: '{name}'", nameof(name));
        }

        if (string.Equals(name, "History", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("シート名「History」はExcelが予約しているため使えません。", nameof(name));
        }
    }

    internal static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    internal void WriteTo(WorksheetPart part, XlsxWriter.SharedStrings sharedStrings, bool isFirst)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());

        var view = new SheetView { WorkbookViewId = 0U, TabSelected = isFirst ? true : null };
        if (header is not null)
        {
            view.Append(
                new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        }

        writer.WriteElement(new SheetViews(view));

        if (columnWidths.Count > 0)
        {
            var columns = new Columns();
            for (var i = 0; i < columnWidths.Count; i++)
            {
                columns.Append(new Column
                {
                    Min = (uint)(i + 1),
                    Max = (uint)(i + 1),
                    Width = Math.Round(Math.Clamp(columnWidths[i] + 1.5, MinColumnWidth, MaxColumnWidth), 2),
                    CustomWidth = true,
                });
            }

            writer.WriteElement(columns);
        }

        writer.WriteStartElement(new SheetData());
        var rowNumber = 1;
        if (header is not null)
        {
            WriteRow(writer, rowNumber++, header.Select(h => CellValue.Text(h)).ToArray(), sharedStrings, XlsxStyles.Header);
        }

        foreach (var row in rows)
        {
            WriteRow(writer, rowNumber++, row, sharedStrings, null);
        }

        writer.WriteEndElement();

        if (FilterRange is { } range)
        {
            writer.WriteElement(new AutoFilter { Reference = range });
        }

        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int rowNumber, CellValue[] cells, XlsxWriter.SharedStrings sharedStrings, uint? styleOverride)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)rowNumber });
        for (var i = 0; i < cells.Length; i++)
        {
            var value = cells[i];
            if (value.Kind == CellKind.Empty && styleOverride is null)
            {
                continue;
            }

            var cell = new Cell
            {
                CellReference = ColumnName(i) + rowNumber.ToString(CultureInfo.InvariantCulture),
                StyleIndex = styleOverride ?? value.Style,
            };
            switch (value.Kind)
            {
                case CellKind.String:
                    cell.DataType = CellValues.SharedString;
                    cell.CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(
                        sharedStrings.Add(value.Raw).ToString(CultureInfo.InvariantCulture));
                    break;
                case CellKind.Boolean:
                    cell.DataType = CellValues.Boolean;
                    cell.CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(value.Raw);
                    break;
                case CellKind.Number:
                    cell.CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(value.Raw);
                    break;
                case CellKind.Empty:
                    break;
            }

            if (cell.StyleIndex?.Value == 0U)
            {
                cell.StyleIndex = null;
            }

            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    private static CellValue Convert(object? value, int column) => value switch
    {
        null => CellValue.Empty,
        string s => CellValue.Text(CheckLength(s, column)),
        bool b => new CellValue(CellKind.Boolean, b ? "1" : "0", 0, 5),
        Yen yen => Number(yen.Value, XlsxStyles.Yen, yen.Value.ToString("#,##0", CultureInfo.InvariantCulture).Length),
        int or long or short or byte or sbyte or ushort or uint or ulong or decimal =>
            Number(value, 0, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture).Length),
        double d => Number(CheckFinite(d, column), 0, Math.Min(d.ToString(CultureInfo.InvariantCulture).Length, 12)),
        float f => Number((double)CheckFinite(f, column), 0, Math.Min(f.ToString(CultureInfo.InvariantCulture).Length, 12)),
        DateOnly date => DateCell(date, column),
        DateTime dateTime => DateTimeCell(dateTime, column),
        DateTimeOffset offset => DateTimeCell(offset.ToJst().DateTime, column),
        _ => throw new ArgumentException($"{column + 1}列目: {value.GetType().Name}型の値はExcelに書き込めません。", nameof(value)),
    };

    private static CellValue Number(object value, uint style, int width) =>
        new(CellKind.Number, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), style, width);

    private static CellValue DateCell(DateOnly date, int column)
    {
        CheckExcelDate(date, column);
        var serial = date.DayNumber - ExcelEpoch.DayNumber;
        return new CellValue(CellKind.Number, serial.ToString(CultureInfo.InvariantCulture), XlsxStyles.Date, 10);
    }

    private static CellValue DateTimeCell(DateTime value, int column)
    {
        if (value.TimeOfDay == TimeSpan.Zero)
        {
            return DateCell(DateOnly.FromDateTime(value), column);
        }

        CheckExcelDate(DateOnly.FromDateTime(value), column);
        return new CellValue(CellKind.Number, value.ToOADate().ToString(CultureInfo.InvariantCulture), XlsxStyles.DateTime, 16);
    }

    // Excel counts 1900-02-29 as a real day, so serials before March 1900 are off by one and
    // dates before 1900 do not exist for it; refusing them beats writing a wrong date.
    private static void CheckExcelDate(DateOnly date, int column)
    {
        if (date < FirstExactExcelDate)
        {
            throw new ArgumentException($"{column + 1}列目: 1900年3月1日より前の日付はExcelで正しく扱えません: {date:yyyy-MM-dd}", nameof(date));
        }
    }

    private static string CheckLength(string s, int column) =>
        s.Length <= MaxCellLength
            ? s
            : throw new ArgumentException($"{column + 1}列目: 1つのセルに書ける文字数（{MaxCellLength}文字）を超えています。", nameof(s));

    private static T CheckFinite<T>(T value, int column)
        where T : IFloatingPoint<T> =>
        T.IsFinite(value)
            ? value
            : throw new ArgumentException($"{column + 1}列目: 数値ではない値（{value}）はExcelに書き込めません。", nameof(value));

    /// <summary>Approximate width in Excel character units: full-width characters count as 2.</summary>
    internal static int DisplayWidth(string text)
    {
        var widest = 0;
        var current = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                widest = Math.Max(widest, current);
                current = 0;
            }
            else if (char.IsLowSurrogate(c) || c == '\r')
            {
                // Counted with its high surrogate; CR is invisible.
            }
            else
            {
                current += c >= '\u1100' && c is not (>= '\uFF61' and <= '\uFF9F') ? 2 : 1;
            }
        }

        return Math.Max(widest, current);
    }

    private void Widen(int column, int width)
    {
        while (columnWidths.Count <= column)
        {
            columnWidths.Add(0);
        }

        columnWidths[column] = Math.Max(columnWidths[column], width);
    }

    private enum CellKind
    {
        Empty,
        String,
        Number,
        Boolean,
    }

    private readonly record struct CellValue(CellKind Kind, string Raw, uint Style, int Width)
    {
        public static CellValue Empty => new(CellKind.Empty, string.Empty, 0, 0);

        // Excel keeps in-cell line breaks as LF (Alt+Enter), and XML readers fold CRLF to LF anyway.
        public static CellValue Text(string value) =>
            new(CellKind.String, EscapeXml(value.ReplaceLineEndings("\n")), 0, DisplayWidth(value));

        // XML cannot carry most control characters; Excel's own escape for them is _xHHHH_,
        // and a literal "_x0041_" in the data must then be escaped too or Excel would decode it.
        private static string EscapeXml(string value)
        {
            StringBuilder? builder = null;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                string? replacement = null;
                if (c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
                {
                    replacement = string.Create(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
                }
                else if (c == '_' && LooksLikeEscape(value, i))
                {
                    replacement = "_x005F_";
                }
                else if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1])))
                {
                    replacement = "\uFFFD";
                }

                if (replacement is null)
                {
                    builder?.Append(c);
                    continue;
                }

                builder ??= new StringBuilder(value, 0, i, value.Length + 16);
                builder.Append(replacement);
            }

            return builder?.ToString() ?? value;
        }

        private static bool LooksLikeEscape(string value, int index) =>
            index + 6 < value.Length
            && value[index + 1] == 'x'
            && char.IsAsciiHexDigit(value[index + 2])
            && char.IsAsciiHexDigit(value[index + 3])
            && char.IsAsciiHexDigit(value[index + 4])
            && char.IsAsciiHexDigit(value[index + 5])
            && value[index + 6] == '_';
    }
}

/// <summary>The fixed style sheet every workbook shares; indexes into cellXfs.</summary>
internal static class XlsxStyles
{
    public const uint Header = 1;
    public const uint Yen = 2;
    public const uint Date = 3;
    public const uint DateTime = 4;

    private const uint YenFormatId = 3; // built-in "#,##0"
    private const uint DateFormatId = 164; // first id available for custom formats
    private const uint DateTimeFormatId = 165;

    public static Stylesheet Create() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "yyyy/mm/dd" },
            new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = "yyyy/mm/dd hh:mm" })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "游ゴシック" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "游ゴシック" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = YenFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = DateFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = DateTimeFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
