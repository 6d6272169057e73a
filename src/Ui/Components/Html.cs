using Microsoft.AspNetCore.Components;

namespace OsakaDx.Ui.Components;

/// <summary>Small helpers shared by the components.</summary>
internal static class Html
{
    /// <summary>
    /// Joins the component's own class with a <c>class</c> the caller passed among its unmatched
    /// attributes, so that <c>&lt;Foo class="x" /&gt;</c> adds to the class instead of replacing it.
    /// </summary>
    public static string Classes(string own, IReadOnlyDictionary<string, object>? attributes)
    {
        if (attributes is not null
            && attributes.TryGetValue("class", out var extra)
            && extra is string text
            && !string.IsNullOrWhiteSpace(text))
        {
            return own + " " + text.Trim();
        }

        return own;
    }

    /// <summary>
    /// A link to an element of the current page. A bare <c>#id</c> would resolve against
    /// <c>&lt;base href="/"&gt;</c> and leave the page, so the current path and query are kept.
    /// </summary>
    public static string FragmentHref(NavigationManager navigation, string id)
    {
        string current;
        try
        {
            current = navigation.Uri;
        }
        catch (InvalidOperationException)
        {
            // Not initialized (rendering outside a request): a bare fragment is the best we can do.
            return "#" + id;
        }

        return new Uri(current).PathAndQuery + "#" + id;
    }
}
