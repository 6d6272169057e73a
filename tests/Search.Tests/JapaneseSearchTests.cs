using System.Text;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

public sealed class JapaneseSearchTests : IDisposable
{
    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    public async Task Bigrams_find_words_inside_compounds()
    {
        share.Write("港湾/物流計画.txt", "関西国際空港と大阪港を結ぶ物流の効率化を検討した。");
        share.Write("健康/相談記録.txt", "Dior化粧品等の表示に関する相談を受け付けた。");
        share.Write("その他/無関係.txt", "区政会議の開催結果を報告する。");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        Assert.Equal(["物流計画.txt"], share.Search("空港").Hits.Select(h => h.Name));
        Assert.Equal(["相談記録.txt"], share.Search("化粧品").Hits.Select(h => h.Name));
        Assert.Equal(["相談記録.txt"], share.Search("ｄｉｏｒ化粧品").Hits.Select(h => h.Name)); // full width folds
        Assert.Equal(["物流計画.txt"], share.Search("コウリツカ OR 効率化").Hits.Select(h => h.Name));
        Assert.Empty(share.Search("空港 -物流").Hits);
        Assert.Empty(share.Search("\"空港と物流\"").Hits); // the phrase is not in the text as written
        Assert.Single(share.Search("\"大阪港を結ぶ\"").Hits);
        var hit = share.Search("空港").Hits.Single();
        Assert.Contains("<mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("関西国際", hit.SnippetHtml, StringComparison.Ordinal); // Japanese stays text, not entities
    }

    [Fact]
    public void The_content_field_keeps_bigrams_and_only_the_unigrams_at_a_runs_edges()
    {
        Assert.Equal(
            ["の@0", "の第@0", "第@1", "3@2", "回@3", "回会@3", "会議@4", "議@5"],
            Tokens(IndexFields.Content, "の第3回会議"));
        Assert.Equal(
            ["関@0", "関西@0", "西国@1", "国際@2", "際空@3", "空港@4", "港@5", "案@6", "案内@6", "内@7"],
            Tokens(IndexFields.Content, "関西国際空港 案内"));
        Assert.Equal(["関@0", "西@1", "国@2", "際@3", "空@4", "港@5"], Tokens(IndexFields.ContentChars, "関西国際空港"));
        Assert.Equal(["関@0", "関西@0", "西@1", "西国@1", "国@2"], Tokens(IndexFields.ContentHighlight, "関西国"));

        static List<string> Tokens(string field, string text)
        {
            using var analyzer = SearchAnalyzers.Create();
            using var stream = analyzer.GetTokenStream(field, text);
            var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
            var increment = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
            stream.Reset();
            var position = -1;
            var tokens = new List<string>();
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add($"{term}@{position}");
            }

            stream.End();
            return tokens;
        }
    }

    [Fact]
    public async Task Phrases_single_characters_and_words_find_what_the_text_holds_and_nothing_more()
    {
        share.Write("港湾/案内.txt", "関西国際空港の第3回会議の案内です。");
        share.Write("財政/通知.txt", "要求された予算の内訳を示す。");
        share.Write("財政/資料.txt", "令和6年度の予算要求をまとめた。");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        // A lone character at the phrase's start or end matches the end or start of the text's run.
        Assert.Equal(["案内.txt"], share.Search("第3回").Hits.Select(h => h.Name));
        Assert.Equal(["案内.txt"], share.Search("\"空港の第3回会議\"").Hits.Select(h => h.Name));

        // One character inside a run is found through the character field, and marked in the snippet.
        var inside = share.Search("際").Hits.Single();
        Assert.Equal("案内.txt", inside.Name);
        Assert.Contains("<mark>際</mark>", inside.SnippetHtml, StringComparison.Ordinal);

        // The ICU words rank but do not widen: 予算 and 要求 apart do not match 予算要求.
        Assert.Equal(["資料.txt"], share.Search("予算要求").Hits.Select(h => h.Name));
        Assert.Equal(["資料.txt", "通知.txt"], share.Search("予算 要求").Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task File_names_match_on_any_fragment_and_folders_are_results()
    {
        share.Write("財政局/財務課/令和6年度_予算要求資料_最終版(2).xlsx", "not really a workbook");
        share.Write("財政局/財務課/budget_final_v2.txt", "English notes");
        share.Write("環境局/報告.txt", "温室効果ガス");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        Assert.Equal("令和6年度_予算要求資料_最終版(2).xlsx", share.Search("予算要求資料").Hits[0].Name);
        Assert.Equal("令和6年度_予算要求資料_最終版(2).xlsx", share.Search("最終版(2)").Hits[0].Name);
        Assert.Equal("budget_final_v2.txt", share.Search("final_v").Hits.Single().Name);
        var folder = share.Search("財務課").Hits[0];
        Assert.True(folder.IsFolder);
        Assert.Equal("財政局/財務課", folder.RelativePath);
        Assert.Equal("令和6年度_予算要求資料_最終版(2).xlsx", share.Index.Suggest("予算要", TestShare.Everyone, 5).Single().Name);
    }

    [Fact]
    public void Shift_JIS_EUC_JP_and_UTF8_text_decode()
    {
        const string text = "大阪市の予算要求資料（令和6年度）です。ｶﾀｶﾅも含む。";
        Assert.Equal(text, TextExtractor.DecodeText(JapaneseEncodings.ShiftJis.GetBytes(text)));
        Assert.Equal(text, TextExtractor.DecodeText(JapaneseEncodings.EucJp.GetBytes(text)));
        Assert.Equal(text, TextExtractor.DecodeText(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, TextExtractor.DecodeText([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
    }

    [Fact]
    public async Task Shift_JIS_csv_is_searchable_after_a_crawl()
    {
        File.WriteAllText(Path.Combine(share.Root, "集計.csv"), "項目,金額\n固定資産税,1200\n", JapaneseEncodings.ShiftJis);
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        Assert.Equal("集計.csv", share.Search("固定資産税").Hits.Single().Name);
    }

    [Fact]
    public void Docx_and_xlsx_text_and_titles_are_extracted()
    {
        var docx = Path.Combine(share.Root, "議事録.docx");
        DemoShare.Docx(docx, "区政会議議事録", "防災訓練と地域活動協議会への支援について報告する。");
        var xlsx = Path.Combine(share.Root, "集計.xlsx");
        DemoShare.Xlsx(xlsx, "がん検診", "受診勧奨の効果を検証した。");

        var word = TextExtractor.Extract(docx, "docx", new FileInfo(docx).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Indexed, word.Status);
        Assert.Contains("区政会議議事録", word.Text, StringComparison.Ordinal);
        Assert.Contains("地域活動協議会", word.Text, StringComparison.Ordinal);

        var excel = TextExtractor.Extract(xlsx, "xlsx", new FileInfo(xlsx).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Indexed, excel.Status);
        Assert.Contains("がん検診経費", excel.Text, StringComparison.Ordinal);
        Assert.Contains("受診勧奨", excel.Text, StringComparison.Ordinal);
        Assert.Contains("集計", excel.Text, StringComparison.Ordinal); // sheet name
    }

    [Fact]
    public async Task Corrupt_and_encrypted_files_get_a_Japanese_reason_and_the_crawl_goes_on()
    {
        share.Write("壊れた.docx", "this is not a zip");
        File.WriteAllBytes(Path.Combine(share.Root, "暗号化.xlsx"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
        share.Write("正常.txt", "正常な文書です。");
        var source = await share.AddSourceAsync();
        var counts = await share.CrawlAsync(source.Id);

        Assert.Equal(2, counts.Failed);
        await using var db = share.NewDb();
        var broken = db.Catalog.Single(c => c.Name == "壊れた.docx");
        Assert.Equal(ExtractionStatus.Failed, broken.Status);
        Assert.StartsWith("ファイルが壊れているか", broken.Reason, StringComparison.Ordinal);
        Assert.StartsWith("パスワードで保護", db.Catalog.Single(c => c.Name == "暗号化.xlsx").Reason, StringComparison.Ordinal);
        Assert.Single(share.Search("正常な文書").Hits);
        Assert.Single(share.Search("壊れた").Hits); // still found by name
    }
}

public sealed class PdfExtractionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("osakadx-pdf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Pdf_text_is_read_and_a_broken_pdf_gets_a_reason()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("Osaka City budget request FY2024", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        var path = Path.Combine(folder, "budget.pdf");
        File.WriteAllBytes(path, builder.Build());

        var extracted = TextExtractor.Extract(path, "pdf", new FileInfo(path).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Indexed, extracted.Status);
        Assert.Contains("budget request", extracted.Text, StringComparison.Ordinal);

        var broken = Path.Combine(folder, "broken.pdf");
        File.WriteAllText(broken, "%PDF-1.7 this is not a pdf");
        var failed = TextExtractor.Extract(broken, "pdf", new FileInfo(broken).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Failed, failed.Status);
        Assert.StartsWith("ファイルが壊れているか", failed.Reason, StringComparison.Ordinal);
    }
}
