using Microsoft.EntityFrameworkCore;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Seed;

namespace OsakaDx.Host.Tests.Data;

/// <summary>Demo data: seeding twice changes nothing; outside demo mode the demo accounts are refused.</summary>
public sealed class DemoSeedTests(OsakaDxFactory factory) : IClassFixture<OsakaDxFactory>
{
    [Fact]
    public async Task Seeding_demo_data_again_changes_nothing()
    {
        var counts = () => factory.WithDbAsync(async (db, _) => (Users: await db.Users.CountAsync(), Org: await db.OrgUnits.CountAsync(),
            Roles: await db.Roles.CountAsync(), RoleClaims: await db.RoleClaims.CountAsync()));
        var before = await counts();
        var names = await factory.WithDbAsync((db, _) => db.Users.Select(u => u.UserName!).ToListAsync());
        Assert.All(PlatformSeeder.DemoAccounts, a => Assert.Contains(a.User, names)); // modules add their own demo staff too
        Assert.True(before.Org > 40, $"demo organization has {before.Org} units");

        await factory.WithDbAsync(async (_, sp) => { await PlatformSeeder.SeedDemoAsync(sp); return 0; });
        await factory.WithDbAsync(async (_, sp) => { await PlatformSeeder.SeedDemoAsync(sp); return 0; });

        Assert.Equal(before, await counts());
    }

    [Fact]
    public async Task Demo_accounts_cannot_sign_in_when_demo_mode_is_off()
    {
        // The data folder of a demo-mode host, reopened with OsakaDx:Demo=false.
        var folder = Directory.CreateTempSubdirectory("osakadx-demo-off-").FullName;
        try
        {
            await using (var demo = new FolderFactory(folder, demo: true))
            {
                using var client = await demo.SignedInClientAsync("admin", "Admin-Demo-2025!");
            }

            await using var production = new FolderFactory(folder, demo: false);
            using var anonymous = production.CreateBrowserClient();
            var result = await LoginForm.SignInAsync(anonymous, "admin", "Admin-Demo-2025!");
            Assert.False(result.Succeeded);
            Assert.Contains("このアカウントは現在利用できません", result.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("デモモードで起動しています", result.Html, StringComparison.Ordinal); // no demo accounts table either
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class FolderFactory(string folder, bool demo) : OsakaDxFactory
    {
        protected override string EffectiveDataPath => folder;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["OsakaDx:Demo"] = demo ? "true" : "false" };
    }
}
