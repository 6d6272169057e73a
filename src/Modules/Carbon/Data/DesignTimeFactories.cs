using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OsakaDx.Modules.Carbon.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteCarbonDbFactory : IDesignTimeDbContextFactory<SqliteCarbonDb>
{
    public SqliteCarbonDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCarbonDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresCarbonDbFactory : IDesignTimeDbContextFactory<PostgresCarbonDb>
{
    public PostgresCarbonDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCarbonDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", CarbonDb.Schema)).Options);
}
