// The Carbon module's one door: 温室効果ガス排出量の可視化 and 脱炭素化ツアー (seed section 10).
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Activity;
using OsakaDx.Modules.Carbon.Businesses;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Cli;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Modules.Carbon.Web;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Carbon;

public sealed class CarbonModule : IOsakaDxModule
{
    public string Name => "carbon";

    public string DisplayName => "温室効果ガス排出量の可視化";

    public string MenuTitle => "脱炭素・CO2 見える化";

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(CarbonPermissions.Business, "事業者（排出量の入力と閲覧）", "所属する事業者の事業所・活動量・排出量・ツアーを入力し閲覧する", DisplayName),
        new(CarbonPermissions.City, "環境局（集計の閲覧）", "参加事業者の集計（5者未満は非表示）を閲覧する。個別の事業者の数値は見えない", DisplayName),
        new(CarbonPermissions.Admin, "排出係数・事業者の管理", "排出係数カタログの取込と、すべての事業者の閲覧・支援", DisplayName),
    ];

    public IEnumerable<MenuItem> MenuItems =>
    [
        new("排出量の可視化", "/carbon", CarbonPermissions.Business, 300, "事業所ごとの電気・燃料の使用量から CO2 排出量（Scope 1・2）を計算し、グラフ代わりの表で確認します。"),
        new("排出量の集計（環境局）", "/carbon/city", CarbonPermissions.City, 301, "参加事業者数と業種別・区別の排出量（5者未満は非表示）。"),
        new("排出係数カタログ", "/carbon/factors", CarbonPermissions.Admin, 302, "年度ごとの排出係数と出典・確認状況。CSV・Excelで新しい版を取り込みます。"),
        new("脱炭素化ツアー", "/carbon/tours", null, 303, "公開中のツアーと参加者1人あたりの CO2（従来型との比較）。"),
        new("事業者の利用登録（CO2 見える化・無料）", "/carbon/register", null, 304, "大阪市内の事業者が、請求書の使用量から CO2 排出量を見える化するための無料の登録です。"),
    ];

    public void AddServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModuleDb<CarbonDb, SqliteCarbonDb, PostgresCarbonDb>(CarbonDb.Schema);
        builder.Services.AddScoped<FactorCatalog>();
        builder.Services.AddScoped<ActivityService>();
        builder.Services.AddScoped<CalculationService>();
        builder.Services.AddScoped<BusinessAccess>();
        builder.Services.AddScoped<CarbonAccounts>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => CarbonEndpoints.Map(endpoints);

    public Command? CreateCommand(ModuleCommandContext context) => CarbonCommands.Create(context, this);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) => DemoSeed.SeedAsync(services, cancellationToken);
}
