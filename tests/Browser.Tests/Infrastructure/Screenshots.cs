using Microsoft.Playwright;

namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>Full-page PNGs for people to look at, under <c>TestResults/screenshots</c> in the test output folder.</summary>
public static class Screenshots
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Saves the whole page as <c>{name}.png</c> and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var invalid = Path.GetInvalidFileNameChars();
        var safeName = new string([.. name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c)]);

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, safeName + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png });
        return path;
    }
}
