using System.Text;
using OsakaDx.Modules.Carbon.Activity;
using OsakaDx.Platform.Files;

namespace OsakaDx.Carbon.Tests;

public sealed class BillFileTests
{
    [Fact]
    public void An_excel_file_is_read_like_a_csv_with_date_cells_as_months()
    {
        var book = new XlsxWriter();
        var sheet = book.AddSheet("請求書");
        sheet.AddHeader("事業所", "年月", "種別", "数量", "単位");
        sheet.AddRow("本社", new DateOnly(2025, 4, 1), "電気", 45000m, "kWh");
        sheet.AddRow("本社", "2025-05", "都市ガス", 1.25m, "千m3");
        var (rows, errors) = ActivityService.ReadBills(new MemoryStream(book.ToArray()));

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        Assert.Equal((2025, 4, 45000m, "kWh", 2), (rows[0].Year, rows[0].Month, rows[0].Quantity, rows[0].Unit.Code, rows[0].Line));
        Assert.Equal((2025, 5, 1.25m, "千m3", 3), (rows[1].Year, rows[1].Month, rows[1].Quantity, rows[1].Unit.Code, rows[1].Line));
    }

    [Fact]
    public void An_excel_file_with_a_bad_row_names_its_row()
    {
        var book = new XlsxWriter();
        var sheet = book.AddSheet("請求書");
        sheet.AddHeader("年月", "種別", "数量", "単位");
        sheet.AddRow("2025-04", "電気", 100m, "kWh");
        sheet.AddRow("2025-05", "重油", 100m, "L");
        var (rows, errors) = ActivityService.ReadBills(new MemoryStream(book.ToArray()));

        Assert.Empty(rows);
        Assert.StartsWith("3行目「種別」列: 種別「重油」は使えません", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_without_a_required_column_is_refused()
    {
        var (rows, errors) = ActivityService.ReadBills(new MemoryStream(Encoding.UTF8.GetBytes("年月,種別,数量\r\n2025-04,電気,1\r\n")));
        Assert.Empty(rows);
        Assert.Contains("見出し「単位」の列がありません", Assert.Single(errors), StringComparison.Ordinal);
    }
}
