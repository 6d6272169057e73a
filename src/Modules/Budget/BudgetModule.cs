// The Budget module's one door into the platform: permissions, menu, services, API, CLI, demo data.
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Cli;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Demo;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Execution;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Modules.Budget.Web;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Budget;

public sealed class BudgetModule : IOsakaDxModule
{
    /// <summary>Demo roles (name, display name, description, permissions).</summary>
    public static readonly IReadOnlyList<(string Name, string Display, string Description, string[] Permissions)> DemoRoles =
    [
        ("budget-requester", "予算担当", "所属の予算要求調書を作成・編集し、提出する", [BudgetPermissions.Request, BudgetPermissions.Read]),
        ("budget-approver", "所属承認者", "所属の予算要求を承認し、提出する", [BudgetPermissions.Approve, BudgetPermissions.Read]),
        ("budget-examiner", "財政局査定", "提出された予算要求を査定し、段階を締め切り、確定する。内示後の再開もできる", [BudgetPermissions.Review, BudgetPermissions.Reopen, BudgetPermissions.Read]),
        ("budget-auditor", "監査（閲覧のみ）", "予算要求・査定・集計・予算書を閲覧する（変更はできない）", [BudgetPermissions.Read]),
    ];

    /// <summary>Demo accounts: user, password, display name, role, org code. Documented in the module README.</summary>
    public static readonly IReadOnlyList<(string User, string Password, string Name, string Role, string Org)> DemoAccounts =
    [
        ("budget", "Budget-Demo-2025!", "北浜 予算", "budget-requester", "W01-01"),
        ("approver", "Approve-Demo-2025!", "堂島 承認", "budget-approver", "W01"),
        ("examiner", "Examine-Demo-2025!", "中之島 査定", "budget-examiner", "B06-01-01"),
        ("examiner2", "Examine2-Demo-2025!", "土佐堀 査定", "budget-examiner", "B06-01-01"),
        ("budgetaudit", "BudgetAudit-Demo-2025!", "天満 監査", "budget-auditor", "B23"),
    ];

    public string Name => "budget";

    public string DisplayName => "予算編成";

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(BudgetPermissions.Read, "予算の閲覧", "予算事業・要求・集計を見る", "予算編成"),
        new(BudgetPermissions.Request, "予算要求", "自所属の予算要求調書を作成・編集・提出する", "予算編成"),
        new(BudgetPermissions.Approve, "所属承認", "自所属の予算要求を承認する", "予算編成"),
        new(BudgetPermissions.Review, "予算査定", "提出された予算要求を査定・確定・差戻しする（財政局）", "予算編成"),
        new(BudgetPermissions.Reopen, "内示後の再開", "内示の後に予算要求を差し戻して再開する（財政局の認められた査定担当）", "予算編成"),
        new(BudgetPermissions.Admin, "予算編成の管理", "全所属の予算要求とマスタ（予算事業のCSV取込など）を扱う", "予算編成"),
    ];

    public IEnumerable<MenuItem> MenuItems =>
    [
        new("予算編成", "/budget", BudgetPermissions.Read, 200, "予算要求調書の作成・承認・提出、財政局の査定、所属・款・節・財源別の集計と予算事業別調書"),
    ];

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.AddModuleDb<BudgetDb, SqliteBudgetDb, PostgresBudgetDb>(BudgetDb.Schema);
        builder.Services.Configure<BudgetOptions>(builder.Configuration.GetSection(BudgetOptions.Section));
        builder.Services.AddScoped<OrgDirectory>();
        builder.Services.AddScoped<RequestService>();
        builder.Services.AddScoped<PivotService>();
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddScoped<ProjectSheetService>();
        builder.Services.AddScoped<StageService>();
        builder.Services.AddScoped<CompareService>();
        builder.Services.AddScoped<BudgetBookService>();
        builder.Services.AddScoped<ExecutionService>();
        builder.Services.AddScoped<DemoGenerator>();
        builder.Services.AddScoped<SubSetsuService>();
        builder.Services.AddScoped<RequestEntryService>();
        builder.Services.AddScoped<AttachmentService>();
        builder.Services.AddScoped<Template.RequestTemplateService>();
        Revenue.RevenueServices.Add(builder.Services);
        CycleServices.Add(builder.Services);
        MoreServices.Add(builder.Services);
        builder.Services.AddSingleton<IJobHandler, BudgetDemoJob>();
        builder.Services.AddHostedService<MasterStartup>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => BudgetEndpoints.Map(endpoints);

    public Command? CreateCommand(ModuleCommandContext context) => BudgetCommands.Create(context);

    public async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await EnsureDemoAccountsAsync(services);
        var db = services.GetRequiredService<BudgetDb>();
        await StandardMasters.EnsureAsync(db, cancellationToken);
        var options = services.GetRequiredService<IOptions<BudgetOptions>>().Value;
        if (options.DemoSize is null || await db.Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var year = options.DemoYear ?? BudgetOptions.DefaultYear(services.GetRequiredService<TimeProvider>());
        await services.GetRequiredService<DemoGenerator>().GenerateAsync(options.DemoSize.Value, year, cancellationToken: cancellationToken);
    }

    private static async Task EnsureDemoAccountsAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        foreach (var (name, display, description, permissions) in DemoRoles)
        {
            if (await roles.FindByNameAsync(name) is not null)
            {
                continue;
            }

            var role = new StaffRole(name, display, description);
            Check(await roles.CreateAsync(role), name);
            foreach (var permission in permissions)
            {
                Check(await roles.AddClaimAsync(role, new System.Security.Claims.Claim(PlatformClaims.Permission, permission)), name);
            }
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var platform = services.GetRequiredService<PlatformDb>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var (user, password, display, role, org) in DemoAccounts)
        {
            if (await users.FindByNameAsync(user) is not null)
            {
                continue;
            }

            var orgId = await platform.OrgUnits.Where(o => o.Code == org).Select(o => (int?)o.Id).FirstOrDefaultAsync();
            var account = new StaffUser
            {
                UserName = user,
                Email = $"{user}@demo.osakadx.invalid",
                EmailConfirmed = true,
                DisplayName = display,
                OrgUnitId = orgId,
                IsDemo = true,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
                LockoutEnabled = true,
            };
            Check(await users.CreateAsync(account, password), user);
            Check(await users.AddToRoleAsync(account, role), user);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"予算編成のデモ用「{what}」を作成できませんでした: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>Settings under OsakaDx:Budget.</summary>
public sealed class BudgetOptions
{
    public const string Section = "OsakaDx:Budget";

    /// <summary>Size of the demo generated on a fresh demo platform; null = none.</summary>
    public DemoSize? DemoSize { get; set; } = Demo.DemoSize.Small;

    /// <summary>Fiscal year the demo requests are for; default: the year after the current one (budgets are compiled a year ahead).</summary>
    public int? DemoYear { get; set; }

    public static int DefaultYear(TimeProvider clock) => FiscalYear.FromDate(clock.GetJstNow()).Next().StartYear;
}
