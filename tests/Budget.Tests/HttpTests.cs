using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

/// <summary>The real host (pages, API, sign-in, antiforgery) with the small demo, shared by the tests of this class.</summary>
public sealed class HttpHost : WebApplicationFactory<Program>
{
    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-budget-http-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OsakaDx:DataPath", DataPath);
        builder.UseSetting("OsakaDx:Budget:DemoYear", "2027");
        builder.UseSetting("OsakaDx:Jobs:Enabled", "false");
    }

    public async Task<HttpClient> SignInAsync(string user, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = Regex.Matches(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")[^1].Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        });
        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // left under /tmp
        }
    }
}

public sealed class HttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private async Task<int> OrgIdAsync(string code)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code == code).Select(o => o.Id).FirstAsync();
    }

    [Fact]
    public async Task Staff_of_the_shozoku_edit_through_the_api_and_conflicts_and_roles_are_enforced()
    {
        using var staff = await host.SignInAsync("budget", "Budget-Demo-2025!");
        var org = await OrgIdAsync("W01");
        var list = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests?year=2027&org={org}"));
        var draft = list.EnumerateArray().First(r => r.GetProperty("status").GetString() == "作成中");
        var id = draft.GetProperty("id").GetInt32();
        var detail = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{id}"));
        var version = detail.GetProperty("version").GetInt64();
        var lines = detail.GetProperty("lines").EnumerateArray().Select(l => new
        {
            id = l.GetProperty("id").GetInt32(), version = l.GetProperty("version").GetInt64(), setsuId = l.GetProperty("setsuId").GetInt32(),
            item = l.GetProperty("item").GetString(), unitPrice = l.GetProperty("unitPrice").GetInt64(), quantity = l.GetProperty("quantity").GetInt64(), times = l.GetProperty("times").GetInt64(),
        }).ToList();
        var cost = detail.GetProperty("cost").GetInt64();

        var negative = await staff.PutAsJsonAsync(U($"/api/budget/requests/{id}"), new { version, funding = new { national = cost + 1, prefectural = 0, bonds = 0, otherSpecific = 0 }, lines });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("一般財源", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await staff.PutAsJsonAsync(U($"/api/budget/requests/{id}"), new { version, purpose = "APIから保存", funding = new { national = 1000, prefectural = 0, bonds = 0, otherSpecific = 0 }, lines });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        var stale = await staff.PutAsJsonAsync(U($"/api/budget/requests/{id}"), new { version, funding = new { national = 0, prefectural = 0, bonds = 0, otherSpecific = 0 }, lines });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var after = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{id}"));
        Assert.Equal(cost - 1000, after.GetProperty("funding").GetProperty("general").GetInt64());

        // The 予算担当 cannot approve for the 所属; the page shows the 調書 with its 一般財源.
        var approve = await staff.PostAsJsonAsync(U($"/api/budget/requests/{id}/transitions"), new { action = "Approve", version = version + 1 });
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        var html = WebUtility.HtmlDecode(await staff.GetStringAsync(U($"/budget/requests/{id}")));
        Assert.Contains("予算要求調書", html, StringComparison.Ordinal);
        Assert.Contains($"{cost - 1000:#,##0}円（事業費－特定財源）", html, StringComparison.Ordinal);

        using var approver = await host.SignInAsync("approver", "Approve-Demo-2025!");
        var approved = await approver.PostAsJsonAsync(U($"/api/budget/requests/{id}/transitions"), new { action = "Approve", version = version + 1 });
        Assert.Equal(HttpStatusCode.NoContent, approved.StatusCode);
    }

    [Fact]
    public async Task Downloads_and_pages_answer_and_anonymous_callers_are_refused()
    {
        using var anonymous = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(U("/api/budget/pivot?year=2027"))).StatusCode);

        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        foreach (var page in new[] { "/budget", "/budget/projects?year=2027", "/budget/pivot?year=2027&by=setsu&stage=assessed", "/budget/masters" })
        {
            var response = await examiner.GetAsync(U(page));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
        }

        var xlsx = await examiner.GetAsync(U("/api/budget/pivot?year=2027&by=kan&format=xlsx"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var sheet = await examiner.GetAsync(U("/api/budget/sheet?year=2027&project=W01-001"));
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var rows = XlsxCells.Read(await sheet.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows.Values, r => r.GetValueOrDefault("B") == "W01-001");
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U("/api/budget/sheet?year=2027&project=NONE"))).StatusCode);
    }
}
