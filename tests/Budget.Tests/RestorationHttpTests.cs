using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Data;
using OsakaDx.Testing;

namespace OsakaDx.Budget.Tests;

/// <summary>復活要求 through the real host (demo data of 2027, 内示 closed): the no-JS forms, the API, 403 and 409.</summary>
public sealed class RestorationHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task The_clerk_files_on_the_page_the_examiner_answers_over_the_API_and_others_are_refused()
    {
        // A request of W01 (the demo clerk's 所属, in the demo examiner's charge) cut at the 内示.
        int id;
        long cost, assessed;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var w01 = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code == "W01").Select(o => o.Id).FirstAsync();
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            var r = await db.Requests.AsNoTracking().Where(x => x.Year == 2027 && x.Status == RequestStatus.Assessed && x.Project!.OrgUnitId == w01 && x.AssessedCost < x.Cost - 10_000)
                .OrderBy(x => x.Id).FirstAsync();
            (id, cost, assessed) = (r.Id, r.Cost, r.AssessedCost!.Value);
        }

        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var pageUrl = $"/budget/requests/{id}/restoration";
        var page = await clerk.GetStringAsync(U(pageUrl));
        Assert.Contains("id=\"restoration-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"answer-form\"", await examiner.GetStringAsync(U(pageUrl)), StringComparison.Ordinal);

        // The form without JavaScript: a bad amount and no reason are named, nothing written.
        Dictionary<string, string> Form(string amount, string reason, string version = "0") => new() { ["_handler"] = "restoration-file", ["version"] = version, ["amount"] = amount, ["reason"] = reason };
        var bad = await Forms.PostAsync(clerk, pageUrl, page, Form("百円", ""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("「復活要求額」は整数で入力してください", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var over = await Forms.PostAsync(clerk, pageUrl, page, Form((cost - assessed + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ""));
        var overHtml = WebUtility.HtmlDecode(await over.Content.ReadAsStringAsync());
        Assert.Contains("要求額と査定額の差", overHtml, StringComparison.Ordinal);
        Assert.Contains("「復活要求の理由」を入力してください", overHtml, StringComparison.Ordinal);
        var ok = await Forms.PostAsync(clerk, pageUrl, page, Form("10,000", "利用者が見込みより増えたため"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var okHtml = WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync());
        Assert.Contains("復活要求を提出しました", okHtml, StringComparison.Ordinal);
        Assert.Contains("利用者が見込みより増えたため", okHtml, StringComparison.Ordinal);

        // A second filing from the old page (version 0) is a conflict, on the page and over the API.
        Assert.Equal(HttpStatusCode.Conflict, (await Forms.PostAsync(clerk, pageUrl, page, Form("5,000", "二重"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync(U($"/api/budget/requests/{id}/restoration"), new { version = 0, amount = 5000, reason = "二重" })).StatusCode);

        // The examiner may not file; the list shows it to the examiner in charge, not to the other examiner.
        Assert.Equal(HttpStatusCode.Forbidden, (await examiner.PostAsJsonAsync(U($"/api/budget/requests/{id}/restoration"), new { version = 0, amount = 5000, reason = "x" })).StatusCode);
        var list = await examiner.GetFromJsonAsync<List<Row>>(U("/api/budget/restorations?year=2027&state=Filed"));
        var row = Assert.Single(list!, r => r.RequestId == id);
        Assert.Equal(10_000, row.Amount);
        using var examiner2 = await host.SignInAsync("examiner2", "Examine2-Demo-2025!");
        Assert.DoesNotContain((await examiner2.GetFromJsonAsync<List<Row>>(U("/api/budget/restorations?year=2027")))!, r => r.RequestId == id);
        var listPage = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/restorations?year=2027&state=Filed")));
        Assert.Contains($"/budget/requests/{id}/restoration", listPage, StringComparison.Ordinal);

        // Answering waits for the 局長査定 stage: 403 now; then the 財政局 closes 復活要求.
        var answerUrl = U($"/api/budget/restorations/{row.Id}/answer");
        Assert.Equal(HttpStatusCode.Forbidden, (await examiner.PostAsJsonAsync(answerUrl, new { version = row.Version, decision = "Grant", grantedAmount = 4000 })).StatusCode);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stages = scope.ServiceProvider.GetRequiredService<StageService>();
            var revival = (await stages.FindAsync(2027, StageKind.Revival, 0))!;
            var admin = new BudgetUser("admin", new HashSet<string>([BudgetPermissions.Admin, BudgetPermissions.Review], StringComparer.Ordinal), null);
            Assert.True((await stages.CloseAsync(admin, revival.Id, revival.Version)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await examiner2.PostAsJsonAsync(answerUrl, new { version = row.Version, decision = "Grant", grantedAmount = 4000 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await examiner.PostAsJsonAsync(answerUrl, new { version = row.Version + 5, decision = "Grant", grantedAmount = 4000 })).StatusCode);

        // The examiner answers on the page (no JavaScript): 認める 4,000円 raises the 査定額 by that much.
        var answerPage = await examiner.GetStringAsync(U(pageUrl));
        Assert.Contains("id=\"answer-form\"", answerPage, StringComparison.Ordinal);
        var answered = await Forms.PostAsync(examiner, pageUrl, answerPage, new Dictionary<string, string>
        {
            ["_handler"] = "restoration-answer", ["version"] = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["decision"] = "Grant", ["granted"] = "4,000", ["comment"] = "一部を認める",
        });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("査定額に加算しました", WebUtility.HtmlDecode(await answered.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var after = await scope.ServiceProvider.GetRequiredService<BudgetDb>().Requests.AsNoTracking().FirstAsync(r => r.Id == id);
            Assert.Equal(assessed + 4_000, after.AssessedCost);
        }

        // Answered: the clerk can no longer withdraw it.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.DeleteAsync(U($"/api/budget/requests/{id}/restoration?version={row.Version + 1}"))).StatusCode);
    }

    private sealed record Row(int Id, int RequestId, long Amount, long Version);
}
