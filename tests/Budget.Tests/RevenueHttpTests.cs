using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OsakaDx.Testing;

namespace OsakaDx.Budget.Tests;

/// <summary>歳入 requests through the real host with the small demo: pages (no-JS forms), API, reconciliation, pivots, 収支状況.</summary>
public sealed class RevenueHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private static string Location(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found, $"expected a redirect, got {(int)r.StatusCode}");
        var location = r.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [Fact]
    public async Task A_clerk_starts_and_fills_a_revenue_request_on_the_pages_and_the_examiner_in_charge_assesses_it()
    {
        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        var list = await clerk.GetStringAsync(U("/budget/revenue?year=2027"));
        Assert.Contains("id=\"revenue-table\"", list, StringComparison.Ordinal);
        var items = await clerk.GetFromJsonAsync<JsonElement>(U("/api/budget/revenue/items?year=2027"));
        var moku = items.EnumerateArray().First(i => i.GetProperty("moku").GetString() == "延滞金" && i.GetProperty("account").GetString() == "一般会計").GetProperty("id").GetInt32();

        // No 目 chosen: the error names the field and nothing is created.
        var refused = await Forms.PostAsync(clerk, "/budget/revenue?year=2027", list, new Dictionary<string, string> { ["_handler"] = "create", ["moku"] = "", ["project"] = "" });
        Assert.Contains("「歳入の目」を一覧から選んでください", Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var created = await Forms.PostAsync(clerk, "/budget/revenue?year=2027", list, new Dictionary<string, string> { ["_handler"] = "create", ["moku"] = moku.ToString(System.Globalization.CultureInfo.InvariantCulture), ["project"] = "" });
        var path = Location(created);
        Assert.Matches("^/budget/revenue/[0-9]+$", path);
        var id = int.Parse(path[(path.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        var edit = await clerk.GetStringAsync(U(path));
        var json = await clerk.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"));
        var version = json.GetProperty("summary").GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Draft(string item, string v) => new()
        {
            ["_handler"] = "draft", ["version"] = v, ["rows"] = "1", ["basis"] = "調定見込額 × 収納率", ["description"] = "市税の延滞金", ["amount"] = "0",
            ["item-0"] = item, ["formula-0"] = "調定見込額 × 収納率", ["price-0"] = "1,000,000", ["qty-0"] = "3", ["rate-0"] = "10", ["rate2-0"] = "100",
        };

        var bad = await Forms.PostAsync(clerk, path, edit, Draft("", version));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("1行目: 「積算項目」を入力してください。", Html(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, (await clerk.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"))).GetProperty("summary").GetProperty("requested").GetInt64());

        Assert.Equal($"/budget/revenue/{id}?saved=draft", Location(await Forms.PostAsync(clerk, path, edit, Draft("延滞金（現年分）", version))));
        var saved = await clerk.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"));
        Assert.Equal(300_000, saved.GetProperty("summary").GetProperty("requested").GetInt64());
        Assert.Equal("調定見込額 × 収納率", saved.GetProperty("lines")[0].GetProperty("formula").GetString());

        // The same form again (its version is stale): refused, the latest is shown.
        var stale = await Forms.PostAsync(clerk, path, edit, Draft("二重の保存", version));
        Assert.Contains("id=\"revenue-conflict\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // 所属承認 on the page by the approver, 提出 through the API by the clerk.
        using var approver = await host.SignInAsync("approver", "Approve-Demo-2025!");
        var approvePage = await approver.GetStringAsync(U(path));
        var current = saved.GetProperty("summary").GetProperty("version").GetInt64();
        Location(await Forms.PostAsync(approver, path, approvePage, new Dictionary<string, string> { ["_handler"] = "wf-Approve", ["version"] = current.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        current = (await clerk.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"))).GetProperty("summary").GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.PostAsJsonAsync(U($"/api/budget/revenue/{id}/transitions"), new { action = "Submit", version = current })).StatusCode);
        current = (await clerk.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"))).GetProperty("summary").GetProperty("version").GetInt64();

        // examiner2 is not in charge of the 区: 403 on read and 査定; examiner (the 24 区) 査定s.
        using var other = await host.SignInAsync("examiner2", "Examine2-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(U($"/api/budget/revenue/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync(U($"/api/budget/revenue/{id}/assessment"), new { version = current, assessedAmount = 1000, decision = "Adopted" })).StatusCode);
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var zero = await examiner.PostAsJsonAsync(U($"/api/budget/revenue/{id}/assessment"), new { version = current, assessedAmount = 1000, decision = "Zero" });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("ゼロ査定", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var assessPage = await examiner.GetStringAsync(U(path));
        Assert.Contains("id=\"revenue-assess\"", assessPage, StringComparison.Ordinal);
        Assert.Equal($"/budget/revenue/{id}?saved=assess", Location(await Forms.PostAsync(examiner, path, assessPage, new Dictionary<string, string>
        {
            ["_handler"] = "assess", ["version"] = current.ToString(System.Globalization.CultureInfo.InvariantCulture), ["assessed"] = "250,000", ["decision"] = "Held", ["comment"] = "収納率を精査",
        })));
        var assessed = await examiner.GetFromJsonAsync<JsonElement>(U($"/api/budget/revenue/{id}"));
        Assert.Equal(250_000, assessed.GetProperty("summary").GetProperty("assessed").GetInt64());
        Assert.Equal("課長査定", assessed.GetProperty("summary").GetProperty("status").GetString());

        // The auditor reads, without forms, and cannot write.
        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        var read = await auditor.GetStringAsync(U(path));
        Assert.DoesNotContain("id=\"revenue-assess\"", read, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"revenue-save\"", read, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync(U($"/api/budget/revenue/{id}/transitions"), new { action = "Confirm", version = assessed.GetProperty("summary").GetProperty("version").GetInt64() })).StatusCode);
    }

    [Fact]
    public async Task Reconciliation_revenue_pivots_balance_and_the_progress_board_answer()
    {
        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        Assert.Contains("id=\"reconcile-table\"", await auditor.GetStringAsync(U("/budget/revenue/reconcile?year=2027&all=true")), StringComparison.Ordinal);
        var csv = await auditor.GetAsync(U("/api/budget/revenue/reconcile?year=2027&format=csv"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = await auditor.GetFromJsonAsync<JsonElement>(U("/api/budget/revenue/reconcile?year=2027&all=true"));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("project").ValueKind == JsonValueKind.String);

        var list = await auditor.GetFromJsonAsync<JsonElement>(U("/api/budget/revenue?year=2027"));
        var requested = list.EnumerateArray().Sum(r => r.GetProperty("requested").GetInt64());
        Assert.True(requested > 0);
        foreach (var by in new[] { "account", "kan", "kou", "moku", "org", "funding" })
        {
            var pivot = await auditor.GetFromJsonAsync<JsonElement>(U($"/api/budget/pivot?year=2027&side=revenue&by={by}&stage=request"));
            Assert.Equal(requested, pivot.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("current").GetInt64()));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync(U("/api/budget/pivot?year=2027&side=revenue&by=setsu"))).StatusCode);
        var xlsx = await auditor.GetAsync(U("/api/budget/pivot?year=2027&side=revenue&by=kan&format=xlsx"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Contains("歳入 要求", Html(await auditor.GetStringAsync(U("/budget/pivot?year=2027&side=revenue&by=kan"))), StringComparison.Ordinal);

        var balance = await auditor.GetFromJsonAsync<JsonElement>(U("/api/budget/balance?year=2027"));
        var total = balance.GetProperty("revenue").GetProperty("rows").EnumerateArray().Last();
        Assert.Equal(requested, total.GetProperty("revenue").GetInt64());
        Assert.Equal(total.GetProperty("revenue").GetInt64() - total.GetProperty("expenditure").GetInt64(), total.GetProperty("balance").GetInt64());
        var page = Html(await auditor.GetStringAsync(U("/budget/balance?year=2027")));
        Assert.Contains("id=\"revenue-balance-table\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"revenue-balance-state\"", page, StringComparison.Ordinal);
        Assert.Contains("歳入の要求（提出済み / 件数）", Html(await auditor.GetStringAsync(U("/budget?year=2027"))), StringComparison.Ordinal);
    }
}
