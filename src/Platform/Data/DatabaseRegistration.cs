using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Platform.Data;

/// <summary>
/// Registers a module's DbContext on the configured provider: SQLite file "{data}/{name}.db", or
/// PostgreSQL schema "{name}" with the migrations history table inside that schema. Every
/// context gets the audit interceptor. Modules call this from AddServices.
/// </summary>
public static class DatabaseRegistration
{
    public static IServiceCollection AddModuleDb<TBase, TSqlite, TPostgres>(this IServiceCollection services, PlatformOptions options, string schema)
        where TBase : DbContext
        where TSqlite : TBase
        where TPostgres : TBase
    {
        if (options.UsesPostgres)
        {
            var cs = PlatformOptions.NormalizePostgresConnectionString(options.Database!);
            services.AddDbContext<TPostgres>((sp, o) => o
                .UseNpgsql(cs, n => n.MigrationsHistoryTable("__EFMigrationsHistory", schema))
                .AddInterceptors(sp.GetRequiredService<AuditSaveChangesInterceptor>()));
            services.AddScoped<TBase>(sp => sp.GetRequiredService<TPostgres>());
            services.AddSingleton(new ModuleDatabase(schema, typeof(TPostgres)));
        }
        else
        {
            Directory.CreateDirectory(options.FullDataPath);
            var file = Path.Combine(options.FullDataPath, schema + ".db");
            services.AddDbContext<TSqlite>((sp, o) => o
                .UseSqlite($"Data Source={file};Foreign Keys=True;Pooling=True")
                .AddInterceptors(sp.GetRequiredService<AuditSaveChangesInterceptor>(), SqlitePragmas.Instance));
            services.AddScoped<TBase>(sp => sp.GetRequiredService<TSqlite>());
            services.AddSingleton(new ModuleDatabase(schema, typeof(TSqlite)));
        }

        return services;
    }

    public static WebApplicationBuilder AddModuleDb<TBase, TSqlite, TPostgres>(this WebApplicationBuilder builder, string schema)
        where TBase : DbContext
        where TSqlite : TBase
        where TPostgres : TBase
    {
        var options = builder.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        builder.Services.AddModuleDb<TBase, TSqlite, TPostgres>(options, schema);
        return builder;
    }
}

/// <summary>A registered database: migrated at start and checked by /readyz.</summary>
public sealed record ModuleDatabase(string Schema, Type ContextType);

/// <summary>WAL and a busy timeout so that the web host and a CLI verb can share a SQLite file.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
