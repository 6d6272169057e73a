using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

[Collection(HostGroup.Name)]
public sealed class HostTests(HostFixture host)
{
    private static async Task<string> Html(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_department_user_sees_the_city_dashboard_with_suppressed_cells_and_drills_down_to_a_ward()
    {
        using var client = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        var city = await Html(await client.GetAsync(new Uri("/insight", UriKind.Relative)));
        Assert.Contains("統計ダッシュボード：大阪市", city, StringComparison.Ordinal);
        Assert.Contains("人口ピラミッド", city, StringComparison.Ordinal);
        Assert.Contains("20,000人", city, StringComparison.Ordinal); // the demo city's population, a published cell
        Assert.Contains("/insight?ward=271080", city, StringComparison.Ordinal); // 大正区 tile and table row link down
        Assert.Contains("世帯人員別の世帯数", city, StringComparison.Ordinal);

        var ward = await Html(await client.GetAsync(new Uri("/insight?ward=271080", UriKind.Relative)));
        Assert.Contains("統計ダッシュボード：大正区", ward, StringComparison.Ordinal);
        Assert.Contains("大正区 第001町丁目", ward, StringComparison.Ordinal);
        Assert.Contains("<span class=\"insight-x\">X</span>", ward, StringComparison.Ordinal);
        Assert.Contains("/insight/csv/aging?ward=271080", ward, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_builder_shows_X_names_the_missing_field_and_its_csv_and_api_agree()
    {
        using var client = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        const string Q = "measure=population&rows=chocho&cols=age5&ward=271080&sex=2";
        var page = await Html(await client.GetAsync(new Uri($"/insight/query?{Q}", UriKind.Relative)));
        Assert.Contains("人口（人）（町丁目（区を選んだとき） × 年齢5歳階級）：大正区・女", page, StringComparison.Ordinal);
        Assert.Contains("insight-x", page, StringComparison.Ordinal);

        var missing = await Html(await client.GetAsync(new Uri("/insight/query?measure=population&rows=chocho", UriKind.Relative)));
        Assert.Contains("町丁目別にするときは「区」を選んでください。", missing, StringComparison.Ordinal);
        Assert.Contains("href=\"/insight/query?measure=population&rows=chocho#ward\"", missing.Replace("&amp;", "&", StringComparison.Ordinal), StringComparison.Ordinal);

        var csv = CsvReader.Read(new MemoryStream(await client.GetByteArrayAsync(new Uri($"/insight/query.csv?{Q}", UriKind.Relative))));
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/insight/query?{Q}", UriKind.Relative)));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(csv.Rows.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var values = rows[r].GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(csv.Rows[r].Fields.Skip(1), values);
        }

        Assert.Contains(csv.Rows, r => r.Fields.Contains("X"));
        // No cell anywhere is a small number: every value is X, 0 or at least the threshold.
        Assert.All(csv.Rows.SelectMany(r => r.Fields.Skip(1)), f => Assert.True(f == "X" || long.Parse(f, System.Globalization.CultureInfo.InvariantCulture) is 0 or >= 10, f));
    }

    [Fact]
    public async Task The_api_needs_the_permission_and_the_export_needs_its_own()
    {
        using (var anonymous = host.Client())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/insight/query?measure=population&rows=ward", UriKind.Relative))).StatusCode);
            var page = await anonymous.GetAsync(new Uri("/insight", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }

        using (var business = await host.SignInAsync("jigyosha", "Jigyo-Demo-2025!"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await business.GetAsync(new Uri("/api/insight/dashboard/pyramid", UriKind.Relative))).StatusCode);
        }

        using var analyst = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync(new Uri("/api/insight/dashboard/pyramid?ward=271021", UriKind.Relative))).StatusCode);
        var invalid = await analyst.GetAsync(new Uri("/api/insight/query?measure=households&rows=age5", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("「行」に「年齢5歳階級」は使えません", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.GetAsync(new Uri("/insight/export.csv", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.GetAsync(new Uri("/api/insight/runs", UriKind.Relative))).StatusCode);

        using var officer = await host.SignInAsync("tokei", "Tokei-Demo-2025!");
        var export = await officer.GetAsync(new Uri("/insight/export.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var table = CsvReader.Read(await export.Content.ReadAsStreamAsync());
        Assert.All(table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["地域"], r["国籍区分"])), g => Assert.True(g.Count() >= 5, $"{g.Key}: {g.Count()}"));
        using var runs = JsonDocument.Parse(await officer.GetStringAsync(new Uri("/api/insight/runs", UriKind.Relative)));
        Assert.Equal("succeeded", runs.RootElement[0].GetProperty("status").GetString());
        Assert.True(runs.RootElement[0].GetProperty("report").GetProperty("kReached").GetInt32() >= 5);
        var pdf = await officer.GetAsync(new Uri($"/insight/runs/{runs.RootElement[0].GetProperty("id").GetInt32()}/report.pdf", UriKind.Relative));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 5), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.GetAsync(new Uri("/insight/runs/1/report.pdf", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Every_query_is_audited_and_counted_for_the_department()
    {
        using var client = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        await client.GetStringAsync(new Uri("/api/insight/dashboard/households?ward=271161", UriKind.Relative));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDb>();
            Assert.True(await platform.AuditEntries.AnyAsync(a => a.Module == "insight" && a.Actor == "bunseki" && a.Detail!.Contains("dashboard/households 271161")));
            var health = await platform.OrgUnits.SingleAsync(o => o.Name == "健康局");
            Assert.True(await scope.ServiceProvider.GetRequiredService<InsightDb>().QueryLog.AnyAsync(q => q.UserName == "bunseki" && q.OrgUnitId == health.Id));
        }

        using var officer = await host.SignInAsync("tokei", "Tokei-Demo-2025!");
        var page = await Html(await officer.GetAsync(new Uri("/insight/runs", UriKind.Relative)));
        Assert.Contains("<th scope=\"row\">健康局</th>", page, StringComparison.Ordinal);
        Assert.Contains("取込 1: 合成データ（20,000人, seed 2026）", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_query_is_shared_with_the_chosen_department_only()
    {
        using var client = await host.SignInAsync("tokei", "Tokei-Demo-2025!");
        const string Q = "measure=households&rows=ward&cols=size";
        var form = await client.GetStringAsync(new Uri($"/insight/query?{Q}", UriKind.Relative));
        int health;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            health = (await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.SingleAsync(o => o.Name == "健康局")).Id;
        }

        var response = await client.PostAsync(new Uri($"/insight/query?{Q}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "save-dashboard",
            ["__RequestVerificationToken"] = HostFixture.Token(form),
            ["title"] = "区別・世帯人員別の世帯数（共有テスト）",
            ["share"] = health.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var saved = await Html(response);
        Assert.Contains("「区別・世帯人員別の世帯数（共有テスト）」を保存しました", saved, StringComparison.Ordinal);

        using var analyst = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        var list = await Html(await analyst.GetAsync(new Uri("/insight/query", UriKind.Relative)));
        Assert.Contains("区別・世帯人員別の世帯数（共有テスト）", list, StringComparison.Ordinal);
        using var other = await host.SignInAsync("kankyo", "Kankyo-Demo-2025!");
        // 環境局's carbon user has no insight.view at all: turned away from the page.
        var denied = await other.GetAsync(new Uri("/insight/query", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("denied", denied.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_saved_view_is_edited_reshared_and_deleted_by_its_owner_only_and_audited()
    {
        using var owner = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        const string Q = "measure=population&rows=ward&cols=sex";
        var form = await owner.GetStringAsync(new Uri($"/insight/query?{Q}", UriKind.Relative));
        var response = await owner.PostAsync(new Uri($"/insight/query?{Q}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "save-dashboard", ["__RequestVerificationToken"] = HostFixture.Token(form), ["title"] = "編集テスト",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        int id, fukushi;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<InsightDb>().Dashboards.Where(d => d.Title == "編集テスト").Select(d => d.Id).SingleAsync();
            fukushi = (await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.SingleAsync(o => o.Name == "福祉局")).Id;
        }

        // Someone else cannot open the edit page.
        using var other = await host.SignInAsync("tokei", "Tokei-Demo-2025!");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/insight/views/{id}", UriKind.Relative))).StatusCode);
        using var welfare = await host.SignInAsync("fukushi", "Fukushi-Demo-2025!");
        Assert.DoesNotContain("編集テスト", await welfare.GetStringAsync(new Uri("/insight/query", UriKind.Relative)), StringComparison.Ordinal);

        var edit = await owner.GetStringAsync(new Uri($"/insight/views/{id}", UriKind.Relative));
        var version = System.Text.RegularExpressions.Regex.Match(edit, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "edit-view", ["__RequestVerificationToken"] = HostFixture.Token(edit), ["version"] = version,
            ["title"] = "編集テスト（福祉局と共有）", ["query"] = "measure=population&rows=ward&cols=age3", ["share"] = fukushi.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var bad = await Html(await owner.PostAsync(new Uri($"/insight/views/{id}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["query"] = "rows=ward" })));
        Assert.Contains("「集計の条件」は集計ツールのURLの ? より後ろ", bad, StringComparison.Ordinal);
        var saved = await owner.PostAsync(new Uri($"/insight/views/{id}", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stale = await Html(await owner.PostAsync(new Uri($"/insight/views/{id}", UriKind.Relative), new FormUrlEncodedContent(fields)));
        Assert.Contains("ほかの画面でこの集計が変更されています", stale, StringComparison.Ordinal);

        // Now shared with 福祉局, with the new query.
        var list = WebUtility.HtmlDecode(await welfare.GetStringAsync(new Uri("/insight/query", UriKind.Relative)));
        Assert.Contains("編集テスト（福祉局と共有）", list, StringComparison.Ordinal);
        Assert.Contains("cols=age3", list, StringComparison.Ordinal);

        edit = await owner.GetStringAsync(new Uri($"/insight/views/{id}", UriKind.Relative));
        version = System.Text.RegularExpressions.Regex.Match(edit, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var deleted = await owner.PostAsync(new Uri($"/insight/views/{id}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "delete-view", ["__RequestVerificationToken"] = HostFixture.Token(edit), ["version"] = version,
        }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("編集テスト", await welfare.GetStringAsync(new Uri("/insight/query", UriKind.Relative)), StringComparison.Ordinal);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<InsightDb>().Dashboards.AnyAsync(d => d.Id == id));
            var audit = await scope.ServiceProvider.GetRequiredService<PlatformDb>().AuditEntries.Where(a => a.Actor == "bunseki" && a.EntityType!.Contains("SavedDashboard")).CountAsync();
            Assert.True(audit >= 3, $"{audit} audit entries for the saved view"); // created, changed, deleted
        }
    }

    [Fact]
    public async Task No_page_or_api_answer_contains_a_person_id_or_household_number()
    {
        using var client = await host.SignInAsync("tokei", "Tokei-Demo-2025!");
        var bodies = new StringBuilder();
        foreach (var url in new[] { "/insight", "/insight?ward=271021", "/insight/query?measure=events&rows=fy&ward=271021", "/insight/runs", "/api/insight/dashboard/aging", "/insight/export.csv" })
        {
            bodies.Append(await client.GetStringAsync(new Uri(url, UriKind.Relative)));
        }

        // The generator's ids are R + 10 digits and H + 9 digits.
        Assert.DoesNotMatch(@"R\d{10}|H\d{9}", bodies.ToString());
    }
}
