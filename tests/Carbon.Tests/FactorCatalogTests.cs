using System.Text;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Platform.Files;

namespace OsakaDx.Carbon.Tests;

public sealed class FactorCatalogTests
{
    private const string Header = "キー,名称,区分,スコープ,単位,係数(t-CO2/単位),年度,出典URL,公表日,資料区分,照合,備考";

    private static MemoryStream Csv(params string[] lines) => new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Prepend(Header)) + "\r\n"));

    [Fact]
    public void The_shipped_values_carry_the_references_status()
    {
        var factors = FactorCatalog.Parse(new MemoryStream(FactorCatalog.EmbeddedCsv())).ToDictionary(f => f.Key);
        Assert.Equal(2.05m, factors["city_gas"].Value);
        Assert.Equal("千m3", factors["city_gas"].UnitCode);
        Assert.Equal(FactorStatus.Primary, factors["city_gas"].Status);
        Assert.Equal(2.29m, factors["gasoline"].Value);
        Assert.Equal(FactorStatus.Secondary, factors["gasoline"].Status);
        Assert.Equal(0.000429m, factors["electricity_substitute"].Value);
        Assert.Null(factors["kansai_basic"].Value);
        Assert.Equal(FactorStatus.Gap, factors["kansai_basic"].Status);
        Assert.Equal(FactorStatus.Historical, factors["mode_car"].Status);
        Assert.All(factors.Values, f => Assert.False(f.Verified));
        Assert.All(factors.Values.Where(f => f.Status != FactorStatus.Definition), f => Assert.StartsWith("http", f.SourceUrl, StringComparison.Ordinal));
    }

    [Fact]
    public void An_error_names_its_line_and_column()
    {
        var ex = Assert.Throws<CsvFormatException>(() => FactorCatalog.Parse(Csv(
            "gasoline,ガソリン,燃料,1,kL,2.29,2025,https://example.jp/a,2025,S,未照合,",
            "kerosene,灯油,燃料,1,kWh,2.50,2025,https://example.jp/a,2025,S,未照合,")));
        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("3行目「単位」列:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gasoline,ガソリン,燃料,1,kL,-1,2025,https://example.jp/a,2025,S,未照合,", "負の値")]
    [InlineData("gasoline,ガソリン,燃料,1,kL,2.29,2025,,2025,S,未照合,", "出典URL")]
    [InlineData("gasoline,ガソリン,燃料,1,kL,2.29,2025,https://example.jp/a,2025,GAP,未照合,", "GAP")]
    [InlineData("gasoline,ガソリン,燃料,1,kL,,2025,https://example.jp/a,2025,S,未照合,", "係数を入力")]
    [InlineData("Gasoline!,ガソリン,燃料,1,kL,2.29,2025,https://example.jp/a,2025,S,未照合,", "キー")]
    public void Bad_rows_are_refused_with_a_japanese_reason(string row, string expected)
    {
        var ex = Assert.Throws<CsvFormatException>(() => FactorCatalog.Parse(Csv(row)));
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_name_both_lines()
    {
        var ex = Assert.Throws<CsvFormatException>(() => FactorCatalog.Parse(Csv(
            "gasoline,ガソリン,燃料,1,kL,2.29,2025,https://example.jp/a,2025,S,未照合,",
            "gasoline,ガソリン,燃料,1,kL,2.32,2025,https://example.jp/a,2025,S,未照合,")));
        Assert.Contains("3行目", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 行目と重複", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shift_jis_file_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sjis = Encoding.GetEncoding(932);
        var text = Header + "\r\ncity_gas,都市ガス,燃料,1,千m3,2.05,2025,https://example.jp/a,2025,P,照合済み,別表第五\r\n";
        var f = Assert.Single(FactorCatalog.Parse(new MemoryStream(sjis.GetBytes(text))));
        Assert.Equal("都市ガス", f.Name);
        Assert.True(f.Verified);
    }

    [Fact]
    public void An_excel_table_is_read_from_its_first_sheet_with_row_numbers_in_errors()
    {
        static MemoryStream Workbook(params object?[][] rows)
        {
            var writer = new XlsxWriter();
            var sheet = writer.AddSheet("係数");
            sheet.AddHeader(Header.Split(','));
            foreach (var row in rows)
            {
                sheet.AddRow(row);
            }

            return new MemoryStream(writer.ToArray());
        }

        var f = Assert.Single(FactorCatalog.Parse(Workbook(
            ["city_gas", "都市ガス", "燃料", 1, "千m3", 2.05m, 2026, "https://example.jp/a", "2026", "P", "照合済み", "別表第五"])));
        Assert.Equal(2.05m, f.Value);
        Assert.Equal("千m3", f.UnitCode);
        Assert.True(f.Verified);

        var ex = Assert.Throws<CsvFormatException>(() => FactorCatalog.Parse(Workbook(
            ["gasoline", "ガソリン", "燃料", 1, "kL", 2.29m, 2026, "https://example.jp/a", "2026", "S", "未照合", null],
            ["kerosene", "灯油", "燃料", 1, "kL", -2.5m, 2026, "https://example.jp/a", "2026", "S", "未照合", null])));
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("負の値", ex.Message, StringComparison.Ordinal);
    }
}
