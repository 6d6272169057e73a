using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

/// <summary>A real folder on disk, a real SQLite catalogue and a real Lucene index, in a temp folder.</summary>
internal sealed class TestShare : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("osakadx-search-").FullName;

    public TestShare()
    {
        Root = Path.Combine(temp, "share");
        Directory.CreateDirectory(Root);
        Index = new LuceneSearchIndex(Path.Combine(temp, "index"));
        using var db = NewDb();
        db.Database.Migrate();
    }

    public string Root { get; }

    public LuceneSearchIndex Index { get; }

    public SqliteSearchDb NewDb() =>
        new(new DbContextOptionsBuilder<SqliteSearchDb>().UseSqlite($"Data Source={Path.Combine(temp, "search.db")}").Options);

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task<SearchSource> AddSourceAsync(string name = "共有", SourceVisibility visibility = SourceVisibility.AllStaff, int? owner = null, string? root = null, params (long Gid, int Org)[] groups)
    {
        await using var db = NewDb();
        var source = new SearchSource
        {
            Name = name,
            RootPath = root ?? Root,
            Visibility = visibility,
            OwnerOrgUnitId = owner,
            GroupMappings = groups.Select(g => new SourceGroupMapping { Gid = g.Gid, OrgUnitId = g.Org }).ToList(),
        };
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        return source;
    }

    public async Task<CrawlCounts> CrawlAsync(int sourceId, Guid? crawlId = null, Func<string, Task>? onItem = null, int batch = 200, int window = 128, IReadOnlyCollection<string>? paths = null)
    {
        await using var db = NewDb();
        var crawler = new Crawler(db, Index, TimeProvider.System) { BatchSize = batch, MinCommitInterval = TimeSpan.Zero, Window = window };
        return await crawler.CrawlAsync(sourceId, crawlId ?? Guid.CreateVersion7(), null, null, onItem, CancellationToken.None, paths);
    }

    public static SearchPrincipal Everyone { get; } = new("everyone", new HashSet<string> { SearchPrincipal.AllStaff });

    public SearchResults Search(string query, SearchPrincipal? principal = null, int pageSize = 20) =>
        Index.Search(new SearchRequest(query) { PageSize = pageSize }, principal ?? Everyone);

    public void Dispose()
    {
        Index.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(temp, recursive: true);
    }
}
