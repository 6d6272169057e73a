using System.CommandLine;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Querying;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Search;

/// <summary>AIファイル検索: the module's one door into the platform.</summary>
public sealed class SearchModule : IOsakaDxModule
{
    public const string UsePermission = "search.use";
    public const string AdminPermission = "search.admin";

    public string Name => "search";

    public string DisplayName => "AIファイル検索";

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(UsePermission, "ファイル検索の利用", "ファイルサーバの文書を検索する（自分が読めるファイルだけが結果に出る）", DisplayName),
        new(AdminPermission, "ファイル検索の管理", "検索対象フォルダの登録・巡回の実行・読み取り失敗の確認", DisplayName),
    ];

    public IEnumerable<MenuItem> MenuItems =>
    [
        new("ファイル検索", "/search", UsePermission, 20, "ファイルサーバの膨大なデータから必要なフォルダ・ファイルを素早く見つける"),
        new("検索対象の管理", "/search/admin", AdminPermission, 90, "検索対象フォルダの登録と巡回"),
        new("検索の同義語", "/search/admin/synonyms", AdminPermission, 91, "同じ意味の語（予算書と予算説明書、局名の略称など）を登録する"),
        new("SID の対応表", "/search/admin/principals", AdminPermission, 93, "NTFS アクセス権の SID と職員・所属の対応を CSV で取り込む・確認する"),
        new("検索の利用状況", "/search/admin/analytics", AdminPermission, 92, "検索数・利用者数・よく検索される語・0件の語・クリック率・応答時間"),
    ];

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.AddModuleDb<SearchDb, SqliteSearchDb, PostgresSearchDb>(SearchDb.Schema);
        builder.Services.AddSingleton<ISearchIndex>(sp =>
            new LuceneSearchIndex(Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.FullDataPath, "search", "index")));
        builder.Services.AddSingleton(sp =>
            new Ranking.LearnedRanker(Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.FullDataPath, "search", "ranker")));
        builder.Services.AddScoped<Ranking.RankerTraining>();
        builder.Services.AddSingleton(sp => new NameSuggestions(
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.FullDataPath, "search", "names"),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<NameSuggestions>>()));
        builder.Services.AddSingleton(sp => new Semantic.SemanticRanker(
            Semantic.SemanticOptions.From(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()),
            Path.Combine(sp.GetRequiredService<IOptions<PlatformOptions>>().Value.FullDataPath, "search", "semantic"),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Semantic.SemanticRanker>>()));
        builder.Services.AddScoped<Semantic.SemanticService>();
        builder.Services.AddHostedService<Semantic.SemanticIndexer>();
        builder.Services.AddScoped<Maintenance.LogRetention>();
        builder.Services.AddHostedService<Maintenance.LogRetentionService>();
        builder.Services.AddScoped<Crawler>();
        builder.Services.AddScoped<SearchService>();
        builder.Services.AddScoped<SearchAnalytics>();
        builder.Services.AddScoped<SynonymService>();
        builder.Services.AddScoped<SourceService>();
        builder.Services.AddSingleton<IJobHandler, CrawlJob>();
        builder.Services.AddHostedService<CrawlScheduler>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => SearchApi.Map(endpoints);

    public Command? CreateCommand(ModuleCommandContext context) => SearchCommands.Create(context);

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Every staff member searches: the demo's ordinary roles get the permission (admins hold all).
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        foreach (var roleName in new[] { OsakaDx.Platform.Seed.PlatformSeeder.StaffRole, OsakaDx.Platform.Seed.PlatformSeeder.AuditorRole })
        {
            if (await roles.FindByNameAsync(roleName) is { } role &&
                !(await roles.GetClaimsAsync(role)).Any(c => c.Type == PlatformClaims.Permission && c.Value == UsePermission))
            {
                await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, UsePermission));
            }
        }

        var db = services.GetRequiredService<SearchDb>();
        if (!await db.Synonyms.AnyAsync(cancellationToken))
        {
            var synonyms = services.GetRequiredService<SynonymService>();
            foreach (var (terms, note) in SynonymService.Starter)
            {
                await synonyms.SaveAsync(null, 0, terms, note, cancellationToken);
            }
        }

        if (await db.Sources.AnyAsync(cancellationToken))
        {
            return;
        }

        var platform = services.GetRequiredService<PlatformDb>();
        var options = services.GetRequiredService<IOptions<PlatformOptions>>().Value;
        var root = Path.Combine(options.FullDataPath, "search", "demo-share");
        DemoShare.Create(root);
        var digital = await platform.OrgUnits.Where(o => o.Code == "B18").Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
        var kita = await platform.OrgUnits.Where(o => o.Code == "W01").Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
        var sources = services.GetRequiredService<SourceService>();
        var crawler = services.GetRequiredService<Crawler>();
        var (shared, _) = await sources.AddAsync(new SourceService.NewSource("全庁共有フォルダ（デモ）", root, digital, SourceVisibility.AllStaff, 50L * 1024 * 1024, []), cancellationToken: cancellationToken);

        // A department share visible to 北区役所 only (the demo 'staff' account works there; 'admin' does not).
        var kitaRoot = Path.Combine(options.FullDataPath, "search", "demo-kita");
        Directory.CreateDirectory(kitaRoot);
        DemoShare.Docx(Path.Combine(kitaRoot, "北区役所_窓口混雑状況_令和6年度.docx"), "窓口混雑状況", "北区役所の窓口の混雑状況と待ち時間の推移を報告する。予算要求に反映する。");
        var (kitaSource, _) = await sources.AddAsync(new SourceService.NewSource("北区役所 共有（デモ）", kitaRoot, kita, SourceVisibility.OwningDepartment, 50L * 1024 * 1024, []), cancellationToken: cancellationToken);
        foreach (var source in new[] { shared, kitaSource })
        {
            if (source is not null)
            {
                await crawler.CrawlAsync(source.Id, Guid.CreateVersion7(), null, null, null, cancellationToken);
            }
        }

        await services.GetRequiredService<NameSuggestions>().RebuildAsync(services.GetRequiredService<SearchDb>(), cancellationToken);
    }

    /// <summary>UTC from the database as 「2025/04/01 09:30」 in Japan time.</summary>
    internal static string Jst(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToJst().ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
}
