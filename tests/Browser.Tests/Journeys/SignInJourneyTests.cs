using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>A staff member opens OsakaDx, signs in, and reaches the portal; in Japanese, accessibly.</summary>
[Collection(BrowserTests.Collection)]
public sealed class SignInJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Admin_signs_in_and_sees_the_portal_with_the_module_menu()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        await Screenshots.SaveAsync(page, "01-login");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        Assert.Contains("ようこそ", await heading.InnerTextAsync(), StringComparison.Ordinal);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "グローバルメニュー" });
        // One entry per module plus 管理; each module's own pages are in its section menu.
        foreach (var section in new[] { "AIファイル検索", "予算編成", "脱炭素・CO2 見える化", "相談予約", "全庁データ活用", "管理" })
        {
            Assert.Equal(1, await menu.GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).CountAsync());
        }

        Assert.Equal("page", await menu.GetByRole(AriaRole.Link, new() { Name = "ポータル" }).GetAttributeAsync("aria-current"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "監査ログ" }).CountAsync());
        await Screenshots.SaveAsync(page, "02-portal-admin");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await menu.GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).ClickAsync();
        Assert.EndsWith("/admin/users", page.Url, StringComparison.Ordinal);
        Assert.Equal("page", await menu.GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).GetAttributeAsync("aria-current"));
        var adminMenu = page.GetByRole(AriaRole.Navigation, new() { Name = "管理のメニュー" });
        Assert.Equal("page", await adminMenu.GetByRole(AriaRole.Link, new() { Name = "職員" }).GetAttributeAsync("aria-current"));
        await adminMenu.GetByRole(AriaRole.Link, new() { Name = "監査ログ" }).ClickAsync();
        Assert.EndsWith("/admin/audit", page.Url, StringComparison.Ordinal);
        Assert.Equal("page", await adminMenu.GetByRole(AriaRole.Link, new() { Name = "監査ログ" }).GetAttributeAsync("aria-current"));
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Empty_sign_in_shows_an_error_summary_that_takes_focus_and_links_to_the_field()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        var summary = page.Locator(".error-summary");
        Assert.Contains("入力内容に誤りがあります", await summary.InnerTextAsync(), StringComparison.Ordinal);
        var link = summary.GetByRole(AriaRole.Link, new() { Name = "「ユーザー名」を入力してください。" });
        Assert.Equal(1, await link.CountAsync());
        Assert.EndsWith("#UserName", await link.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("() => document.activeElement && document.activeElement.id"));
        Assert.Equal("true", await page.GetByLabel("ユーザー名").GetAttributeAsync("aria-invalid") ?? "true");
        await Screenshots.SaveAsync(page, "03-login-errors");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Following the link puts the caret in the field.
        await link.ClickAsync();
        Assert.Equal("UserName", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [BrowserFact]
    public async Task Wrong_password_is_refused_in_Japanese()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        await Session.SubmitSignInAsync(page, "staff", "not-the-password");

        Assert.Contains("ユーザー名またはパスワードが正しくありません。", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Staff_member_without_permission_is_told_so_and_the_admin_menu_is_hidden()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "staff", "Staff-Demo-2025!");

        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "監査ログ" }).CountAsync());

        await page.GotoAsync("/admin/audit");
        Assert.Contains("権限がありません", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Language_switch_turns_the_sign_in_page_into_English_and_back()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/account/login");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Sign in", (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).Trim());

        await page.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();
        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("サインイン", (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).Trim());
    }
}
