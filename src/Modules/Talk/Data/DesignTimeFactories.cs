using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OsakaDx.Modules.Talk.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteTalkDbFactory : IDesignTimeDbContextFactory<SqliteTalkDb>
{
    public SqliteTalkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTalkDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresTalkDbFactory : IDesignTimeDbContextFactory<PostgresTalkDb>
{
    public PostgresTalkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTalkDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", TalkDb.Schema)).Options);
}
