using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Talk.Tests;

/// <summary>The real host on a fresh SQLite data folder (demo mode, so the demo data is there).</summary>
public sealed class HostFixture : IDisposable
{
    public HostFixture()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("OsakaDx:DataPath", DataPath));
        // Starts the host: migrations and the demo seed run before the first request.
        using var client = Factory.CreateClient();
    }

    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-talk-").FullName;

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client(bool followRedirects = false) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });

    /// <summary>A service scope acting as a named user in the audit log.</summary>
    public (AsyncServiceScope Scope, IDisposable Actor) Scope(string actor = "test")
    {
        var scope = Factory.Services.CreateAsyncScope();
        return (scope, AuditActor.Use(null, actor));
    }

    public void Dispose()
    {
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

[CollectionDefinition(Name)]
public sealed class HostGroup : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
