// The query sets, drawn from the corpus itself and saved in the work folder (queries.tsv) so that the full run,
// `profile` and `compare` all use the same ones:
//   known   — a person remembers a few words of a document: 2–3 words of its text that are rare in the corpus;
//   phrase  — a short phrase of its text (8–12 characters);
//   name    — a fragment of its name (subject + the content word in the name);
//   broad   — two content words staff would type, each in roughly 0.5 %–20 % of the documents;
//   suggest — file-name fragments for the as-you-type suggestions.
// Known items are judged a hit when the document or one of its copies/versions is in the top 10.
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OsakaDx.Search.Bench;

/// <summary>One query: its kind, its text, how many files contain it (counted from the plan), and the files that answer it.</summary>
internal sealed record BenchQuery(string Kind, string Text, int Matches, string[] Expected)
{
    public bool IsKnownItem => Kind is BenchQueries.Known or BenchQueries.Phrase or BenchQueries.Name;

    /// <summary>The words ripgrep must all find (a phrase is one fixed string).</summary>
    public string[] Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal static partial class BenchQueries
{
    public const string Known = "known";
    public const string Phrase = "phrase";
    public const string Name = "name";
    public const string Broad = "broad";
    public const string Suggest = "suggest";

    private const string FileName = "queries.tsv";

    /// <summary>The saved sets; null when <paramref name="work"/> has none (an old corpus).</summary>
    public static List<BenchQuery>? Load(string work)
    {
        var path = Path.Combine(work, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Select(p => new BenchQuery(p[0], p[1], int.Parse(p[2], CultureInfo.InvariantCulture), p[3].Split('|', StringSplitOptions.RemoveEmptyEntries))).ToList();
    }

    /// <summary>The saved sets, or a clear message pointing to the full run that makes them.</summary>
    public static List<BenchQuery> Require(string work) =>
        Load(work) ?? throw new InvalidOperationException($"{Path.Combine(work, FileName)} がありません: 新しいコーパスで全体の実行（dotnet …OsakaDx.Search.Bench.dll FILES QUERIES、OSAKADX_BENCH_DIR={work}）を先に行ってください。");

    public static void Save(string work, IReadOnlyList<BenchQuery> queries)
    {
        var lines = new List<string> { "# kind\ttext\tfiles containing it (from the plan)\texpected files (the document, its copies and versions)" };
        lines.AddRange(queries.Select(q => $"{q.Kind}\t{q.Text}\t{q.Matches.ToString(CultureInfo.InvariantCulture)}\t{string.Join('|', q.Expected)}"));
        File.WriteAllLines(Path.Combine(work, FileName), lines, new UTF8Encoding(false));
    }

    /// <summary>Builds <paramref name="count"/> known items (half words, a quarter phrases, a quarter name fragments), as many broad queries and as many suggestion fragments.</summary>
    public static List<BenchQuery> Build(Corpus corpus, int count)
    {
        var pool = corpus.Pool;
        var docs = corpus.Docs;
        var random = new Random(424242);
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphWords = new string[pool.Length][];
        for (var i = 0; i < pool.Length; i++)
        {
            paragraphWords[i] = Word().Matches(pool[i]).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var w in paragraphWords[i])
            {
                frequency[w] = frequency.GetValueOrDefault(w) + 1;
            }
        }

        var template = Corpus.TemplateText;
        var groups = docs.GroupBy(d => d.Group).ToDictionary(g => g.Key, g => g.Select(d => d.RelativePath).ToArray());
        var originals = docs.Where(d => d.Kind == DocKind.Original).ToList();
        var prefixes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int[] Prefix(string term)
        {
            if (!prefixes.TryGetValue(term, out var prefix))
            {
                prefix = new int[pool.Length + 1];
                for (var i = 0; i < pool.Length; i++)
                {
                    prefix[i + 1] = prefix[i] + (pool[i].Contains(term, StringComparison.Ordinal) ? 1 : 0);
                }

                prefixes[term] = prefix;
            }

            return prefix;
        }

        static bool Has(PlannedDoc d, int[] prefix) =>
            prefix[d.Start + d.Count] - prefix[d.Start] > 0 || (d.Kind == DocKind.Version && prefix[d.Replacement + 1] - prefix[d.Replacement] > 0);

        int CountAll(IReadOnlyList<string> terms, Func<PlannedDoc, bool>? also = null)
        {
            var lists = terms.Select(Prefix).ToArray();
            var n = 0;
            foreach (var d in docs)
            {
                if ((also is null || also(d)) && lists.All(p => Has(d, p)))
                {
                    n++;
                }
            }

            return n;
        }

        var queries = new List<BenchQuery>();
        var used = new HashSet<int>();
        PlannedDoc? Sample(Func<PlannedDoc, bool> fits)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var d = originals[random.Next(originals.Count)];
                if (fits(d) && used.Add(d.Id))
                {
                    return d;
                }
            }

            return null;
        }

        // Known items by words: the rarest words of the document (not words of the titles and tables every document has),
        // pairs and a triple of them, the title's subject with one or two of them, or a word of the first and of the last
        // paragraph, keeping the combination the fewest files contain (the plan knows every file's paragraphs).
        var wordCount = count / 2;
        for (var k = 0; k < wordCount; k++)
        {
            var doc = Sample(d => true);
            if (doc is null)
            {
                break;
            }

            var rare = Enumerable.Range(doc.Start, doc.Count).SelectMany(i => paragraphWords[i]).Distinct(StringComparer.Ordinal)
                .Where(w => !template.Contains(w, StringComparison.Ordinal)).OrderBy(w => frequency[w]).ThenByDescending(w => w.Length).Take(5).ToList();
            if (rare.Count < 2)
            {
                k--;
                continue;
            }

            var candidates = new List<(string[] Terms, int Matches)>();
            void Try(string[] terms, bool withSubject)
            {
                var subject = doc.Subject;
                candidates.Add((withSubject ? [Corpus.Subjects[subject], .. terms] : terms, CountAll(terms, withSubject ? d => d.Subject == subject : null)));
            }

            for (var a = 0; a < rare.Count; a++)
            {
                for (var b = a + 1; b < rare.Count; b++)
                {
                    if (!rare[a].Contains(rare[b], StringComparison.Ordinal) && !rare[b].Contains(rare[a], StringComparison.Ordinal))
                    {
                        Try([rare[a], rare[b]], false);
                    }
                }
            }

            if (rare.Count >= 3)
            {
                Try([rare[0], rare[1], rare[2]], false);
            }

            // What people also remember: the subject of the title (道路補修, 介護保険…) with one or two words of the text.
            Try([rare[0]], true);
            Try([rare[0], rare[1]], true);

            // Words from the first and the last paragraph: few other files span both.
            if (doc.Count > 1)
            {
                var first = paragraphWords[doc.Start].Where(w => !template.Contains(w, StringComparison.Ordinal)).OrderBy(w => frequency[w]).FirstOrDefault();
                var last = paragraphWords[doc.Start + doc.Count - 1].Where(w => !template.Contains(w, StringComparison.Ordinal)).OrderBy(w => frequency[w]).FirstOrDefault();
                if (first is not null && last is not null && !first.Contains(last, StringComparison.Ordinal) && !last.Contains(first, StringComparison.Ordinal))
                {
                    Try([first, last], false);
                }
            }

            var best = candidates.OrderBy(c => c.Matches).ThenBy(c => c.Terms.Length).FirstOrDefault();
            if (best.Terms is null)
            {
                k--;
                continue;
            }

            queries.Add(new BenchQuery(Known, string.Join(' ', best.Terms), best.Matches, groups[doc.Group]));
        }

        // Known items by a phrase: 8–12 kana/kanji of one of its paragraphs, the rarest of five tries.
        var phraseCount = count / 4;
        for (var k = 0; k < phraseCount; k++)
        {
            var doc = Sample(d => true);
            if (doc is null)
            {
                break;
            }

            var tries = new List<string>();
            for (var t = 0; t < 20 && tries.Count < 5; t++)
            {
                var paragraph = pool[doc.Start + random.Next(doc.Count)];
                var at = random.Next(paragraph.Length);
                var end = at;
                while (end < paragraph.Length && end - at < 12 && Prose.IsJapanese(paragraph[end]))
                {
                    end++;
                }

                if (end - at >= 8)
                {
                    tries.Add(paragraph[at..end]);
                }
            }

            var best = tries.Select(p => (Phrase: p, Matches: CountAll([p]))).OrderBy(p => p.Matches).FirstOrDefault();
            if (best.Phrase is null)
            {
                k--;
                continue;
            }

            queries.Add(new BenchQuery(Phrase, best.Phrase, best.Matches, groups[doc.Group]));
        }

        // Known items by name: the subject and the content word of names like 令和6年度_予算要求資料_道路補修_公共工事.xlsx.
        for (var k = queries.Count; k < count; k++)
        {
            var doc = Sample(d => d.Name.StartsWith("令和", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(d.Name).Split('_').Length == 4);
            if (doc is null)
            {
                break;
            }

            var parts = Path.GetFileNameWithoutExtension(doc.Name).Split('_');
            var subject = doc.Subject;
            var matches = CountAll([parts[3]], d => d.Subject == subject);
            queries.Add(new BenchQuery(Name, $"{parts[2]} {parts[3]}", matches, groups[doc.Group]));
        }

        // Broad queries: words in 0.5 %–20 % of the documents (measured on a sample of up to 20,000 files), paired
        // so that at least 0.2 % of the sample has both.
        var sample = docs.Count <= 20_000 ? docs : Enumerable.Range(0, 20_000).Select(_ => docs[random.Next(docs.Count)]).ToList();
        var common = frequency.Where(f => f.Value >= pool.Length / 500 && f.Key.Length <= 4 && !template.Contains(f.Key, StringComparison.Ordinal))
            .OrderByDescending(f => f.Value).Take(1500).Select(f => f.Key).ToList();
        var kept = new List<(string Word, BitArray Docs, double Share)>();
        foreach (var word in common)
        {
            var prefix = new int[pool.Length + 1];
            for (var i = 0; i < pool.Length; i++)
            {
                prefix[i + 1] = prefix[i] + (pool[i].Contains(word, StringComparison.Ordinal) ? 1 : 0);
            }

            var bits = new BitArray(sample.Count);
            var n = 0;
            for (var i = 0; i < sample.Count; i++)
            {
                if (Has(sample[i], prefix))
                {
                    bits[i] = true;
                    n++;
                }
            }

            var share = (double)n / sample.Count;
            if (share is >= 0.005 and <= 0.20)
            {
                kept.Add((word, bits, share));
            }
        }

        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < 100_000 && pairs.Count < count && kept.Count > 1; attempt++)
        {
            var a = kept[random.Next(kept.Count)];
            var b = kept[random.Next(kept.Count)];
            if (a.Word == b.Word || a.Word.Contains(b.Word, StringComparison.Ordinal) || b.Word.Contains(a.Word, StringComparison.Ordinal))
            {
                continue;
            }

            var both = ((BitArray)a.Docs.Clone()).And(b.Docs);
            var n = 0;
            for (var i = 0; i < both.Length; i++)
            {
                n += both[i] ? 1 : 0;
            }

            if (n >= Math.Max(2, sample.Count / 500) && pairs.Add($"{a.Word} {b.Word}"))
            {
                queries.Add(new BenchQuery(Broad, $"{a.Word} {b.Word}", (int)((long)n * docs.Count / sample.Count), []));
            }
        }

        // Suggestion fragments: a piece of a name after its first separator, as someone types it.
        for (var k = 0; k < count; k++)
        {
            var doc = docs[random.Next(docs.Count)];
            var stem = Path.GetFileNameWithoutExtension(doc.Name);
            var cut = stem.IndexOfAny(['_', '】', '）']) + 1;
            var fragment = stem[cut..][..Math.Min(10, stem.Length - cut)].TrimEnd('_');
            queries.Add(new BenchQuery(Suggest, fragment.Length >= 3 ? fragment : stem[..Math.Min(8, stem.Length)], 0, [doc.RelativePath]));
        }

        Console.WriteLine($"  検索語: 既知の一件 {queries.Count(q => q.IsKnownItem)}（語 {queries.Count(q => q.Kind == Known)}、句 {queries.Count(q => q.Kind == Phrase)}、名前 {queries.Count(q => q.Kind == Name)}; 含むファイル数の中央値 {Median(queries.Where(q => q.IsKnownItem).Select(q => q.Matches))}）、2語 {queries.Count(q => q.Kind == Broad)}（候補語 {kept.Count}、推定ヒット中央値 {Median(queries.Where(q => q.Kind == Broad).Select(q => q.Matches)):N0}）、名前の断片 {queries.Count(q => q.Kind == Suggest)}");
        return queries;
    }

    /// <summary>The rank (1–10) of the first result that is the document or one of its copies/versions (folded ones count), 0 when none is in the top 10.</summary>
    public static int Rank(BenchQuery query, OsakaDx.Modules.Search.Indexing.SearchResults results)
    {
        var expected = query.Expected.ToHashSet(StringComparer.Ordinal);
        var rank = 0;
        foreach (var hit in results.Hits.Take(10))
        {
            rank++;
            if (expected.Contains(hit.RelativePath.Replace('\\', '/')) || hit.Similar.Any(s => expected.Contains(s.RelativePath.Replace('\\', '/'))))
            {
                return rank;
            }
        }

        return 0;
    }

    /// <summary>success@10 and MRR@10, overall and by kind.</summary>
    public static string Effectiveness(IReadOnlyList<(string Kind, int Rank)> judged)
    {
        static string Of(IReadOnlyCollection<(string Kind, int Rank)> set) =>
            $"success@10 {set.Count(j => j.Rank > 0)}/{set.Count}、MRR {(set.Count == 0 ? 0 : set.Average(j => j.Rank > 0 ? 1.0 / j.Rank : 0)):0.00}";
        var parts = judged.GroupBy(j => j.Kind).Select(g => $"{g.Key} {Of(g.ToList())}");
        return $"{Of(judged.ToList())}（{string.Join("; ", parts)}）";
    }

    /// <summary>ripgrep over the text mirror: files with every word (fixed strings, chained with xargs), as a shell command.</summary>
    public static string Ripgrep(string query, string mirror)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = new StringBuilder($"rg -l -F -e '{words[0]}' '{mirror}'");
        foreach (var w in words.Skip(1))
        {
            command.Append(CultureInfo.InvariantCulture, $" | xargs -d '\\n' -r rg -l -F -e '{w}'");
        }

        return command.Append(" > /dev/null").ToString();
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    // Whole kanji runs of 2–6 that end a word (followed by a particle, punctuation or no kana, so not the stem of 異なる)
    // and are not the tail of a katakana compound, and whole katakana words of 3–10 (a longer run is a compound nobody types in full).
    [GeneratedRegex("(?<![\u30A1-\u30FAー\u4E00-\u9FFF々])[\u4E00-\u9FFF々]{2,6}(?![\u4E00-\u9FFF々])(?=[のをにがはとでもやへ]|[^\u3040-\u309F]|$)|(?<![\u30A1-\u30FAー])[\u30A1-\u30FAー]{3,10}(?![\u30A1-\u30FAー])")]
    private static partial Regex Word();
}
