using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Files;

public class XlsxReaderTests
{
    [Fact]
    public void Reads_back_what_the_writer_wrote_with_numbers_dates_and_row_numbers_as_Excel_shows_them()
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("予算");
        sheet.AddHeader("事業", "金額", "日付", "済");
        sheet.AddRow("道路補修", new Yen(1_500_000), new DateOnly(2026, 4, 1), true);
        sheet.AddRow("＝式ではない", 1500.1m, null, false);
        writer.AddSheet("空き").AddHeader("見出し");

        var book = XlsxReader.Read(new MemoryStream(writer.ToArray()));

        Assert.Equal(["予算", "空き"], book.Sheets.Select(s => s.Name));
        var table = book.Sheet("予算")!.Table();
        Assert.Equal(1, table.HeaderRow);
        Assert.Equal(["事業", "金額", "日付", "済"], table.Headers);
        Assert.Equal([2, 3], table.Rows.Select(r => r.Line));
        var first = table.Rows[0];
        Assert.Equal("道路補修", first["事業"]);
        Assert.Equal(1_500_000m, first.Cell("金額")!.Number);
        Assert.Equal(new DateTime(2026, 4, 1), first.Cell("日付")!.Date);
        Assert.Equal("2026-04-01", first["日付"]);
        Assert.Equal("TRUE", first["済"]);
        Assert.Equal("B2", first.Reference("金額"));
        Assert.Equal(1500.1m, table.Rows[1].Cell("金額")!.Number);
        Assert.Equal("", table.Rows[1]["日付"]);
        Assert.Null(table.Rows[1].Reference("存在しない列"));
        Assert.Equal("道路補修", book.First.Text("A2"));
        Assert.Equal(3, book.First.LastRow);
    }

    [Fact]
    public void Inline_strings_formula_results_custom_date_formats_and_missing_references_are_read()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy\"年\"m\"月\"" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "\"件数\"#,##0" }, new NumberingFormat { NumberFormatId = 166, FormatCode = "General" }),
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 166, ApplyNumberFormat = true }));
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData(
                new Row(
                    new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("年月")) },
                    new Cell { CellReference = "C1", DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("件数")) })
                { RowIndex = 1 },
                new Row(
                    new Cell { CellReference = "A4", StyleIndex = 1, CellValue = new CellValue("46113") },
                    new Cell { CellReference = "C4", StyleIndex = 2, CellFormula = new CellFormula("SUM(1,2)"), CellValue = new CellValue("3") },
                    new Cell { CellReference = "D4", StyleIndex = 3, CellValue = new CellValue("2026") })
                { RowIndex = 4 },
                new Row(
                    new Cell { DataType = CellValues.String, CellFormula = new CellFormula("\"a\"&\"b\""), CellValue = new CellValue("ab") },
                    new Cell { DataType = CellValues.Error, CellValue = new CellValue("#N/A") })
                { RowIndex = 5 }));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "集計", SheetId = 1, Id = workbook.GetIdOfPart(part) }));
        }

        var sheet = XlsxReader.Read(new MemoryStream(stream.ToArray())).First;

        Assert.Equal("年月", sheet.Text("A1"));
        Assert.Equal(new DateTime(2026, 4, 1), sheet["A4"]!.Date); // 46113 = 2026-04-01 under yyyy"年"m"月"
        Assert.Null(sheet["C4"]!.Date); // "件数" is a quoted literal, not a date format
        Assert.Equal(3m, sheet["C4"]!.Number);
        Assert.Null(sheet["D4"]!.Date); // LibreOffice saves "General" as a custom code: not a date
        Assert.Equal("2026", sheet.Text("D4"));
        Assert.Equal("ab", sheet.Text("A5"));
        Assert.Equal("#N/A", sheet.Text("B5"));
        var table = sheet.Table();
        Assert.Equal([4, 5], table.Rows.Select(r => r.Line)); // rows 2 and 3 are empty and skipped
    }

    [Fact]
    public void A_file_that_is_not_xlsx_is_refused_in_Japanese()
    {
        var ex = Assert.Throws<XlsxFormatException>(() => XlsxReader.Read(new MemoryStream("事業,金額\n道路,100\n"u8.ToArray())));
        Assert.Contains("Excel ファイル（.xlsx）として読めません", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_with_more_cells_than_allowed_is_refused_before_it_is_read_whole()
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("大きい");
        for (var i = 0; i < 100; i++)
        {
            sheet.AddRow(i, i, i);
        }

        var bytes = writer.ToArray();
        Assert.Equal(100, XlsxReader.Read(new MemoryStream(bytes), maxCells: 300).First.LastRow);
        var ex = Assert.Throws<XlsxFormatException>(() => XlsxReader.Read(new MemoryStream(bytes), maxCells: 299));
        Assert.Contains("299", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(703, "AAA")]
    public void Column_names_and_numbers_round_trip(int number, string name)
    {
        Assert.Equal(name, XlsxReader.ColumnName(number));
        Assert.Equal(number, XlsxReader.ColumnNumber(name + "12"));
    }
}
