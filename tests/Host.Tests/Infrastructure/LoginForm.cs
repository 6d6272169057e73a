using System.Net;
using System.Text.RegularExpressions;

namespace OsakaDx.Host.Tests.Infrastructure;

/// <summary>
/// Signs in the way a browser does: GET /account/login, read the form (antiforgery token, hidden fields and
/// the names of the user name and password inputs) from the HTML, POST it, keep the cookie.
/// </summary>
public static partial class LoginForm
{
    public sealed record Result(HttpResponseMessage Response, string Html)
    {
        /// <summary>A redirect away from the login page, with the auth cookie set.</summary>
        public bool Succeeded => Response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther &&
            Response.Headers.Location is { } location && !location.OriginalString.Contains("/account/login", StringComparison.Ordinal);
    }

    public static async Task<Result> SignInAsync(HttpClient client, string user, string password, string? returnUrl = null)
    {
        var page = await client.GetAsync(new Uri("/account/login" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)), UriKind.Relative));
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var form = ReadForm(html, "login");

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in form.Hidden)
        {
            fields.Add(new(name, value));
        }

        fields.Add(new(form.NameOfInput("UserName"), user));
        fields.Add(new(form.NameOfInput("Password"), password));
        using var content = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(new Uri(form.Action ?? "/account/login", UriKind.RelativeOrAbsolute), content);
        return new Result(response, await response.ReadDecodedAsync());
    }

    public sealed record HtmlForm(string? Action, IReadOnlyList<(string Name, string Value)> Hidden, IReadOnlyDictionary<string, string> NamesById)
    {
        public string NameOfInput(string id) => NamesById.TryGetValue(id, out var name)
            ? name
            : throw new InvalidOperationException($"The form has no input with id=\"{id}\"; found: {string.Join(", ", NamesById.Keys)}");
    }

    /// <summary>The form that carries the hidden field _handler={formName} (Blazor's named forms), or the first post form.</summary>
    public static HtmlForm ReadForm(string html, string formName)
    {
        var forms = FormPattern().Matches(html).Select(m => (Attributes: m.Groups["attrs"].Value, Body: m.Groups["body"].Value)).ToList();
        if (forms.Count == 0)
        {
            throw new InvalidOperationException("The page has no form.");
        }

        var chosen = forms.FirstOrDefault(f => Inputs(f.Body).Any(i => i.Name == "_handler" && i.Value == formName));
        if (chosen.Body is null)
        {
            chosen = forms[0];
        }

        var inputs = Inputs(chosen.Body).ToList();
        var hidden = inputs.Where(i => i.Type == "hidden" && i.Name is not null).Select(i => (i.Name!, WebUtility.HtmlDecode(i.Value ?? ""))).ToList();
        if (!hidden.Any(h => h.Item1 == "__RequestVerificationToken"))
        {
            throw new InvalidOperationException("The login form carries no antiforgery token (__RequestVerificationToken).");
        }

        var names = inputs.Where(i => i.Id is not null && i.Name is not null).ToDictionary(i => i.Id!, i => i.Name!, StringComparer.Ordinal);
        var action = Attribute(chosen.Attributes, "action");
        return new HtmlForm(action is null ? null : WebUtility.HtmlDecode(action), hidden, names);
    }

    private static IEnumerable<(string? Type, string? Name, string? Value, string? Id)> Inputs(string body) =>
        InputPattern().Matches(body).Select(m => m.Value).Select(tag =>
            ((string?)(Attribute(tag, "type") ?? "text"), Attribute(tag, "name"), Attribute(tag, "value"), Attribute(tag, "id")));

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{Regex.Escape(name)}=\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex("<form(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();
}
