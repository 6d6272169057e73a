using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

/// <summary>Users × files × every query path: what a user cannot read never shows, not even as a count.</summary>
public sealed class PermissionMatrixTests : IDisposable
{
    private const int Finance = 10;      // 財政局
    private const int FinanceDept = 11;  // 財政局 財務部 (under 財政局)
    private const int Kita = 20;         // 北区役所
    private const int Environment = 30;  // 環境局

    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // POSIX modes; NTFS ACLs are not read yet
    public async Task No_query_path_leaks_a_file_the_user_may_not_read()
    {
        var gid = Gid(share.Root);
        var shared = Path.Combine(share.Root, "shared");
        var kita = Path.Combine(share.Root, "kita");
        var files = new Dictionary<string, (string Path, UnixFileMode Mode)>
        {
            ["public"] = ("shared/公開_秘匿語.txt", Mode(0b110_100_100)),
            ["group"] = ("shared/財政/グループ_秘匿語.txt", Mode(0b110_100_000)),
            ["owner"] = ("shared/個人/本人のみ_秘匿語.txt", Mode(0b110_000_000)),
            ["kita"] = ("kita/北区_秘匿語.txt", Mode(0b110_100_100)),
        };
        foreach (var (key, (path, mode)) in files)
        {
            var full = share.Write(path, $"秘匿語 {key} の本文");
            File.SetUnixFileMode(full, mode);
        }

        var all = await share.AddSourceAsync("全庁", SourceVisibility.AllStaff, root: shared, groups: (gid, Finance));
        var ward = await share.AddSourceAsync("北区", SourceVisibility.OwningDepartment, owner: Kita, root: kita);
        await share.CrawlAsync(all.Id);
        await share.CrawlAsync(ward.Id);

        var users = new Dictionary<string, SearchPrincipal>
        {
            ["財務部職員"] = Principal(FinanceDept, Finance) with { Tokens = new HashSet<string>(Principal(FinanceDept, Finance).Tokens) { SearchPrincipal.Group(all.Id, gid) } }, // group mapped to the parent unit
            ["北区職員"] = Principal(Kita),
            ["環境局職員"] = Principal(Environment),
            ["所属なし"] = Principal(),
        };
        var expected = new Dictionary<string, string[]>
        {
            ["財務部職員"] = ["public", "group"],
            ["北区職員"] = ["public", "kita"],
            ["環境局職員"] = ["public"],
            ["所属なし"] = ["public"],
        };

        foreach (var (user, principal) in users)
        {
            var want = expected[user].Select(k => Path.GetFileName(files[k].Path)).Order(StringComparer.Ordinal).ToList();

            // 1. results and total
            var results = share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100 }, principal);
            Assert.Equal(want, results.Hits.Where(h => !h.IsFolder).Select(h => h.Name).Order(StringComparer.Ordinal).ToList());
            Assert.Equal(want.Count, results.Total);

            // 2. facets count only what the user may read
            Assert.Equal(want.Count, results.Types.Sum(f => f.Count));
            Assert.Equal(want.Count, results.Years.Sum(f => f.Count));
            Assert.Equal(want.Count, results.Folders.Sum(f => f.Count));

            // 3. each forbidden file, asked for by its exact name, by its content and by its folder, stays invisible
            foreach (var (key, (path, _)) in files.Where(f => !expected[user].Contains(f.Key)))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                Assert.Equal(0, share.Index.Search(new SearchRequest(name), principal).Total);
                Assert.Equal(0, share.Index.Search(new SearchRequest(key), principal).Total);
                Assert.DoesNotContain(share.Index.Search(new SearchRequest(key) { Sort = SearchSort.Newest }, principal).Hits, h => h.Name == Path.GetFileName(path));

                // 4. suggestions
                Assert.DoesNotContain(share.Index.Suggest(name, principal, 20), s => s.Name == Path.GetFileName(path));
            }

            // 5. browsing a folder by filter alone
            var browse = share.Index.Search(new SearchRequest("") { Folder = $"{ward.Id}:/" }, principal);
            Assert.Equal(expected[user].Contains("kita") ? 1 : 0, browse.Total);
        }
    }

    private static SearchPrincipal Principal(params int[] orgChain)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal) { SearchPrincipal.AllStaff };
        foreach (var org in orgChain)
        {
            tokens.Add(SearchPrincipal.Org(org));
        }

        return new SearchPrincipal(string.Join(",", orgChain), tokens);
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;

    private static long Gid(string path) => OsakaDx.Modules.Search.Crawling.PosixStat.Read(path).Gid ?? -1;
}
