using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using Xunit.Abstractions;

namespace OsakaDx.Search.Tests;

/// <summary>
/// Legacy formats on real files: LibreOffice writes .doc, .rtf and .odt from a generated .docx,
/// .xls from a generated .xlsx and .ppt from a generated presentation; the crawler must find the
/// Japanese text of each (through catdoc's tools where installed, and through LibreOffice itself).
/// </summary>
public sealed class LegacyFormatTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestShare share = new();
    private readonly string work = Directory.CreateTempSubdirectory("osakadx-legacy-").FullName;

    public void Dispose()
    {
        share.Dispose();
        Directory.Delete(work, recursive: true);
    }

    /// <summary>A flat OpenDocument presentation (one XML file) with one slide of Japanese text.</summary>
    private static string Presentation(string text) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
          xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
          xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
          <office:body><office:presentation>
            <draw:page draw:name="page1">
              <draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="5cm"><draw:text-box><text:p>{text}</text:p></draw:text-box></draw:frame>
            </draw:page>
          </office:presentation></office:body>
        </office:document>
        """;

    private void Convert(string input, string format)
    {
        var soffice = ExternalTools.PathOf("soffice")!;
        var profile = new Uri(Path.Combine(work, "profile")).AbsoluteUri;
        var (code, text) = ExternalTools.Run(soffice, ["--headless", "--norestore", $"-env:UserInstallation={profile}", "--convert-to", format, "--outdir", share.Root, input], TimeSpan.FromMinutes(3), CancellationToken.None, work);
        var produced = Path.Combine(share.Root, Path.GetFileNameWithoutExtension(input) + "." + format.Split(':')[0]);
        Assert.True(code == 0 && File.Exists(produced), $"soffice --convert-to {format} {Path.GetFileName(input)}: exit {code}, {text}");
    }

    [ToolFact("soffice")]
    public async Task Doc_xls_ppt_rtf_and_odt_written_by_LibreOffice_are_found_by_their_Japanese_text()
    {
        DemoShare.Docx(Path.Combine(work, "議事録_旧形式.docx"), "区政会議の議事録", "防災訓練の日程と避難所の運営について意見があった。担当はあおぞら係。");
        DemoShare.Xlsx(Path.Combine(work, "予算集計_旧形式.xlsx"), "水道管路更新", "老朽管の更新延長とすずかぜ地区の事業費");
        File.WriteAllText(Path.Combine(work, "説明資料_旧形式.fodp"), Presentation("夢洲へのアクセス検討と、はなみずき駅からの輸送計画。"));
        Convert(Path.Combine(work, "議事録_旧形式.docx"), "doc");
        Convert(Path.Combine(work, "議事録_旧形式.docx"), "rtf");
        Convert(Path.Combine(work, "議事録_旧形式.docx"), "odt");
        Convert(Path.Combine(work, "予算集計_旧形式.xlsx"), "xls");
        Convert(Path.Combine(work, "説明資料_旧形式.fodp"), "ppt");

        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        await using (var db = share.NewDb())
        {
            foreach (var c in await db.Catalog.Where(c => !c.IsFolder).OrderBy(c => c.Name).ToListAsync())
            {
                var text = share.Index.Get(OsakaDx.Modules.Search.Indexing.IndexDocument.KeyOf(source.Id, c.RelativePath))?.Content ?? "";
                output.WriteLine($"{c.Name}: {c.Status} {c.Reason} 「{(text.Length > 120 ? text[..120] : text).ReplaceLineEndings(" ")}」");
                Assert.Equal(ExtractionStatus.Indexed, c.Status);
            }
        }

        Assert.Equal(["議事録_旧形式.doc", "議事録_旧形式.odt", "議事録_旧形式.rtf"], Names("あおぞら 避難所"));
        Assert.Equal(["予算集計_旧形式.xls"], Names("すずかぜ 老朽管"));
        Assert.Equal(["説明資料_旧形式.ppt"], Names("はなみずき 夢洲"));

        // The LibreOffice route itself (used where catdoc's tools are not installed), on the same files.
        foreach (var (file, words) in new[] { ("議事録_旧形式.doc", "あおぞら係"), ("予算集計_旧形式.xls", "すずかぜ地区"), ("説明資料_旧形式.ppt", "はなみずき駅") })
        {
            var text = LegacyOffice.ViaLibreOffice(ExternalTools.PathOf("soffice")!, Path.Combine(share.Root, file), Path.GetExtension(file)[1..], TimeSpan.FromMinutes(3), CancellationToken.None);
            Assert.Contains(words, text ?? "", StringComparison.Ordinal);
        }
    }

    /// <summary>Names of the hits and of the copies folded under them (the three Word conversions are near-duplicates).</summary>
    private List<string> Names(string query) =>
        share.Search(query).Hits.Where(h => !h.IsFolder).SelectMany(h => h.Similar.Prepend(h)).Select(h => h.Name).Order(StringComparer.Ordinal).ToList();
}
