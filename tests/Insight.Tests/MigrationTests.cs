using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Insight.Data;

namespace OsakaDx.Insight.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Both_migration_sets_match_the_model_and_sqlite_migrates_from_empty()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-insight-migrate-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<SqliteInsightDb>().UseSqlite($"Data Source={Path.Combine(folder, "insight.db")};Pooling=False").Options;
            await using (var db = new SqliteInsightDb(options))
            {
                Assert.False(db.Database.HasPendingModelChanges(), "SQLite migrations lag the model: add a migration");
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                db.Dashboards.Add(new SavedDashboard { Title = "t", Query = "measure=population&rows=ward", Owner = "u" });
                await db.SaveChangesAsync();
            }

            await using (var pg = new PostgresInsightDbFactory().CreateDbContext([]))
            {
                Assert.False(pg.Database.HasPendingModelChanges(), "PostgreSQL migrations lag the model: add a migration");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
