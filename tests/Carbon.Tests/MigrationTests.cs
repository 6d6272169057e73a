using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Carbon.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Upgrading_an_existing_sqlite_database_keeps_its_data()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-carbon-migrate-").FullName;
        var options = new DbContextOptionsBuilder<SqliteCarbonDb>().UseSqlite($"Data Source={Path.Combine(folder, "carbon.db")};Pooling=False").Options;
        try
        {
            await using (var db = new SqliteCarbonDb(options))
            {
                // The first released schema, with a business in it (plain SQL: today's model has more columns).
                await db.GetService<IMigrator>().MigrateAsync("20261126050724_Initial");
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO Businesses (Name, IndustryCode, Ward, Employees, FloorAreaM2, AnnualSalesYen, CreatedAtUtc, Version) " +
                    "VALUES ('移行テスト株式会社', 'E', '北区', 3, '50.0', 1, '2026-11-26 00:00:00', 0)");
            }

            await using (var db = new SqliteCarbonDb(options))
            {
                Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                var business = await db.Businesses.SingleAsync();
                Assert.Equal("移行テスト株式会社", business.Name);
                Assert.Equal(50m, business.FloorAreaM2);
                Assert.Null(business.TargetBaseYear);
                db.BriefingSessions.Add(new BriefingSession { HeldOn = new DateOnly(2026, 6, 1), Title = "説明会", Venue = "オンライン", Attendees = 3, Businesses = 2 });
                await db.SaveChangesAsync();
                Assert.Equal(1, await db.BriefingSessions.CountAsync());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
