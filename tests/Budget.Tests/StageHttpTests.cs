using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

/// <summary>Stages, comparison, the book, execution and the accounting export through the real host (a host of their own: these tests close stages).</summary>
public sealed class StageHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string Token(string html) => Regex.Matches(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")[^1].Groups[1].Value;

    [Fact]
    public async Task The_stage_pages_the_comparison_the_book_and_the_accounting_export_answer()
    {
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var stagesPage = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/stages?year=2027")));
        Assert.Contains("予算編成方針", stagesPage, StringComparison.Ordinal);
        Assert.Contains("「復活要求」を締め切る", stagesPage, StringComparison.Ordinal);
        Assert.Contains("予算の推移", stagesPage, StringComparison.Ordinal);

        var stages = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/stages?year=2027"));
        var closed = stages.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("closed").GetBoolean()).Select(s => s.GetProperty("code").GetString()).ToList();
        Assert.Equal(["request", "chief", "naiji"], closed);

        var compare = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/compare?year=2027&a=request&b=naiji&by=org")));
        Assert.Contains("所属別 「要求」と「内示」", compare, StringComparison.Ordinal);
        var json = await examiner.GetFromJsonAsync<JsonElement>(U("/api/budget/compare?year=2027&a=request&b=naiji&by=setsu"));
        Assert.Equal(json.GetProperty("totalA").GetInt64(), json.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("a").GetInt64()));
        var notClosed = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/compare?year=2027&a=request&b=adopted")));
        Assert.Contains("「確定」はまだ締め切られていない", notClosed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U("/api/budget/compare?year=2027&a=request&b=adopted"))).StatusCode);
        var csv = await examiner.GetAsync(U("/api/budget/compare?year=2027&a=request&b=naiji&by=project&format=csv"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);

        var book = await examiner.GetAsync(U("/api/budget/book?year=2027&stage=naiji"));
        Assert.Equal(HttpStatusCode.OK, book.StatusCode);
        Assert.Contains("事項別明細書 歳出", XlsxSheets.Names(await book.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U("/api/budget/book?year=2027&stage=確定"))).StatusCode);
        var pdf = await examiner.GetAsync(U("/api/budget/book?year=2027&stage=naiji&format=pdf"));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var pivot = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/pivot?year=2027&by=org")));
        Assert.Contains("id=\"pivot-chart\"", pivot, StringComparison.Ordinal);

        var accounting = await examiner.GetAsync(U("/api/budget/accounting.csv?year=2026"));
        Assert.Equal(HttpStatusCode.OK, accounting.StatusCode);
        Assert.StartsWith("年度,会計コード", (await accounting.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U("/api/budget/accounting.csv?year=2027"))).StatusCode);

        var board = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget?year=2027")));
        Assert.Contains("要求の締切: 2026年11月15日（締切済み）", board, StringComparison.Ordinal);
        Assert.Contains("提出状況", board, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_examiner_closes_a_stage_on_the_page_and_the_auditor_may_only_read()
    {
        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        var auditorPage = WebUtility.HtmlDecode(await auditor.GetStringAsync(U("/budget/stages?year=2027")));
        Assert.DoesNotContain("id=\"close-stage\"", auditorPage, StringComparison.Ordinal);
        Assert.Contains("締切済み", auditorPage, StringComparison.Ordinal);
        var stages = await auditor.GetFromJsonAsync<JsonElement>(U("/api/budget/stages?year=2027"));
        var revival = stages.GetProperty("stages").EnumerateArray().First(s => s.GetProperty("code").GetString() == "revival");
        var refused = await auditor.PostAsJsonAsync(U($"/api/budget/stages/{revival.GetProperty("id").GetInt32()}/close"), new { version = revival.GetProperty("version").GetInt64() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var page = await examiner.GetStringAsync(U("/budget/stages?year=2027"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "close",
            ["__RequestVerificationToken"] = Token(page),
            ["Close.StageId"] = revival.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Close.Version"] = revival.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var posted = WebUtility.HtmlDecode(await (await examiner.PostAsync(U("/budget/stages?year=2027"), form)).Content.ReadAsStringAsync());
        Assert.Contains("「復活要求」を締め切りました", posted, StringComparison.Ordinal);
        Assert.Contains("「局長査定」を締め切る", posted, StringComparison.Ordinal);

        await using var scope = host.Services.CreateAsyncScope();
        var closedBy = await scope.ServiceProvider.GetRequiredService<BudgetDb>().Stages.Where(s => s.Year == 2027 && s.Kind == StageKind.Revival).Select(s => s.ClosedBy).FirstAsync();
        Assert.Equal("examiner", closedBy);
    }

    [Fact]
    public async Task Execution_is_shown_by_org_and_project_and_an_import_on_the_page_is_all_or_nothing()
    {
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var page = WebUtility.HtmlDecode(await examiner.GetStringAsync(U("/budget/execution?year=2026")));
        Assert.Contains("基準日 2026年10月31日（年度の経過 7か月）", page, StringComparison.Ordinal);
        Assert.Matches("id=\"execution-total-rate\">[0-9]+\\.[0-9]%<", page);

        // Bad file: errors by line and column, nothing replaced.
        var before = await CountAsync(2026);
        var bad = await ImportAsync(examiner, "事業コード,節,予算現額,配当額,支出負担行為額,支出済額,調定額,収入済額\nW01-001,10,abc,0,0,0,0,0\n");
        Assert.Contains("2行目「予算現額」列", bad, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(2026));

        var good = await ImportAsync(examiner, "事業コード,節,予算現額,配当額,支出負担行為額,支出済額,調定額,収入済額\nW01-001,10,1000000,500000,400000,250000,0,0\n");
        Assert.Contains("1 行を取り込み", good, StringComparison.Ordinal);
        Assert.Contains("25.0%", good, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(2026));

        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        Assert.DoesNotContain("import-execution", await auditor.GetStringAsync(U("/budget/execution?year=2026")), StringComparison.Ordinal);
    }

    private async Task<int> CountAsync(int year)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BudgetDb>().Executions.CountAsync(e => e.Year == year);
    }

    private static async Task<string> ImportAsync(HttpClient client, string csv)
    {
        var page = await client.GetStringAsync(U("/budget/execution?year=2026"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("2026"), "year" },
            { new StringContent("2026-09-30"), "AsOf" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "File", "exec.csv");
        return WebUtility.HtmlDecode(await (await client.PostAsync(U("/budget/execution?year=2026"), form)).Content.ReadAsStringAsync());
    }
}
