namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>
/// A fact that needs a real Chromium. Without one it is skipped, with the reason in the test output,
/// unless <c>OSAKADX_REQUIRE_BROWSER=1</c> is set: then it runs and fails loudly in the fixture.
/// </summary>
/// <remarks>
/// Why skip rather than fail: <c>dotnet test</c> at the repository root must stay green on a machine that has
/// only the .NET SDK (a fresh developer box, an SDK-only container). A browser is a system package, not a NuGet
/// one, and Playwright cannot download its own here, so its absence says nothing about the code under test.
/// A skip is still visible in the summary, so it is not silent. CI, which installs Chromium on purpose,
/// sets <c>OSAKADX_REQUIRE_BROWSER=1</c> so that a broken install can never pass as "all skipped".
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserEnvironment.IsRequired && !BrowserEnvironment.IsAvailable)
        {
            Skip = BrowserEnvironment.MissingMessage
                + $" Skipped; set {BrowserEnvironment.RequireVariable}=1 to make this a failure.";
        }
    }
}
