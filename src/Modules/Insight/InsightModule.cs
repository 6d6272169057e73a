// The Insight module's one door: 全庁的なデータ活用 (seed section 12), issue 7.
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Cli;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Modules.Insight.Publishing;
using OsakaDx.Modules.Insight.Web;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Insight;

public sealed class InsightModule : IOsakaDxModule
{
    public string Name => "insight";

    public string DisplayName => "全庁データ活用";

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(InsightPermissions.View, "統計ダッシュボードの閲覧", "匿名化・秘匿処理をした集計（ダッシュボードと集計ツール）を見る。個人の行は見えない", DisplayName),
        new(InsightPermissions.Export, "匿名加工データの持ち出し", "k-匿名化した個票データ（CSV）をダウンロードする", DisplayName),
        new(InsightPermissions.Dataset, "部署データの登録", "自部署のデータ（CSV）を登録し、列の扱いを決めて匿名化し、共有先を選ぶ", DisplayName),
        new(InsightPermissions.Admin, "データ活用の管理", "住民データの取込状況・匿名化の実行記録・部署ごとの利用状況を見る", DisplayName),
    ];

    public IEnumerable<MenuItem> MenuItems =>
    [
        new("統計ダッシュボード", "/insight", InsightPermissions.View, 700, "人口ピラミッド、区別の高齢化率、世帯、外国人住民、出生・死亡・転入転出。少ない人数の区分は「X」で秘匿します。"),
        new("集計ツール", "/insight/query", InsightPermissions.View, 701, "指標 × 区分 × 条件を選んで集計表を作り、CSVで保存します。"),
        new("部署データ", "/insight/datasets", InsightPermissions.View, 702, "自部署のデータを登録して匿名化し、共有先の部署と集計します。見えるのは自部署と共有された部署のデータだけです。"),
        new("匿名化の実行記録", "/insight/runs", InsightPermissions.Admin, 703, "k-匿名性の到達値・削除率・情報損失などのリスク報告と、部署ごとの利用状況。"),
    ];

    public void AddServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModuleDb<InsightDb, SqliteInsightDb, PostgresInsightDb>(InsightDb.Schema);
        builder.Services.AddSingleton<InsightPaths>();
        builder.Services.AddSingleton<PublishedCache>();
        builder.Services.AddScoped<PseudonymKey>();
        builder.Services.AddScoped<RawImporter>();
        builder.Services.AddScoped<AnonymizationService>();
        builder.Services.AddScoped<InsightRuns>();
        builder.Services.AddScoped<PublishedData>();
        builder.Services.AddScoped<UsageLog>();
        builder.Services.AddSingleton<IJobHandler, DemoCityJob>();
        builder.Services.AddScoped<DatasetService>();
        builder.Services.AddSingleton<IJobHandler, DatasetRunJob>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => InsightEndpoints.Map(endpoints);

    public Command? CreateCommand(ModuleCommandContext context) => InsightCommands.Create(context);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) => DemoSeed.SeedAsync(services, cancellationToken);
}
