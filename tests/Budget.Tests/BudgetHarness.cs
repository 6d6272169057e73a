using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Seed;

namespace OsakaDx.Budget.Tests;

/// <summary>
/// The platform with the Budget module on real SQLite files in a temporary folder, migrated and
/// seeded with the demo organization, accounts and the tiny demo budget (3 所属 × 4 事業).
/// </summary>
internal sealed class BudgetHarness : IAsyncDisposable
{
    public const int Year = 2027;

    private readonly WebApplication app;

    private BudgetHarness(WebApplication app, string folder)
    {
        this.app = app;
        Folder = folder;
    }

    public string Folder { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Connection string of a PostgreSQL server for tests (CI sets it); null = PostgreSQL tests are skipped.</summary>
    public static string? PostgresServer => OsakaDx.Testing.PostgresFactAttribute.Server;

    private string? postgresDatabase;

    public static async Task<BudgetHarness> StartAsync(bool postgres = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "osakadx-budget-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["OsakaDx:DataPath"] = folder;
        string? database = null;
        if (postgres)
        {
            // A database of its own per test, dropped afterwards: the platform's schemas would collide otherwise.
            database = "osakadx_budget_" + Guid.NewGuid().ToString("N");
            await using (var admin = new Npgsql.NpgsqlConnection(PostgresServer))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{database}\"";
                await create.ExecuteNonQueryAsync();
            }

            builder.Configuration["OsakaDx:Database"] = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ConnectionString;
        }

        builder.Configuration["OsakaDx:Demo"] = "true";
        builder.Configuration["OsakaDx:Jobs:Enabled"] = "false";
        builder.Configuration["OsakaDx:Budget:DemoSize"] = "Tiny";
        builder.Configuration["OsakaDx:Budget:DemoYear"] = Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddOsakaDxPlatform([new BudgetModule()]);
        var app = builder.Build();
        await PlatformRegistration.MigrateAsync(app.Services);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await PlatformSeeder.SeedDemoAsync(scope.ServiceProvider);

            // The users of BudgetHarness.User are named "test": make "test" the examiner in charge of
            // every 所属, so that tests about other rules are not refused for want of an assignment.
            // The assignment tests use other names.
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            foreach (var org in await scope.ServiceProvider.GetRequiredService<OrgDirectory>().ShozokuAsync())
            {
                foreach (var y in new[] { Year - 1, Year, Year + 1 })
                {
                    db.ExaminerAssignments.Add(new ExaminerAssignment { Year = y, OrgUnitId = org.Id, UserName = "test", AssignedBy = "harness" });
                }
            }

            await db.SaveChangesAsync();
        }

        return new BudgetHarness(app, folder) { postgresDatabase = database };
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<BudgetResult> RunAsync(Func<RequestService, Task<BudgetResult>> work) =>
        WithAsync(sp => work(sp.GetRequiredService<RequestService>()));

    /// <summary>The id of the 所属 (top-level unit) with the given code.</summary>
    public Task<int> OrgIdAsync(string code) =>
        WithAsync(sp => sp.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code == code).Select(o => o.Id).FirstAsync());

    /// <summary>A request of the year in the given state, with the 所属 it belongs to.</summary>
    public Task<(int RequestId, int OrgUnitId, long Version)> RequestInStateAsync(RequestStatus status) =>
        WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Project).Where(x => x.Year == Year && x.Status == status).OrderBy(x => x.Id).FirstAsync();
            return (r.Id, r.Project!.OrgUnitId, r.Version);
        });

    /// <summary>Puts a request into a state directly (test set-up only; bypasses the workflow).</summary>
    public Task<(int RequestId, int OrgUnitId, long Version)> RequestForcedToAsync(RequestStatus status) =>
        WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Project).Where(x => x.Year == Year).OrderBy(x => x.Id).FirstAsync();
            r.Status = status;
            await db.SaveChangesAsync();
            var version = await db.Requests.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.Version).FirstAsync();
            return (r.Id, r.Project!.OrgUnitId, version);
        });

    public static BudgetUser User(int? org, params string[] permissions) =>
        new("test", new HashSet<string>(permissions.Append(BudgetPermissions.Read), StringComparer.Ordinal), org);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is not worth failing a test over; the folder is under /tmp.
        }
    }
}
