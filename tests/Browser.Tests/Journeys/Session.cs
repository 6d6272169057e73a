using Microsoft.Playwright;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>What a person does to sign in: the real form, by its Japanese labels.</summary>
internal static class Session
{
    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("ユーザー名").FillAsync(user);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
