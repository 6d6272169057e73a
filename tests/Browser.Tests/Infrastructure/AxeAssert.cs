using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>Accessibility checks with axe-core, run inside the page.</summary>
public static class AxeAssert
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    /// <summary>Runs axe on the page as it is now and fails on any "serious" or "critical" violation.</summary>
    public static async Task NoSeriousViolationsAsync(IPage page)
    {
        var blocking = await SeriousViolationsAsync(page);
        if (blocking.Count > 0)
        {
            throw new XunitException(Describe(page.Url, blocking));
        }
    }

    /// <summary>The "serious" and "critical" violations on the page, for tests that check the checker.</summary>
    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>One readable block per violation: rule, impact, help, and where.</summary>
    public static string Describe(string url, IReadOnlyList<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        text.Append("axe found ").Append(violations.Count).Append(" serious or critical violation(s) on ").AppendLine(url);
        foreach (var violation in violations)
        {
            text.Append("- ").Append(violation.Id).Append(" [").Append(violation.Impact).Append("] ")
                .Append(violation.Help).Append(" (").Append(violation.HelpUrl).AppendLine(")");
            foreach (var node in violation.Nodes)
            {
                text.Append("    at ").Append(node.Target).Append("  ").AppendLine(node.Html);
            }
        }

        return text.ToString();
    }
}
