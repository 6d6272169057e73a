using OsakaDx.Platform.Files;
using UglyToad.PdfPig;

namespace OsakaDx.Platform.Tests.Files;

public class PdfReportTests
{
    private static string PageText(PdfDocument pdf, int number) =>
        string.Concat(pdf.GetPage(number).Letters.Select(l => l.Value));

    [Fact]
    public void Japanese_text_is_embedded_and_extractable()
    {
        var bytes = new PdfReport("令和8年度 一般会計予算書")
            .Heading("第1表 歳入歳出予算")
            .Paragraph("歳入歳出予算の総額は、歳入歳出それぞれ２兆１，０００億円と定める。")
            .KeyValues([new("所属", "財政局"), new("会計", "一般会計")])
            .ToBytes();

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var text = PageText(pdf, 1);
        Assert.Contains("第1表歳入歳出予算", text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("２兆１，０００億円", text, StringComparison.Ordinal);
        Assert.Contains("財政局", text, StringComparison.Ordinal);
        Assert.Equal("令和8年度 一般会計予算書", pdf.Information.Title);
        // The font travels with the file: a reader without Japanese fonts still shows it.
        Assert.All(pdf.GetPage(1).Letters, l => Assert.Contains("IPAexGothic", l.FontName, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Long_tables_break_across_pages_with_the_header_repeated_and_page_numbers()
    {
        var columns = new[] { new PdfColumn("事業名", 3), new PdfColumn("予算額（千円）", 1, PdfAlign.Right) };
        var rows = Enumerable.Range(1, 150).Select(i => PdfRow.Of($"事業{i:000}", $"{i * 1000:N0}")).Append(PdfRow.Total("合計", "11,325,000"));
        var bytes = new PdfReport("事業一覧", PdfOrientation.Landscape).Table(columns, rows, "表1 事業別予算額").ToBytes();

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3, $"150 rows on A4 landscape need several pages, got {pdf.NumberOfPages}");
        var page1 = pdf.GetPage(1);
        Assert.True(page1.Width > page1.Height, "landscape");
        var all = string.Concat(Enumerable.Range(1, pdf.NumberOfPages).Select(n => PageText(pdf, n)));
        for (var i = 1; i <= 150; i++)
        {
            Assert.Contains($"事業{i:000}", all, StringComparison.Ordinal);
        }

        for (var n = 1; n <= pdf.NumberOfPages; n++)
        {
            var text = PageText(pdf, n);
            Assert.Contains("予算額（千円）", text, StringComparison.Ordinal);
            Assert.Contains($"{n}/{pdf.NumberOfPages}ページ", text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("11,325,000", PageText(pdf, pdf.NumberOfPages), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_cells_wrap_without_losing_characters_and_keep_punctuation_off_line_starts()
    {
        var sentence = string.Concat(Enumerable.Repeat("大阪市の予算編成事務を効率化し、ペーパーレスで行う。", 12));
        var bytes = new PdfReport("説明").Table([new PdfColumn("説明", 1)], [PdfRow.Of(sentence)]).ToBytes();

        using var pdf = PdfDocument.Open(bytes);
        var words = pdf.GetPage(1).GetWords().ToList();
        var text = PageText(pdf, 1);
        Assert.Equal(12, CountOf(text, "ペーパーレスで行う。"));
        // Each printed line is a separate run of letters by baseline; none may start with 、 or 。
        var lines = pdf.GetPage(1).Letters.GroupBy(l => Math.Round(l.StartBaseLine.Y, 1)).Select(g => g.OrderBy(l => l.StartBaseLine.X).First().Value).ToList();
        Assert.True(lines.Count > 3, "the sentence wraps");
        Assert.DoesNotContain("、", lines);
        Assert.DoesNotContain("。", lines);
        Assert.NotEmpty(words);
    }

    [Fact]
    public void Rows_wider_than_the_table_are_refused()
    {
        var report = new PdfReport("x");
        var error = Assert.Throws<ArgumentException>(() => report.Table([new PdfColumn("a")], [PdfRow.Of("1", "2")]));
        Assert.Contains("列数", error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
