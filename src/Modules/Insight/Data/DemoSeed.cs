// Demo: two accounts (a department analyst in 健康局, a statistics officer in デジタル統括室)
// and a generated city. The city is made by a background job so that the host starts at once.
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Insight.Data;

public static class DemoSeed
{
    public const string ViewerRole = "insight-viewer";
    public const string AdminRole = "insight-admin";

    /// <summary>Default demo scale: 1:20 of Osaka (2.75 M), real ward proportions.</summary>
    public const int DefaultResidents = 137_000;

    public static readonly IReadOnlyList<(string User, string Password, string Name, string Role, string Org)> Accounts =
    [
        ("bunseki", "Bunseki-Demo-2025!", "住吉 はるか（健康局）", ViewerRole, "B10"),
        ("tokei", "Tokei-Demo-2025!", "中之島 誠（デジタル統括室）", AdminRole, "B18"),
        ("fukushi", "Fukushi-Demo-2025!", "天満 ゆう（福祉局）", ViewerRole, "B09"),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.GetRequiredService<IOptions<PlatformOptions>>().Value.IsDemo)
        {
            throw new InvalidOperationException("デモモードではないため、デモデータは作成できません（OsakaDx:Demo=true で起動してください）。");
        }

        using var actor = AuditActor.Use(null, "seed:demo");
        await EnsureRolesAsync(services);
        await EnsureAccountsAsync(services, cancellationToken);
        var db = services.GetRequiredService<InsightDb>();
        var platform = services.GetRequiredService<PlatformDb>();
        if (await db.Imports.AnyAsync(cancellationToken) || await platform.Jobs.AnyAsync(j => j.Kind == DemoCityJob.JobKind, cancellationToken))
        {
            return;
        }

        var residents = services.GetRequiredService<IConfiguration>().GetValue("Insight:DemoResidents", DefaultResidents);
        await services.GetRequiredService<JobService>().EnqueueAsync(DemoCityJob.JobKind, $"デモの市（合成住民 {residents:N0}人）の生成と匿名化",
            new DemoCityJob.Payload(residents, 2026), cancellationToken);
    }

    private static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        foreach (var (name, display, description, permissions) in new[]
        {
            (ViewerRole, "データ活用：各部署", "統計ダッシュボードと集計ツールを使う（秘匿処理後の集計のみ）", new[] { InsightPermissions.View, InsightPermissions.Dataset }),
            (AdminRole, "データ活用：統計担当", "匿名化の実行記録・利用状況を見て、匿名加工データを持ち出す", new[] { InsightPermissions.View, InsightPermissions.Dataset, InsightPermissions.Export, InsightPermissions.Admin }),
        })
        {
            if (await roles.FindByNameAsync(name) is { } existing)
            {
                // A role made by an earlier version gets the permissions added since (insight.dataset).
                var held = (await roles.GetClaimsAsync(existing)).Where(c => c.Type == PlatformClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
                foreach (var p in permissions.Where(p => !held.Contains(p)))
                {
                    Check(await roles.AddClaimAsync(existing, new Claim(PlatformClaims.Permission, p)));
                }

                continue;
            }

            var role = new StaffRole(name, display, description);
            Check(await roles.CreateAsync(role));
            foreach (var p in permissions)
            {
                Check(await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, p)));
            }
        }
    }

    private static async Task EnsureAccountsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var platform = services.GetRequiredService<PlatformDb>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var (user, password, name, role, org) in Accounts)
        {
            if (await users.FindByNameAsync(user) is not null)
            {
                continue;
            }

            var orgId = await platform.OrgUnits.Where(o => o.Code == org).Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
            var account = new StaffUser
            {
                UserName = user, Email = $"{user}@demo.osakadx.invalid", EmailConfirmed = true, DisplayName = name, OrgUnitId = orgId,
                IsDemo = true, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
            };
            Check(await users.CreateAsync(account, password));
            Check(await users.AddToRoleAsync(account, role));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("デモの準備に失敗しました: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
