using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Testing;

/// <summary>
/// The real host (migrations, demo seed, every module) on a fresh SQLite data folder of its own, for a
/// module's HTTP and service tests. Derive one per test project and share it with a collection fixture.
/// </summary>
public abstract class ModuleHostFixture : IDisposable
{
    /// <param name="name">Names the temporary data folder (osakadx-{name}-…).</param>
    /// <param name="settings">Configuration for this host on top of the defaults (demo mode, embedded database).</param>
    protected ModuleHostFixture(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        DataPath = Directory.CreateTempSubdirectory($"osakadx-{name}-").FullName;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("OsakaDx:DataPath", DataPath);

            // Other modules' demo jobs run in every host; a small demo city keeps them from competing
            // with the tests for the CPU. A module's own fixture may set it back.
            b.UseSetting("Insight:DemoResidents", "2000");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                b.UseSetting(key, value);
            }
        });

        // Starts the host: migrations and the demo seed run before the first request.
        using var client = Factory.CreateClient();
    }

    public string DataPath { get; }

    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>A client that keeps cookies; redirects are returned, not followed, unless asked.</summary>
    public HttpClient Client(bool followRedirects = false) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });

    /// <summary>A client signed in through the real login form (antiforgery included).</summary>
    public async Task<HttpClient> SignInAsync(string user, string password, string returnUrl = "/")
    {
        var client = Client();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Forms.Token(login),
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"{user} could not sign in: HTTP {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>A service scope acting as a named user in the audit log.</summary>
    public (AsyncServiceScope Scope, IDisposable Actor) Scope(string actor = "test")
    {
        var scope = Factory.Services.CreateAsyncScope();
        return (scope, AuditActor.Use(null, actor));
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        Factory.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
