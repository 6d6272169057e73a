using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>The shared SVG charts as a browser shows them: styled by the stylesheet (not inline), accessible.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ChartJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Style_guide_charts_are_coloured_by_the_stylesheet_and_pass_axe()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await page.GotoAsync("/ui/styleguide#sg-charts");
        var charts = page.Locator("#sg-charts ~ figure.chart, section:has(#sg-charts) figure.chart");
        Assert.Equal(4, await charts.CountAsync());

        // Colours come from classes in osakadx.css under the strict CSP: the first series is DADS blue-900.
        var fill = await page.Locator("section:has(#sg-charts) rect.chart__bar").First.EvaluateAsync<string>("e => getComputedStyle(e).fill");
        Assert.Equal("rgb(0, 23, 193)", fill);

        // The image is named by its caption; the numbers are in a table.
        var svg = charts.First.Locator("svg");
        Assert.Equal("img", await svg.GetAttributeAsync("role"));
        Assert.Contains("区別 相談予約件数", await charts.First.Locator("caption").InnerTextAsync(), StringComparison.Ordinal);

        // The folded table opens without JavaScript (<details>).
        var details = page.Locator("section:has(#sg-charts) details.chart__details").First;
        await details.Locator("summary").ClickAsync();
        Assert.True(await details.Locator("table").IsVisibleAsync());

        await page.Locator("section:has(#sg-charts)").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "90-ui-charts");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
