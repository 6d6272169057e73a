using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace OsakaDx.Search.Tests;

/// <summary>The formats read without tools (rtf, OpenDocument, zip), hostile archives, and the tool-backed paths when installed.</summary>
public sealed class ExtractionTests : IDisposable
{
    private readonly TestShare share = new();

    static ExtractionTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => share.Dispose();

    [Fact]
    public void Rtf_with_Shift_JIS_bytes_and_unicode_escapes_is_read_without_its_font_table()
    {
        var sjis = Encoding.GetEncoding(932).GetBytes("予算書");
        var escaped = string.Concat(sjis.Select(b => $"\\'{b:x2}"));
        var rtf = "{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil MS Mincho;}}{\\info{\\title 秘密のタイトル}}" +
                  $"\\f0 {escaped}\\par \\uc1\\u31246?\\u21209?\\u35506? Tax\\tab office\\par}}";
        var path = share.Write("様式.rtf", rtf);
        var result = TextExtractor.Extract(path, "rtf", new FileInfo(path).Length, 1 << 20);
        Assert.Equal(ExtractionStatus.Indexed, result.Status);
        Assert.Contains("予算書", result.Text, StringComparison.Ordinal);
        Assert.Contains("税務課", result.Text, StringComparison.Ordinal);
        Assert.Contains("Tax office", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Mincho", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenDocument_text_and_metadata_are_read_directly()
    {
        var path = Path.Combine(share.Root, "議事録.odt");
        WriteZip(path, ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("meta.xml", "<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta><dc:title>第3回 検討会 議事録</dc:title></office:meta></office:document-meta>"),
            ("content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text><text:h>開会</text:h><text:p>区長が<text:s/>挨拶した。</text:p><text:p>脱炭素の方針を確認した。</text:p></office:text></office:body></office:document-content>"));
        var result = TextExtractor.Extract(path, "odt", new FileInfo(path).Length, 1 << 20);
        Assert.Equal(ExtractionStatus.Indexed, result.Status);
        Assert.Contains("第3回 検討会 議事録", result.Text, StringComparison.Ordinal);
        Assert.Contains("区長が 挨拶した。", result.Text, StringComparison.Ordinal);
        Assert.Contains("脱炭素の方針", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zip_entries_are_searchable_by_name_and_content_and_hostile_files_never_stop_the_crawl()
    {
        // An ordinary archive: a Shift_JIS-named entry (as Windows Explorer writes them) and a nested zip.
        var inner = new MemoryStream();
        using (var z = new ZipArchive(inner, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(z, "内側/メモ.txt", "入れ子の中の除雪計画");
        }

        var archive = Path.Combine(share.Root, "提出書類.zip");
        using (var file = File.Create(archive))
        using (var z = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: Encoding.GetEncoding(932)))
        {
            AddEntry(z, "様式第1号_申請書.txt", "補助金の交付申請について");
            var nested = z.CreateEntry("添付.zip");
            using (var s = nested.Open())
            {
                s.Write(inner.ToArray());
            }
        }

        // A zip bomb: 30 MB of zeros in a few KB (ratio far above the limit).
        var bomb = Path.Combine(share.Root, "bomb.zip");
        using (var file = File.Create(bomb))
        using (var z = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using var s = z.CreateEntry("zeros.txt", CompressionLevel.SmallestSize).Open();
            s.Write(new byte[30 * 1024 * 1024]);
        }

        share.Write("壊れた.odt", "this is not a zip file");
        share.Write("普通の文書.txt", "普通の本文です");
        var source = await share.AddSourceAsync();
        var counts = await share.CrawlAsync(source.Id);
        Assert.Equal(4, counts.Seen); // four files, no folders

        Assert.Single(share.Search("様式第1号").Hits);       // entry name
        Assert.Single(share.Search("交付申請").Hits);        // entry content
        Assert.Single(share.Search("除雪計画").Hits);        // nested zip's content
        Assert.Single(share.Search("普通の本文").Hits);

        await using var db = share.NewDb();
        var rows = await db.Catalog.ToDictionaryAsync(c => c.Name);
        Assert.Equal(ExtractionStatus.Indexed, rows["bomb.zip"].Status);
        Assert.Contains("圧縮率が異常", rows["bomb.zip"].Reason, StringComparison.Ordinal); // names indexed, the bomb not inflated
        Assert.Equal(ExtractionStatus.Failed, rows["壊れた.odt"].Status);
        Assert.Contains("壊れている", rows["壊れた.odt"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temp_lock_and_swap_files_are_never_catalogued()
    {
        foreach (var name in new[] { "~$予算.xlsx", ".~lock.予算.ods#", "Thumbs.db", "desktop.ini", "作業.tmp", "メモ.txt.swp", ".DS_Store", "予算.txt" })
        {
            share.Write("課/" + name, "x");
        }

        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        await using var db = share.NewDb();
        Assert.Equal(["課", "課/予算.txt"], (await db.Catalog.Select(c => c.RelativePath).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_crawl_of_changed_paths_touches_only_those_paths()
    {
        share.Write("a/一.txt", "いち");
        share.Write("b/二.txt", "に");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        // As the watcher would queue them: a new file, a deleted folder; b/ is untouched and must stay.
        share.Write("a/三.txt", "さんの本文");
        File.Delete(Path.Combine(share.Root, "a/一.txt"));
        await using (var db = share.NewDb())
        {
            var crawler = new Crawler(db, share.Index, TimeProvider.System) { MinCommitInterval = TimeSpan.Zero };
            var counts = await crawler.CrawlAsync(source.Id, Guid.CreateVersion7(), null, null, null, CancellationToken.None, ["a/三.txt", "a/一.txt"]);
            Assert.Equal(1, counts.Seen);
            Assert.Equal(1, counts.Removed);
        }

        Assert.Single(share.Search("さん").Hits);
        Assert.Empty(share.Search("いち").Hits);
        Assert.Single(share.Search("に").Hits);
        await using var check = share.NewDb();
        Assert.Equal(["a", "a/三.txt", "b", "b/二.txt"], (await check.Catalog.Select(c => c.RelativePath).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Next_scheduled_crawl_follows_hours_and_the_daily_JST_time()
    {
        var every6 = new SearchSource { Schedule = CrawlScheduleKind.EveryHours, ScheduleHours = 6 };
        var last = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(last.AddHours(6), SourceService.NextDueUtc(every6, last));
        Assert.Equal(DateTime.MinValue, SourceService.NextDueUtc(every6, null)); // never crawled: due now

        var daily = new SearchSource { Schedule = CrawlScheduleKind.DailyAt, ScheduleMinuteOfDay = 22 * 60 + 30 };
        // Last start 2026-11-26 10:00 JST (01:00 UTC) → next 22:30 JST the same day = 13:30 UTC.
        Assert.Equal(new DateTime(2026, 11, 26, 13, 30, 0, DateTimeKind.Utc), SourceService.NextDueUtc(daily, new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc)));
        // Last start 23:00 JST → the next day's 22:30 JST.
        Assert.Equal(new DateTime(2026, 11, 27, 13, 30, 0, DateTimeKind.Utc), SourceService.NextDueUtc(daily, new DateTime(2026, 11, 26, 14, 0, 0, DateTimeKind.Utc)));
        Assert.Null(SourceService.NextDueUtc(new SearchSource { Schedule = CrawlScheduleKind.Manual }, last));
    }

    [ToolFact("tesseract-jpn", "pdftoppm")]
    public async Task Scanned_PDFs_and_images_are_read_by_OCR_after_the_crawl()
    {
        // A text PDF rendered to an image (pdftoppm), then wrapped in an image-only PDF: a "scan".
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("INVOICE 48213", 40, new PdfPoint(60, 700), font);
        var textPdf = Path.Combine(share.Root, "..", "text.pdf");
        await File.WriteAllBytesAsync(textPdf, builder.Build());
        var (code, _) = ExternalTools.Run(ExternalTools.PathOf("pdftoppm")!, ["-r", "150", "-png", "-singlefile", textPdf, Path.Combine(share.Root, "スキャン画像")], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(0, code);
        var png = await File.ReadAllBytesAsync(Path.Combine(share.Root, "スキャン画像.png"));
        var scan = new PdfDocumentBuilder();
        var scanPage = scan.AddPage(PageSize.A4);
        scanPage.AddPng(png, new PdfRectangle(0, 0, 595, 842));
        await File.WriteAllBytesAsync(Path.Combine(share.Root, "スキャン.pdf"), scan.Build());

        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        var hits = share.Search("48213").Hits.Select(h => h.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["スキャン.pdf", "スキャン画像.png"], hits);
        await using var db = share.NewDb();
        Assert.All(await db.Catalog.ToListAsync(), c => Assert.Equal(ExtractionStatus.Indexed, c.Status));
    }

    private static void WriteZip(string path, params (string Name, string Text)[] entries)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            AddEntry(zip, name, text);
        }
    }

    private static void AddEntry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
