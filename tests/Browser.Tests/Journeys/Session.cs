using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>What a person does to sign in: the real form, by its Japanese labels.</summary>
internal static partial class Session
{
    /// <summary>Signs in and returns once the browser has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await SubmitSignInAsync(page, user, password);

        // Signed in once the browser has left the sign-in page (the cookie comes with the redirect).
        // This polls the address. WaitForLoadStateAsync(DOMContentLoaded) after the click ran out its 30 s once in CI
        // (2026-11-27, other test assemblies on the same two cores) with "load" and "networkidle" logged and the
        // DOMContentLoaded it waited for never seen; a poll does not depend on catching one lifecycle event.
        await Assertions.Expect(page).Not.ToHaveURLAsync(LoginPage(), new() { Timeout = 30_000 });
    }

    /// <summary>Fills in and sends the sign-in form, without waiting for where it leads (a refusal stays on the page).</summary>
    public static async Task SubmitSignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("ユーザー名").FillAsync(user);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPage();
}
