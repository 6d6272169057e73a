using System.Text.RegularExpressions;
using OsakaDx.Host.Tests.Infrastructure;

namespace OsakaDx.Host.Tests.Web;

/// <summary>
/// The two-level navigation as rendered for real users: the global menu lists one entry per section
/// (a module, or 管理) the user may open; the section menu lists that section's pages, filtered by permission.
/// </summary>
public sealed partial class MenuTests(OsakaDxFactory factory) : IClassFixture<OsakaDxFactory>
{
    [GeneratedRegex("<nav[^>]*aria-label=\"(?<label>[^\"]+)\"[^>]*>(?<body>.*?)</nav>", RegexOptions.Singleline)]
    private static partial Regex NavPattern();

    [GeneratedRegex("<a[^>]*href=\"(?<href>[^\"]+)\"(?<current>[^>]*aria-current=\"page\")?[^>]*>(?<text>[^<]+)</a>")]
    private static partial Regex LinkPattern();

    private static Dictionary<string, List<(string Text, string Href, bool Current)>> Navs(string html) =>
        NavPattern().Matches(html).ToDictionary(
            m => m.Groups["label"].Value,
            m => LinkPattern().Matches(m.Groups["body"].Value)
                .Select(l => (l.Groups["text"].Value.Trim(), l.Groups["href"].Value, l.Groups["current"].Success)).ToList());

    private async Task<Dictionary<string, List<(string Text, string Href, bool Current)>>> NavsAsync(string user, string password, string path)
    {
        using var client = await factory.SignedInClientAsync(user, password);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return Navs(await response.ReadDecodedAsync());
    }

    [Fact]
    public async Task Admin_sees_one_global_entry_per_section_and_the_pages_of_the_current_one()
    {
        var navs = await NavsAsync("admin", "Admin-Demo-2025!", "/talk/staff");

        var global = navs["グローバルメニュー"];
        Assert.Equal(["ポータル", "AIファイル検索", "予算編成", "脱炭素・CO2 見える化", "相談予約", "全庁データ活用", "管理"], global.Select(l => l.Text));
        Assert.Equal("相談予約", Assert.Single(global, l => l.Current).Text);
        // A section opens on the first page the user holds a permission for: the staff list, not the public form.
        Assert.Equal("/talk/staff", global.Single(l => l.Text == "相談予約").Href);

        var section = navs["相談予約のメニュー"];
        Assert.Contains(section, l => l.Href == "/talk/book");
        Assert.Equal("/talk/staff", Assert.Single(section, l => l.Current).Href);
        Assert.DoesNotContain("予算編成のメニュー", navs.Keys);
    }

    [Fact]
    public async Task A_page_below_a_menu_entry_marks_its_section_and_entry()
    {
        var navs = await NavsAsync("admin", "Admin-Demo-2025!", "/admin/audit");

        Assert.Equal("管理", Assert.Single(navs["グローバルメニュー"], l => l.Current).Text);
        var section = navs["管理のメニュー"];
        Assert.Equal(["職員", "ロール", "組織", "監査ログ", "バックグラウンド処理"], section.Select(l => l.Text));
        Assert.Equal("監査ログ", Assert.Single(section, l => l.Current).Text);
    }

    [Fact]
    public async Task Staff_without_admin_permissions_gets_only_what_they_may_open()
    {
        var navs = await NavsAsync("staff", "Staff-Demo-2025!", "/admin/jobs");

        var global = navs["グローバルメニュー"];
        Assert.DoesNotContain(global, l => l.Text == "予算編成");
        Assert.Equal("/admin/jobs", global.Single(l => l.Text == "管理").Href);
        // 管理 holds a single page for them (their own background jobs), so there is no section menu.
        Assert.DoesNotContain("管理のメニュー", navs.Keys);
    }
}
