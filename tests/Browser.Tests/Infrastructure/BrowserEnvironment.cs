namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>Where the browser lives and whether the run insists on it; read once from the environment.</summary>
public static class BrowserEnvironment
{
    /// <summary>Overrides the Chromium executable; the default is Debian's package.</summary>
    public const string ChromiumVariable = "OSAKADX_CHROMIUM";

    /// <summary>Set to 1 (CI does) so that a missing browser fails the run instead of skipping it.</summary>
    public const string RequireVariable = "OSAKADX_REQUIRE_BROWSER";

    public const string DefaultChromiumPath = "/usr/bin/chromium";

    public static string ChromiumPath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
            return string.IsNullOrWhiteSpace(configured) ? DefaultChromiumPath : configured;
        }
    }

    public static bool IsRequired =>
        Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true" or "TRUE" or "True";

    public static bool IsAvailable => File.Exists(ChromiumPath);

    public static string MissingMessage =>
        $"Chromium was not found at '{ChromiumPath}'. Install it with 'apt-get install chromium fonts-noto-cjk' "
        + $"or point {ChromiumVariable} at a Chromium executable.";

    /// <summary>Arguments for Chromium as we run it: as root, in a container, headless, without the network.</summary>
    public static IReadOnlyList<string> ChromiumArguments { get; } =
    [
        // Root cannot use Chromium's setuid/namespace sandbox; the container is the sandbox here.
        "--no-sandbox",
        "--disable-gpu",
        // Without these, Chromium keeps trying to reach Google's update, sync and variations services.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];
}
