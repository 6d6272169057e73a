using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OsakaDx.Browser.Tests.Smoke;

/// <summary>The host answers a real browser over a real socket.</summary>
[Collection(BrowserTests.Collection)]
public sealed class HealthTests(BrowserHost host, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Healthz_in_the_browser_says_healthy()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        var response = await page.GotoAsync("/healthz");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("Healthy", (await page.Locator("body").InnerTextAsync()).Trim());
        Assert.Equal(host.BaseUrl.Host, new Uri(page.Url).Host);
    }

    [BrowserFact]
    public async Task Host_listens_on_loopback_and_keeps_its_data_in_the_fixture_folder()
    {
        output.WriteLine($"BaseUrl: {host.BaseUrl}, data: {host.DataPath}");
        Assert.True(host.BaseUrl.IsLoopback, $"BaseUrl {host.BaseUrl} is not a loopback address");
        Assert.NotEqual(0, host.BaseUrl.Port);

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(host.DataPath, configuration[BrowserHost.DataPathKey]);
        Assert.True(Directory.Exists(host.DataPath));
        // The host created its database in the fixture's own folder, not in ./data.
        Assert.True(File.Exists(Path.Combine(host.DataPath, "platform.db")), "platform.db was not created in the fixture's data folder");
    }

    [BrowserFact]
    public async Task Pages_speak_Japanese()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        Assert.Equal("ja-JP", await page.EvaluateAsync<string>("() => navigator.language"));
        Assert.Equal("Asia/Tokyo", await page.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone"));
    }
}
