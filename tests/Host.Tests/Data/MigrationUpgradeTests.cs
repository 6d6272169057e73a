using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Data;

namespace OsakaDx.Host.Tests.Data;

/// <summary>
/// A database made by the first release (migration Initial, no OrgUnits.Phone) with data in it is
/// upgraded to the latest migration without losing a row.
/// </summary>
public sealed class MigrationUpgradeTests
{
    private const string SqliteInitial = "20261126044111_Initial";
    private const string PostgresInitial = "20261126044114_Initial";

    [Fact]
    public async Task Sqlite_upgrade_from_initial_keeps_the_data()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-migrate-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<SqlitePlatformDb>().UseSqlite($"Data Source={Path.Combine(folder, "platform.db")};Pooling=False").Options;
            await using (var db = new SqlitePlatformDb(options))
            {
                await UpgradeAsync(db, SqliteInitial, """
                    INSERT INTO "OrgUnits" ("Code", "Name", "Kana", "Kind", "ParentId", "SortOrder", "IsActive", "Version") VALUES ('OLD-1', '旧総務局', 'きゅうそうむきょく', 1, NULL, 1, 1, 3);
                    INSERT INTO "AuditEntries" ("AtUtc", "Category", "Action", "UserId", "Actor", "Module", "EntityType", "EntityId", "Before", "After", "Detail", "IpAddress")
                    VALUES ('2025-04-01 09:00:00', 'data', 'insert', NULL, 'v1', 'platform', 'OrgUnit', '1', NULL, '{{"Name":"旧総務局"}}', NULL, NULL);
                    """);
            }

            await using (var db = new SqlitePlatformDb(options))
            {
                await AssertUpgradedAsync(db);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Postgres_upgrade_from_initial_keeps_the_data()
    {
        var (name, connectionString) = await PostgresEnvironment.CreateDatabaseAsync();
        try
        {
            var options = new DbContextOptionsBuilder<PostgresPlatformDb>()
                .UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__EFMigrationsHistory", PlatformDb.Schema)).Options;
            await using (var db = new PostgresPlatformDb(options))
            {
                await UpgradeAsync(db, PostgresInitial, """
                    INSERT INTO platform."OrgUnits" ("Code", "Name", "Kana", "Kind", "ParentId", "SortOrder", "IsActive", "Version") VALUES ('OLD-1', '旧総務局', 'きゅうそうむきょく', 1, NULL, 1, TRUE, 3);
                    INSERT INTO platform."AuditEntries" ("AtUtc", "Category", "Action", "UserId", "Actor", "Module", "EntityType", "EntityId", "Before", "After", "Detail", "IpAddress")
                    VALUES (TIMESTAMP '2025-04-01 09:00:00', 'data', 'insert', NULL, 'v1', 'platform', 'OrgUnit', '1', NULL, '{{"Name":"旧総務局"}}', NULL, NULL);
                    """);
            }

            await using (var db = new PostgresPlatformDb(options))
            {
                await AssertUpgradedAsync(db);
            }
        }
        finally
        {
            await PostgresEnvironment.DropDatabaseAsync(name);
        }
    }

    private static async Task UpgradeAsync(PlatformDb db, string initial, string insertSql)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(initial);
        Assert.Equal([initial], await db.Database.GetAppliedMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        // Raw SQL: the current model has Phone, the first release's table does not. (Braces are doubled: the SQL is a format string.)
        await db.Database.ExecuteSqlRawAsync(insertSql);

        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static async Task AssertUpgradedAsync(PlatformDb db)
    {
        var unit = await db.OrgUnits.SingleAsync(o => o.Code == "OLD-1");
        Assert.Equal("旧総務局", unit.Name);
        Assert.Equal("きゅうそうむきょく", unit.Kana);
        Assert.Equal(3, unit.Version);
        Assert.Null(unit.Phone);

        var audit = await db.AuditEntries.SingleAsync(a => a.Actor == "v1");
        Assert.Equal("{\"Name\":\"旧総務局\"}", audit.After);
        Assert.Equal(new DateTime(2025, 4, 1, 9, 0, 0), audit.AtUtc);

        unit.Phone = "06-6208-7121";
        await db.SaveChangesAsync();
        Assert.Equal("06-6208-7121", await db.OrgUnits.Where(o => o.Code == "OLD-1").Select(o => o.Phone).SingleAsync());
    }
}
