using Microsoft.Playwright;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>Navigates as a user does: a section (module) in the global menu, then one of its pages in the section menu.</summary>
internal static class Menu
{
    public static async Task OpenAsync(IPage page, string section, string item)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "グローバルメニュー" }).GetByRole(AriaRole.Link, new() { Name = section }).ClickAsync();
        var sectionMenu = page.GetByRole(AriaRole.Navigation, new() { Name = $"{section}のメニュー" });

        // A section with a single page has no section menu: the global entry already opened it.
        if (await sectionMenu.CountAsync() > 0)
        {
            var link = sectionMenu.GetByRole(AriaRole.Link, new() { Name = item, Exact = true });
            if (await link.GetAttributeAsync("aria-current") != "page")
            {
                await link.ClickAsync();
            }

            Assert.Equal("page", await link.GetAttributeAsync("aria-current"));
        }
    }
}
