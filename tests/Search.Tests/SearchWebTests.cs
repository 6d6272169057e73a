using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>The real host in demo mode: the demo share is searchable at start, through the page and the API, with each user's permissions.</summary>
public sealed partial class SearchWebTests(SearchWebTests.Host host) : IClassFixture<SearchWebTests.Host>
{
    [Fact]
    public async Task A_department_only_source_is_found_by_its_department_and_by_nobody_else()
    {
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");  // 北区役所 総務課
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");  // デジタル統括室

        Assert.Equal(1, await TotalAsync(staff, "窓口混雑"));
        Assert.Equal(0, await TotalAsync(admin, "窓口混雑"));
        Assert.Equal(0, await TotalAsync(staff, "取扱注意"));  // file mode 0600: nobody (its folder, mode 755, is listed like ls would)
        Assert.Equal(0, await TotalAsync(admin, "取扱注意"));

        var suggestions = await admin.GetStringAsync(new Uri("/api/search/suggest?q=" + Uri.EscapeDataString("窓口混雑"), UriKind.Relative));
        Assert.Equal("[]", suggestions);
        Assert.Contains("窓口混雑状況", await staff.GetStringAsync(new Uri("/api/search/suggest?q=" + Uri.EscapeDataString("窓口混雑"), UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_works_as_a_plain_GET_form_with_highlighted_snippets()
    {
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");
        var response = await staff.GetAsync(new Uri("/search?q=" + Uri.EscapeDataString("空港") + "&sort=date", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"get\" action=\"/search\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>空港</mark>", html, StringComparison.Ordinal);
        Assert.Contains("関西国際空港", html, StringComparison.Ordinal);
        Assert.Contains("件（1–", html, StringComparison.Ordinal);

        var bad = await (await staff.GetAsync(new Uri("/search?q=x&from=2025-13-45", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("「更新日（から）」は 2025-04-01 の形の日付で入力してください", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_refuses_anonymous_callers()
    {
        var anonymous = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync(new Uri("/api/search?q=" + Uri.EscapeDataString("予算"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<long> TotalAsync(HttpClient client, string query)
    {
        var json = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=" + Uri.EscapeDataString(query), UriKind.Relative));
        return json.GetProperty("total").GetInt64();
    }

    public sealed class Host : WebApplicationFactory<Program>
    {
        private readonly string data = Directory.CreateTempSubdirectory("osakadx-search-web-").FullName;

        public async Task<HttpClient> SignInAsync(string user, string password)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var html = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
            var page = Regex.Matches(html, "<form.*?</form>", RegexOptions.Singleline, TimeSpan.FromSeconds(1))
                .Select(m => m.Value).First(f => f.Contains("name=\"_handler\" value=\"login\"", StringComparison.Ordinal));
            var fields = HiddenInput().Matches(page).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
            fields.Add(new(NameOf(page, "UserName"), user));
            fields.Add(new(NameOf(page, "Password"), password));
            using var form = new FormUrlEncodedContent(fields);
            var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OsakaDx:DataPath", data);
            builder.UseSetting("OsakaDx:Jobs:Enabled", "false");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS.
            }
        }

        private static string NameOf(string html, string id) =>
            Regex.Match(html, $"<input[^>]*id=\"{id}\"[^>]*name=\"(?<n>[^\"]+)\"|<input[^>]*name=\"(?<n>[^\"]+)\"[^>]*id=\"{id}\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["n"].Value;
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]*)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.None, 1000)]
    private static partial Regex HiddenInput();
}
