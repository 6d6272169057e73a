using System.Text.RegularExpressions;

namespace OsakaDx.Testing;

/// <summary>Posting the platform's server-rendered forms as a browser without JavaScript does.</summary>
public static partial class Forms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The antiforgery token of the last form on the page (the header's forms come first).</summary>
    public static string Token(string html)
    {
        var matches = TokenPattern().Matches(html);
        return matches.Count > 0 ? matches[^1].Groups[1].Value : throw new InvalidOperationException("the page has no form with an antiforgery token");
    }

    /// <summary>Posts <paramref name="fields"/> with the token taken from <paramref name="pageHtml"/>.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string pageHtml, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(pageHtml) };
        return client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(all));
    }
}
