using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OsakaDx.Search.Tests;

/// <summary>The query side through the real host in demo mode: preview, click log, synonyms, analytics, permissions on each.</summary>
public sealed partial class SearchQueryWebTests(SearchWebTests.Host host) : IClassFixture<SearchWebTests.Host>
{
    [Fact]
    public async Task Results_link_through_the_click_log_to_a_preview_only_the_reader_can_open()
    {
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");  // 北区役所
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");  // デジタル統括室

        var html = await staff.GetStringAsync(new Uri("/search?q=" + Uri.EscapeDataString("窓口混雑"), UriKind.Relative));
        var open = WebUtility.HtmlDecode(OpenLink().Match(html).Value);
        Assert.StartsWith("/search/open?key=", open, StringComparison.Ordinal);
        Assert.Contains("&log=", open, StringComparison.Ordinal);
        Assert.DoesNotContain("&log=0&", open, StringComparison.Ordinal);

        var redirect = await staff.GetAsync(new Uri(open, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var preview = redirect.Headers.Location!.OriginalString;
        Assert.StartsWith("/search/preview?key=", preview, StringComparison.Ordinal);
        var page = await staff.GetStringAsync(new Uri(preview, UriKind.Relative));
        Assert.Contains("窓口の混雑状況と待ち時間", page, StringComparison.Ordinal);
        Assert.Contains("抽出テキスト", page, StringComparison.Ordinal);

        // The same links for someone who may not read the file: 404 everywhere, no text.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri(open, UriKind.Relative))).StatusCode);
        var denied = await admin.GetAsync(new Uri(preview, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain("待ち時間", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var key = Uri.UnescapeDataString(preview["/search/preview?key=".Length..].Split('&')[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/search/document?key=" + Uri.EscapeDataString(key), UriKind.Relative))).StatusCode);
        var document = await staff.GetFromJsonAsync<JsonElement>(new Uri("/api/search/document?key=" + Uri.EscapeDataString(key), UriKind.Relative));
        Assert.Contains("待ち時間", document.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Opening the file itself redirects to a file: URL.
        var file = await staff.GetAsync(new Uri(open.Replace("to=preview", "to=file", StringComparison.Ordinal), UriKind.Relative));
        Assert.StartsWith("file:///", file.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The click counts in the analytics (admins only).
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(new Uri("/api/search/stats", UriKind.Relative))).StatusCode);
        var stats = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/search/stats", UriKind.Relative));
        Assert.True(stats.GetProperty("searches").GetInt64() >= 1);
        Assert.True(stats.GetProperty("clickThroughRate").GetDouble() > 0);
    }

    [Fact]
    public async Task The_seeded_synonyms_apply_and_the_admin_pages_show_the_dictionary_and_the_usage()
    {
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");

        var json = await staff.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=" + Uri.EscapeDataString("財局 予算要求"), UriKind.Relative));
        Assert.Contains("財局 → 財政局", json.GetProperty("synonyms").EnumerateArray().Select(e => e.GetString()));
        Assert.True(json.GetProperty("total").GetInt64() > 0);
        Assert.NotEmpty(json.GetProperty("departments").EnumerateArray());

        var synonyms = await admin.GetStringAsync(new Uri("/search/admin/synonyms", UriKind.Relative));
        Assert.Contains("予算書 ⇔ 予算説明書", synonyms, StringComparison.Ordinal);
        var refused = await staff.GetAsync(new Uri("/search/admin/synonyms", UriKind.Relative)); // pages send the staff member to the access-denied page
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.DoesNotContain("synonyms", refused.Headers.Location!.OriginalString.Split('?')[0], StringComparison.Ordinal);

        await staff.GetStringAsync(new Uri("/search?q=" + Uri.EscapeDataString("存在しない語xyz"), UriKind.Relative));
        var analytics = await admin.GetStringAsync(new Uri("/search/admin/analytics", UriKind.Relative));
        Assert.Contains("存在しない語xyz", analytics, StringComparison.Ordinal);
        var csv = await admin.GetAsync(new Uri("/search/admin/analytics.csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("検索利用状況.csv", csv.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("0件だった語,存在しない語xyz", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_department_filter_keeps_one_department_and_rejects_garbage()
    {
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");
        var all = await staff.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=" + Uri.EscapeDataString("予算要求"), UriKind.Relative));
        var departments = all.GetProperty("departments").EnumerateArray().ToList();
        Assert.True(departments.Count >= 2, all.ToString());
        var kita = departments.Single(d => d.GetProperty("name").GetString() == "北区役所");
        var only = await staff.GetFromJsonAsync<JsonElement>(new Uri($"/api/search?q={Uri.EscapeDataString("予算要求")}&dept={kita.GetProperty("orgUnitId").GetInt32()}", UriKind.Relative));
        Assert.Equal(kita.GetProperty("count").GetInt64(), only.GetProperty("total").GetInt64());
        Assert.True(only.GetProperty("total").GetInt64() < all.GetProperty("total").GetInt64());

        var bad = await staff.GetAsync(new Uri("/api/search?q=x&dept=abc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("「所属」は一覧から選んでください", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("/search/open\\?key=[^\"]+to=preview", RegexOptions.None, 1000)]
    private static partial Regex OpenLink();
}
