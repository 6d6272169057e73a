// Lucene.Net on the local disk under {DataPath}/search/index. The writer is opened only for a
// crawl and closed after, so the web host and a CLI crawl can take turns on the same index;
// readers pick up each commit on their next query.
using System.Globalization;
using System.Net;
using Lucene.Net.Analysis;
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

    public SearchResults Search(SearchRequest request, SearchPrincipal principal)
    {
        var syntax = QuerySyntax.Parse(request.Query);
        if (syntax.IsEmpty && request.Folder is null && request.Type is null)
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
            var (query, contentQuery) = BuildQuery(syntax);
            var filter = new QueryWrapperFilter(FilterQuery(request, principal));
            var filtered = new FilteredQuery(query, filter);
            var wanted = Math.Max(1, request.Page * request.PageSize);
            ITopDocsCollector top = request.Sort == SearchSort.Newest
                ? TopFieldCollector.Create(new Sort(new SortField(IndexFields.ModifiedSort, SortFieldType.INT64, true)), wanted, true, true, false, false)
                : TopScoreDocCollector.Create(wanted, true);
            var facets = new FacetCollector();
            searcher.Search(filtered, MultiCollector.Wrap((ICollector)top, facets));
            var docs = top.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
            var highlighter = request.Snippets && contentQuery is not null ? NewHighlighter(contentQuery) : null;
            var hits = docs.ScoreDocs.Select(sd => ToHit(searcher.Doc(sd.Doc), sd.Score, highlighter, request.Snippets)).ToList();
            return new SearchResults(docs.TotalHits, hits, facets.Types(), facets.Years(), facets.Folders());
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
            var query = new FilteredQuery(name, new QueryWrapperFilter(AclQuery(principal)));
            var top = searcher.Search(query, limit);
            return top.ScoreDocs.Select(sd => searcher.Doc(sd.Doc)).Select(d => new Suggestion(
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

            var d = searcher.Doc(top.ScoreDocs[0].Doc);
            return new IndexDocument(
                int.Parse(d.Get(IndexFields.Source, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), d.Get(IndexFields.Path, CultureInfo.InvariantCulture), d.Get(IndexFields.Name, CultureInfo.InvariantCulture), d.Get(IndexFields.Type, CultureInfo.InvariantCulture),
                d.Get(IndexFields.Extension, CultureInfo.InvariantCulture) ?? "", d.Get(IndexFields.IsFolder, CultureInfo.InvariantCulture) == "1", d.GetField(IndexFields.Size).GetInt64Value() ?? 0,
                new DateTime(d.GetField(IndexFields.Modified).GetInt64Value() ?? 0, DateTimeKind.Utc), d.Get(IndexFields.Content, CultureInfo.InvariantCulture) ?? "",
                d.Get(IndexFields.SourceAcl, CultureInfo.InvariantCulture), d.Get(IndexFields.FileAcl, CultureInfo.InvariantCulture), d.Get(IndexFields.Hash, CultureInfo.InvariantCulture));
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public IReadOnlyList<string> KeysOfSource(int sourceId)
    {
        var manager = Searchers();
        if (manager is null)
        {
            return [];
        }

        manager.MaybeRefresh();
        var searcher = manager.Acquire();
        try
        {
            var keys = new List<string>();
            var collector = new KeyCollector(keys);
            searcher.Search(new TermQuery(new Term(IndexFields.Source, sourceId.ToString(CultureInfo.InvariantCulture))), collector);
            return keys;
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

                searchers = new SearcherManager(Directory, null);
            }

            return searchers;
        }
    }

    private (Query Query, Query? Content) BuildQuery(QuerySyntax syntax)
    {
        var root = new BooleanQuery();
        var content = new BooleanQuery();
        foreach (var group in syntax.Required)
        {
            var alternatives = new BooleanQuery();
            foreach (var term in group)
            {
                if (TermQuery(term) is { } q)
                {
                    alternatives.Add(q, Occur.SHOULD);
                }

                if (TextQuery(IndexFields.Content, term.Text) is { } c)
                {
                    content.Add(c, Occur.SHOULD);
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

    /// <summary>One word or phrase: in the text, the name (weighted up), or the folder path.</summary>
    private BooleanQuery? TermQuery(QueryTerm term)
    {
        var any = new BooleanQuery();
        if (TextQuery(IndexFields.Content, term.Text) is { } content)
        {
            any.Add(content, Occur.SHOULD);
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

        return any.Clauses.Count == 0 ? null : any;
    }

    /// <summary>
    /// The words as the index saw them, as a phrase. Unigrams the analyzer emits beside bigrams are
    /// dropped where a bigram covers them (a lone character keeps its unigram), positions kept.
    /// </summary>
    private Query? TextQuery(string field, string text)
    {
        var tokens = new List<(string Term, int Position, bool Double)>();
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
                tokens.Add((term.ToString(), position, type.Type == "<DOUBLE>"));
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
            return new TermQuery(new Term(field, kept[0].Term));
        }

        var phrase = new PhraseQuery();
        foreach (var (term, position, _) in kept)
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

    private static BooleanQuery FilterQuery(SearchRequest request, SearchPrincipal principal)
    {
        var filter = new BooleanQuery { { AclQuery(principal), Occur.MUST } };
        if (!string.IsNullOrEmpty(request.Type))
        {
            filter.Add(new TermQuery(new Term(IndexFields.Type, request.Type)), Occur.MUST);
        }

        if (!string.IsNullOrEmpty(request.Folder))
        {
            filter.Add(new PrefixQuery(new Term(IndexFields.Folder, request.Folder)), Occur.MUST);
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

        if (source.Clauses.Count == 0)
        {
            // No tokens at all: match nothing rather than everything.
            source.Add(new TermQuery(new Term(IndexFields.SourceAcl, "\u0000")), Occur.SHOULD);
        }

        return new BooleanQuery { { source, Occur.MUST }, { file, Occur.MUST } };
    }

    // Term scoring, not span scoring: the span scorer builds an in-memory index per hit for phrase
    // queries, which cost more than the search itself; marking each matched bigram reads the same.
    private static Highlighter NewHighlighter(Query contentQuery) => new(
        new SimpleHTMLFormatter("<mark>", "</mark>"), new MinimalHtmlEncoder(), new QueryTermScorer(contentQuery, IndexFields.Content))
    {
        TextFragmenter = new SimpleFragmenter(90),
        MaxDocCharsToAnalyze = SnippetChars,
    };

    private SearchHit ToHit(Document d, float score, Highlighter? highlighter, bool snippets)
    {
        var content = d.Get(IndexFields.Content, CultureInfo.InvariantCulture) ?? "";
        var snippet = "";
        if (snippets && content.Length > 0)
        {
            if (highlighter is not null)
            {
                var text = content.Length > SnippetChars ? content[..SnippetChars] : content;
                using var stream = analyzer.GetTokenStream(IndexFields.Content, text);
                snippet = string.Join(" … ", highlighter.GetBestFragments(stream, text, 2).Where(f => f.Length > 0));
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
            new StringField(IndexFields.SourceAcl, doc.SourceAcl, Field.Store.YES),
            new StringField(IndexFields.FileAcl, doc.FileAcl, Field.Store.YES),
        };
        if (doc.ContentHash is not null)
        {
            d.Add(new StoredField(IndexFields.Hash, doc.ContentHash));
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
        private SortedDocValues? typeValues;
        private SortedDocValues? topValues;
        private NumericDocValues? yearValues;
        private int[] typeCounts = [];
        private int[] topCounts = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            typeValues = context.AtomicReader.GetSortedDocValues(IndexFields.Type);
            topValues = context.AtomicReader.GetSortedDocValues(IndexFields.TopFolder);
            yearValues = context.AtomicReader.GetNumericDocValues("year");
            typeCounts = new int[typeValues?.ValueCount ?? 0];
            topCounts = new int[topValues?.ValueCount ?? 0];
        }

        public void Collect(int doc)
        {
            if (typeValues?.GetOrd(doc) is int t and >= 0)
            {
                typeCounts[t]++;
            }

            if (topValues?.GetOrd(doc) is int f and >= 0)
            {
                topCounts[f]++;
            }

            if (yearValues is not null)
            {
                var year = yearValues.Get(doc);
                years[year] = years.GetValueOrDefault(year) + 1;
            }
        }

        public List<FacetValue> Types()
        {
            Flush();
            return types.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new FacetValue(p.Key, p.Value)).ToList();
        }

        public List<FacetValue> Years() => years.OrderByDescending(p => p.Key).Select(p => new FacetValue(p.Key.ToString(CultureInfo.InvariantCulture), p.Value)).ToList();

        public List<FacetValue> Folders()
        {
            Flush();
            return folders.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(15).Select(p => new FacetValue(p.Key, p.Value)).ToList();
        }

        private void Flush()
        {
            Resolve(typeValues, typeCounts, types);
            Resolve(topValues, topCounts, folders);
            typeCounts = [];
            topCounts = [];
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

    private sealed class KeyCollector(List<string> keys) : ICollector
    {
        private AtomicReader? reader;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => reader = context.AtomicReader;

        public void Collect(int doc) => keys.Add(reader!.Document(doc).Get(IndexFields.Key, CultureInfo.InvariantCulture));
    }
}
