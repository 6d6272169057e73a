using System.Net;

namespace OsakaDx.Host.Tests.Infrastructure;

public static class Html
{
    /// <summary>
    /// The page as text a person reads: Razor encodes every non-ASCII character as a numeric
    /// entity (&amp;#x30B5;...), so Japanese assertions run on the decoded HTML.
    /// </summary>
    public static async Task<string> ReadDecodedAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
