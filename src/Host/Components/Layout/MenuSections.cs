using System.Security.Claims;
using Microsoft.Extensions.Localization;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Modules;
using OsakaDx.Ui.Components;

namespace OsakaDx.Host.Components.Layout;

/// <summary>
/// One entry of the global menu: the portal, a module, or the platform's administration. Its
/// <see cref="Items"/> (what the user may open, in menu order) make the section menu shown on its pages.
/// </summary>
internal sealed record MenuSection(string Key, string Title, MenuItem Entry, IReadOnlyList<MenuItem> Items, string? PathPrefix)
{
    /// <summary>The global-menu entry: the section's title, leading to <see cref="Entry"/>.</summary>
    public MenuItem GlobalItem { get; } = new(Title, Entry.Href, null, Entry.Order, Entry.Description);
}

/// <summary>
/// Builds the two-level navigation: the global menu lists one entry per section (a module or 管理), so
/// that it stays one line however many pages the modules add; the pages of the current section are
/// listed in the section menu under it.
/// </summary>
internal static class MenuSections
{
    public static IReadOnlyList<MenuSection> For(ClaimsPrincipal user, IEnumerable<IOsakaDxModule> modules, IStringLocalizer<SharedResource> l)
    {
        bool Visible(MenuItem i) => i.Permission is null || user.HasClaim(PlatformClaims.Permission, i.Permission);
        var platform = PlatformMenu.Items(l).ToList();
        var sections = new List<MenuSection> { new("portal", platform[0].Title, platform[0], [platform[0]], null) };

        foreach (var module in modules)
        {
            var items = module.MenuItems.Where(Visible).OrderBy(i => i.Order).ToList();
            if (items.Count > 0)
            {
                sections.Add(new(module.Name, module.MenuTitle, EntryOf(items), items, "/" + module.Name));
            }
        }

        var admin = platform.Skip(1).Where(Visible).OrderBy(i => i.Order).ToList();
        if (admin.Count > 0)
        {
            sections.Add(new("admin", l["Administration"], EntryOf(admin), admin, "/admin"));
        }

        // Portal first, administration last, modules by their first page's order in between.
        return [.. sections.OrderBy(s => s.Key == "portal" ? int.MinValue : s.Key == "admin" ? int.MaxValue : s.Items.Min(i => i.Order))];
    }

    /// <summary>The section the page at <paramref name="path"/> belongs to: the one holding the best-matching page, else the one whose URL prefix it lies under.</summary>
    public static MenuSection? Current(IReadOnlyList<MenuSection> sections, string path)
    {
        var item = GlobalMenu.FindCurrent([.. sections.SelectMany(s => s.Items)], path);
        if (item is not null)
        {
            return sections.First(s => s.Items.Contains(item));
        }

        return sections.FirstOrDefault(s => s.PathPrefix is { } prefix
            && (path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)));
    }

    // A section opens on the first page the user has been given a permission for (a clerk's work list
    // rather than the public booking form), else on its first page.
    private static MenuItem EntryOf(List<MenuItem> items) =>
        items.OrderBy(i => i.Permission is null ? 1 : 0).ThenBy(i => i.Order).First();
}
