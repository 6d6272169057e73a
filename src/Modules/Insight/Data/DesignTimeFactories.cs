using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OsakaDx.Modules.Insight.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteInsightDbFactory : IDesignTimeDbContextFactory<SqliteInsightDb>
{
    public SqliteInsightDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteInsightDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresInsightDbFactory : IDesignTimeDbContextFactory<PostgresInsightDb>
{
    public PostgresInsightDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresInsightDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", InsightDb.Schema)).Options);
}
