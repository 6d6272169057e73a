// `profile WORKDIR [queries=60]`: where a search's time goes, over the index a full run left in WORKDIR.
// Runs the benchmark's broad two-word AND queries (queries.tsv) through the page's path (UserPath.cs) and
// prints p50/p95 of each phase LuceneSearchIndex reports (query building, search with the permission
// filter and facets, re-ranking and near-duplicate folding, result lines with snippets, did-you-mean),
// then the bare Lucene costs of the same query (no filter, no facets) for comparison.
using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Querying;

namespace OsakaDx.Search.Bench;

internal static class ProfileBench
{
    public static async Task RunAsync(string[] args)
    {
        var work = args[1];
        var queryCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        if (args.Length > 3 && args[3] == "index")
        {
            IndexingCosts(work);
            return;
        }

        // The full run's broad two-word queries (queries.tsv in the work folder, BenchQueries.cs).
        var two = BenchQueries.Require(work).Where(q => q.Kind == BenchQueries.Broad).Select(q => q.Text).Take(queryCount).ToList();
        using var index = new LuceneSearchIndex(Path.Combine(work, "index"));
        await using var user = await UserPath.OpenAsync(work, Path.Combine(work, "search.db"), index);
        Console.WriteLine($"プロファイル: {work}、{index.Statistics().Documents:N0} 件; {DateTime.UtcNow:HH:mm} UTC, load {File.ReadAllText("/proc/loadavg").Trim()}");
        await UserPath.WarmUpAsync(user);

        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        LuceneSearchIndex.Probe = (phase, ms) =>
        {
            if (!phases.TryGetValue(phase, out var list))
            {
                phases[phase] = list = [];
            }

            list.Add(ms);
        };
        var total = new List<double>();
        foreach (var q in two)
        {
            var watch = Stopwatch.StartNew();
            await user.SearchAsync(q);
            total.Add(watch.Elapsed.TotalMilliseconds);
            if (Environment.GetEnvironmentVariable("OSAKADX_BENCH_VERBOSE") == "1")
            {
                Console.WriteLine($"    {q}: {watch.Elapsed.TotalMilliseconds:0.0} ms");
            }
        }

        LuceneSearchIndex.Probe = null;

        // The same queries with and without the two-thread split, alternating, in the same window.
        var split = new List<double>();
        var single = new List<double>();
        foreach (var q in two)
        {
            foreach (var on in new[] { true, false })
            {
                LuceneSearchIndex.SplitSearches = on;
                var watch = Stopwatch.StartNew();
                await user.SearchAsync(q);
                (on ? split : single).Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        LuceneSearchIndex.SplitSearches = true;
        Console.WriteLine($"  2スレッド分割あり: {Stats(split)}; なし: {Stats(single)}");
        Console.WriteLine($"2語AND（ページと同じ経路）: {Stats(total)}");
        foreach (var (phase, list) in phases)
        {
            Console.WriteLine($"  {phase}: {Stats(list)}");
        }

        // Bare Lucene on the same reader: the query alone, no permission filter, no facets.
        using var reader = DirectoryReader.Open(Lucene.Net.Store.FSDirectory.Open(Path.Combine(work, "index")));
        var searcher = new IndexSearcher(reader);
        var everyone = new SearchPrincipal("bench", new HashSet<string> { SearchPrincipal.AllStaff });
        var built = two.Select(q => index.BuildQuery(QuerySyntax.Parse(q), new SearchRequest(q), []).Query).ToList();
        var filter = new QueryWrapperFilter(LuceneSearchIndex.FilterQuery(new SearchRequest(""), everyone));
        Console.WriteLine($"  Lucene のみ（上位100件）: {Stats(built.Select(q => Time(() => searcher.Search(q, 100))).ToList())}");
        Console.WriteLine($"  Lucene のみ（件数だけ）: {Stats(built.Select(q => Time(() => searcher.Search(q, new TotalHitCountCollector()))).ToList())}");
        Console.WriteLine($"  Lucene＋権限フィルタ（上位100件）: {Stats(built.Select(q => Time(() => searcher.Search(new FilteredQuery(q, filter), 100))).ToList())}");
        Console.WriteLine($"  権限フィルタのみ（件数）: {Stats(built.Select(_ => Time(() => searcher.Search(new ConstantScoreQuery(filter), new TotalHitCountCollector()))).ToList())}");
        Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
        IndexingCosts(work);
    }

    private static void IndexingCosts(string work)
    {
        // Indexing cost per document, by piece, on one thread (500 texts of the share's mirror).
        var texts = Directory.EnumerateFiles(Path.Combine(work, "text"), "*", SearchOption.AllDirectories).Take(500).Select(File.ReadAllText).ToList();
        using var analyzer = SearchAnalyzers.Create();
        foreach (var field in new[] { IndexFields.Content, IndexFields.ContentWords, IndexFields.NameGram, IndexFields.NameWords, IndexFields.Content, IndexFields.ContentWords })
        {
            var tokens = 0L;
            var ms = Time(() =>
            {
                foreach (var text in texts)
                {
                    using var stream = analyzer.GetTokenStream(field, field is IndexFields.NameGram or IndexFields.NameWords ? text[..Math.Min(40, text.Length)] : text);
                    stream.Reset();
                    while (stream.IncrementToken())
                    {
                        tokens++;
                    }

                    stream.End();
                }
            });
            Console.WriteLine($"  解析 {field}: {ms / texts.Count:0.00} ms/件（{tokens / texts.Count:N0} トークン/件）");
        }

        Console.WriteLine($"  SimHash: {Time(() => texts.ForEach(t => SimHash.Of(t))) / texts.Count:0.00} ms/件");
        Console.WriteLine($"  SimHash（2 回目）: {Time(() => texts.ForEach(t => SimHash.Of(t))) / texts.Count:0.00} ms/件");
        for (var pass = 1; pass <= 2; pass++)
        {
            using var ram = new Lucene.Net.Store.RAMDirectory();
            using var writer = new IndexWriter(ram, new IndexWriterConfig(JapaneseBigramAnalyzer.Version, analyzer) { RAMBufferSizeMB = 64 });
            var i = 0;
            var build = 0.0;
            var ms = Time(() =>
            {
                foreach (var text in texts)
                {
                    var d = new IndexDocument(1, $"a/{i}.txt", $"令和6年度_予算要求_資料_{i++:D6}.txt", "テキスト", "txt", false, text.Length, DateTime.UtcNow, text, "all", "world", "h");
                    var started = Stopwatch.GetTimestamp();
                    var document = LuceneSearchIndex.ToLucene(d);
                    build += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    writer.UpdateDocument(new Term(IndexFields.Key, d.Key), document);
                }
            });
            var commit = Time(writer.Commit);
            Console.WriteLine($"  IndexWriter.UpdateDocument（全フィールド、{pass} 回目）: {ms / texts.Count:0.00} ms/件（うち Document 作成 {build / texts.Count:0.00}）、commit {commit:0} ms; 本文 平均 {texts.Average(t => t.Length):N0} 文字");
        }
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Stats(List<double> times)
    {
        var sorted = times.Order().ToList();
        return $"p50 {sorted[(int)(sorted.Count * 0.5)]:0.0} ms, p95 {sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.95) - 1)]:0.0} ms";
    }
}
