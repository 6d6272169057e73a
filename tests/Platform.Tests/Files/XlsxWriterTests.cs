using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Files;

public class XlsxWriterTests
{
    private static SpreadsheetDocument Open(XlsxWriter writer) =>
        SpreadsheetDocument.Open(new MemoryStream(writer.ToArray()), false);

    private static WorksheetPart SheetPart(SpreadsheetDocument doc, string name)
    {
        var sheet = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!);
    }

    private static Cell CellAt(WorksheetPart part, string reference) =>
        part.Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    private static string SharedText(SpreadsheetDocument doc, Cell cell)
    {
        Assert.Equal(CellValues.SharedString, cell.DataType!.Value);
        var index = int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);
        return doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(index).InnerText;
    }

    private static string? NumberFormat(SpreadsheetDocument doc, Cell cell)
    {
        var stylesheet = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var format = stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
        var id = format.NumberFormatId!.Value;
        if (id == 3)
        {
            return "#,##0";
        }

        return stylesheet.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(f => f.NumberFormatId! == id)?.FormatCode;
    }

    [Fact]
    public void Writes_typed_cells_that_read_back()
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("予算");
        sheet.AddHeader("事業名", "金額", "件数", "単価", "比率", "開始日", "更新日時", "確定", "備考");
        sheet.AddRow("道路補修", new Yen(1234567), 42, 9_000_000_000L, 0.125m, new DateOnly(2025, 4, 1), new DateTime(2025, 4, 1, 9, 30, 0), true, null);
        sheet.AddRow("道路補修", new Yen(-500), 0, -1L, 1.5, new DateTime(2026, 3, 31), new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero), false, " 前後に空白 ");

        using var doc = Open(writer);
        var part = SheetPart(doc, "予算");

        Assert.Equal("事業名", SharedText(doc, CellAt(part, "A1")));
        Assert.Equal("道路補修", SharedText(doc, CellAt(part, "A2")));
        Assert.Equal(CellAt(part, "A2").CellValue!.Text, CellAt(part, "A3").CellValue!.Text); // shared once

        var yen = CellAt(part, "B2");
        Assert.Null(yen.DataType);
        Assert.Equal("1234567", yen.CellValue!.Text);
        Assert.Equal("#,##0", NumberFormat(doc, yen));
        Assert.Equal("-500", CellAt(part, "B3").CellValue!.Text);

        Assert.Equal("42", CellAt(part, "C2").CellValue!.Text);
        Assert.Equal("9000000000", CellAt(part, "D2").CellValue!.Text);
        Assert.Equal("0.125", CellAt(part, "E2").CellValue!.Text);
        Assert.Equal("1.5", CellAt(part, "E3").CellValue!.Text);

        var date = CellAt(part, "F2");
        Assert.Null(date.DataType);
        Assert.Equal("45748", date.CellValue!.Text); // 2025-04-01
        Assert.Equal("yyyy/mm/dd", NumberFormat(doc, date));
        Assert.Equal(new DateTime(2025, 4, 1), DateTime.FromOADate(double.Parse(date.CellValue.Text, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("46112", CellAt(part, "F3").CellValue!.Text); // midnight DateTime is a plain date
        Assert.Equal("yyyy/mm/dd", NumberFormat(doc, CellAt(part, "F3")));

        var dateTime = CellAt(part, "G2");
        Assert.Equal(new DateTime(2025, 4, 1, 9, 30, 0), DateTime.FromOADate(double.Parse(dateTime.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("yyyy/mm/dd hh:mm", NumberFormat(doc, dateTime));
        var jst = DateTime.FromOADate(double.Parse(CellAt(part, "G3").CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2026, 4, 1, 0, 30, 0), jst);

        var flag = CellAt(part, "H2");
        Assert.Equal(CellValues.Boolean, flag.DataType!.Value);
        Assert.Equal("1", flag.CellValue!.Text);
        Assert.Equal("0", CellAt(part, "H3").CellValue!.Text);

        Assert.DoesNotContain(part.Worksheet.Descendants<Cell>(), c => c.CellReference == "I2");
        Assert.Equal(" 前後に空白 ", SharedText(doc, CellAt(part, "I3")));
    }

    [Fact]
    public void Header_is_bold_filled_frozen_and_filtered()
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("一覧");
        sheet.AddHeader("番号", "氏名", "住所");
        sheet.AddRow(1, "大阪 太郎", "大阪市北区中之島1-3-20");
        sheet.AddRow(2, "ab", "c");

        using var doc = Open(writer);
        var part = SheetPart(doc, "一覧");

        var pane = part.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);
        Assert.Equal(1D, pane.VerticalSplit!.Value);

        Assert.Equal("A1:C3", part.Worksheet.Elements<AutoFilter>().Single().Reference!.Value);
        var definedName = doc.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single();
        Assert.Equal("_xlnm._FilterDatabase", definedName.Name!.Value);
        Assert.Equal("'一覧'!A1:C3", definedName.Text);

        var stylesheet = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet;
        var headerFormat = stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)CellAt(part, "B1").StyleIndex!.Value);
        var font = stylesheet.Fonts!.Elements<Font>().ElementAt((int)headerFormat.FontId!.Value);
        Assert.NotNull(font.Bold);
        var fill = stylesheet.Fills!.Elements<Fill>().ElementAt((int)headerFormat.FillId!.Value);
        Assert.Equal(PatternValues.Solid, fill.PatternFill!.PatternType!.Value);

        var widths = part.Worksheet.Descendants<Column>().ToDictionary(c => c.Min!.Value, c => c.Width!.Value);
        Assert.Equal(3, widths.Count);
        Assert.True(widths[3] > widths[2], "the long address column should be wider than the name column");
        Assert.True(widths[2] >= 10, "大阪 太郎 is 9 half-width units wide");
        Assert.True(widths[1] >= 6);
    }

    [Fact]
    public void Sheet_without_header_has_no_pane_or_filter()
    {
        var writer = new XlsxWriter();
        writer.AddSheet("data").AddRow("x", 1);
        using var doc = Open(writer);
        var part = SheetPart(doc, "data");
        Assert.Empty(part.Worksheet.Descendants<Pane>());
        Assert.Empty(part.Worksheet.Elements<AutoFilter>());
        Assert.Equal("x", SharedText(doc, CellAt(part, "A1")));
        Assert.Null(doc.WorkbookPart!.Workbook.DefinedNames);
    }

    [Fact]
    public void Multiple_sheets_keep_order_and_names()
    {
        var writer = new XlsxWriter();
        writer.AddSheet("令和7年度").AddRow(1);
        writer.AddSheet("O'Brien").AddHeader("a");
        using var doc = Open(writer);
        Assert.Equal(["令和7年度", "O'Brien"], doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));
        Assert.Equal("'O''Brien'!A1:A1", doc.WorkbookPart.Workbook.DefinedNames!.Elements<DefinedName>().Single().Text);
        Assert.Equal(2, writer.Sheets.Count);
    }

    [Theory]
    [InlineData("", "シート名が空です。")]
    [InlineData("12345678901234567890123456789012", "シート名は31文字以内にしてください: '12345678901234567890123456789012'")]
    [InlineData("予算[案]", "シート名に使えない文字「[」が含まれています: '予算[案]'")]
    [InlineData("a/b", "シート名に使えない文字「/」が含まれています: 'a/b'")]
    [InlineData("a\\b", "シート名に使えない文字「\\」が含まれています: 'a\\b'")]
    [InlineData("a:b", "シート名に使えない文字「:」が含まれています: 'a:b'")]
    [InlineData("a*b", "シート名に使えない文字「*」が含まれています: 'a*b'")]
    [InlineData("a?b", "シート名に使えない文字「?」が含まれています: 'a?b'")]
    [InlineData("'quoted", "シート名の先頭と末尾にアポストロフィ（'）は使えません: ''quoted'")]
    [InlineData("history", "シート名「History」はExcelが予約しているため使えません。")]
    public void Sheet_names_are_validated(string name, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new XlsxWriter().AddSheet(name));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sheet_name_of_31_characters_is_fine_and_duplicates_are_rejected()
    {
        var writer = new XlsxWriter();
        writer.AddSheet(new string('あ', 31));
        writer.AddSheet("Sheet");
        var ex = Assert.Throws<ArgumentException>(() => writer.AddSheet("SHEET"));
        Assert.StartsWith("シート名「SHEET」は既に使われています。", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_values_are_rejected_with_column()
    {
        var sheet = new XlsxWriter().AddSheet("s");
        var ex = Assert.Throws<ArgumentException>(() => sheet.AddRow("ok", new object()));
        Assert.StartsWith("2列目: Object型の値はExcelに書き込めません。", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sheet.AddRow(double.NaN));
        Assert.Throws<ArgumentException>(() => sheet.AddRow(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => sheet.AddRow(new string('x', XlsxSheet.MaxCellLength + 1)));
        var dateEx = Assert.Throws<ArgumentException>(() => sheet.AddRow(new DateOnly(1900, 2, 28)));
        Assert.StartsWith("1列目: 1900年3月1日より前の日付", dateEx.Message, StringComparison.Ordinal);
        Assert.Equal(0, sheet.RowCount);
    }

    [Fact]
    public void Header_must_come_first_and_once()
    {
        var sheet = new XlsxWriter().AddSheet("s");
        sheet.AddHeader("a");
        Assert.Throws<InvalidOperationException>(() => sheet.AddHeader("b"));
        var other = new XlsxWriter().AddSheet("t");
        other.AddRow(1);
        Assert.Throws<InvalidOperationException>(() => other.AddHeader("a"));
    }

    [Fact]
    public void Saving_an_empty_workbook_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => new XlsxWriter().ToArray());

    [Fact]
    public void Control_characters_and_escape_lookalikes_survive()
    {
        var writer = new XlsxWriter();
        writer.AddSheet("s").AddRow("a\u0001b", "_x0041_", "改行\r\nあり");
        using var doc = Open(writer);
        var part = SheetPart(doc, "s");
        Assert.Equal("a_x0001_b", SharedText(doc, CellAt(part, "A1")));
        Assert.Equal("_x005F_x0041_", SharedText(doc, CellAt(part, "B1")));
        Assert.Equal("改行\nあり", SharedText(doc, CellAt(part, "C1")));
    }

    [Fact]
    public void Column_names_beyond_z()
    {
        Assert.Equal("A", XlsxSheet.ColumnName(0));
        Assert.Equal("Z", XlsxSheet.ColumnName(25));
        Assert.Equal("AA", XlsxSheet.ColumnName(26));
        Assert.Equal("AZ", XlsxSheet.ColumnName(51));
        Assert.Equal("XFD", XlsxSheet.ColumnName(16383));

        var writer = new XlsxWriter();
        writer.AddSheet("wide").AddRow(Enumerable.Range(0, 30).Cast<object?>().ToArray());
        using var doc = Open(writer);
        Assert.Equal("29", CellAt(SheetPart(doc, "wide"), "AD1").CellValue!.Text);
    }

    [Fact]
    public void Display_width_counts_full_width_as_two()
    {
        Assert.Equal(4, XlsxSheet.DisplayWidth("abcd"));
        Assert.Equal(8, XlsxSheet.DisplayWidth("大阪市役"));
        Assert.Equal(4, XlsxSheet.DisplayWidth("ｵｵｻｶ"));
        Assert.Equal(2, XlsxSheet.DisplayWidth("𠮷"));
        Assert.Equal(6, XlsxSheet.DisplayWidth("短い\r\n長い行"));
    }

    [Fact]
    public void Writes_ten_thousand_rows()
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("大量");
        sheet.AddHeader("番号", "名称", "金額", "日付");
        for (var i = 1; i <= 10_000; i++)
        {
            sheet.AddRow(i, $"項目{i % 100}", new Yen(i * 1000L), new DateOnly(2025, 4, 1).AddDays(i % 365));
        }

        using var doc = Open(writer);
        var part = SheetPart(doc, "大量");
        var rows = part.Worksheet.Descendants<Row>().ToList();
        Assert.Equal(10_001, rows.Count);
        Assert.Equal(10_001U, rows[^1].RowIndex!.Value);
        Assert.Equal("10000000", CellAt(part, "C10001").CellValue!.Text);
        Assert.Equal("A1:D10001", part.Worksheet.Elements<AutoFilter>().Single().Reference!.Value);
        Assert.Equal(101, doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Count() - 3);
    }

    [Fact]
    public void Saves_to_a_non_seekable_stream()
    {
        var writer = new XlsxWriter();
        writer.AddSheet("s").AddRow("x");
        using var inner = new MemoryStream();
        using (var forwardOnly = new ForwardOnlyStream(inner))
        {
            writer.Save(forwardOnly);
        }

        using var doc = SpreadsheetDocument.Open(new MemoryStream(inner.ToArray()), false);
        Assert.Single(doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>());
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
