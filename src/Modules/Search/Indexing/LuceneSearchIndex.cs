// Lucene.Net on the local disk under {DataPath}/search/index. The writer is opened only for a
// crawl and closed after, so the web host and a CLI crawl can take turns on the same index;
// readers pick up each commit on their next query.
using System.Globalization;
using System.Net;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;
using OsakaDx.Modules.Search.Querying;
using OsakaDx.Platform.Kernel;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace OsakaDx.Modules.Search.Indexing;

internal sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const int SnippetChars = 100_000;

    private readonly string path;
    private readonly Analyzer analyzer = SearchAnalyzers.Create();
    private readonly System.Threading.Lock gate = new();
    private LuceneDirectory? directory;
    private SearcherManager? searchers;

    public LuceneSearchIndex(string path)
    {
        this.path = path;
        _ = SearchCodec.Instance; // segments written with it must be readable before the first writer opens
        LuceneWarmUp.Run();
    }

    public string Path => path;

    private LuceneDirectory Directory
    {
        get
        {
            lock (gate)
            {
                if (directory is null)
                {
                    System.IO.Directory.CreateDirectory(path);
                    directory = FSDirectory.Open(path);
                }

                return directory;
            }
        }
    }

    public IIndexSession OpenSession()
    {
        var config = new IndexWriterConfig(JapaneseBigramAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 64,
            Codec = SearchCodec.Instance,
        };
        try
        {
            return new Session(this, new IndexWriter(Directory, config));
        }
        catch (LockObtainFailedException ex)
        {
            throw new InvalidOperationException("別の処理が検索索引を更新中です。終わってからもう一度実行してください。", ex);
        }
    }

    /// <summary>Phase timings of each search (name, milliseconds), for the benchmark's profile mode; null in the product.</summary>
    internal static Action<string, double>? Probe { get; set; }

    private static void Mark(string phase, ref long since)
    {
        if (Probe is { } probe)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            probe(phase, System.Diagnostics.Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
            since = now;
        }
    }

    public SearchResults Search(SearchRequest request, SearchPrincipal principal)
    {
        var mark = System.Diagnostics.Stopwatch.GetTimestamp();
        var syntax = QuerySyntax.Parse(request.Query);
        if (syntax.IsEmpty && request.Folder is null && request.Type is null && request.Sources is null)
        {
            return SearchResults.Empty();
        }

        var manager = Searchers();
        if (manager is null)
        {
            return SearchResults.Empty();
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            var expansions = new List<string>();
            var (query, contentQuery) = BuildQuery(syntax, request, expansions);
            var filtered = new FilteredQuery(query, Permitted(request, principal));
            var wanted = Math.Max(1, request.Page * request.PageSize);
            var collapse = request.Collapse && !request.Baseline;

            // Copies are folded within a ranked window a few pages deep; beyond it they are listed as they come.
            var window = collapse ? Math.Clamp(wanted * 3, 100, 1000) : wanted;
            Mark("準備", ref mark);
            var (docs, facets) = Collect(searcher, filtered, request.Sort, window);
            Mark("検索・ファセット", ref mark);
            if (request.Reranker is not null && request.Sort == SearchSort.Relevance && !request.Baseline && docs.ScoreDocs.Length > 1)
            {
                Rerank(searcher, syntax, docs.ScoreDocs, request);
            }

            if (request.Semantic is not null && request.Sort == SearchSort.Relevance && !request.Baseline && docs.ScoreDocs.Length > 1)
            {
                SemanticRerank(searcher, docs.ScoreDocs, request);
            }

            var groups = collapse ? Group(searcher, docs.ScoreDocs) : docs.ScoreDocs.Select(d => (Lead: d, Copies: new List<ScoreDoc>())).ToList();
            Mark("再順位・類似の折り畳み", ref mark);
            var highlighter = request.Snippets && contentQuery is not null ? NewHighlighter(contentQuery) : null;
            var needles = highlighter is null ? [] : Needles(syntax, request);
            var hits = groups.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).Select(g =>
                ToHit(request.Snippets ? searcher.Doc(g.Lead.Doc) : searcher.Doc(g.Lead.Doc, MetaFields), g.Lead.Score, highlighter, request.Snippets, needles) with
                {
                    Similar = g.Copies.Select(c => ToHit(searcher.Doc(c.Doc, MetaFields), c.Score, null, false)).OrderByDescending(h => h.ModifiedUtc).ToList(),
                }).ToList();
            var results = new SearchResults(docs.TotalHits, hits, facets.Types(), facets.Years(), facets.Folders())
            {
                Sources = facets.Sources(),
                Collapsed = docs.ScoreDocs.Length - groups.Count,
                Expansions = expansions,
            };
            Mark("結果行・スニペット", ref mark);
            if (request.DidYouMean && !request.Baseline && request.Page == 1 && docs.TotalHits < 3 && syntax.Positive.Any())
            {
                var (better, count) = DidYouMean(searcher, request, principal, docs.TotalHits);
                results = results with { DidYouMean = better, DidYouMeanTotal = count };
            }

            Mark("もしかして", ref mark);
            return results;
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    /// <summary>Below this many documents a search runs on one thread (splitting costs more than it saves).</summary>
    internal static int ParallelFrom { get; set; } = 20_000;

    /// <summary>Whether large searches are split over two threads (the benchmark's profile compares both).</summary>
    internal static bool SplitSearches { get; set; } = true;

    /// <summary>
    /// The ranked window and the facets of every permitted hit. Over a large index the segments are
    /// split into two halves of about equal size, searched at once on two threads with the same
    /// weight (so scores are those of one search), and merged: hits by score (or date), then by
    /// document number, as one collector would have ordered them.
    /// </summary>
    private static (TopDocs Docs, FacetCollector Facets) Collect(IndexSearcher searcher, Query query, SearchSort sort, int window)
    {
        ITopDocsCollector NewTop() => sort == SearchSort.Newest
            ? TopFieldCollector.Create(new Sort(new SortField(IndexFields.ModifiedSort, SortFieldType.INT64, true)), window, true, true, false, false)
            : TopScoreDocCollector.Create(window, true);
        var leaves = searcher.IndexReader.Leaves;
        if (!SplitSearches || searcher is not SlicedSearcher sliced || searcher.IndexReader.MaxDoc < ParallelFrom || leaves.Count < 2 || Environment.ProcessorCount < 2)
        {
            var top = NewTop();
            var facets = new FacetCollector();
            searcher.Search(query, MultiCollector.Wrap((ICollector)top, facets));
            return (top.GetTopDocs(), facets);
        }

        var halves = new List<AtomicReaderContext>[] { [], [] };
        var sizes = new long[2];
        foreach (var leaf in leaves.OrderByDescending(l => l.AtomicReader.MaxDoc))
        {
            var i = sizes[0] <= sizes[1] ? 0 : 1;
            halves[i].Add(leaf);
            sizes[i] += leaf.AtomicReader.MaxDoc;
        }

        var weight = searcher.CreateNormalizedWeight(query);
        var tops = new[] { NewTop(), NewTop() };
        var facetHalves = new[] { new FacetCollector(), new FacetCollector() };
        Parallel.For(0, 2, i => sliced.SearchLeaves(halves[i], weight, MultiCollector.Wrap((ICollector)tops[i], facetHalves[i])));
        var a = tops[0].GetTopDocs();
        var b = tops[1].GetTopDocs();
        var merged = a.ScoreDocs.Concat(b.ScoreDocs);
        merged = sort == SearchSort.Newest
            ? merged.OrderByDescending(SortTicks).ThenBy(d => d.Doc)
            : merged.OrderByDescending(d => d.Score).ThenBy(d => d.Doc);
        var scoreDocs = merged.Take(window).ToArray();
        facetHalves[0].Add(facetHalves[1]);
        return (new TopDocs(a.TotalHits + b.TotalHits, scoreDocs, Math.Max(a.MaxScore, b.MaxScore)), facetHalves[0]);
    }

    /// <summary>The modification time a date-sorted hit was sorted by (Lucene boxes it as a J2N number).</summary>
    private static long SortTicks(ScoreDoc d) => ((FieldDoc)d).Fields[0] switch
    {
        long l => l,
        J2N.Numerics.Number n => n.ToInt64(),
        var other => Convert.ToInt64(other, CultureInfo.InvariantCulture),
    };

    /// <summary>Lets a search run over a chosen set of segments (the two halves of <see cref="Collect"/>).</summary>
    private sealed class SlicedSearcher(IndexReader reader) : IndexSearcher(reader)
    {
        public void SearchLeaves(IList<AtomicReaderContext> leaves, Weight weight, ICollector collector) => Search(leaves, weight, collector);
    }

    private sealed class SlicedSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new SlicedSearcher(reader);
    }

    /// <summary>How many of the best base hits a learned ranker re-orders.</summary>
    public const int RerankDepth = 50;

    /// <summary>Names of the ranking features, in vector order (the admin page and the README list them).</summary>
    public static readonly string[] FeatureNames =
    [
        "基本スコア", "基本順位", "本文（bigram BM25）", "本文（単語 BM25）", "ファイル名", "フォルダ名", "名前に含まれる語の割合", "経過日数（log）", "階層の深さ", "種類", "フォルダか",
    ];

    public IReadOnlyDictionary<string, float[]> RankingFeatures(string query, IReadOnlyList<string> keys, DateTime nowUtc) =>
        WithSearcher<IReadOnlyDictionary<string, float[]>>(searcher =>
        {
            var syntax = QuerySyntax.Parse(query);
            var filter = new BooleanQuery();
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                filter.Add(new TermQuery(new Term(IndexFields.Key, key)), Occur.SHOULD);
            }

            var (full, _) = BuildQuery(syntax, new SearchRequest(query), []);
            var top = searcher.Search(new FilteredQuery(full, new QueryWrapperFilter(filter)), Math.Max(1, keys.Count));
            var features = Features(searcher, syntax, top.ScoreDocs, nowUtc);
            return top.ScoreDocs.Select((sd, i) => (Key: searcher.Doc(sd.Doc, KeyField).Get(IndexFields.Key, CultureInfo.InvariantCulture), Vector: features[i]))
                .ToDictionary(p => p.Key, p => p.Vector, StringComparer.Ordinal);
        }) ?? new Dictionary<string, float[]>();

    private static readonly ISet<string> KeyField = new HashSet<string>(StringComparer.Ordinal) { IndexFields.Key };

    /// <summary>Re-orders the first <see cref="RerankDepth"/> hits by the learned scores; the rest keep their places.</summary>
    private void Rerank(IndexSearcher searcher, QuerySyntax syntax, ScoreDoc[] ranked, SearchRequest request)
    {
        var depth = Math.Min(RerankDepth, ranked.Length);
        var head = ranked.Take(depth).ToArray();
        var scores = request.Reranker!(Features(searcher, syntax, head, request.NowUtc));
        var order = Enumerable.Range(0, depth).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        for (var i = 0; i < depth; i++)
        {
            ranked[i] = head[order[i]];
        }
    }

    private static readonly ISet<string> RescoreFields = new HashSet<string>(StringComparer.Ordinal) { IndexFields.Key, IndexFields.Name, IndexFields.Hash };

    private static readonly ISet<string> ContentField = new HashSet<string>(StringComparer.Ordinal) { IndexFields.Content };

    /// <summary>Re-orders the first hits by the semantic blend (Semantic/SemanticRanker.cs); the text is loaded only for uncached vectors.</summary>
    private static void SemanticRerank(IndexSearcher searcher, ScoreDoc[] ranked, SearchRequest request)
    {
        var depth = Math.Min(request.Semantic!.Depth, ranked.Length);
        var head = ranked.Take(depth).ToArray();
        var candidates = head.Select(sd =>
        {
            var d = searcher.Doc(sd.Doc, RescoreFields);
            return new Semantic.RescoreCandidate(
                d.Get(IndexFields.Key, CultureInfo.InvariantCulture), d.Get(IndexFields.Hash, CultureInfo.InvariantCulture), d.Get(IndexFields.Name, CultureInfo.InvariantCulture) ?? "", sd.Score,
                () => searcher.Doc(sd.Doc, ContentField).Get(IndexFields.Content, CultureInfo.InvariantCulture) ?? "");
        }).ToList();
        var scores = request.Semantic.Rescore(request.Query, candidates, rankOnly: request.Reranker is not null);
        var order = Enumerable.Range(0, depth).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        for (var i = 0; i < depth; i++)
        {
            ranked[i] = head[order[i]];
        }
    }

    /// <summary>
    /// One feature vector per hit (in the given base order): base score and rank, BM25 of each field
    /// on its own, how much of the query is in the name, age, depth and type.
    /// </summary>
    private List<float[]> Features(IndexSearcher searcher, QuerySyntax syntax, ScoreDoc[] hits, DateTime nowUtc)
    {
        var only = new BooleanQuery();
        foreach (var hit in hits)
        {
            only.Add(new TermQuery(new Term(IndexFields.Key, searcher.Doc(hit.Doc, KeyField).Get(IndexFields.Key, CultureInfo.InvariantCulture))), Occur.SHOULD);
        }

        var onlyFilter = new QueryWrapperFilter(only);
        var terms = syntax.Positive.Select(t => t.Text).ToList();
        Dictionary<int, float> FieldScores(Func<string, Query?> perTerm)
        {
            var query = new BooleanQuery();
            foreach (var t in terms)
            {
                if (perTerm(t) is { } q)
                {
                    query.Add(q, Occur.SHOULD);
                }
            }

            if (query.Clauses.Count == 0)
            {
                return [];
            }

            return searcher.Search(new FilteredQuery(query, onlyFilter), Math.Max(1, hits.Length)).ScoreDocs.ToDictionary(sd => sd.Doc, sd => sd.Score);
        }

        var content = FieldScores(t => TextQuery(IndexFields.Content, t));
        var words = FieldScores(t => TextQuery(IndexFields.ContentWords, t));
        var names = FieldScores(t => new BooleanQuery { { NameQuery(IndexFields.NameGram, t) ?? new BooleanQuery(), Occur.SHOULD }, { TextQuery(IndexFields.NameWords, NameWords(t)) ?? new BooleanQuery(), Occur.SHOULD } });
        var folders = FieldScores(t => NameQuery(IndexFields.PathGram, t));
        var folded = terms.Select(NameGramAnalyzer.Fold).ToList();
        var vectors = new List<float[]>(hits.Length);
        for (var i = 0; i < hits.Length; i++)
        {
            var d = searcher.Doc(hits[i].Doc, MetaFields);
            var name = NameGramAnalyzer.Fold(d.Get(IndexFields.Name, CultureInfo.InvariantCulture) ?? "");
            var modified = new DateTime(d.GetField(IndexFields.Modified).GetInt64Value() ?? 0, DateTimeKind.Utc);
            var path = d.Get(IndexFields.Path, CultureInfo.InvariantCulture) ?? "";
            var isFolder = d.Get(IndexFields.IsFolder, CultureInfo.InvariantCulture) == "1";
            vectors.Add(
            [
                hits[i].Score,
                i + 1,
                content.GetValueOrDefault(hits[i].Doc),
                words.GetValueOrDefault(hits[i].Doc),
                names.GetValueOrDefault(hits[i].Doc),
                folders.GetValueOrDefault(hits[i].Doc),
                folded.Count == 0 ? 0 : (float)folded.Count(f => name.Contains(f, StringComparison.Ordinal)) / folded.Count,
                (float)Math.Log(1 + Math.Max(0, (nowUtc - modified).TotalDays)),
                path.Count(c => c == '/') + 1,
                TypeCode(isFolder ? "フォルダ" : d.Get(IndexFields.Type, CultureInfo.InvariantCulture)),
                isFolder ? 1 : 0,
            ]);
        }

        return vectors;
    }

    private static float TypeCode(string? type) => type switch
    {
        "Word" => 1,
        "Excel" => 2,
        "PowerPoint" => 3,
        "PDF" => 4,
        "テキスト" => 5,
        "CSV" => 6,
        "フォルダ" => 7,
        _ => 0,
    };

    /// <summary>Stored fields a result line needs, without the (large) text.</summary>
    private static readonly ISet<string> MetaFields = new HashSet<string>(StringComparer.Ordinal)
    {
        IndexFields.Key, IndexFields.Source, IndexFields.Path, IndexFields.Name, IndexFields.Type, IndexFields.IsFolder, IndexFields.Size, IndexFields.Modified, IndexFields.SimHash,
    };

    /// <summary>Walks the ranked hits; a hit within <see cref="SimHash.MaxDistance"/> bits of an earlier group's lead joins that group.</summary>
    private static List<(ScoreDoc Lead, List<ScoreDoc> Copies)> Group(IndexSearcher searcher, ScoreDoc[] ranked)
    {
        var leaves = searcher.IndexReader.Leaves;
        var groups = new List<(ScoreDoc Lead, List<ScoreDoc> Copies)>();
        var leadHashes = new List<ulong?>();
        foreach (var hit in ranked)
        {
            var hash = HashOf(leaves, hit.Doc);
            var joined = false;
            if (hash is { } h)
            {
                for (var g = 0; g < groups.Count; g++)
                {
                    if (leadHashes[g] is { } lead && SimHash.Distance(h, lead) <= SimHash.MaxDistance)
                    {
                        groups[g].Copies.Add(hit);
                        joined = true;
                        break;
                    }
                }
            }

            if (!joined)
            {
                groups.Add((hit, []));
                leadHashes.Add(hash);
            }
        }

        return groups;
    }

    private static ulong? HashOf(IList<AtomicReaderContext> leaves, int doc)
    {
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var local = doc - leaf.DocBase;
        var present = leaf.AtomicReader.GetDocsWithField(IndexFields.SimHash);
        if (present is null || !present.Get(local))
        {
            return null;
        }

        return (ulong)leaf.AtomicReader.GetNumericDocValues(IndexFields.SimHash).Get(local);
    }

    /// <summary>
    /// 「もしかして」: each plain word of the query respelled (index words within a small edit distance,
    /// 長音 variants) and counted with the user's own permission filter; the respelling that finds the
    /// most (and more than now) wins. A word found only in files the user cannot read never finds
    /// anything for them, so it is never offered.
    /// </summary>
    private (string? Query, long Count) DidYouMean(IndexSearcher searcher, SearchRequest request, SearchPrincipal principal, long current)
    {
        var text = request.Query.Normalize(System.Text.NormalizationForm.FormKC);
        var syntax = QuerySyntax.Parse(text);
        var filter = Permitted(request, principal);
        string? best = null;
        var bestCount = current;
        var tried = 0;
        foreach (var term in syntax.Positive.Where(t => !t.Phrase).Select(t => t.Text).Distinct(StringComparer.Ordinal))
        {
            foreach (var alternative in Respellings(searcher.IndexReader, term).Distinct(StringComparer.Ordinal).Take(8))
            {
                if (tried++ >= 24)
                {
                    break;
                }

                var candidate = ReplaceFirst(text, term, alternative);
                var (query, _) = BuildQuery(QuerySyntax.Parse(candidate), request with { Synonyms = request.Synonyms }, []);
                var counter = new TotalHitCountCollector();
                searcher.Search(new FilteredQuery(query, filter), counter);
                if (counter.TotalHits > bestCount)
                {
                    best = candidate;
                    bestCount = counter.TotalHits;
                }
            }
        }

        return (best, best is null ? 0 : bestCount);
    }

    private static string ReplaceFirst(string text, string word, string replacement)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + word.Length));
    }

    /// <summary>Other spellings of one query word: 長音 added or dropped, and words of the index a small edit away (each word of a compound separately).</summary>
    private IEnumerable<string> Respellings(IndexReader reader, string word)
    {
        if (word.EndsWith('ー'))
        {
            yield return word[..^1];
        }
        else if (word.Length > 1 && word[^1] is >= 'ァ' and <= 'ヺ')
        {
            yield return word + "ー";
        }

        var tokens = new List<string>();
        using (var stream = analyzer.GetTokenStream(IndexFields.ContentWords, word))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                tokens.Add(term.ToString());
            }

            stream.End();
        }

        if (tokens.Count == 0 || tokens.Count > 4)
        {
            yield break;
        }

        var katakana = word.Any(c => c is >= 'ァ' and <= 'ヺ') && !word.Any(c => c is >= 'ぁ' and <= 'ゖ');
        for (var i = 0; i < tokens.Count; i++)
        {
            if (DocFreq(reader, tokens[i]) > 0)
            {
                continue; // a word the index has is not respelled (and a known-item search with one hit costs nothing extra)
            }

            foreach (var fix in Fuzzy(reader, tokens[i]))
            {
                var parts = tokens.ToArray();
                parts[i] = fix;
                var joined = string.Concat(parts);
                yield return katakana ? ToKatakana(joined) : joined;
            }
        }
    }

    private static int DocFreq(IndexReader reader, string token) =>
        reader.DocFreq(new Term(IndexFields.ContentWords, token)) + reader.DocFreq(new Term(IndexFields.NameWords, token));

    /// <summary>Index words within one edit (two for long words) of the token, the most common first.</summary>
    private static IEnumerable<string> Fuzzy(IndexReader reader, string token)
    {
        if (token.Length < 2)
        {
            return [];
        }

        var edits = token.Length >= 6 ? 2 : 1;
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in new[] { IndexFields.NameWords, IndexFields.ContentWords })
        {
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null)
            {
                continue;
            }

            var fuzzy = new FuzzyTermsEnum(terms, new Lucene.Net.Util.AttributeSource(), new Term(field, token), edits, 0, true);
            var seen = 0;
            while (seen++ < 200 && fuzzy.MoveNext())
            {
                var text = fuzzy.Term.Utf8ToString();
                if (text != token && text.Length >= 2)
                {
                    found[text] = found.GetValueOrDefault(text) + fuzzy.DocFreq;
                }
            }
        }

        return found.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(4).Select(p => p.Key);
    }

    private static string ToKatakana(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'ぁ' and <= 'ゖ' ? (char)(c + 0x60) : c;
            }
        });

    public IndexDocument? GetVisible(string key, SearchPrincipal principal) =>
        WithSearcher(searcher => FindVisible(searcher, key, principal) is { } doc ? ToIndexDocument(searcher.Doc(doc)) : null);

    public IReadOnlyList<SearchHit> Related(string key, SearchPrincipal principal, int limit) =>
        WithSearcher<IReadOnlyList<SearchHit>>(searcher =>
        {
            if (FindVisible(searcher, key, principal) is not { } doc)
            {
                return [];
            }

            var stored = searcher.Doc(doc);
            var text = stored.Get(IndexFields.Content, CultureInfo.InvariantCulture) is { Length: > 0 } content ? content : stored.Get(IndexFields.Name, CultureInfo.InvariantCulture);
            var mlt = new Lucene.Net.Queries.Mlt.MoreLikeThis(searcher.IndexReader)
            {
                Analyzer = analyzer,
                FieldNames = [IndexFields.ContentWords],
                MinTermFreq = 1,
                MinDocFreq = 1,
                MinWordLen = 2,
                MaxQueryTerms = 30,
                MaxNumTokensParsed = 20_000,
            };
            using var reader = new StringReader(text.Length > SnippetChars ? text[..SnippetChars] : text);
            var like = mlt.Like(reader, IndexFields.ContentWords);
            var query = new BooleanQuery { { like, Occur.MUST }, { new TermQuery(new Term(IndexFields.Key, key)), Occur.MUST_NOT } };
            var top = searcher.Search(new FilteredQuery(query, AclFilter(principal)), limit);
            return top.ScoreDocs.Select(sd => ToHit(searcher.Doc(sd.Doc, MetaFields), sd.Score, null, false)).ToList();
        }) ?? [];

    public IReadOnlyList<SearchHit> Similar(string key, SearchPrincipal principal, int limit) =>
        WithSearcher<IReadOnlyList<SearchHit>>(searcher =>
        {
            if (FindVisible(searcher, key, principal) is not { } doc || HashOf(searcher.IndexReader.Leaves, doc) is not { } hash)
            {
                return [];
            }

            var bands = new BooleanQuery();
            foreach (var band in SimHash.BandTerms(hash))
            {
                bands.Add(new TermQuery(new Term(IndexFields.SimBand, band)), Occur.SHOULD);
            }

            var query = new BooleanQuery { { bands, Occur.MUST }, { new TermQuery(new Term(IndexFields.Key, key)), Occur.MUST_NOT } };
            var top = searcher.Search(new FilteredQuery(query, AclFilter(principal)), 500);
            return top.ScoreDocs
                .Where(sd => HashOf(searcher.IndexReader.Leaves, sd.Doc) is { } other && SimHash.Distance(hash, other) <= SimHash.MaxDistance)
                .Select(sd => ToHit(searcher.Doc(sd.Doc, MetaFields), 0, null, false))
                .OrderByDescending(h => h.ModifiedUtc)
                .Take(limit)
                .ToList();
        }) ?? [];

    private int? FindVisible(IndexSearcher searcher, string key, SearchPrincipal principal)
    {
        var top = searcher.Search(new FilteredQuery(new TermQuery(new Term(IndexFields.Key, key)), AclFilter(principal)), 1);
        return top.TotalHits == 0 ? null : top.ScoreDocs[0].Doc;
    }

    private T? WithSearcher<T>(Func<IndexSearcher, T> action)
    {
        var manager = Searchers();
        if (manager is null)
        {
            return default;
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            return action(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public IReadOnlyList<Suggestion> Suggest(string text, SearchPrincipal principal, int limit)
    {
        var name = NameQuery(IndexFields.NameGram, text.Trim());
        var manager = Searchers();
        if (name is null || manager is null)
        {
            return [];
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            var query = new FilteredQuery(name, AclFilter(principal));
            var top = searcher.Search(query, limit);
            return top.ScoreDocs.Select(sd => searcher.Doc(sd.Doc, MetaFields)).Select(d => new Suggestion(
                d.Get(IndexFields.Name, CultureInfo.InvariantCulture), int.Parse(d.Get(IndexFields.Source, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), d.Get(IndexFields.Path, CultureInfo.InvariantCulture), d.Get(IndexFields.IsFolder, CultureInfo.InvariantCulture) == "1")).ToList();
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public IndexDocument? Get(string key)
    {
        var manager = Searchers();
        if (manager is null)
        {
            return null;
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            var top = searcher.Search(new TermQuery(new Term(IndexFields.Key, key)), 1);
            if (top.TotalHits == 0)
            {
                return null;
            }

            return ToIndexDocument(searcher.Doc(top.ScoreDocs[0].Doc));
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    /// <summary>All of <see cref="EnumerateKeysOfSource"/> at once (tests).</summary>
    public IReadOnlyList<string> KeysOfSource(int sourceId) => EnumerateKeysOfSource(sourceId).ToList();

    public IEnumerable<string> EnumerateKeysOfSource(int sourceId)
    {
        var manager = Searchers();
        if (manager is null)
        {
            yield break;
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            // The keys are read from the key field's terms ("{source}:{path}", so the source is a prefix), not from
            // stored documents: loading every stored document read and inflated all the stored text, 1.2 GB of
            // mapped index pages in a 1 M-file re-crawl. A term counts while a live document still has it.
            var prefix = new BytesRef(IndexDocument.KeyOf(sourceId, ""));
            DocsEnum? docs = null;
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var terms = leaf.AtomicReader.GetTerms(IndexFields.Key);
                if (terms is null)
                {
                    continue;
                }

                var live = leaf.AtomicReader.LiveDocs;
                var termsEnum = terms.GetEnumerator();
                if (termsEnum.SeekCeil(prefix) == TermsEnum.SeekStatus.END)
                {
                    continue;
                }

                do
                {
                    var term = termsEnum.Term;
                    if (!StringHelper.StartsWith(term, prefix))
                    {
                        break;
                    }

                    docs = termsEnum.Docs(live, docs, DocsFlags.NONE);
                    if (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        yield return term.Utf8ToString();
                    }
                }
                while (termsEnum.MoveNext());
            }
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public IndexStatistics Statistics()
    {
        var manager = Searchers();
        if (manager is null)
        {
            return new IndexStatistics(0, 0);
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            var bytes = new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);
            return new IndexStatistics(searcher.IndexReader.NumDocs, bytes);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            searchers?.Dispose();
            directory?.Dispose();
            analyzer.Dispose();
        }
    }

    private SearcherManager? Searchers()
    {
        lock (gate)
        {
            if (searchers is null)
            {
                if (!DirectoryReader.IndexExists(Directory))
                {
                    return null;
                }

                searchers = new SearcherManager(Directory, new SlicedSearcherFactory());
            }

            return searchers;
        }
    }

    internal (Query Query, Query? Content) BuildQuery(QuerySyntax syntax, SearchRequest request, List<string> expansions)
    {
        var root = new BooleanQuery();
        var content = new BooleanQuery();
        foreach (var group in syntax.Required)
        {
            var alternatives = new BooleanQuery();
            foreach (var term in group)
            {
                if ((request.Baseline ? TextQuery(IndexFields.Content, term.Text) : TermQuery(term)) is { } q)
                {
                    alternatives.Add(q, Occur.SHOULD);
                }

                if (TextQuery(IndexFields.Content, term.Text) is { } c)
                {
                    content.Add(c, Occur.SHOULD);
                }

                if (request.Baseline)
                {
                    continue;
                }

                foreach (var synonym in SynonymsOf(term.Text, request.Synonyms))
                {
                    if (TermQuery(term with { Text = synonym }) is { } s)
                    {
                        s.Boost = 0.8f; // the word typed ranks above its synonyms
                        alternatives.Add(s, Occur.SHOULD);
                        expansions.Add($"{term.Text} → {synonym}");
                    }

                    if (TextQuery(IndexFields.Content, synonym) is { } sc)
                    {
                        content.Add(sc, Occur.SHOULD);
                    }
                }
            }

            if (alternatives.Clauses.Count > 0)
            {
                root.Add(alternatives, Occur.MUST);
            }
        }

        if (root.Clauses.Count == 0)
        {
            root.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        foreach (var term in syntax.Excluded)
        {
            if (TermQuery(term) is { } q)
            {
                root.Add(q, Occur.MUST_NOT);
            }
        }

        return (root, content.Clauses.Count > 0 ? content : null);
    }

    /// <summary>The other members of each synonym group the word (folded like names) belongs to.</summary>
    private static IEnumerable<string> SynonymsOf(string word, IReadOnlyList<IReadOnlyList<string>> groups)
    {
        var folded = NameGramAnalyzer.Fold(word);
        return groups
            .Where(g => g.Any(s => NameGramAnalyzer.Fold(s) == folded))
            .SelectMany(g => g)
            .Where(s => NameGramAnalyzer.Fold(s) != folded)
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>
    /// One word or phrase: in the text (bigrams for recall, ICU words weighted up for ranking), the
    /// name (words and fragments, weighted up), or the folder path.
    /// </summary>
    private BooleanQuery? TermQuery(QueryTerm term)
    {
        var any = new BooleanQuery();
        if (TextQuery(IndexFields.Content, term.Text) is { } content)
        {
            any.Add(content, Occur.SHOULD);
        }

        if (TextQuery(IndexFields.NameWords, NameWords(term.Text)) is { } nameWords2)
        {
            nameWords2.Boost = 3;
            any.Add(nameWords2, Occur.SHOULD);
        }

        if (TextQuery(IndexFields.Name, term.Text) is { } nameWords)
        {
            nameWords.Boost = 4;
            any.Add(nameWords, Occur.SHOULD);
        }

        if (NameQuery(IndexFields.NameGram, term.Text) is { } name)
        {
            name.Boost = 2;
            any.Add(name, Occur.SHOULD);
        }

        if (NameQuery(IndexFields.PathGram, term.Text) is { } folder)
        {
            folder.Boost = 0.5f;
            any.Add(folder, Occur.SHOULD);
        }

        if (any.Clauses.Count == 0)
        {
            return null;
        }

        // The ICU words rank (a whole-word match above a bigram-only one) but never widen what matches:
        // without positions they would match the words anywhere in a document. No coordination factor: a hit
        // without the words keeps its whole score (halving it cost 3 of 15 phrase known items at 100 k).
        if (TextQuery(IndexFields.ContentWords, term.Text) is not { } contentWords)
        {
            return any;
        }

        contentWords.Boost = 1.5f;
        return new BooleanQuery(disableCoord: true) { { any, Occur.MUST }, { contentWords, Occur.SHOULD } };
    }

    /// <summary>
    /// The words as the index saw them, as a phrase. Unigrams the analyzer emits beside bigrams are
    /// dropped where a bigram covers them (a lone character keeps its unigram), positions kept.
    /// </summary>
    private Query? TextQuery(string field, string text)
    {
        var tokens = new List<(string Term, int Position, bool Double, bool Single)>();
        using (var stream = analyzer.GetTokenStream(field, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var type = stream.AddAttribute<ITypeAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                tokens.Add((term.ToString(), position, type.Type == CJKBigramFilter.DOUBLE_TYPE, type.Type == CJKBigramFilter.SINGLE_TYPE));
            }

            stream.End();
        }

        var covered = tokens.Where(t => t.Double).SelectMany(t => new[] { t.Position, t.Position + 1 }).ToHashSet();
        var kept = tokens.Where(t => t.Double || !covered.Contains(t.Position)).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        if (kept.Count == 1)
        {
            var only = new TermQuery(new Term(field, kept[0].Term));
            if (field != IndexFields.Content || !kept[0].Single)
            {
                return only;
            }

            // One CJK character: the content field keeps it only at a run's edges, the character
            // field everywhere (an index built before the character field had it in the content).
            return new BooleanQuery { { only, Occur.SHOULD }, { new TermQuery(new Term(IndexFields.ContentChars, kept[0].Term)), Occur.SHOULD } };
        }

        if (field == IndexFields.ContentWords)
        {
            // No positions in the words field: every word, in any order (a ranking signal beside the bigram phrase).
            var all = new BooleanQuery();
            foreach (var t in kept.Select(t => t.Term).Distinct(StringComparer.Ordinal))
            {
                all.Add(new TermQuery(new Term(field, t)), Occur.MUST);
            }

            return all;
        }

        var phrase = new PhraseQuery();
        foreach (var (term, position, _, _) in kept)
        {
            phrase.Add(new Term(field, term), position);
        }

        return phrase;
    }

    /// <summary>Any fragment of a name: the fragment's bigrams as a phrase; one character as a prefix.</summary>
    private static Query? NameQuery(string field, string text)
    {
        var folded = NameGramAnalyzer.Fold(text).Trim();
        if (folded.Length == 0)
        {
            return null;
        }

        if (folded.Length == 1)
        {
            return new PrefixQuery(new Term(field, folded));
        }

        var phrase = new PhraseQuery();
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            phrase.Add(new Term(field, folded.Substring(i, 2)), i);
        }

        return phrase;
    }

    internal static BooleanQuery FilterQuery(SearchRequest request, SearchPrincipal principal)
    {
        var filter = ConditionsQuery(request);
        filter.Add(AclQuery(principal), Occur.MUST);
        return filter;
    }

    /// <summary>
    /// The permission filter of a set of tokens as a bitset per index segment, kept until the segment
    /// goes (a commit adds new segments, which are computed on first use; merged-away ones are dropped
    /// with their reader). Deleted documents are removed by the searcher's live docs, not cached.
    /// Tokens are per staff member's unit chain, so a few hundred sets cover the city.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Filter> aclFilters = new(StringComparer.Ordinal);

    private const int AclFiltersKept = 2_000;

    private Filter AclFilter(SearchPrincipal principal)
    {
        var key = string.Join('\u0001', principal.Tokens.Order(StringComparer.Ordinal));
        if (aclFilters.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (aclFilters.Count >= AclFiltersKept)
        {
            aclFilters.Clear();
        }

        return aclFilters.GetOrAdd(key, _ => new CachingWrapperFilter(new QueryWrapperFilter(AclQuery(principal))));
    }

    /// <summary>The user's permission filter (cached) AND the request's own conditions (type, folder, sources, dates).</summary>
    private Filter Permitted(SearchRequest request, SearchPrincipal principal)
    {
        var acl = AclFilter(principal);
        var conditions = ConditionsQuery(request);
        if (conditions.Clauses.Count == 0)
        {
            return acl;
        }

        return new Lucene.Net.Queries.BooleanFilter
        {
            new Lucene.Net.Queries.FilterClause(acl, Occur.MUST),
            new Lucene.Net.Queries.FilterClause(new QueryWrapperFilter(conditions), Occur.MUST),
        };
    }

    private static BooleanQuery ConditionsQuery(SearchRequest request)
    {
        var filter = new BooleanQuery();
        if (!string.IsNullOrEmpty(request.Type))
        {
            filter.Add(new TermQuery(new Term(IndexFields.Type, request.Type)), Occur.MUST);
        }

        if (!string.IsNullOrEmpty(request.Folder))
        {
            filter.Add(new PrefixQuery(new Term(IndexFields.Folder, request.Folder)), Occur.MUST);
        }

        if (request.Sources is not null)
        {
            var sources = new BooleanQuery();
            foreach (var id in request.Sources)
            {
                sources.Add(new TermQuery(new Term(IndexFields.Source, id.ToString(CultureInfo.InvariantCulture))), Occur.SHOULD);
            }

            if (sources.Clauses.Count == 0)
            {
                sources.Add(new TermQuery(new Term(IndexFields.Source, "\u0000")), Occur.SHOULD); // a department with no sources: nothing
            }

            filter.Add(sources, Occur.MUST);
        }

        if (request.ModifiedFromUtc is not null || request.ModifiedToUtc is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(IndexFields.Modified, request.ModifiedFromUtc?.Ticks, request.ModifiedToUtc?.Ticks, true, false), Occur.MUST);
        }

        return filter;
    }

    /// <summary>
    /// Inside the query, before any counting or paging: the source must be visible to the user
    /// AND the file's own permissions must let them read it.
    /// </summary>
    private static BooleanQuery AclQuery(SearchPrincipal principal)
    {
        var source = new BooleanQuery();
        var file = new BooleanQuery { { new TermQuery(new Term(IndexFields.FileAcl, SearchPrincipal.World)), Occur.SHOULD } };
        foreach (var token in principal.Tokens)
        {
            source.Add(new TermQuery(new Term(IndexFields.SourceAcl, token)), Occur.SHOULD);
            file.Add(new TermQuery(new Term(IndexFields.FileAcl, token)), Occur.SHOULD);
        }

        foreach (var clause in Permissions.NtAclQuery.Clauses(principal))
        {
            file.Add(clause, Occur.SHOULD); // NTFS ACLs: Permissions/NtAclQuery.cs
        }

        if (source.Clauses.Count == 0)
        {
            // No tokens at all: match nothing rather than everything.
            source.Add(new TermQuery(new Term(IndexFields.SourceAcl, "\u0000")), Occur.SHOULD);
        }

        return new BooleanQuery { { source, Occur.MUST }, { file, Occur.MUST } };
    }

    // Term scoring, not span scoring: the span scorer builds an in-memory index per hit for phrase
    // queries, which cost more than the search itself; marking each matched bigram reads the same.
    // The content's terms and one-character queries' character terms, matched against the text analyzed with every unigram.
    private static Highlighter NewHighlighter(Query contentQuery) => new(
        new SimpleHTMLFormatter("<mark>", "</mark>"), new MinimalHtmlEncoder(), new QueryTermScorer(
            [.. QueryTermExtractor.GetTerms(contentQuery, false, IndexFields.Content), .. QueryTermExtractor.GetTerms(contentQuery, false, IndexFields.ContentChars)]))
    {
        TextFragmenter = new SimpleFragmenter(90),
        MaxDocCharsToAnalyze = SnippetChars,
    };

    /// <summary>Characters of text around a match that the highlighter reads (before, after).</summary>
    private const int WindowBefore = 40;

    private const int WindowAfter = 200;

    /// <summary>When no query word is found literally (a match in the name or folder only), the highlighter reads this much of the start.</summary>
    private const int FallbackChars = 4_000;

    /// <summary>The query's words (and their synonyms) folded like the text, to find where a document mentions them.</summary>
    private static List<string> Needles(QuerySyntax syntax, SearchRequest request) =>
        syntax.Positive
            .SelectMany(t => new[] { t.Text }.Concat(SynonymsOf(t.Text, request.Synonyms)))
            .SelectMany(t => t.Normalize(System.Text.NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(FoldForMatch)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Lower case, katakana to hiragana and variant kanji, one character to one (offsets stay those of the stored text, which is NFKC already).</summary>
    internal static string FoldForMatch(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = char.ToLowerInvariant(source[i]);
                if (c is (>= 'ァ' and <= 'ヶ') && c is not ('ヷ' or 'ヸ' or 'ヹ' or 'ヺ' or 'ヵ' or 'ヶ'))
                {
                    c = (char)(c - 0x60);
                }
                else if (c >= 0x3400 && KanjiVariants.Map.TryGetValue(c, out var plain))
                {
                    c = plain;
                }

                span[i] = c;
            }
        });

    /// <summary>
    /// Up to two stretches of the text around the first mention of each query word. Only these are
    /// analysed for highlighting, instead of the first 100,000 characters of every hit shown: the
    /// snippet of a 300-page PDF costs the same as that of a memo.
    /// </summary>
    internal static List<(int Start, int Length)> MatchWindows(string content, IReadOnlyList<string> needles)
    {
        var windows = new List<(int Start, int Length)>(2);
        if (needles.Count == 0 || content.Length == 0)
        {
            return windows;
        }

        var scanned = FoldForMatch(content.Length > SnippetChars ? content[..SnippetChars] : content);
        var positions = needles.Select(n => scanned.IndexOf(n, StringComparison.Ordinal)).Where(p => p >= 0).Order().ToList();
        foreach (var position in positions)
        {
            var start = Math.Max(0, position - WindowBefore);
            if (windows.Count > 0 && start < windows[^1].Start + windows[^1].Length)
            {
                continue; // already inside the previous stretch
            }

            var end = Math.Min(scanned.Length, position + WindowAfter);
            if (start > 0 && char.IsLowSurrogate(content[start]))
            {
                start--;
            }

            if (end < content.Length && char.IsLowSurrogate(content[end]))
            {
                end++;
            }

            windows.Add((start, end - start));
            if (windows.Count == 2)
            {
                break;
            }
        }

        return windows;
    }

    private string Highlight(Highlighter highlighter, string content, IReadOnlyList<string> needles)
    {
        var fragments = new List<string>(2);
        foreach (var (start, length) in MatchWindows(content, needles))
        {
            var text = content.Substring(start, length);
            using var stream = analyzer.GetTokenStream(IndexFields.ContentHighlight, text);
            fragments.AddRange(highlighter.GetBestFragments(stream, text, 2 - fragments.Count).Where(f => f.Length > 0));
            if (fragments.Count >= 2)
            {
                break;
            }
        }

        if (fragments.Count == 0)
        {
            var text = content.Length > FallbackChars ? content[..FallbackChars] : content;
            using var stream = analyzer.GetTokenStream(IndexFields.ContentHighlight, text);
            fragments.AddRange(highlighter.GetBestFragments(stream, text, 2).Where(f => f.Length > 0));
        }

        return string.Join(" … ", fragments);
    }

    private SearchHit ToHit(Document d, float score, Highlighter? highlighter, bool snippets, IReadOnlyList<string>? needles = null)
    {
        var content = snippets ? d.Get(IndexFields.Content, CultureInfo.InvariantCulture) ?? "" : "";
        var snippet = "";
        if (snippets && content.Length > 0)
        {
            if (highlighter is not null)
            {
                snippet = Highlight(highlighter, content, needles ?? []);
            }

            if (snippet.Length == 0)
            {
                snippet = System.Web.HttpUtility.HtmlEncode(content.Length > 120 ? content[..120] + "…" : content);
            }
        }

        return new SearchHit(
            d.Get(IndexFields.Key, CultureInfo.InvariantCulture),
            int.Parse(d.Get(IndexFields.Source, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            d.Get(IndexFields.Path, CultureInfo.InvariantCulture),
            d.Get(IndexFields.Name, CultureInfo.InvariantCulture),
            d.Get(IndexFields.Type, CultureInfo.InvariantCulture),
            d.Get(IndexFields.IsFolder, CultureInfo.InvariantCulture) == "1",
            d.GetField(IndexFields.Size).GetInt64Value() ?? 0,
            new DateTime(d.GetField(IndexFields.Modified).GetInt64Value() ?? 0, DateTimeKind.Utc),
            score,
            snippet);
    }

    private static IndexDocument ToIndexDocument(Document d) => new(
        int.Parse(d.Get(IndexFields.Source, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), d.Get(IndexFields.Path, CultureInfo.InvariantCulture), d.Get(IndexFields.Name, CultureInfo.InvariantCulture), d.Get(IndexFields.Type, CultureInfo.InvariantCulture),
        d.Get(IndexFields.Extension, CultureInfo.InvariantCulture) ?? "", d.Get(IndexFields.IsFolder, CultureInfo.InvariantCulture) == "1", d.GetField(IndexFields.Size).GetInt64Value() ?? 0,
        new DateTime(d.GetField(IndexFields.Modified).GetInt64Value() ?? 0, DateTimeKind.Utc), d.Get(IndexFields.Content, CultureInfo.InvariantCulture) ?? "",
        d.Get(IndexFields.SourceAcl, CultureInfo.InvariantCulture), d.Get(IndexFields.FileAcl, CultureInfo.InvariantCulture), d.Get(IndexFields.Hash, CultureInfo.InvariantCulture));

    /// <summary>Underscores, dots and dashes join words for ICU; in file names they separate them.</summary>
    private static string NameWords(string name) =>
        string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '_' or '.' or '-' or '(' or ')' or '（' or '）' or '【' or '】' or '＿' ? ' ' : source[i];
            }
        });

    /// <summary>
    /// The words and characters fields rank and find but never take part in a phrase, so they keep
    /// no positions (a third of the index's size on Japanese prose, docs/adr/0012).
    /// </summary>
    private static readonly FieldType WithoutPositions = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };

    /// <summary>The characters field answers only whether a document holds a character.</summary>
    private static readonly FieldType DocumentsOnly = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };

    internal static Document ToLucene(IndexDocument doc)
    {
        var folder = $"{doc.SourceId.ToString(CultureInfo.InvariantCulture)}:{doc.Folder}";
        var slash = doc.RelativePath.IndexOf('/', StringComparison.Ordinal);
        var top = slash < 0 ? $"{doc.SourceId.ToString(CultureInfo.InvariantCulture)}:/" : $"{doc.SourceId.ToString(CultureInfo.InvariantCulture)}:/{doc.RelativePath[..(slash + 1)]}";
        var jstYear = new DateTimeOffset(doc.ModifiedUtc, TimeSpan.Zero).ToJst().Year;
        var d = new Document
        {
            new StringField(IndexFields.Key, doc.Key, Field.Store.YES),
            new StringField(IndexFields.Source, doc.SourceId.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
            new StoredField(IndexFields.Path, doc.RelativePath),
            new TextField(IndexFields.Name, doc.Name, Field.Store.YES),
            new TextField(IndexFields.NameGram, doc.Name, Field.Store.NO),
            new TextField(IndexFields.PathGram, doc.Folder, Field.Store.NO),
            new StringField(IndexFields.Folder, folder, Field.Store.YES),
            new SortedDocValuesField(IndexFields.TopFolder, new BytesRef(top)),
            new StringField(IndexFields.Type, doc.Type, Field.Store.YES),
            new SortedDocValuesField(IndexFields.Type, new BytesRef(doc.Type)),
            new StoredField(IndexFields.Extension, doc.Extension),
            new StringField(IndexFields.IsFolder, doc.IsFolder ? "1" : "0", Field.Store.YES),
            new StoredField(IndexFields.Size, doc.Size),
            new Int64Field(IndexFields.Modified, doc.ModifiedUtc.Ticks, Field.Store.YES),
            new NumericDocValuesField(IndexFields.ModifiedSort, doc.ModifiedUtc.Ticks),
            new NumericDocValuesField("year", jstYear),
            new TextField(IndexFields.Content, doc.Content, Field.Store.YES),
            new Field(IndexFields.ContentWords, doc.Content, WithoutPositions),
            new Field(IndexFields.ContentChars, doc.Content, DocumentsOnly),
            new TextField(IndexFields.NameWords, NameWords(doc.Name), Field.Store.NO),
            new SortedDocValuesField(IndexFields.SourceFacet, new BytesRef(doc.SourceId.ToString(CultureInfo.InvariantCulture))),
            new StringField(IndexFields.SourceAcl, doc.SourceAcl, Field.Store.YES),
            new StringField(IndexFields.FileAcl, doc.FileAcl, Field.Store.YES),
        };
        foreach (var term in Permissions.FileAcl.Terms(doc.FileAcl))
        {
            d.Add(new StringField(Permissions.FileAcl.NtField, term, Field.Store.NO));
        }
        if (doc.ContentHash is not null)
        {
            d.Add(new StoredField(IndexFields.Hash, doc.ContentHash));
        }

        if (!doc.IsFolder && SimHash.Of(doc.Content) is { } fingerprint)
        {
            d.Add(new NumericDocValuesField(IndexFields.SimHash, (long)fingerprint));
            d.Add(new StoredField(IndexFields.SimHash, (long)fingerprint));
            foreach (var band in SimHash.BandTerms(fingerprint))
            {
                d.Add(new StringField(IndexFields.SimBand, band, Field.Store.NO));
            }
        }

        return d;
    }

    private sealed class Session(LuceneSearchIndex owner, IndexWriter writer) : IIndexSession
    {
        private bool closed;

        public void Upsert(IndexDocument document) => writer.UpdateDocument(new Term(IndexFields.Key, document.Key), ToLucene(document));

        public void Delete(string key) => writer.DeleteDocuments(new Term(IndexFields.Key, key));

        public void DeleteSource(int sourceId) => writer.DeleteDocuments(new Term(IndexFields.Source, sourceId.ToString(CultureInfo.InvariantCulture)));

        public void Commit()
        {
            writer.Commit();
            owner.Searchers()?.MaybeRefresh();
        }

        public void Rollback()
        {
            if (!closed)
            {
                closed = true;
                writer.Rollback();
            }
        }

        public void Dispose()
        {
            if (!closed)
            {
                closed = true;
                writer.Dispose();
                owner.Searchers()?.MaybeRefresh();
            }
        }
    }

    /// <summary>
    /// Counts types, JST years of the last change and top folders over every permitted hit. Per
    /// segment it counts ordinals in arrays and turns them into labels once, when the segment ends.
    /// </summary>
    private sealed class FacetCollector : ICollector
    {
        private readonly Dictionary<string, long> types = new(StringComparer.Ordinal);
        private readonly Dictionary<long, long> years = [];
        private readonly Dictionary<string, long> folders = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> sources = new(StringComparer.Ordinal);
        private SortedDocValues? typeValues;
        private SortedDocValues? topValues;
        private SortedDocValues? sourceValues;
        private int[] sourceCounts = [];
        private int[] typeCounts = [];
        private int[] topCounts = [];

        /// <summary>Years 1800–2199 are counted in an array (one increment per hit); others in the dictionary.</summary>
        private const int FirstYear = 1800;
        private readonly int[] yearCounts = new int[400];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            typeValues = reader.GetSortedDocValues(IndexFields.Type);
            topValues = reader.GetSortedDocValues(IndexFields.TopFolder);
            sourceValues = reader.GetSortedDocValues(IndexFields.SourceFacet);
            columns = Columns.GetValue(reader.CoreCacheKey, _ => FacetColumns.Load(reader));
            sourceCounts = new int[sourceValues?.ValueCount ?? 0];
            typeCounts = new int[typeValues?.ValueCount ?? 0];
            topCounts = new int[topValues?.ValueCount ?? 0];
        }

        public void Collect(int doc)
        {
            var c = columns!;
            if (c.Type[doc] is var t and >= 0)
            {
                typeCounts[t]++;
            }

            if (c.Top[doc] is var f and >= 0)
            {
                topCounts[f]++;
            }

            if (c.Source[doc] is var s and >= 0)
            {
                sourceCounts[s]++;
            }

            if (c.HasYear)
            {
                var year = c.Year[doc];
                if (year is >= FirstYear and < FirstYear + 400)
                {
                    yearCounts[year - FirstYear]++;
                }
                else
                {
                    years[year] = years.GetValueOrDefault(year) + 1;
                }
            }
        }

        /// <summary>
        /// The facet fields of one index segment as plain arrays (ordinals, −1 when absent, and JST
        /// years): read once per segment, kept while the segment lives (16 bytes a document). Counting
        /// a hit is then four array reads instead of four doc-values decodes.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, FacetColumns> Columns = new();

        private FacetColumns? columns;

        private sealed class FacetColumns
        {
            public required int[] Type { get; init; }

            public required int[] Top { get; init; }

            public required int[] Source { get; init; }

            public required int[] Year { get; init; }

            public bool HasYear { get; init; }

            public static FacetColumns Load(AtomicReader reader)
            {
                var max = reader.MaxDoc;
                int[] Ords(string field)
                {
                    var values = reader.GetSortedDocValues(field);
                    var ords = new int[max];
                    for (var d = 0; d < max; d++)
                    {
                        ords[d] = values?.GetOrd(d) ?? -1;
                    }

                    return ords;
                }

                var yearValues = reader.GetNumericDocValues("year");
                var years = new int[yearValues is null ? 0 : max];
                for (var d = 0; d < years.Length; d++)
                {
                    years[d] = (int)yearValues!.Get(d);
                }

                return new FacetColumns { Type = Ords(IndexFields.Type), Top = Ords(IndexFields.TopFolder), Source = Ords(IndexFields.SourceFacet), Year = years, HasYear = yearValues is not null };
            }
        }

        /// <summary>Adds another collector's counts (the other half of a split search) into this one.</summary>
        public void Add(FacetCollector other)
        {
            Flush();
            other.Flush();
            foreach (var (k, v) in other.types)
            {
                types[k] = types.GetValueOrDefault(k) + v;
            }

            foreach (var (k, v) in other.folders)
            {
                folders[k] = folders.GetValueOrDefault(k) + v;
            }

            foreach (var (k, v) in other.sources)
            {
                sources[k] = sources.GetValueOrDefault(k) + v;
            }

            foreach (var (k, v) in other.years)
            {
                years[k] = years.GetValueOrDefault(k) + v;
            }

            for (var i = 0; i < yearCounts.Length; i++)
            {
                yearCounts[i] += other.yearCounts[i];
            }
        }

        public List<FacetValue> Types()
        {
            Flush();
            return types.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new FacetValue(p.Key, p.Value)).ToList();
        }

        public List<FacetValue> Years()
        {
            for (var i = 0; i < yearCounts.Length; i++)
            {
                if (yearCounts[i] > 0)
                {
                    years[FirstYear + i] = years.GetValueOrDefault(FirstYear + i) + yearCounts[i];
                    yearCounts[i] = 0;
                }
            }

            return YearList();
        }

        private List<FacetValue> YearList() => years.OrderByDescending(p => p.Key).Select(p => new FacetValue(p.Key.ToString(CultureInfo.InvariantCulture), p.Value)).ToList();

        public List<FacetValue> Folders()
        {
            Flush();
            return folders.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(15).Select(p => new FacetValue(p.Key, p.Value)).ToList();
        }

        public List<FacetValue> Sources()
        {
            Flush();
            return sources.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new FacetValue(p.Key, p.Value)).ToList();
        }

        private void Flush()
        {
            Resolve(typeValues, typeCounts, types);
            Resolve(topValues, topCounts, folders);
            Resolve(sourceValues, sourceCounts, sources);
            typeCounts = [];
            topCounts = [];
            sourceCounts = [];
        }

        private static void Resolve(SortedDocValues? values, int[] counts, Dictionary<string, long> into)
        {
            if (values is null)
            {
                return;
            }

            var scratch = new BytesRef();
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                {
                    values.LookupOrd(ord, scratch);
                    var key = scratch.Utf8ToString();
                    into[key] = into.GetValueOrDefault(key) + counts[ord];
                }
            }
        }
    }
}
