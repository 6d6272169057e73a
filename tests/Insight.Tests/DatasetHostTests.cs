using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

/// <summary>Department datasets through the real host: who sees what (a matrix), the upload and settings pages, the job, the audit.</summary>
[Collection(HostGroup.Name)]
public sealed class DatasetHostTests(HostFixture host)
{
    private async Task<int> DemoDatasetIdAsync()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InsightDb>();
        return await db.Datasets.Where(d => d.Title == DemoDataset.Title).Select(d => d.Id).SingleAsync();
    }

    public static TheoryData<string, string, bool, bool> Matrix => new()
    {
        // user, password, sees the dataset (owner 健康局, shared with デジタル統括室), may export its microdata
        { "bunseki", "Bunseki-Demo-2025!", true, false },
        { "tokei", "Tokei-Demo-2025!", true, true },
        { "fukushi", "Fukushi-Demo-2025!", false, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Only_the_owner_and_the_departments_it_is_shared_with_see_a_dataset_anywhere(string user, string password, bool sees, bool exports)
    {
        var id = await DemoDatasetIdAsync();
        using var client = await host.SignInAsync(user, password);
        var ok = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;

        var list = await client.GetStringAsync(new Uri("/api/insight/datasets", UriKind.Relative));
        Assert.Equal(sees, JsonDocument.Parse(list).RootElement.EnumerateArray().Any(d => d.GetProperty("id").GetInt32() == id));
        var listPage = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/insight/datasets", UriKind.Relative)));
        Assert.Equal(sees, listPage.Contains(DemoDataset.Title, StringComparison.Ordinal));

        Assert.Equal(ok, (await client.GetAsync(new Uri($"/api/insight/datasets/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(ok, (await client.GetAsync(new Uri($"/api/insight/datasets/{id}/query?rows=町丁目コード&cols=性別", UriKind.Relative))).StatusCode);
        Assert.Equal(ok, (await client.GetAsync(new Uri($"/insight/datasets/{id}/query.csv?rows=年齢", UriKind.Relative))).StatusCode);
        var page = await client.GetAsync(new Uri($"/insight/datasets/{id}?rows=年齢", UriKind.Relative));
        Assert.Equal(ok, page.StatusCode);
        Assert.Equal(sees, (await page.Content.ReadAsStringAsync()).Contains("result-table", StringComparison.Ordinal));

        var export = await client.GetAsync(new Uri($"/insight/datasets/{id}/export.csv", UriKind.Relative));
        Assert.Equal(exports, export.StatusCode == HttpStatusCode.OK);
        if (exports)
        {
            // k proven on what leaves: grouped by the quasi-identifiers, every class has at least k = 5 rows.
            var table = CsvReader.Read(await export.Content.ReadAsStreamAsync());
            Assert.All(table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["町丁目コード"], r["受診日"])), g => Assert.True(g.Count() >= 5, $"{g.Key}: {g.Count()}"));
            Assert.DoesNotContain("受診者番号", table.Headers);
            Assert.DoesNotContain("氏名", table.Headers);
        }
    }

    [Fact]
    public async Task Dataset_queries_are_audited_and_counted_for_the_department()
    {
        var id = await DemoDatasetIdAsync();
        using var client = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/insight/datasets/{id}/query?rows=町丁目コード&measure=BMI", UriKind.Relative)));
        Assert.Contains("BMIの合計", json.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        var bad = await client.GetAsync(new Uri($"/api/insight/datasets/{id}/query?rows=氏名", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("「行」を一覧から選んでください。", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDb>();
        Assert.True(await platform.AuditEntries.AnyAsync(a => a.Module == "insight" && a.Actor == "bunseki" && a.Detail!.Contains($"dataset {id} api")));
        var health = await platform.OrgUnits.SingleAsync(o => o.Name == "健康局");
        Assert.True(await scope.ServiceProvider.GetRequiredService<InsightDb>().QueryLog.AnyAsync(q => q.Kind == "dataset" && q.OrgUnitId == health.Id));
    }

    [Fact]
    public async Task A_department_uploads_sets_roles_anonymizes_and_queries_through_the_pages()
    {
        using var client = await host.SignInAsync("fukushi", "Fukushi-Demo-2025!");
        var form = await client.GetStringAsync(new Uri("/insight/datasets", UriKind.Relative));

        // A bad line first: nothing is registered, the line and column are named.
        var badCsv = new StringBuilder("番号,年齢,性別\r\n");
        for (var i = 0; i < 30; i++)
        {
            badCsv.Append(i == 2 ? "B2,四十,男\r\n" : $"B{i},{40 + i},女\r\n");
        }

        var refused = WebUtility.HtmlDecode(await (await PostUploadAsync(client, form, Encoding.UTF8.GetBytes(badCsv.ToString()), "bad.csv")).Content.ReadAsStringAsync());
        Assert.Contains("bad.csv 4行目「年齢」列: 整数として読めません（「四十」）。", refused, StringComparison.Ordinal);

        var response = await PostUploadAsync(client, form, SampleDataset.Bytes(3000, 21), "kenshin.csv");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.ToString();
        Assert.Matches(@"^/insight/datasets/\d+\?uploaded=1$", location);
        var id = int.Parse(location.Split('/')[3].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);

        var page = await client.GetStringAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative));
        Assert.Contains("読み捨てた列: 氏名", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "settings", ["__RequestVerificationToken"] = HostFixture.Token(page), ["version"] = version,
            ["k"] = "5", ["l"] = "1", ["limit"] = "5", ["threshold"] = "10",
        };
        for (var i = 0; i < SampleDataset.Headers.Length - 1; i++)
        {
            var name = SampleDataset.Headers.Where(h => h != "氏名").ElementAt(i);
            var (role, generalization) = SampleDataset.Roles[name];
            fields[$"role-{i}"] = role;
            fields[$"gen-{i}"] = generalization;
        }

        // A wrong generalization names the column; nothing is saved.
        var wrong = new Dictionary<string, string>(fields) { ["gen-2"] = "band:5" }; // 性別 is text
        var wrongPage = WebUtility.HtmlDecode(await (await client.PostAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative), new FormUrlEncodedContent(wrong))).Content.ReadAsStringAsync());
        Assert.Contains("「性別」列: 数値の列ではないため、幅（band）では一般化できません。", wrongPage, StringComparison.Ordinal);

        var saved = await client.PostAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // The same form again carries the old version: refused as stale.
        var stale = WebUtility.HtmlDecode(await (await client.PostAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative), new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        Assert.Contains("ほかの人がこの間に変更しました", stale, StringComparison.Ordinal);

        page = await client.GetStringAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative));
        var run = await client.PostAsync(new Uri($"/insight/datasets/{id}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "run", ["__RequestVerificationToken"] = HostFixture.Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);

        // The job runner picks the run up.
        JsonElement last = default;
        for (var i = 0; i < 300; i++)
        {
            last = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/insight/datasets/{id}", UriKind.Relative))).RootElement.GetProperty("runs")[0];
            if (last.GetProperty("status").GetString() != "running")
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.True(last.GetProperty("report").GetProperty("kReached").GetInt32() >= 5);
        Assert.Equal("fukushi", last.GetProperty("requestedBy").GetString());

        var result = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/insight/datasets/{id}?rows=町丁目コード&cols=年齢", UriKind.Relative)));
        Assert.Contains("<span class=\"insight-x\">X</span>", result, StringComparison.Ordinal);

        // 健康局 does not see 福祉局's new dataset (not shared).
        using var other = await host.SignInAsync("bunseki", "Bunseki-Demo-2025!");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/insight/datasets/{id}/query?rows=年齢", UriKind.Relative))).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(HttpClient client, string formPage, byte[] file, string fileName)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(HostFixture.Token(formPage)), "__RequestVerificationToken" },
            { new StringContent("特定健診（福祉局テスト）"), "title" },
            { new StringContent("テスト用"), "description" },
            { new StringContent("2026-03-31"), "updated" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "file", fileName);
        return await client.PostAsync(new Uri("/insight/datasets", UriKind.Relative), content);
    }
}
