// `scale CORPUS_DIR DOCUMENTS [QUERIES_FILE]`: query latency over an index of DOCUMENTS documents (1 M for
// the issue's target) built from a generated corpus's extracted text (CORPUS_DIR/text, the UTF-8 mirror a
// full run leaves), without crawling the files again: the crawl's throughput is measured by the full run
// and `compare`; this measures what a search costs when the index holds a million documents.
// Document k of copy c > 0 is the first half of text k and the second half of another text, under its own
// path, date and folder, so the index holds DOCUMENTS distinct documents with the corpus's vocabulary.
// Queries: the broad, known and phrase kinds of QUERIES_FILE (default CORPUS_DIR/queries.tsv; a file of plain
// lines is one kind; none: the old fixed two-word list), through the page's own path (UserPath.cs) after
// warm-up, like `profile`. Prints the index's size against the indexed text (UTF-8); a rerun over a built
// index (`built.txt`) reads no texts and only queries; OSAKADX_BENCH_BUILD_ONLY=1 stops after the size.
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

internal static class ScaleBench
{
    private static readonly string[] Passes = ["1 回目", "2 回目"];

    public static async Task RunAsync(string[] args)
    {
        var corpus = args[1];
        var documents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var queriesFile = args.Length > 3 ? args[3] : Path.Combine(corpus, "queries.tsv");
        var mirror = Path.Combine(corpus, "text");
        var work = Path.Combine(corpus, $"scale-{documents}");
        Console.WriteLine($"規模: {corpus} の抽出テキストから {documents:N0} 件の索引; {DateTime.UtcNow:HH:mm} UTC, load {Load()}");

        var indexPath = Path.Combine(work, "index");
        var built = File.Exists(Path.Combine(work, "built.txt"));
        if (!built)
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            Directory.CreateDirectory(work);
        }

        using var index = new LuceneSearchIndex(indexPath);
        if (!built)
        {
            var load = Stopwatch.StartNew();
            var texts = Directory.EnumerateFiles(mirror, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => (Relative: Path.GetRelativePath(mirror, f)[..^4], Text: File.ReadAllText(f)))
                .ToList();
            Console.WriteLine($"  抽出テキスト {texts.Count:N0} 件を {load.Elapsed.TotalSeconds:0.0} 秒で読み込み（{texts.Sum(t => (long)t.Text.Length) / 1e6:0.0} M 文字）");

            var watch = Stopwatch.StartNew();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var session = index.OpenSession();
            var done = 0;
            long textBytes = 0;
            var baseDate = new DateTime(2019, 4, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var start = 0; start < documents; start += 100_000)
            {
                var end = Math.Min(documents, start + 100_000);
                Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    var copy = i / texts.Count;
                    var k = i % texts.Count;
                    var (relative, text) = texts[k];
                    if (copy > 0)
                    {
                        var other = texts[(int)((k + (copy * 7919L)) % texts.Count)].Text;
                        text = string.Concat(text.AsSpan(0, text.Length / 2), other.AsSpan(other.Length / 2));
                    }

                    var path = copy == 0 ? relative : $"複製{copy:D2}/{relative}";
                    var name = Path.GetFileName(path);
                    var extension = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
                    session.Upsert(new IndexDocument(1, path, name, TextExtractor.TypeOf(extension, false), extension, false, text.Length * 3L,
                        baseDate.AddHours(i % 60_000), text, SearchPrincipal.AllStaff, SearchPrincipal.World, null));
                    Interlocked.Increment(ref done);
                    Interlocked.Add(ref textBytes, Encoding.UTF8.GetByteCount(text));
                });
                session.Commit();
                Console.WriteLine($"  {end:N0} 件（{watch.Elapsed.TotalSeconds:0} 秒、load {Load()}）");
            }

            session.Dispose();
            process.Refresh();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"索引の作成: {documents:N0} 件を {seconds:0.0} 秒 = {documents / seconds:N0} 件/秒、CPU {(process.TotalProcessorTime - cpuBefore).TotalSeconds:0} 秒（抽出・カタログなし）");
            await File.WriteAllTextAsync(Path.Combine(work, "built.txt"), $"{documents.ToString(CultureInfo.InvariantCulture)}\t{textBytes.ToString(CultureInfo.InvariantCulture)}");
        }

        var stats = index.Statistics();
        var indexBytes = new DirectoryInfo(indexPath).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        var builtFields = File.ReadAllText(Path.Combine(work, "built.txt")).Split('\t');
        var indexedText = builtFields.Length > 1 ? long.Parse(builtFields[1], CultureInfo.InvariantCulture) : 0;
        Console.WriteLine($"索引: {stats.Documents:N0} 件、{indexBytes / 1048576.0:N0} MB"
            + (indexedText > 0 ? $"（索引した本文 {indexedText / 1048576.0:N0} MB（UTF-8）の {(double)indexBytes / indexedText:0.00} 倍）" : ""));
        if (Environment.GetEnvironmentVariable("OSAKADX_BENCH_BUILD_ONLY") == "1")
        {
            return;
        }


        // A source row for the page path (department facet, sources list).
        var searchDb = Path.Combine(work, "search.db");
        var options = new DbContextOptionsBuilder<SqliteSearchDb>().UseSqlite($"Data Source={searchDb}").Options;
        await using (var setup = new SqliteSearchDb(options))
        {
            await setup.Database.MigrateAsync();
            if (!await setup.Sources.AnyAsync())
            {
                setup.Sources.Add(new SearchSource { Name = "scale", RootPath = mirror });
                await setup.SaveChangesAsync();
            }
        }

        // queries.tsv of the corpus (kind, text, ...): the full-text kinds; a plain file: one query a line.
        var sets = File.Exists(queriesFile)
            ? File.ReadAllLines(queriesFile).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))
                .Select(p => p.Length > 1 ? (Kind: p[0], Text: p[1].Trim()) : (Kind: "query", Text: p[0].Trim()))
                .Where(p => p.Kind is "broad" or "known" or "phrase" or "query" && p.Text.Length > 0)
                .GroupBy(p => p.Kind).Select(g => (Kind: g.Key, Queries: g.Select(p => p.Text).ToList())).ToList()
            : [(Kind: "broad", Queries: OldQueries())];
        Console.WriteLine($"問い合わせ: {string.Join("、", sets.Select(s => $"{s.Kind} {s.Queries.Count} 件"))}（{(File.Exists(queriesFile) ? queriesFile : "旧来の2語の組")}）");
        await using var user = await UserPath.OpenAsync(work, searchDb, index);
        await UserPath.WarmUpAsync(user);
        foreach (var (pass, (kind, queries)) in Passes.SelectMany(p => sets.Select(s => (p, s))))
        {
            var times = new List<double>();
            var totals = new List<long>();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            foreach (var q in queries)
            {
                var watch = Stopwatch.StartNew();
                var results = await user.SearchAsync(q);
                times.Add(watch.Elapsed.TotalMilliseconds);
                totals.Add(results.Total);
            }

            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / queries.Count;
            var sortedTotals = totals.Order().ToList();
            Console.WriteLine($"全文 {kind}（ページと同じ経路、20件・スニペット・ファセット）{pass}: {Stats(times)}; CPU {cpu:0.0} ms/検索; 件数の中央値 {sortedTotals[sortedTotals.Count / 2]:N0}（最大 {sortedTotals[^1]:N0}）; load {Load()}");
        }
    }

    private static List<string> OldQueries()
    {
        string[] topics = ["予算要求", "決算見込", "事業計画", "議事録", "補助金交付", "委託契約", "入札結果", "区政会議", "防災訓練", "がん検診", "子育て支援", "脱炭素", "道路補修", "公園整備", "窓口改善", "税務調査", "関西国際空港", "万博会場", "水道料金", "職員研修"];
        string[] words = ["検討", "実施", "報告", "確認", "調整", "見直し", "推進", "評価", "改善", "支援", "整備", "運用", "執行", "集計", "提出", "承認", "協議", "周知", "点検", "分析", "市民", "事業者", "地域", "施設", "予算", "経費", "効果", "課題", "方針", "結果", "状況", "計画", "資料", "対応", "手続", "申請", "交付", "契約", "会議", "年度"];
        return Enumerable.Range(0, 60).Select(i => topics[i % topics.Length] + " " + words[(i * 7) % words.Length]).ToList();
    }

    private static string Stats(List<double> times)
    {
        var sorted = times.Order().ToList();
        return $"p50 {sorted[(int)(sorted.Count * 0.5)]:0.0} ms, p95 {sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.95) - 1)]:0.0} ms";
    }
}
