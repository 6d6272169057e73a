// The query path staff hit on /search and /api/search, without HTTP: the same SearchService calls
// the page makes (sources, the signed-in user's principal from the platform database, RunAsync with the
// synonym dictionary, learned/semantic re-rankers when switched on, the search-log row, the department
// facet), on a real SQLite search database and platform database in the bench folder.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Querying;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Search.Bench;

internal sealed class UserPath : IAsyncDisposable
{
    private readonly SqliteSearchDb db;
    private readonly SqlitePlatformDb platform;
    private readonly SearchService service;
    private readonly int orgUnitId;

    private UserPath(SqliteSearchDb db, SqlitePlatformDb platform, SearchService service, int orgUnitId)
    {
        this.db = db;
        this.platform = platform;
        this.service = service;
        this.orgUnitId = orgUnitId;
    }

    /// <summary>Opens the bench's search database and a platform database beside it with one unit (財政局) owning every source.</summary>
    public static async Task<UserPath> OpenAsync(string work, string searchDbPath, ISearchIndex index)
    {
        var platform = new SqlitePlatformDb(new DbContextOptionsBuilder<SqlitePlatformDb>().UseSqlite($"Data Source={Path.Combine(work, "platform.db")}").Options);
        await platform.Database.MigrateAsync();
        var unit = await platform.OrgUnits.FirstOrDefaultAsync(o => o.Code == "BENCH");
        if (unit is null)
        {
            unit = new OrgUnit { Code = "BENCH", Name = "財政局", Kind = OrgKind.Bureau };
            platform.OrgUnits.Add(unit);
            await platform.SaveChangesAsync();
        }

        var db = new SqliteSearchDb(new DbContextOptionsBuilder<SqliteSearchDb>().UseSqlite($"Data Source={searchDbPath}").Options);
        await db.Database.MigrateAsync();
        await db.Sources.Where(s => s.OwnerOrgUnitId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.OwnerOrgUnitId, unit.Id));
        if (!await db.Synonyms.AnyAsync())
        {
            db.Synonyms.Add(new SearchSynonym { Terms = "予算書,予算説明書" });
            db.Synonyms.Add(new SearchSynonym { Terms = "議事録,会議録" });
            await db.SaveChangesAsync();
        }

        var configuration = new ConfigurationBuilder().Build();
        var ranker = new OsakaDx.Modules.Search.Ranking.LearnedRanker(Path.Combine(work, "ranker"));
        var semantic = new OsakaDx.Modules.Search.Semantic.SemanticRanker(new OsakaDx.Modules.Search.Semantic.SemanticOptions(), Path.Combine(work, "semantic"));
        // The name hints read the name index the crawl saves; a bench crawl builds none, so they fall back as on a new installation.
#pragma warning disable CA2000 // lives as long as the bench process
        var names = new OsakaDx.Modules.Search.Indexing.NameSuggestions(Path.Combine(work, "names"));
#pragma warning restore CA2000
        var service = new SearchService(index, db, platform, TimeProvider.System, configuration, ranker, semantic, names);
        return new UserPath(db, platform, service, unit.Id);
    }

    /// <summary>One search as the /search page runs it (first page of 20, snippets, facets, near-duplicate folding, log row).</summary>
    public async Task<SearchResults> SearchAsync(string query, bool snippets = true)
    {
        var sources = await service.SourcesAsync();
        var principal = await service.PrincipalForOrgAsync("bench", orgUnitId);
        var (results, _) = await service.RunAsync(new SearchRequest(query) { PageSize = 20, Snippets = snippets }, principal, "page", "?q=" + Uri.EscapeDataString(query));
        _ = await service.DepartmentsAsync(results, sources);
        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>
    /// A server that has answered searches before: 40 two-word searches of other words first, so .NET's
    /// tiered JIT has optimised the search code (a fresh process runs it unoptimised for its first calls)
    /// and each segment's facet arrays and permission bitsets exist. The measured queries are not among them.
    /// </summary>
    public static async Task WarmUpAsync(UserPath user)
    {
        string[] first = ["区政", "窓口", "道路", "公園", "水道", "職員", "税務", "防災"];
        string[] second = ["協議", "周知", "点検", "分析", "方針"];
        for (var i = 0; i < 40; i++)
        {
            await user.SearchAsync($"{first[i % first.Length]} {second[i % second.Length]}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await platform.DisposeAsync();
    }
}
