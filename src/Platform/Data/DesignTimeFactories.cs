using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OsakaDx.Platform.Data;

// Used only by `dotnet ef migrations add` (see docs/development.md): it builds the model for each
// provider without the host. The connection strings are never opened while generating migrations.
internal sealed class SqlitePlatformDbFactory : IDesignTimeDbContextFactory<SqlitePlatformDb>
{
    public SqlitePlatformDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePlatformDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresPlatformDbFactory : IDesignTimeDbContextFactory<PostgresPlatformDb>
{
    public PostgresPlatformDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPlatformDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", PlatformDb.Schema)).Options);
}
