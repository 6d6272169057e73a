using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Budget.Tests;

/// <summary>Ceilings, examiner scope, hearing and 収支状況 through the real host with the small demo (a host of their own).</summary>
public sealed class CycleHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string Token(string html) => Regex.Matches(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")[^1].Groups[1].Value;

    private async Task<(int Ward, int Bureau)> SubmittedRequestsAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
        var orgs = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.ParentId == null).ToDictionaryAsync(o => o.Id, o => o.Kind);
        var submitted = await db.Requests.Where(r => r.Year == 2027 && r.Status == RequestStatus.Submitted).Select(r => new { r.Id, r.Project!.OrgUnitId }).ToListAsync();
        return (submitted.First(r => orgs[r.OrgUnitId] == OrgKind.WardOffice).Id, submitted.First(r => orgs[r.OrgUnitId] != OrgKind.WardOffice).Id);
    }

    [Fact]
    public async Task An_examiner_reads_and_assesses_only_the_shozoku_in_their_charge_through_pages_and_api()
    {
        var (ward, bureau) = await SubmittedRequestsAsync();
        using var wards = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        using var bureaus = await host.SignInAsync("examiner2", "Examine2-Demo-2025!");
        Assert.Equal(HttpStatusCode.OK, (await wards.GetAsync(U($"/api/budget/requests/{ward}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wards.GetAsync(U($"/api/budget/requests/{bureau}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureaus.GetAsync(U($"/api/budget/requests/{bureau}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bureaus.GetAsync(U($"/api/budget/requests/{ward}"))).StatusCode);

        var page = await wards.GetAsync(U($"/budget/requests/{bureau}"));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("担当査定者ではない", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await wards.GetAsync(U($"/api/budget/requests/{bureau}/threads"))).StatusCode);

        var detail = await bureaus.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{bureau}"));
        var body = new
        {
            version = detail.GetProperty("version").GetInt64(),
            funding = new { national = 0, prefectural = 0, bonds = 0, otherSpecific = 0 },
            lines = detail.GetProperty("lines").EnumerateArray().Select(l => new { lineId = l.GetProperty("id").GetInt32(), version = l.GetProperty("version").GetInt64(), assessedAmount = 0L, decision = "Zero" }),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await wards.PostAsJsonAsync(U($"/api/budget/requests/{bureau}/assessment"), body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bureaus.PostAsJsonAsync(U($"/api/budget/requests/{bureau}/assessment"), body)).StatusCode);

        // The lists show the examiner's own 所属 only.
        var list = await wards.GetFromJsonAsync<JsonElement>(U("/api/budget/requests?year=2027"));
        Assert.DoesNotContain(list.EnumerateArray(), r => r.GetProperty("id").GetInt32() == bureau);
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetInt32() == ward);
        var projects = await wards.GetStringAsync(U("/budget/projects?year=2027&q=" + Uri.EscapeDataString(detail.GetProperty("project").GetString()!)));
        Assert.Contains("条件に合う予算事業はありません", WebUtility.HtmlDecode(projects), StringComparison.Ordinal);

        // The auditor reads everything and writes nothing.
        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(U($"/api/budget/requests/{bureau}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(U($"/api/budget/requests/{ward}/threads"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync(U($"/api/budget/requests/{ward}/threads"), new { subject = "x", body = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PutAsJsonAsync(U("/api/budget/ceilings?year=2027"), new { changes = Array.Empty<object>() })).StatusCode);
        var assignments = await auditor.GetFromJsonAsync<JsonElement>(U("/api/budget/examiners?year=2027"));
        Assert.Contains(assignments.EnumerateArray(), a => a.GetProperty("userName").GetString() == "examiner2");
    }

    [Fact]
    public async Task The_ceiling_pages_move_amounts_between_wards_and_export()
    {
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var before = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/ceilings?year=2027"));
        var wardTotal = before.GetProperty("wardTotal").GetInt64();
        var wards = before.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("isWard").GetBoolean()).Take(2).ToList();
        var page = await examiner.GetStringAsync(U("/budget/ceilings?year=2027"));
        Assert.Contains("id=\"ceiling-table\"", page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "transfer",
            ["__RequestVerificationToken"] = Token(page),
            ["from"] = wards[0].GetProperty("orgUnitId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = wards[1].GetProperty("orgUnitId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["amount"] = "1,000,000",
            ["reason"] = "ヒアリング結果による調整",
        });
        var posted = WebUtility.HtmlDecode(await (await examiner.PostAsync(U("/budget/ceilings?year=2027"), form)).Content.ReadAsStringAsync());
        Assert.Contains("1,000,000円を移しました", posted, StringComparison.Ordinal);
        Assert.Contains("ヒアリング結果による調整", posted, StringComparison.Ordinal);
        var after = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/ceilings?year=2027"));
        Assert.Equal(wardTotal, after.GetProperty("wardTotal").GetInt64());
        var moved = after.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("orgUnitId").GetInt32() == wards[0].GetProperty("orgUnitId").GetInt32());
        Assert.Equal(wards[0].GetProperty("limit").GetInt64() - 1_000_000, moved.GetProperty("limit").GetInt64());

        var csv = await examiner.GetAsync(U("/api/budget/ceilings?year=2027&format=csv"));
        Assert.StartsWith("所属コード,所属名,区,一般財源シーリング", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        var xlsx = await examiner.GetAsync(U("/api/budget/ceilings?year=2027&format=xlsx"));
        Assert.NotEmpty(XlsxCells.Read(await xlsx.Content.ReadAsByteArrayAsync()));

        var board = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/ceilings/board?year=2027&sort=-remaining")));
        Assert.Contains("aria-sort=\"descending\"", board, StringComparison.Ordinal);
        Assert.Contains("シーリングを超過している所属", board, StringComparison.Ordinal);

        // The demo's what-if plan compares with the adopted one.
        var plans = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/ceilings/plans?year=2027"));
        var plan = plans.EnumerateArray().First().GetProperty("id").GetInt32();
        var whatIf = WebUtility.HtmlDecode(await examiner.GetStringAsync(U($"/budget/ceilings?year=2027&plan={plan}")));
        Assert.Contains("id=\"ceiling-compare\"", whatIf, StringComparison.Ordinal);
        Assert.Contains("id=\"adopt-plan\"", whatIf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hearing_balance_and_the_new_pivot_axes_answer()
    {
        var (ward, _) = await SubmittedRequestsAsync();
        using var staff = await host.SignInAsync("budget", "Budget-Demo-2025!");
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var started = await examiner.PostAsJsonAsync(U($"/api/budget/requests/{ward}/threads"), new { subject = "HTTPの質問", body = "根拠を教えてください。" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var thread = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var mine = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/hearing/mine?year=2027"));
        Assert.Contains(mine.EnumerateArray(), t => t.GetProperty("threadId").GetInt32() == thread);
        var hearing = WebUtility.HtmlDecode(await examiner.GetStringAsync(U($"/budget/requests/{ward}/hearing")));
        Assert.Contains("HTTPの質問", hearing, StringComparison.Ordinal);
        var board = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget?year=2027")));
        Assert.Contains("未解決ヒアリング", board, StringComparison.Ordinal);
        var request = WebUtility.HtmlDecode(await examiner.GetStringAsync(U($"/budget/requests/{ward}")));
        Assert.Matches("財政局ヒアリング（未解決 [1-9][0-9]* 件）", request);

        var balance = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/balance?year=2027"));
        var total = balance.GetProperty("rows").EnumerateArray().Last();
        Assert.Equal(total.GetProperty("expenditure").GetInt64() - total.GetProperty("revenue").GetInt64(), total.GetProperty("gap").GetInt64());
        Assert.Contains("id=\"balance-table\"", await examiner.GetStringAsync(U("/budget/balance?year=2027")), StringComparison.Ordinal);
        Assert.Equal("text/csv", (await examiner.GetAsync(U("/api/budget/balance?year=2027&format=csv"))).Content.Headers.ContentType?.MediaType);
        foreach (var by in new[] { "account", "kou", "moku", "project", "nature", "purpose" })
        {
            var pivot = await examiner.GetFromJsonAsync<JsonElement>(U($"/api/budget/pivot?year=2027&by={by}"));
            Assert.True(pivot.GetProperty("rows").GetArrayLength() > 0, by);
        }

        var page = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/pivot?year=2027&by=project")));
        Assert.Contains("金額の大きい200件", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U("/api/budget/pivot?year=2027&by=org&stageId=999999"))).StatusCode);
        Assert.Contains("id=\"examiner-table\"", await staff.GetStringAsync(U("/budget/examiners?year=2027")), StringComparison.Ordinal);
    }
}
