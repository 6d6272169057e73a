using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>Staff find the API reference offline: the Swagger UI is served by the platform itself, never a CDN.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ApiReferenceTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Signed_in_staff_see_the_platform_endpoints_in_the_api_reference()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        var foreignRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(host.BaseUrl.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                foreignRequests.Add(request.Url);
            }
        };

        await Session.SignInAsync(page, "staff", "Staff-Demo-2025!");
        await page.GotoAsync("/api/docs/index.html");

        var endpoint = page.GetByText("/api/platform/org").First;
        await endpoint.WaitForAsync();
        Assert.True(await endpoint.IsVisibleAsync());
        Assert.Empty(foreignRequests);
        await Screenshots.SaveAsync(page, "04-api-reference");
    }

    [BrowserFact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_instead_of_the_api_reference()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync("/api/docs/index.html");

        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }
}
