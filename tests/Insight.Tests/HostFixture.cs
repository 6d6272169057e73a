using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Insight.Tests;

/// <summary>The real host in demo mode on a fresh data folder, with a small demo city (20,000 residents) made by its background job.</summary>
public sealed partial class HostFixture : IAsyncLifetime
{
    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-insight-host-").FullName;

    public WebApplicationFactory<Program> Factory { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("OsakaDx:DataPath", DataPath)
            .UseSetting("Insight:DemoResidents", "20000")
            .UseSetting("OsakaDx:Jobs:PollInterval", "00:00:00.200"));
        using (Factory.CreateClient())
        {
        }

        // The demo city is a background job (the host starts without waiting for it): wait for it here.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var job = await scope.ServiceProvider.GetRequiredService<PlatformDb>().Jobs.AsNoTracking().SingleAsync(j => j.Kind == DemoCityJob.JobKind);
            if (job.Status == JobStatus.Succeeded)
            {
                break;
            }

            if (job.Status is JobStatus.Failed or JobStatus.Canceled || watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"demo city job {job.Status}: {job.Error}");
            }

            await Task.Delay(200);
        }
    }

    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string Token(string html) => TokenPattern().Matches(html)[^1].Groups[1].Value;

    public async Task<HttpClient> SignInAsync(string user, string password)
    {
        var client = Client();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Token(login),
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
            ["ReturnUrl"] = "/insight",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite or DuckDB may hold a file for a moment; the OS cleans temp folders.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class HostGroup : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
