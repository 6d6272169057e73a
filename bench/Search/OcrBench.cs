// `ocr WORKDIR [documents=20] [dpi=300]`: OCR of scanned Japanese office documents, as the crawler does it.
// Takes every k-th PDF of a generated share (real Japanese prose from the corpus, laid out as 報告書/通知 pages),
// "scans" it (pdftoppm renders each page in grey at the scanner's dpi, and the pages go back into a PDF with no
// text layer), then:
//   1. OCR: each scan through the product's Ocr.Run (pdftoppm 200 dpi + Tesseract jpn+eng, one thread) — seconds per
//      page, and how much of the text comes back: character error rate (edit distance over the original's characters,
//      whitespace removed, NFKC) and the share of the original's two-character sequences found;
//   2. search: the originals and the scans are crawled into two fresh indexes (the scans through the crawl's OCR queue),
//      and the same known-item queries (two four-character pieces of one document's text that no other sampled
//      document has) go to both. The originals' index is the ceiling: what a text layer would have found.
// Clean renderings: real scans (skew, noise, stamps, handwriting) read worse. The anchor products (Fess, Recoll) hand
// scans to the same Tesseract, so no second engine is compared here.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using OsakaDx.Modules.Search.Indexing;

using static OsakaDx.Search.Bench.Shell;

namespace OsakaDx.Search.Bench;

internal static class OcrBench
{
    public static async Task RunAsync(string[] args)
    {
        var work = args[1];
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var dpi = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
        if (Shell.Which("pdftoppm") is not { } pdftoppm || Shell.Which("tesseract") is null)
        {
            Console.Error.WriteLine("エラー: ocr には pdftoppm（poppler-utils）と tesseract（tesseract-ocr-jpn）が必要です。bench/Search/setup.sh を実行してください。");
            Environment.Exit(1);
            return;
        }

        var share = Path.Combine(work, "share");
        var pdfs = Directory.EnumerateFiles(share, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (pdfs.Count == 0)
        {
            Console.Error.WriteLine($"エラー: {share} に PDF がありません。先に `generate FILES` で共有を作ってください。");
            Environment.Exit(1);
            return;
        }

        var step = Math.Max(1, pdfs.Count / count);
        var sample = pdfs.Where((_, i) => i % step == 0).Take(count).ToList();
        var scratch = Directory.CreateTempSubdirectory("osakadx-ocr-bench-").FullName;
        Console.WriteLine($"OCR: {work} の PDF {pdfs.Count:N0} 件から {sample.Count} 件、スキャン {dpi} dpi グレー; {DateTime.UtcNow:HH:mm} UTC, load {Load()}");
        try
        {
            var originals = Directory.CreateDirectory(Path.Combine(scratch, "originals")).FullName;
            var scans = Directory.CreateDirectory(Path.Combine(scratch, "scans")).FullName;
            var docs = new List<(string Name, string Truth, int Pages)>();
            for (var i = 0; i < sample.Count; i++)
            {
                var name = $"{i:000}_{Path.GetFileName(sample[i])}";
                var original = Path.Combine(originals, name);
                File.Copy(sample[i], original);
                var truth = TextExtractor.Extract(original, "pdf", new FileInfo(original).Length, long.MaxValue).Text;
                var pages = Scan(pdftoppm, original, Path.Combine(scans, name), dpi, scratch);
                docs.Add((name, truth, pages));
            }

            // 1. OCR alone, one document at a time, as the crawl's OCR queue runs it.
            var perPage = new List<double>();
            var errorRates = new List<double>();
            var bigramShares = new List<double>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var all = Stopwatch.StartNew();
            foreach (var (name, truth, pages) in docs)
            {
                var watch = Stopwatch.StartNew();
                var result = Ocr.Run(Path.Combine(scans, name), "pdf", CancellationToken.None);
                perPage.Add(watch.Elapsed.TotalSeconds / pages);
                var expected = Normalize(truth);
                var read = Normalize(result.Text);
                errorRates.Add(EditDistance(expected, read) / (double)Math.Max(1, expected.Length));
                var found = Bigrams(read);
                var wanted = Bigrams(expected);
                bigramShares.Add(wanted.Count == 0 ? 1 : wanted.Count(found.Contains) / (double)wanted.Count);
            }

            var totalPages = docs.Sum(d => d.Pages);
            Console.WriteLine($"1. OCR（製品の Ocr.Run、1 スレッド）: {docs.Count} 文書 {totalPages} ページを {all.Elapsed.TotalSeconds:0.0} 秒; 1 ページ 中央値 {Median(perPage):0.00} 秒、最大 {perPage.Max():0.00} 秒"
                + $" → 1 コアで 1 時間に約 {3600 / Median(perPage):N0} ページ（Tesseract の子プロセスの CPU を含まない本体の CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} 秒; load {Load()}）");
            Console.WriteLine($"   文字誤り率（編集距離 ÷ 原文の文字数、空白除く・NFKC）: 中央値 {Median(errorRates):P1}、最悪 {errorRates.Max():P1}; 原文の 2 文字の並びが OCR 結果にある割合: 中央値 {Median(bigramShares):P1}、最低 {bigramShares.Min():P1}");

            // 2. Search: the same known-item queries over the originals (text layer) and over the scans (OCR in the crawl).
            // The pieces come from the text as extracted, whitespace kept: a piece never spans a line or cell break.
            var queries = KnownItems(docs.Select(d => (d.Name, d.Truth.Normalize(NormalizationForm.FormKC))).ToList());
            var (originalHits, originalSeconds) = await CrawlAndAskAsync(originals, Path.Combine(scratch, "index-originals"), queries);
            var (scanHits, scanSeconds) = await CrawlAndAskAsync(scans, Path.Combine(scratch, "index-scans"), queries);
            Console.WriteLine($"2. 検索（既知の一件 {queries.Count} 問、上位 10 件に当の文書）: 原本（テキストあり） {originalHits}/{queries.Count}（巡回 {originalSeconds:0.0} 秒）、"
                + $"スキャン（巡回の OCR キュー経由） {scanHits}/{queries.Count}（巡回 {scanSeconds:0.0} 秒）→ スキャンは原本の {scanHits / (double)Math.Max(1, originalHits):P0}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Renders each page in grey and puts the images back into a PDF with no text layer; returns the page count.</summary>
    private static int Scan(string pdftoppm, string pdf, string output, int dpi, string scratch)
    {
        var prefix = Path.Combine(scratch, "page");
        Shell.Run(pdftoppm, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", pdf, prefix);
        var pages = Directory.GetFiles(scratch, "page*.png").Order(StringComparer.Ordinal).ToList();
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        foreach (var page in pages)
        {
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddPng(File.ReadAllBytes(page), new UglyToad.PdfPig.Core.PdfRectangle(0, 0, 595, 842));
            File.Delete(page);
        }

        File.WriteAllBytes(output, builder.Build());
        return pages.Count;
    }

    private static async Task<(int Hits, double Seconds)> CrawlAndAskAsync(string folder, string indexFolder, List<(string Name, string Query)> queries)
    {
        var options = await CompareBench.NewCatalogAsync(indexFolder, folder);
        using var index = new LuceneSearchIndex(Path.Combine(indexFolder, "index"));
        var watch = Stopwatch.StartNew();
        await using (var db = new SqliteSearchDb(options))
        {
            await new Crawler(db, index, TimeProvider.System).CrawlAsync(1, Guid.CreateVersion7(), null, null, null, CancellationToken.None);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var everyone = new SearchPrincipal("bench", new HashSet<string> { SearchPrincipal.AllStaff });
        // Result names are NFKC-folded, as the crawler indexes them.
        var hits = 0;
        foreach (var (name, query) in queries)
        {
            var results = index.Search(new SearchRequest(query) { PageSize = 10 }, everyone);
            if (results.Hits.Any(h => h.Name == name.Normalize(NormalizationForm.FormKC)))
            {
                hits++;
            }
            else
            {
                Console.WriteLine($"   見つからない問（{Path.GetFileName(folder)}）: 「{query}」→ {name}; 結果 {results.Total} 件");
            }
        }

        return (hits, seconds);
    }

    /// <summary>
    /// One query per document: two four-character pieces of its text, from its first and second half, made of kanji and
    /// kana only, that no other sampled document contains (what a person remembers of a document they once read).
    /// </summary>
    private static List<(string Name, string Query)> KnownItems(List<(string Name, string Text)> docs)
    {
        var queries = new List<(string Name, string Query)>();
        foreach (var (name, text) in docs)
        {
            var others = docs.Where(d => d.Name != name).Select(d => d.Text).ToList();
            string? Piece(int from, int to)
            {
                for (var at = from; at + 4 <= to; at += 7)
                {
                    var piece = text.Substring(at, 4);
                    if (piece.All(IsKanjiOrKana) && !others.Any(o => o.Contains(piece, StringComparison.Ordinal)))
                    {
                        return piece;
                    }
                }

                return null;
            }

            var half = text.Length / 2;
            if (Piece(text.Length / 10, half) is { } first && Piece(half, text.Length) is { } second)
            {
                queries.Add((name, $"{first} {second}"));
            }
        }

        return queries;
    }

    private static bool IsKanjiOrKana(char c) => c is (>= '\u3041' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff');

    private static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static HashSet<string> Bigrams(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 <= text.Length; i++)
        {
            set.Add(text.Substring(i, 2));
        }

        return set;
    }

    /// <summary>Levenshtein distance, two rows.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

}
