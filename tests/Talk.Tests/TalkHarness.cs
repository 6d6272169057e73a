using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OsakaDx.Modules.Talk;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Platform;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Seed;
using OsakaDx.Testing;

namespace OsakaDx.Talk.Tests;

/// <summary>
/// The platform with the Talk module only, on a data folder (SQLite) or a PostgreSQL database given
/// by the caller, so that two of them can share one database (a restart, or a second instance).
/// Jobs are off (the expiry is run by the test); the clock is a FakeTimeProvider starting now.
/// </summary>
internal sealed class TalkHarness : IAsyncDisposable
{
    private readonly WebApplication app;

    private TalkHarness(WebApplication app, FakeTimeProvider clock)
    {
        this.app = app;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="folder">Data folder (SQLite files live here).</param>
    /// <param name="postgresDatabase">A database on the OSAKADX_TEST_POSTGRES server, or null for SQLite.</param>
    public static async Task<TalkHarness> StartAsync(string folder, string? postgresDatabase = null, FakeTimeProvider? clock = null, bool seed = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["OsakaDx:DataPath"] = folder;
        if (postgresDatabase is not null)
        {
            builder.Configuration["OsakaDx:Database"] = new Npgsql.NpgsqlConnectionStringBuilder(PostgresFactAttribute.Server) { Database = postgresDatabase }.ConnectionString;
        }

        builder.Configuration["OsakaDx:Demo"] = "true";
        builder.Configuration["OsakaDx:Jobs:Enabled"] = "false";
        builder.Configuration["OsakaDx:Talk:Synthesizer"] = "tones";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.AddOsakaDxPlatform([new TalkModule()]);
        builder.Services.AddSingleton<TimeProvider>(clock);
        var app = builder.Build();
        await PlatformRegistration.MigrateAsync(app.Services);
        if (seed)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await PlatformSeeder.SeedDemoAsync(scope.ServiceProvider);
        }

        return new TalkHarness(app, clock);
    }

    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var database = "osakadx_talk_" + Guid.NewGuid().ToString("N");
        await using var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.Server);
        await admin.OpenAsync();
        await using var create = admin.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{database}\"";
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public static async Task DropPostgresDatabaseAsync(string database)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.Server);
        await admin.OpenAsync();
        await using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var actor = AuditActor.Use(null, "test");
        return await work(scope.ServiceProvider);
    }

    /// <summary>A service with the once-per-fiscal-year rule (its own kind) and sessions on open days inside its window.</summary>
    public Task<(ConsultationService Service, List<ConsultationSession> Sessions)> OncePerYearServiceAsync(int days) =>
        WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<TalkDb>();
            var service = new ConsultationService { Kind = "race" + Guid.NewGuid().ToString("N")[..8], Name = "テスト相談", Office = "競合テスト会場" + Guid.NewGuid().ToString("N")[..6], OncePerFiscalYear = true, OpensDaysBefore = 60, ClosesDaysBefore = 1 };
            db.Services.Add(service);
            var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime.AddHours(9));
            var sessions = new List<ConsultationSession>();
            for (var d = today.AddDays(2); sessions.Count < days; d = d.AddDays(1))
            {
                // The same fiscal year as the first day, on office days.
                if (OsakaDx.Modules.Talk.Reservations.OfficeCalendar.IsOpen(d) && (sessions.Count == 0 || OsakaDx.Platform.Kernel.FiscalYear.FromDate(d) == OsakaDx.Platform.Kernel.FiscalYear.FromDate(sessions[0].Date)))
                {
                    sessions.Add(new ConsultationSession { Service = service, Date = d, Start = new TimeOnly(13, 0), End = new TimeOnly(16, 0), SlotMinutes = 30, Capacity = 4 });
                }
            }

            db.Sessions.AddRange(sessions);
            await db.SaveChangesAsync();
            return (service, sessions);
        });

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
