using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Permissions;
using OsakaDx.Platform.Data;
using OsakaDx.Testing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// NTFS ACLs through the real host: the SID table imported from CSV, a source whose ACLs come from an
/// exported file, and what each demo user sees through the API, the page's name hints and the CLI.
/// </summary>
public sealed class NtfsWebTests(NtfsWebTests.Host host) : IClassFixture<NtfsWebTests.Host>
{
    private const string Domain = "S-1-5-21-3623811015-3361044348-30300820";

    [Fact]
    public async Task Each_user_sees_only_what_the_NTFS_ACL_and_the_SID_table_allow_on_every_surface()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var root = Path.Combine(host.DataPath, "ntfs-share");
        Directory.CreateDirectory(Path.Combine(root, "北区"));
        await File.WriteAllTextAsync(Path.Combine(root, "北区", "北区共有_NTFS語.txt"), "北区の職員グループだけが読める NTFS語 の文書。");
        await File.WriteAllTextAsync(Path.Combine(root, "拒否あり_NTFS語.txt"), "全員に読めるが staff だけ拒否される NTFS語 の文書。");
        await File.WriteAllTextAsync(Path.Combine(root, "管理者用_NTFS語.txt"), "admin の SID だけが読める NTFS語 の文書。");
        var aclFile = Path.Combine(host.DataPath, "ntfs-acl.txt");
        await File.WriteAllTextAsync(aclFile, $"""
            # file: .
            ACL:{Domain}-512:ALLOWED/OI|CI/FULL
            # file: 北区
            ACL:{Domain}-3001:ALLOWED/OI|CI/READ
            # file: 拒否あり_NTFS語.txt
            ACL:S-1-1-0:ALLOWED/0x0/READ
            ACL:{Domain}-1201:DENIED/0x0/READ
            # file: 管理者用_NTFS語.txt
            ACL:{Domain}-1200:ALLOWED/0x0/0x1200a9
            """);

        var sourceId = 0;
        var (scope, actor) = host.Scope("ntfs-test");
        await using (scope)
        using (actor)
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDb>();
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDb>();

            // A bad table is refused as a whole, naming the line and column.
            var bad = "SID,種別,対象,名称\n" + $"{Domain}-1200,ユーザー,admin,管理者\n" + "S-1-5-21-x,ユーザー,staff,職員\n" + $"{Domain}-3001,部署,W01,北区役所_G\n";
            var (none, errors) = await PrincipalMappings.ImportAsync(db, platform, new MemoryStream(Encoding.UTF8.GetBytes(bad)), CancellationToken.None);
            Assert.Equal(0, none);
            Assert.Contains(errors, e => e.StartsWith("3行目「SID」列", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("4行目「種別」列", StringComparison.Ordinal));
            Assert.Empty(db.PrincipalMappings);

            // Shift_JIS, as Excel saves it.
            var good = "SID,種別,対象,名称\r\n" + $"{Domain}-1200,ユーザー,admin,管理者\r\n" + $"{Domain}-1201,ユーザー,staff,職員\r\n" + $"{Domain}-3001,所属,W01,北区役所_G\r\n";
            var (count, none2) = await PrincipalMappings.ImportAsync(db, platform, new MemoryStream(Encoding.GetEncoding(932).GetBytes(good)), CancellationToken.None);
            Assert.Empty(none2);
            Assert.Equal(3, count);

            var sources = scope.ServiceProvider.GetRequiredService<SourceService>();
            var (missing, missingErrors) = await sources.AddAsync(new SourceService.NewSource("NTFS共有", root, null, SourceVisibility.AllStaff, 1 << 20, []) { AclMode = AclMode.Sidecar, AclFile = aclFile + ".none" });
            Assert.Null(missing);
            Assert.Contains(missingErrors, e => e.Field == "AclFile");
            var (source, _) = await sources.AddAsync(new SourceService.NewSource("NTFS共有", root, null, SourceVisibility.AllStaff, 1 << 20, []) { AclMode = AclMode.Sidecar, AclFile = aclFile });
            Assert.NotNull(source);
            sourceId = source.Id;
            await scope.ServiceProvider.GetRequiredService<Crawler>().CrawlAsync(source.Id, Guid.CreateVersion7(), null, null, null, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<NameSuggestions>().RebuildAsync(db);

            // The admin form does not show the ACL setting yet: saving it must keep NTFS, never fall back to POSIX.
            var current = await db.Sources.AsNoTracking().FirstAsync(x => x.Id == sourceId);
            var (edited, editErrors) = await sources.UpdateAsync(sourceId, current.Version, new SourceService.NewSource("NTFS共有", root, null, SourceVisibility.AllStaff, 2 << 20, []));
            Assert.Empty(editErrors);
            Assert.Equal(AclMode.Sidecar, edited!.AclMode);
            Assert.Equal(aclFile, edited.AclFile);
        }

        var staff = await host.SignInAsync("staff", "Staff-Demo-2025!"); // 北区役所 総務課: in 北区役所_G, denied by name
        var admin = await host.SignInAsync("admin", "Admin-Demo-2025!");
        var expected = new Dictionary<HttpClient, string[]>
        {
            [staff] = ["北区共有_NTFS語.txt"],
            [admin] = ["拒否あり_NTFS語.txt", "管理者用_NTFS語.txt"],
        };
        string[] all = ["北区共有_NTFS語.txt", "拒否あり_NTFS語.txt", "管理者用_NTFS語.txt"];
        foreach (var (client, want) in expected)
        {
            var json = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/search?q=" + Uri.EscapeDataString("NTFS語") + "&size=50", UriKind.Relative));
            Assert.Equal(want.Length, json.GetProperty("total").GetInt64());
            Assert.Equal(want.Order(StringComparer.Ordinal), json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            Assert.Equal(want.Length, json.GetProperty("facets").GetProperty("type").EnumerateArray().Sum(f => f.GetProperty("count").GetInt64()));

            foreach (var name in all)
            {
                var readable = want.Contains(name);
                var suggest = await client.GetStringAsync(new Uri("/api/search/suggest?q=" + Uri.EscapeDataString(name[..4]), UriKind.Relative));
                Assert.Equal(readable, suggest.Contains(name, StringComparison.Ordinal));
                var document = await client.GetAsync(new Uri("/api/search/document?key=" + Uri.EscapeDataString($"{sourceId}:{(name.StartsWith("北区", StringComparison.Ordinal) ? "北区/" : "")}{name}"), UriKind.Relative));
                Assert.Equal(readable ? HttpStatusCode.OK : HttpStatusCode.NotFound, document.StatusCode);
            }

            // A mistyped name: no hits, and the page offers only names this user may read.
            var page = await client.GetStringAsync(new Uri("/search?q=" + Uri.EscapeDataString("北区共有_NTFX"), UriKind.Relative));
            Assert.Contains("該当するファイルはありません", page, StringComparison.Ordinal);
            Assert.Equal(want.Contains("北区共有_NTFS語.txt"), page.Contains("名前が近いファイル・フォルダ", StringComparison.Ordinal) && page.Contains("北区共有_NTFS語.txt", StringComparison.Ordinal));
        }

        // The CLI (another process on the same data folder) applies the same table and ACLs.
        foreach (var (user, want) in new[] { ("staff", expected[staff]), ("admin", expected[admin]) })
        {
            var output = await CliAsync(["--data", host.DataPath, "--json", "search", "query", "NTFS語", "--as", user]);
            foreach (var name in all)
            {
                Assert.Equal(want.Contains(name), output.Contains(name, StringComparison.Ordinal));
            }
        }
    }

    private static async Task<string> CliAsync(IEnumerable<string> args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "OSAKADX_DATA", "OSAKADX_DB", "OSAKADX_DEMO", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    public sealed class Host() : ModuleHostFixture("search-ntfs", new Dictionary<string, string?> { ["OsakaDx:Jobs:Enabled"] = "false" });
}
