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
        // Every file is a near-copy of the others (one common text) with one word of its own, so
        // near-duplicate groups, related documents and did-you-mean all have something to leak.
        var own = new Dictionary<string, string> { ["public"] = "aardvark", ["group"] = "pelican", ["owner"] = "flamingo", ["kita"] = "marmoset" };
        var typo = new Dictionary<string, string> { ["public"] = "aardvarc", ["group"] = "pelikan", ["owner"] = "flamingu", ["kita"] = "marmozet" };
        foreach (var (key, (path, mode)) in files)
        {
            // A few pages of shared text (real documents are longer than one paragraph) and one line of their own.
            var full = share.Write(path, $"{string.Concat(Enumerable.Repeat(Common, 3))}\n秘匿語 {key} {own[key]}");
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
            var results = share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100, Collapse = false }, principal);
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

            // 6. the department (source) facet and filter
            Assert.Equal(want.Count, results.Sources.Sum(f => f.Count));
            Assert.Equal(expected[user].Contains("kita") ? 1 : 0, share.Index.Search(new SearchRequest("秘匿語") { Sources = [ward.Id] }, principal).Total);

            // 7. synonyms: a word that expands to the secret word finds exactly what the word itself finds
            var viaSynonym = share.Index.Search(new SearchRequest("機密語") { Synonyms = [["機密語", "秘匿語"]], PageSize = 100 }, principal);
            Assert.Equal(want.Count, viaSynonym.Total);

            // 8. near-duplicate groups: collapsed copies and the copies of a file are only files the user may read
            var collapsed = share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100 }, principal);
            var shown = collapsed.Hits.Where(h => !h.IsFolder).SelectMany(h => h.Similar.Prepend(h)).Select(h => h.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(want, shown);

            foreach (var (key, (path, _)) in files)
            {
                var docKey = KeyOf(key, path, all, ward);
                var readable = expected[user].Contains(key);

                // 9. preview, related documents and near-duplicates of one file
                Assert.Equal(readable, share.Index.GetVisible(docKey, principal) is not null);
                var related = share.Index.Related(docKey, principal, 20).Select(h => h.Name).ToList();
                var similar = share.Index.Similar(docKey, principal, 20).Select(h => h.Name).ToList();
                Assert.All(related.Concat(similar), n => Assert.Contains(n, want));
                if (!readable)
                {
                    Assert.Empty(related);
                    Assert.Empty(similar);
                }

                // 10. did-you-mean never offers a word found only in files the user may not read
                var respelled = share.Index.Search(new SearchRequest(typo[key]), principal);
                Assert.Equal(readable ? own[key] : null, respelled.DidYouMean);
            }

            if (user == "財務部職員")
            {
                // The matrix must be able to fail: the readable copies do find each other.
                Assert.Contains("グループ_秘匿語.txt", share.Index.Similar(KeyOf("public", files["public"].Path, all, ward), principal, 20).Select(h => h.Name));
                Assert.Single(collapsed.Hits, h => !h.IsFolder);
            }
        }
    }

    private const string Common =
        "令和6年度の予算要求について、各局の歳出見直しの方針と積算根拠を整理した。人件費、物件費、維持補修費の順に説明する。" +
        "人件費は職員数の見込みと給与改定の影響を反映し、会計年度任用職員の報酬を含めて積算した。" +
        "物件費は委託料と使用料の契約実績をもとに、物価上昇分を見込んで算定した。" +
        "維持補修費は施設の長寿命化計画に沿って優先度を付け、緊急性の高い工事から計上した。" +
        "歳入については市税収入の見通しと地方交付税の動向を踏まえ、財政調整基金の取り崩しを最小限とする。" +
        "投資的経費は、学校施設の改修、道路橋梁の耐震化、上下水道の更新を中心に、国庫補助金と市債の活用を前提として計上した。" +
        "扶助費は、生活保護費、障がい者自立支援給付費、児童手当の伸びを過去3年の実績から推計し、制度改正の影響を加味した。" +
        "新規事業は、スクラップ・アンド・ビルドを原則とし、既存事業の見直しで財源を確保したものに限って要求を認める。";

    private static string KeyOf(string key, string path, SearchSource all, SearchSource ward) => key == "kita"
        ? IndexDocument.KeyOf(ward.Id, path["kita/".Length..])
        : IndexDocument.KeyOf(all.Id, path["shared/".Length..]);

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
