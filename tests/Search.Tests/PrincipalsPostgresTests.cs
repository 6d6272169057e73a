using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Permissions;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Organization;
using OsakaDx.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>The SID table on PostgreSQL (schemas platform and search in one database, as the host runs them): import, listing, and the tokens a user gets.</summary>
public sealed class PrincipalsPostgresTests
{
    private const string Domain = "S-1-5-21-3000000001-3000000002-3000000003";

    [PostgresFact]
    public async Task The_SID_table_imports_lists_and_gives_tokens_on_PostgreSQL()
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync("osakadx_principals");
        var connection = scratch.ConnectionString;
        PostgresPlatformDb NewPlatform() => new(new DbContextOptionsBuilder<PostgresPlatformDb>()
            .UseNpgsql(connection, n => n.MigrationsHistoryTable("__EFMigrationsHistory", PlatformDb.Schema)).Options);
        PostgresSearchDb NewSearch() => new(new DbContextOptionsBuilder<PostgresSearchDb>()
            .UseNpgsql(connection, n => n.MigrationsHistoryTable("__EFMigrationsHistory", SearchDb.Schema)).Options);
        int ward, section;
        await using (var platform = NewPlatform())
        {
            await platform.Database.MigrateAsync();
            var bureau = new OrgUnit { Code = "W01", Name = "北区役所", Kind = OrgKind.Bureau };
            platform.OrgUnits.Add(bureau);
            await platform.SaveChangesAsync();
            var child = new OrgUnit { Code = "W0101", Name = "総務課", Kind = OrgKind.Section, ParentId = bureau.Id };
            platform.OrgUnits.Add(child);
            platform.Users.Add(new StaffUser { UserName = "tanaka", NormalizedUserName = "TANAKA", DisplayName = "田中 一郎", SecurityStamp = Guid.NewGuid().ToString() });
            await platform.SaveChangesAsync();
            ward = bureau.Id;
            section = child.Id;
        }

        await using (var search = NewSearch())
        {
            await search.Database.MigrateAsync();
        }

        await using (var search = NewSearch())
        await using (var platform = NewPlatform())
        {
            var bad = "SID,種別,対象,名称\n" + $"{Domain}-1,ユーザー,nobody,誰か\n";
            var (none, errors) = await PrincipalMappings.ImportAsync(search, platform, new MemoryStream(Encoding.UTF8.GetBytes(bad)), CancellationToken.None);
            Assert.Equal(0, none);
            Assert.Equal("2行目「対象」列: 利用者「nobody」は登録されていません。", Assert.Single(errors));

            var good = "SID,種別,対象,名称\n" + $"{Domain}-1,ユーザー,tanaka,田中\n" + $"{Domain}-2,所属,W01,北区役所_G\n" + "S-1-1-0,全職員,,Everyone\n";
            var (count, none2) = await PrincipalMappings.ImportAsync(search, platform, new MemoryStream(Encoding.UTF8.GetBytes(good)), CancellationToken.None);
            Assert.Empty(none2);
            Assert.Equal(3, count);
        }

        await using (var search = NewSearch())
        await using (var platform = NewPlatform())
        {
            var rows = await PrincipalMappings.ListAsync(search, platform, CancellationToken.None);
            Assert.Equal(["S-1-1-0", $"{Domain}-1", $"{Domain}-2"], rows.Select(r => r.Sid));
            Assert.Equal("北区役所（配下を含む）", rows.Single(r => r.Kind == "所属").TargetName);
            Assert.Equal("田中 一郎", rows.Single(r => r.Kind == "ユーザー").TargetName);

            // tanaka in 総務課 under 北区役所: their own SID, the ward's group and Everyone; someone elsewhere only Everyone.
            var tokens = new HashSet<string>(StringComparer.Ordinal);
            await PrincipalMappings.AddTokensAsync(search, "tanaka", [section, ward], tokens, CancellationToken.None);
            Assert.Equal(3, tokens.Count);
            Assert.Contains(FileAcl.TokenOf($"{Domain}-2", 0), tokens);
            var other = new HashSet<string>(StringComparer.Ordinal);
            await PrincipalMappings.AddTokensAsync(search, "sato", [section + 1000], other, CancellationToken.None);
            Assert.Equal([FileAcl.TokenOf("S-1-1-0", 0)], other);
        }
    }
}
