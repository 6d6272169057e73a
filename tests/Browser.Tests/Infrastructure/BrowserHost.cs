using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>
/// The real host on a loopback port plus one headless Chromium, shared by every test of a collection.
/// Use it as <c>[CollectionDefinition] ... ICollectionFixture&lt;BrowserHost&gt;</c> (see <see cref="BrowserTests"/>)
/// and ask <see cref="NewPageAsync"/> for an isolated page per test.
/// </summary>
/// <remarks>
/// To run the host with other settings, derive from this class and override <see cref="Settings"/> or
/// <see cref="ConfigureHost"/>; xunit needs a parameterless constructor for fixtures, hence overrides
/// rather than constructor arguments.
/// </remarks>
public class BrowserHost : IAsyncLifetime
{
    /// <summary>Configuration key for the data folder; the host reads it.</summary>
    public const string DataPathKey = "OsakaDx:DataPath";

    /// <summary>Environment variables that carry the data folder, for code that reads the environment directly.</summary>
    private static readonly string[] DataPathVariables = ["OSAKADX_DATA", "OsakaDx__DataPath"];

    private readonly Dictionary<string, string?> _savedVariables = [];
    private HostFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Uri? _baseUrl;

    /// <summary>A fresh, empty data folder for this fixture; deleted on dispose.</summary>
    public string DataPath { get; } =
        Directory.CreateTempSubdirectory("osakadx-browser-").FullName;

    /// <summary>The address the host listens on, such as <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUrl => _baseUrl ?? throw NotStarted();

    /// <summary>The host's services, for seeding data or reading state behind the UI.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw NotStarted();

    public IBrowser Browser => _browser ?? throw NotStarted();

    /// <summary>Extra configuration for the host, applied with <c>UseSetting</c> after the data folder.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Last word on the host's configuration (services, environment, ...).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        if (!BrowserEnvironment.IsAvailable)
        {
            if (BrowserEnvironment.IsRequired)
            {
                throw new InvalidOperationException(
                    $"{BrowserEnvironment.RequireVariable}=1 but the browser is missing. {BrowserEnvironment.MissingMessage}");
            }

            // Every [BrowserFact] in the collection is skipped; do not start anything.
            return;
        }

        foreach (var name in DataPathVariables)
        {
            _savedVariables[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, DataPath);
        }

        _factory = new HostFactory(this);
        _factory.UseKestrel(0);
        _factory.StartServer();
        _baseUrl = ListeningAddress(_factory.Services);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args = BrowserEnvironment.ChromiumArguments,
        });
    }

    /// <summary>
    /// A page in its own browser context (own cookies and storage), Japanese locale and Tokyo time,
    /// relative URLs resolved against <see cref="BaseUrl"/>. Dispose the context when done:
    /// <c>var page = await host.NewPageAsync(); await using var context = page.Context;</c>
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: on a 2-core machine a first page render after start-up can take several seconds.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        foreach (var (name, value) in _savedVariables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a slow shutdown: the temp folder is cleaned by the OS eventually.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The address Kestrel actually bound (port 0 means "any free port"), read from the server itself.</summary>
    private static Uri ListeningAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host started but reports no listening address; is it running on Kestrel?");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private static InvalidOperationException NotStarted() =>
        new("The browser host is not started: InitializeAsync has not run, or the browser is missing and the test should have been skipped.");

    private sealed class HostFactory(BrowserHost owner) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting(DataPathKey, owner.DataPath);
            foreach (var (key, value) in owner.Settings)
            {
                builder.UseSetting(key, value);
            }

            owner.ConfigureHost(builder);
        }
    }
}
