using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Modules;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Platform.Seed;

/// <summary>
/// The built-in roles (always) and the demo organization, staff and module data (demo mode only).
/// Every step checks before it writes, so running it twice changes nothing the second time.
/// </summary>
public static class PlatformSeeder
{
    public const string AdminRole = "admin";
    public const string AuditorRole = "auditor";
    public const string StaffRole = "staff";

    /// <summary>Demo accounts: user name, password, display name, role, org code. Documented in the README.</summary>
    public static readonly IReadOnlyList<(string User, string Password, string Name, string Role, string Org)> DemoAccounts =
    [
        ("admin", "Admin-Demo-2025!", "大阪 太郎", AdminRole, "B18-01"),
        ("auditor", "Audit-Demo-2025!", "中之島 花子", AuditorRole, "B23"),
        ("staff", "Staff-Demo-2025!", "梅田 次郎", StaffRole, "W01-01"),
    ];

    /// <summary>Japanese name of a built-in role.</summary>
    public static string RoleDisplayName(string role) => role switch
    {
        AdminRole => "システム管理者",
        AuditorRole => "監査担当",
        StaffRole => "一般職員",
        _ => role,
    };

    /// <summary>Creates the built-in roles and gives the admin role every registered permission.</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        var registry = services.GetRequiredService<PermissionRegistry>();
        var builtIn = new (string Name, string Display, string Description, IEnumerable<string> Permissions)[]
        {
            (AdminRole, RoleDisplayName(AdminRole), "職員・ロール・組織・監査ログ・全モジュールを管理する", registry.All.Select(p => p.Name)),
            (AuditorRole, RoleDisplayName(AuditorRole), "監査ログを閲覧し書き出す", [PlatformPermissions.AuditRead]),
            (StaffRole, RoleDisplayName(StaffRole), "ポータルと各モジュールの一般機能を使う", []),
        };

        foreach (var (name, display, description, permissions) in builtIn)
        {
            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                role = new StaffRole(name, display, description);
                Check(await roles.CreateAsync(role), $"ロール {name}");
            }

            // Only the admin role follows the registry; other roles keep what admins made of them.
            var existing = (await roles.GetClaimsAsync(role)).Where(c => c.Type == PlatformClaims.Permission).Select(c => c.Value).ToHashSet();
            if (name == AdminRole || existing.Count == 0)
            {
                foreach (var permission in permissions.Where(p => !existing.Contains(p)))
                {
                    Check(await roles.AddClaimAsync(role, new System.Security.Claims.Claim(PlatformClaims.Permission, permission)), $"ロール {name} の権限");
                }
            }
        }
    }

    /// <summary>Demo organization, accounts and each module's demo data. Refuses outside demo mode.</summary>
    public static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!services.GetRequiredService<IOptions<PlatformOptions>>().Value.IsDemo)
        {
            throw new InvalidOperationException("デモモードではないため、デモデータは作成できません（OsakaDx:Demo=true で起動してください）。");
        }

        using var actor = AuditActor.Use(null, "seed:demo");
        await EnsureRolesAsync(services, cancellationToken);
        await SeedOrganizationAsync(services.GetRequiredService<PlatformDb>(), cancellationToken);
        var db = services.GetRequiredService<PlatformDb>();
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var (user, password, name, role, org) in DemoAccounts)
        {
            if (await users.FindByNameAsync(user) is not null)
            {
                continue;
            }

            var orgId = await db.OrgUnits.Where(o => o.Code == org).Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
            var account = new StaffUser
            {
                UserName = user,
                Email = $"{user}@demo.osakadx.invalid",
                EmailConfirmed = true,
                DisplayName = name,
                OrgUnitId = orgId,
                IsDemo = true,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
                LockoutEnabled = true,
            };
            Check(await users.CreateAsync(account, password), $"デモ職員 {user}");
            Check(await users.AddToRoleAsync(account, role), $"デモ職員 {user} のロール");
        }

        foreach (var module in services.GetServices<IOsakaDxModule>())
        {
            await module.SeedDemoAsync(services, cancellationToken);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what} を作成できませんでした: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static async Task SeedOrganizationAsync(PlatformDb db, CancellationToken cancellationToken)
    {
        var existing = await db.OrgUnits.Select(o => o.Code).ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        var added = new Dictionary<string, OrgUnit>(StringComparer.Ordinal);
        foreach (var (code, name, kana, kind, parent, sort) in DemoOrganization.Units)
        {
            if (existing.Contains(code))
            {
                continue;
            }

            var unit = new OrgUnit { Code = code, Name = name, Kana = kana, Kind = kind, SortOrder = sort };
            if (parent is not null)
            {
                unit.Parent = added.GetValueOrDefault(parent) ?? await db.OrgUnits.FirstAsync(o => o.Code == parent, cancellationToken);
            }

            db.OrgUnits.Add(unit);
            added[code] = unit;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
