using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Host.Tests.Infrastructure;

/// <summary>
/// The real host in process on a fresh temp data folder (SQLite), started once per fixture. The job
/// runner's background loop is off so tests drive <see cref="JobRunner"/> themselves, deterministically;
/// a tiny resumable job handler (<see cref="ResumableTestJob"/>) is registered for the recovery tests.
/// </summary>
/// <remarks>Derive and override <see cref="Settings"/> for other configuration (xunit fixtures need parameterless constructors).</remarks>
public class OsakaDxFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A fresh, empty data folder for this fixture; deleted on dispose.</summary>
    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-host-").FullName;

    /// <summary>False for a PostgreSQL fixture when PostgreSQL is not configured: its tests are skipped and nothing starts.</summary>
    public virtual bool IsEnabled => true;

    public virtual string Provider => "sqlite";

    /// <summary>Configuration for the host; the data folder and "jobs off" are always set.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Only for a fixture on another fixture's data folder (see the demo mode tests).</summary>
    protected virtual string EffectiveDataPath => DataPath;

    public virtual async Task InitializeAsync()
    {
        if (IsEnabled)
        {
            // Starts the host: migrations and (demo mode) seeding run before this returns.
            _ = Services;
        }

        await Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await AfterDisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    protected virtual Task AfterDisposeAsync() => Task.CompletedTask;

    /// <summary>A client through the real pipeline, with cookies and without following redirects.</summary>
    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>A client already signed in through the login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user, string password)
    {
        var client = CreateBrowserClient();
        var result = await LoginForm.SignInAsync(client, user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Sign-in of {user} failed: {(int)result.Response.StatusCode} {result.Html[..Math.Min(result.Html.Length, 500)]}");
        }

        return client;
    }

    /// <summary>Runs work in a fresh DI scope of the host, with the platform database at hand.</summary>
    public async Task<T> WithDbAsync<T>(Func<PlatformDb, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PlatformDb>(), scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OsakaDx:DataPath", EffectiveDataPath);
        builder.UseSetting("OsakaDx:Jobs:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ResumableTestJob>();
            services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<ResumableTestJob>());
        });
    }
}

/// <summary>The same host on a fresh PostgreSQL database (created on the server of OSAKADX_TEST_POSTGRES, dropped on dispose), in demo mode.</summary>
public class PostgresOsakaDxFactory : OsakaDxFactory
{
    private string? database;
    private string? connectionString;

    public override bool IsEnabled => PostgresEnvironment.IsAvailable;

    public override string Provider => "postgres";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OsakaDx:Database"] = connectionString ?? throw new InvalidOperationException("The PostgreSQL database is not created yet."),
        ["OsakaDx:Demo"] = "true",
    };

    public override async Task InitializeAsync()
    {
        if (!PostgresEnvironment.EnsureOrSkip())
        {
            return;
        }

        (database, connectionString) = await PostgresEnvironment.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    protected override async Task AfterDisposeAsync()
    {
        if (database is not null)
        {
            await PostgresEnvironment.DropDatabaseAsync(database);
        }
    }
}

/// <summary>
/// A job handler that can continue after a restart: it records the checkpoint it started from, reports
/// progress from there to 10 and leaves checkpoints on the way.
/// </summary>
public sealed class ResumableTestJob : IJobHandler
{
    public const string JobKind = "tests.resumable";

    private readonly List<string?> startedFrom = [];

    public string Kind => JobKind;

    public bool Resumable => true;

    /// <summary>The checkpoint of every run, in order.</summary>
    public IReadOnlyList<string?> StartedFrom
    {
        get
        {
            lock (startedFrom)
            {
                return [.. startedFrom];
            }
        }
    }

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        lock (startedFrom)
        {
            startedFrom.Add(context.Checkpoint);
        }

        var from = int.TryParse(context.Checkpoint, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        for (var i = from + 1; i <= 10; i++)
        {
            await context.ReportAsync(i, 10, checkpoint: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
