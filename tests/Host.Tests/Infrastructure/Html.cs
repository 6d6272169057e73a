using System.Net;

namespace OsakaDx.Host.Tests.Infrastructure;

public static class Html
{
    /// <summary>
    /// The page as text a person reads: entities (&amp;amp;, &amp;#x...;) decoded, so assertions
    /// do not depend on how the encoder chose to escape a character.
    /// </summary>
    public static async Task<string> ReadDecodedAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
