using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The admin pages for NTFS permissions, posted as a browser without JavaScript: the SID table's CSV
/// upload (a bad file names every bad line and changes nothing; a good one replaces the table), its
/// download in the import's format, and the ACL setting on the source form.
/// </summary>
public sealed class AclAdminWebTests(AclAdminWebTests.Host host) : IClassFixture<AclAdminWebTests.Host>
{
    private const string Domain = "S-1-5-21-1004336348-1177238915-682003330";

    [Fact]
    public async Task The_SID_table_is_replaced_from_an_uploaded_CSV_only_when_every_line_is_right_and_downloads_in_the_same_format()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");

        var empty = await admin.GetStringAsync(new Uri("/search/admin/principals", UriKind.Relative));
        Assert.Contains("まだありません", empty, StringComparison.Ordinal);

        // Lines 3 and 4 are wrong: both are named, nothing is written.
        var bad = "SID,種別,対象,名称\n" + $"{Domain}-1200,ユーザー,admin,管理者\n" + "S-1-5-21-x,ユーザー,staff,職員\n" + $"{Domain}-3001,所属,ZZZ999,存在しない所属\n";
        var refused = WebUtility.HtmlDecode(await UploadAsync(admin, Encoding.UTF8.GetBytes(bad), "bad.csv"));
        Assert.Contains("「bad.csv」に 2 件の誤りがあるため、何も取り込んでいません", refused, StringComparison.Ordinal);
        Assert.Contains("3行目「SID」列", refused, StringComparison.Ordinal);
        Assert.Contains("4行目「対象」列: 所属コード「ZZZ999」は組織にありません", refused, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", refused, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());

        // Shift_JIS, as Excel saves it: replaces the table.
        var good = "SID,種別,対象,名称\r\n" + $"{Domain}-1200,ユーザー,admin,管理者\r\n" + $"{Domain}-3001,所属,W01,北区役所_G\r\n" + "S-1-1-0,全職員,,Everyone\r\n";
        var accepted = WebUtility.HtmlDecode(await UploadAsync(admin, Encoding.GetEncoding(932).GetBytes(good), "対応表.csv"));
        Assert.Contains("「対応表.csv」から 3 件の対応を取り込みました", accepted, StringComparison.Ordinal);
        Assert.Contains("北区役所_G", accepted, StringComparison.Ordinal);
        Assert.Equal(3, await CountAsync());

        // The download is the import's format: importing it again gives the same table.
        var csv = await admin.GetByteArrayAsync(new Uri("/search/admin/principals.csv", UriKind.Relative));
        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        Assert.StartsWith("SID,種別,対象,名称", text, StringComparison.Ordinal);
        Assert.Contains($"{Domain}-3001,所属,W01,北区役所_G", text, StringComparison.Ordinal);
        Assert.Contains("S-1-1-0,全職員,,Everyone", text, StringComparison.Ordinal);
        var again = WebUtility.HtmlDecode(await UploadAsync(admin, csv, "search-principals.csv"));
        Assert.Contains("から 3 件の対応を取り込みました", again, StringComparison.Ordinal);

        // Staff without the admin permission reach neither the page nor the download.
        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!");
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(new Uri("/search/admin/principals.csv", UriKind.Relative))).StatusCode);
        var staffPage = await staff.GetAsync(new Uri("/search/admin/principals", UriKind.Relative));
        Assert.DoesNotContain(Domain, await staffPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_source_form_sets_and_keeps_the_NTFS_ACL_setting_and_refuses_a_missing_ACL_file()
    {
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");
        var root = Directory.CreateDirectory(Path.Combine(host.DataPath, "acl-form-share")).FullName;
        var aclFile = Path.Combine(host.DataPath, "acl-form.txt");
        await File.WriteAllTextAsync(aclFile, "# file: .\nACL:S-1-1-0:ALLOWED/OI|CI/READ\n");
        var form = await admin.GetStringAsync(new Uri("/search/admin/sources/new", UriKind.Relative));
        Assert.Contains("id=\"AclMode-sidecar\"", form, StringComparison.Ordinal);
        Dictionary<string, string> Fields(string aclPath) => new()
        {
            ["_handler"] = "source",
            ["Input.Version"] = "0",
            ["Input.Name"] = "NTFS フォーム",
            ["Input.RootPath"] = root,
            ["Input.Visibility"] = "AllStaff",
            ["Input.Schedule"] = "Manual",
            ["Input.AclMode"] = "Sidecar",
            ["Input.AclFile"] = aclPath,
            ["Input.MaxFileMb"] = "50",
            ["Input.MaxSecondsPerFile"] = "60",
            ["Input.ThrottleMbPerSecond"] = "0",
            ["Input.Parallelism"] = "0",
        };

        var missing = WebUtility.HtmlDecode(await (await Forms.PostAsync(admin, "/search/admin/sources/new", form, Fields(aclFile + ".none"))).Content.ReadAsStringAsync());
        Assert.Contains("「アクセス権ファイル」は存在するファイルの絶対パスで入力してください", missing, StringComparison.Ordinal);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<SearchDb>().Sources.AnyAsync(s => s.Name == "NTFS フォーム"));
        }

        var saved = await Forms.PostAsync(admin, "/search/admin/sources/new", form, Fields(aclFile));
        Assert.True(saved.IsSuccessStatusCode || saved.StatusCode == HttpStatusCode.Redirect, saved.StatusCode.ToString());
        int id;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var source = await scope.ServiceProvider.GetRequiredService<SearchDb>().Sources.AsNoTracking().SingleAsync(s => s.Name == "NTFS フォーム");
            Assert.Equal(AclMode.Sidecar, source.AclMode);
            Assert.Equal(aclFile, source.AclFile);
            id = source.Id;
        }

        // The edit form shows the setting, the detail page says it, and saving the form unchanged keeps it.
        var edit = await admin.GetStringAsync(new Uri($"/search/admin/sources/{id}/edit", UriKind.Relative));
        Assert.Matches("id=\"AclMode-sidecar\"[^>]*checked|checked[^>]*id=\"AclMode-sidecar\"", edit);
        Assert.Contains(aclFile, edit, StringComparison.Ordinal);
        var detail = WebUtility.HtmlDecode(await admin.GetStringAsync(new Uri($"/search/admin/sources/{id}", UriKind.Relative)));
        Assert.Contains($"NTFS アクセス権（ファイル {aclFile} から）", detail, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(edit, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = Fields(aclFile);
        fields["Input.Version"] = version;
        fields["Input.Name"] = "NTFS フォーム（改）";
        await Forms.PostAsync(admin, $"/search/admin/sources/{id}/edit", edit, fields);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var source = await scope.ServiceProvider.GetRequiredService<SearchDb>().Sources.AsNoTracking().SingleAsync(s => s.Id == id);
            Assert.Equal("NTFS フォーム(改)", source.Name);
            Assert.Equal(AclMode.Sidecar, source.AclMode);
        }
    }

    private async Task<int> CountAsync()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchDb>().PrincipalMappings.CountAsync();
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var page = await client.GetStringAsync(new Uri("/search/admin/principals", UriKind.Relative));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
            { new StringContent(Forms.Token(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "File", fileName);
        var response = await client.PostAsync(new Uri("/search/admin/principals", UriKind.Relative), form);
        return await response.Content.ReadAsStringAsync();
    }

    public sealed class Host() : ModuleHostFixture("search-acl-admin", new Dictionary<string, string?> { ["OsakaDx:Jobs:Enabled"] = "false" });
}
