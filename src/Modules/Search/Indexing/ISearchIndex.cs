namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// The seam between the module and its search engine (Lucene on local disk today). Crawls write
/// through a session; queries always carry the asking user's principals, so no caller can forget
/// the permission filter.
/// </summary>
internal interface ISearchIndex
{
    /// <summary>Opens the index for writing (one writer at a time, across processes).</summary>
    IIndexSession OpenSession();

    SearchResults Search(SearchRequest request, SearchPrincipal principal);

    IReadOnlyList<Suggestion> Suggest(string text, SearchPrincipal principal, int limit);

    /// <summary>A stored document by key, only when the principal may read it (preview, open, related).</summary>
    IndexDocument? GetVisible(string key, SearchPrincipal principal);

    /// <summary>Documents about the same things as the given one (MoreLikeThis), readable by the principal; empty when they may not read the given one.</summary>
    IReadOnlyList<SearchHit> Related(string key, SearchPrincipal principal, int limit);

    /// <summary>Near-duplicates of the given document (SimHash within a few bits), readable by the principal, newest first.</summary>
    IReadOnlyList<SearchHit> Similar(string key, SearchPrincipal principal, int limit);

    /// <summary>
    /// Learning-to-rank features of the query against each of the given documents (the keys come
    /// from the user's own logged results, so no permission filter is applied here).
    /// </summary>
    IReadOnlyDictionary<string, float[]> RankingFeatures(string query, IReadOnlyList<string> keys, DateTime nowUtc);

    /// <summary>A stored document by key, regardless of permissions (crawler use only).</summary>
    IndexDocument? Get(string key);

    /// <summary>
    /// Keys of every document of a source (crawler use: finding orphans), one at a time, in key order, from a snapshot of the index (writes made while enumerating are not
    /// seen): a million keys need not be held at once.
    /// </summary>
    IEnumerable<string> EnumerateKeysOfSource(int sourceId);

    IndexStatistics Statistics();
}

internal interface IIndexSession : IDisposable
{
    /// <summary>Adds or replaces the document with the same key: a file is never in the index twice.</summary>
    void Upsert(IndexDocument document);

    void Delete(string key);

    void DeleteSource(int sourceId);

    /// <summary>Makes everything since the last commit durable and visible.</summary>
    void Commit();

    /// <summary>Forgets everything since the last commit (what a crash would do) and closes the session.</summary>
    void Rollback();
}

/// <summary>One file or folder as the index stores it.</summary>
internal sealed record IndexDocument(
    int SourceId,
    string RelativePath,
    string Name,
    string Type,
    string Extension,
    bool IsFolder,
    long Size,
    DateTime ModifiedUtc,
    string Content,
    string SourceAcl,
    string FileAcl,
    string? ContentHash)
{
    public string Key => KeyOf(SourceId, RelativePath);

    /// <summary>"/財政局/財務課/" for a file directly in 財務課; "/" for the root.</summary>
    public string Folder => FolderOf(RelativePath);

    public static string KeyOf(int sourceId, string relativePath) => $"{sourceId}:{relativePath}";

    public static string FolderOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "/" : "/" + relativePath[..(slash + 1)];
    }
}

/// <summary>
/// Who is asking: the permission tokens they hold. "all" for every staff member, "org:{id}" for
/// their unit and each unit above it, "gid:{source}:{gid}" for file-system groups mapped to those
/// units, "world" for files any account on the file server may read.
/// </summary>
internal sealed record SearchPrincipal(string Name, IReadOnlySet<string> Tokens)
{
    public const string AllStaff = "all";
    public const string World = "world";
    public const string Nobody = "none";

    public static string Org(int orgUnitId) => $"org:{orgUnitId}";

    public static string Group(int sourceId, long gid) => $"gid:{sourceId}:{gid}";
}

internal enum SearchSort
{
    Relevance,
    Newest,
}

internal sealed record SearchRequest(string Query)
{
    public string? Type { get; init; }

    public DateTime? ModifiedFromUtc { get; init; }

    public DateTime? ModifiedToUtc { get; init; }

    /// <summary>"{sourceId}:/財政局/" — results at or under that folder.</summary>
    public string? Folder { get; init; }

    public SearchSort Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    public bool Snippets { get; init; } = true;

    /// <summary>Only these sources (a department filter resolves to the sources it owns); null for all.</summary>
    public IReadOnlyCollection<int>? Sources { get; init; }

    /// <summary>Synonym groups applied at query time: a query word in a group also matches the others.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Synonyms { get; init; } = [];

    /// <summary>Folds near-duplicate files (same SimHash within a few bits) into the best-ranked one.</summary>
    public bool Collapse { get; init; } = true;

    /// <summary>Looks for a better spelling in the index when there are fewer than three hits.</summary>
    public bool DidYouMean { get; init; } = true;

    /// <summary>Re-scores the top relevance hits from their ranking features (a learned ranker), or null for the base ranking.</summary>
    public Func<IReadOnlyList<float[]>, float[]>? Reranker { get; init; }

    /// <summary>Blends the top relevance hits' base scores with their semantic similarity to the query, or null.</summary>
    public Semantic.IHitRescorer? Semantic { get; init; }

    /// <summary>"Now" for the recency feature.</summary>
    public DateTime NowUtc { get; init; } = DateTime.UtcNow;

    /// <summary>Evaluation only: plain BM25 over the content bigrams (no names, words, synonyms or folding of copies).</summary>
    public bool Baseline { get; init; }
}

internal sealed record SearchHit(
    string Key,
    int SourceId,
    string RelativePath,
    string Name,
    string Type,
    bool IsFolder,
    long Size,
    DateTime ModifiedUtc,
    float Score,
    string SnippetHtml)
{
    /// <summary>Near-duplicates folded into this result, newest first.</summary>
    public IReadOnlyList<SearchHit> Similar { get; init; } = [];
}

internal sealed record FacetValue(string Value, long Count);

internal sealed record SearchResults(
    long Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<FacetValue> Types,
    IReadOnlyList<FacetValue> Years,
    IReadOnlyList<FacetValue> Folders,
    string? Error = null)
{
    /// <summary>Hits per source (the page turns them into departments).</summary>
    public IReadOnlyList<FacetValue> Sources { get; init; } = [];

    /// <summary>Hits folded into another result as near-duplicates (within the ranked window).</summary>
    public long Collapsed { get; init; }

    /// <summary>「もしかして」: the query respelled with words from files the user may read, when it finds more.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>How many hits the did-you-mean query finds for this user.</summary>
    public long DidYouMeanTotal { get; init; }

    /// <summary>Synonyms that were added to the query: 「予算書 → 予算説明書」.</summary>
    public IReadOnlyList<string> Expansions { get; init; } = [];

    public static SearchResults Empty(string? error = null) => new(0, [], [], [], [], error);
}

internal sealed record Suggestion(string Name, int SourceId, string RelativePath, bool IsFolder);

internal sealed record IndexStatistics(long Documents, long Bytes);

internal static class IndexFields
{
    public const string Key = "key";
    public const string Source = "source";
    public const string Path = "path";
    public const string Name = "name";
    public const string NameGram = "namegram";
    public const string PathGram = "pathgram";
    public const string Folder = "folder";
    public const string TopFolder = "top";
    public const string Type = "type";
    public const string Extension = "ext";
    public const string IsFolder = "isfolder";
    public const string Size = "size";
    public const string Modified = "mtime";
    public const string ModifiedSort = "mtime_dv";
    public const string Content = "content";
    public const string SourceAcl = "acl_src";
    public const string FileAcl = "acl_fs";
    public const string Hash = "hash";
    public const string ContentWords = "contentw";

    /// <summary>Every CJK character of the content as a unigram, without positions: one-character queries.</summary>
    public const string ContentChars = "contentu";

    /// <summary>Never indexed: the content analyzed with every unigram, for marking matches in snippets.</summary>
    public const string ContentHighlight = "contenthl";
    public const string NameWords = "namew";
    public const string SourceFacet = "source_dv";
    public const string SimHash = "simhash";
    public const string SimBand = "simband";
}
