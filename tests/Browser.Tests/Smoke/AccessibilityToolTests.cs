using OsakaDx.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OsakaDx.Browser.Tests.Smoke;

/// <summary>The axe helper passes a clean Japanese page and catches a broken one, so a green check means something.</summary>
[Collection(BrowserTests.Collection)]
public sealed class AccessibilityToolTests(BrowserHost host, ITestOutputHelper output)
{
    private const string AccessiblePage = """
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="utf-8"><title>受付 - OsakaDx</title></head>
        <body>
          <header><h1>受付</h1></header>
          <nav aria-label="メインメニュー"><ul><li><a href="#form">新規受付</a></li></ul></nav>
          <main>
            <form id="form">
              <label for="name">氏名</label>
              <input id="name" name="name" type="text" autocomplete="name">
              <label for="date">受付日</label>
              <input id="date" name="date" type="date">
              <button type="submit">登録する</button>
            </form>
            <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="大阪市のロゴ" width="1" height="1">
          </main>
        </body>
        </html>
        """;

    private const string BrokenPage = """
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="utf-8"><title>壊れたページ</title></head>
        <body>
          <main>
            <h1>申請</h1>
            <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="1" height="1">
            <input id="unlabelled" type="text">
          </main>
        </body>
        </html>
        """;

    [BrowserFact]
    public async Task Accessible_Japanese_page_has_no_serious_violations()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await page.SetContentAsync(AccessiblePage);

        await Screenshots.SaveAsync(page, "smoke-accessible-ja");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Helper_reports_missing_alt_text_and_label()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await page.SetContentAsync(BrokenPage);

        var failure = await Assert.ThrowsAsync<XunitException>(() => AxeAssert.NoSeriousViolationsAsync(page));
        output.WriteLine(failure.Message);

        Assert.Contains("image-alt [critical]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("label [critical]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#unlabelled", failure.Message, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Screenshot_lands_in_TestResults()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await page.SetContentAsync(AccessiblePage);

        var path = await Screenshots.SaveAsync(page, "smoke screenshot/check");

        Assert.Equal(Path.Combine(Screenshots.Folder, "smoke_screenshot_check.png"), path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 1000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
