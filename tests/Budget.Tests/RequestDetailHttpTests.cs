using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

/// <summary>細節, entries and attachments through the real host: pages, forms without JavaScript, API and permissions.</summary>
public sealed class RequestDetailHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string Token(string html) => Regex.Matches(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")[^1].Groups[1].Value;

    private async Task<(int Id, JsonElement Detail)> DraftOfNorthWardAsync(HttpClient staff, int index)
    {
        int org;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            org = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code == "W01").Select(o => o.Id).FirstAsync();
        }

        var requests = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests?year=2027&org={org}"));
        var id = requests.EnumerateArray().Where(r => r.GetProperty("status").GetString() == "作成中").Skip(index).First().GetProperty("id").GetInt32();
        return (id, await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{id}")));
    }

    [Fact]
    public async Task Sub_setsu_CSV_and_page_answer_and_only_the_admin_may_import()
    {
        using var staff = await host.SignInAsync("budget", "Budget-Demo-2025!");
        var csv = await staff.GetAsync(U("/api/budget/subsetsus.csv"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("節番号,細節コード", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await staff.GetStringAsync(U("/budget/masters/subsetsu")));
        Assert.Contains("消耗品費", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"subsetsu-import\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_are_saved_over_the_API_with_Japanese_errors_conflicts_and_permissions()
    {
        using var staff = await host.SignInAsync("budget", "Budget-Demo-2025!");
        var (id, detail) = await DraftOfNorthWardAsync(staff, 0);
        Assert.True(detail.GetProperty("lines")[0].TryGetProperty("subsidyAmount", out _));

        var bad = await staff.PostAsJsonAsync(U($"/api/budget/requests/{id}/entries"), new { kind = "DebtBurden", title = "委託", amount = 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("期間", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await staff.PostAsJsonAsync(U($"/api/budget/requests/{id}/entries"), new { kind = "CarryOver", title = "工期延長", amount = 120_000 });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        var list = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{id}/entries"));
        var entry = list.EnumerateArray().Single(e => e.GetProperty("title").GetString() == "工期延長");
        var entryId = entry.GetProperty("id").GetInt32();
        var version = entry.GetProperty("version").GetInt64();

        var stale = await staff.PostAsJsonAsync(U($"/api/budget/requests/{id}/entries"), new { id = entryId, version = version + 5, kind = "CarryOver", title = "工期延長", amount = 130_000 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.DeleteAsync(U($"/api/budget/requests/{id}/entries/{entryId}?version={version}"))).StatusCode);
        var entriesPage = WebUtility.HtmlDecode(await auditor.GetStringAsync(U($"/budget/requests/{id}/entries")));
        Assert.Contains("工期延長", entriesPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save-entry\"", entriesPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync(U($"/api/budget/requests/{id}/entries/{entryId}?version={version}"))).StatusCode);
    }

    [Fact]
    public async Task An_attachment_is_uploaded_on_the_page_listed_downloaded_and_deleted_and_the_auditor_only_reads()
    {
        using var staff = await host.SignInAsync("budget", "Budget-Demo-2025!");
        var (id, _) = await DraftOfNorthWardAsync(staff, 1);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n");

        var page = await staff.GetStringAsync(U($"/budget/requests/{id}/attachments"));
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(Token(page)), "__RequestVerificationToken" },
        })
        {
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "File", "見積書.pdf");
            var posted = await staff.PostAsync(U($"/budget/requests/{id}/attachments"), form);
            Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.OK, posted.StatusCode.ToString());
        }

        var list = await staff.GetFromJsonAsync<JsonElement>(U($"/api/budget/requests/{id}/attachments"));
        var attachment = list.EnumerateArray().Single(a => a.GetProperty("fileName").GetString() == "見積書.pdf");
        var attachmentId = attachment.GetProperty("id").GetInt32();
        Assert.Equal(pdf.Length, attachment.GetProperty("size").GetInt64());

        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        var download = await auditor.GetAsync(U($"/api/budget/requests/{id}/attachments/{attachmentId}"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.DeleteAsync(U($"/api/budget/requests/{id}/attachments/{attachmentId}"))).StatusCode);
        var auditorPage = WebUtility.HtmlDecode(await auditor.GetStringAsync(U($"/budget/requests/{id}/attachments")));
        Assert.Contains("見積書.pdf", auditorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"upload-attachment\"", auditorPage, StringComparison.Ordinal);

        // A file that is not what its name says is refused on the page, by name.
        var again = await staff.GetStringAsync(U($"/budget/requests/{id}/attachments"));
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(Token(again)), "__RequestVerificationToken" },
        })
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("not an image")), "File", "写真.png");
            var refused = WebUtility.HtmlDecode(await (await staff.PostAsync(U($"/budget/requests/{id}/attachments"), form)).Content.ReadAsStringAsync());
            Assert.Contains("「写真.png」の中身が.pngのファイルではありません", refused, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync(U($"/api/budget/requests/{id}/attachments/{attachmentId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(U($"/api/budget/requests/{id}/attachments/{attachmentId}"))).StatusCode);
    }
}
