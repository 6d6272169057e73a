using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Permissions;

namespace OsakaDx.Search.Tests;

/// <summary>NTFS ACLs: the getcifsacl text, Windows' order of evaluation, inheritance, and the index filter built from them.</summary>
public sealed class NtfsAclTests : IDisposable
{
    private const string Domain = "S-1-5-21-1004336348-1177238915-682003330";
    private static readonly string Finance = $"{Domain}-2001";   // 財政局_G
    private static readonly string Budget = $"{Domain}-2002";    // 予算担当_G
    private static readonly string Suzuki = $"{Domain}-1103";    // 鈴木（財政局_G）
    private static readonly string Tanaka = $"{Domain}-1104";    // 田中（財政局_G と 予算担当_G）
    private static readonly string Sato = $"{Domain}-1105";      // 佐藤（予算担当_G だけ）
    private static readonly string Kimura = $"{Domain}-1106";    // 木村（どちらにも属さない）

    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    public void Getcifsacl_output_is_read_in_raw_and_named_form()
    {
        var raw = CifsAclText.Parse($"REVISION:0x1\nCONTROL:0x9404\nOWNER:{Suzuki}\nGROUP:{Domain}-513\nACL:{Suzuki}:0x1/0x0/0x1200a9\nACL:{Finance}:0x0/0x13/0x1200a9\nACL:{Budget}:0x0/0x10/0x116\n");
        Assert.True(raw.Protected); // SE_DACL_PROTECTED in CONTROL
        Assert.Equal(3, raw.Entries.Count);
        Assert.Equal(new Ace(AceKind.Deny, Suzuki, true, AceFlags.None), raw.Entries[0]);
        Assert.Equal(new Ace(AceKind.Allow, Finance, true, AceFlags.ObjectInherit | AceFlags.ContainerInherit | AceFlags.Inherited), raw.Entries[1]);
        Assert.False(raw.Entries[2].Read); // 0x116: write data, append, write attributes: no read

        var named = CifsAclText.Parse("ACL:S-1-1-0:ALLOWED/OI|CI/READ\nACL:" + Sato + ":DENIED/IO|OI/FULL\nACL:" + Kimura + ":ALLOWED/0x0/W");
        Assert.Equal([AceKind.Allow, AceKind.Deny, AceKind.Allow], named.Entries.Select(e => e.Kind));
        Assert.True(named.Entries[1].Flags.HasFlag(AceFlags.InheritOnly));
        Assert.False(named.Entries[2].Read);

        var bad = Assert.Throws<FormatException>(() => CifsAclText.Parse("ACL:" + Sato + ":MAYBE/0x0/READ"));
        Assert.Contains("1行目", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_follows_Windows_order_deny_before_allow_explicit_before_inherited()
    {
        var users = Users();
        bool Reads(NtAcl acl, string user) => acl.AllowsRead(users[user], 1);

        // An explicit deny of one member overrides the group's allow, even listed after it.
        var denyMember = new NtAcl([new Ace(AceKind.Allow, Finance, true, AceFlags.None), new Ace(AceKind.Deny, Suzuki, true, AceFlags.None)]);
        Assert.False(Reads(denyMember, "鈴木"));
        Assert.True(Reads(denyMember, "田中"));
        Assert.False(Reads(denyMember, "木村"));

        // An explicit allow beats an inherited deny (explicit entries come first).
        var explicitOverInherited = new NtAcl([new Ace(AceKind.Deny, Finance, true, AceFlags.Inherited), new Ace(AceKind.Allow, Tanaka, true, AceFlags.None)]);
        Assert.True(Reads(explicitOverInherited, "田中"));
        Assert.False(Reads(explicitOverInherited, "鈴木"));

        // A user in two groups: one allow is enough, unless the other group is denied first.
        var twoGroups = new NtAcl([new Ace(AceKind.Allow, Budget, true, AceFlags.None)]);
        Assert.True(Reads(twoGroups, "田中"));
        Assert.True(Reads(twoGroups, "佐藤"));
        Assert.False(Reads(twoGroups, "鈴木"));
        var deniedGroup = new NtAcl([new Ace(AceKind.Allow, Budget, true, AceFlags.None), new Ace(AceKind.Deny, Finance, true, AceFlags.None)]);
        Assert.False(Reads(deniedGroup, "田中"));
        Assert.True(Reads(deniedGroup, "佐藤"));

        // Inherit-only entries and write-only entries decide nothing; Everyone is every staff member.
        var inheritOnly = new NtAcl([new Ace(AceKind.Allow, "S-1-1-0", true, AceFlags.InheritOnly | AceFlags.ObjectInherit), new Ace(AceKind.Allow, Kimura, false, AceFlags.None)]);
        Assert.All(users.Keys, u => Assert.False(Reads(inheritOnly, u)));
        Assert.All(users.Keys, u => Assert.True(Reads(new NtAcl([new Ace(AceKind.Allow, "S-1-1-0", true, AceFlags.None)]), u)));

        // Inheritance: OI reaches files, CI folders, OI-only passes through a folder as inherit-only, NP stops after one level.
        var root = new NtAcl([
            new Ace(AceKind.Allow, Finance, true, AceFlags.ObjectInherit | AceFlags.ContainerInherit),
            new Ace(AceKind.Allow, Budget, true, AceFlags.ObjectInherit),
            new Ace(AceKind.Allow, Sato, true, AceFlags.ContainerInherit | AceFlags.ObjectInherit | AceFlags.NoPropagate),
        ]);
        var folder = NtAcl.ForChild(root, null, isFolder: true);
        var fileInFolder = NtAcl.ForChild(folder, null, isFolder: false);
        Assert.True(Reads(fileInFolder, "鈴木"));   // OI|CI from the root
        Assert.True(Reads(fileInFolder, "佐藤"));   // the Budget OI entry passed through the folder as inherit-only…
        Assert.False(Reads(folder, "木村"));
        Assert.DoesNotContain(folder.Entries, e => e.Principal == Sato && e.Flags.HasFlag(AceFlags.ContainerInherit)); // NP: no further inheritance flags
        Assert.DoesNotContain(NtAcl.ForChild(NtAcl.ForChild(folder, null, true), null, false).Entries, e => e.Principal == Sato); // …NP stopped at one level
        var protectedFile = NtAcl.ForChild(folder, new NtAcl([new Ace(AceKind.Allow, Kimura, true, AceFlags.None)], Protected: true), isFolder: false);
        Assert.True(Reads(protectedFile, "木村"));
        Assert.False(Reads(protectedFile, "鈴木"));
    }

    [Fact]
    public void The_index_filter_and_the_name_index_decide_exactly_as_the_access_check()
    {
        // 300 random ACLs (explicit and inherited, allow and deny, read and write-only) against 6 users:
        // the Lucene filter, the in-memory check of the name index and the Windows evaluation must agree on every pair.
        var random = new Random(20261126);
        string[] principals = ["S-1-1-0", Finance, Budget, Suzuki, Tanaka, Sato, Kimura, "uid:1001", "gid:500"];
        var acls = new List<NtAcl>();
        using (var session = share.Index.OpenSession())
        {
            for (var i = 0; i < 300; i++)
            {
                var entries = Enumerable.Range(0, random.Next(0, 7)).Select(_ => new Ace(
                    random.Next(3) == 0 ? AceKind.Deny : AceKind.Allow,
                    principals[random.Next(principals.Length)],
                    random.Next(6) != 0,
                    random.Next(2) == 0 ? AceFlags.Inherited : AceFlags.None)).ToList();
                var acl = new NtAcl(entries);
                acls.Add(acl);
                session.Upsert(new IndexDocument(1, $"f/{i:000}.txt", $"acl{i:000}.txt", "text", "txt", false, 1, DateTime.UtcNow, $"共通語 doc{i:000}", SearchPrincipal.AllStaff, acl.ToFileAcl(1), null));
            }

            session.Commit();
        }

        var users = Users();
        users["uid1001+gid500"] = new HashSet<string>(StringComparer.Ordinal) { SearchPrincipal.AllStaff, "uid:1001", SearchPrincipal.Group(1, 500) };
        var mismatches = new List<string>();
        var allowedSomewhere = 0;
        var deniedSomewhere = 0;
        foreach (var (user, tokens) in users)
        {
            var principal = new SearchPrincipal(user, tokens);
            var found = share.Index.Search(new SearchRequest("共通語") { PageSize = 1000, Collapse = false, DidYouMean = false, Snippets = false }, principal)
                .Hits.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < acls.Count; i++)
            {
                var expected = acls[i].AllowsRead(tokens, 1);
                _ = expected ? allowedSomewhere++ : deniedSomewhere++;
                if (found.Contains($"acl{i:000}.txt") != expected || FileAcl.Allows(acls[i].ToFileAcl(1), tokens) != expected)
                {
                    mismatches.Add($"{user} × {i}: expected {expected}, index {found.Contains($"acl{i:000}.txt")}, {acls[i].ToFileAcl(1)}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.True(allowedSomewhere > 200 && deniedSomewhere > 200, $"{allowedSomewhere} / {deniedSomewhere}: the random ACLs must exercise both outcomes");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task No_query_path_leaks_a_file_an_NTFS_ACL_keeps_from_the_user()
    {
        // Inherited allow (the folder's OI|CI entry), a member denied against their group's allow,
        // an explicit user allow over an inherited deny, and a file for one of two groups.
        var files = new Dictionary<string, string>
        {
            ["inherited"] = "財政局/継承_秘匿語.txt",
            ["deny"] = "財政局/拒否_秘匿語.txt",
            ["explicit"] = "財政局/非公開/明示_秘匿語.txt",
            ["budget"] = "予算/予算担当_秘匿語.txt",
        };
        var own = new Dictionary<string, string> { ["inherited"] = "aardvark", ["deny"] = "pelican", ["explicit"] = "flamingo", ["budget"] = "marmoset" };
        var typo = new Dictionary<string, string> { ["inherited"] = "aardvarc", ["deny"] = "pelikan", ["explicit"] = "flamingu", ["budget"] = "marmozet" };
        foreach (var (key, path) in files)
        {
            share.Write(path, $"{string.Concat(Enumerable.Repeat(Common, 3))}\n秘匿語 {key} {own[key]}");
        }

        var aclFile = Path.Combine(share.Root, "..", "acl.txt");
        await File.WriteAllTextAsync(aclFile, $"""
            # file: .
            CONTROL:0x9404
            ACL:{Domain}-512:ALLOWED/OI|CI/FULL
            # file: 財政局
            ACL:{Finance}:ALLOWED/OI|CI/READ
            # file: 財政局/拒否_秘匿語.txt
            ACL:{Suzuki}:DENIED/0x0/READ
            # file: 財政局/非公開
            ACL:{Finance}:DENIED/OI|IO/READ
            # file: 財政局/非公開/明示_秘匿語.txt
            ACL:{Tanaka}:ALLOWED/0x0/0x1200a9
            # file: 予算
            CONTROL:0x9404
            ACL:{Budget}:ALLOWED/OI|CI/READ
            """);
        var source = await share.AddSourceAsync("NTFS");
        await using (var db = share.NewDb())
        {
            var s = await db.Sources.FirstAsync(x => x.Id == source.Id);
            s.AclMode = AclMode.Sidecar;
            s.AclFile = Path.GetFullPath(aclFile);
            await db.SaveChangesAsync();
        }

        await share.CrawlAsync(source.Id);
        var names = new NameSuggestions(Path.Combine(share.Root, "..", "names"));
        await using (var db = share.NewDb())
        {
            await names.RebuildAsync(db);
        }

        var users = Users();
        var expected = new Dictionary<string, string[]>
        {
            ["鈴木"] = ["inherited"],                        // denied on 拒否; 非公開 denies the group to its files
            ["田中"] = ["inherited", "deny", "explicit", "budget"], // explicit allow beats the inherited group deny; two groups
            ["佐藤"] = ["budget"],
            ["木村"] = [],
        };
        foreach (var (user, tokens) in users)
        {
            var principal = new SearchPrincipal(user, tokens);
            var want = expected[user].Select(k => Path.GetFileName(files[k])).Order(StringComparer.Ordinal).ToList();

            // results, totals, facets, snippets
            var results = share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100, Collapse = false }, principal);
            Assert.Equal(want, results.Hits.Where(h => !h.IsFolder).Select(h => h.Name).Order(StringComparer.Ordinal).ToList());
            Assert.Equal(want.Count, results.Total);
            Assert.Equal(want.Count, results.Types.Sum(f => f.Count));
            Assert.Equal(want.Count, results.Folders.Sum(f => f.Count));
            Assert.Equal(want.Count, results.Sources.Sum(f => f.Count));
            Assert.All(results.Hits, h => Assert.Contains(h.Name, want));
            var snippets = string.Concat(results.Hits.Select(h => h.SnippetHtml));
            foreach (var (key, path) in files)
            {
                var readable = expected[user].Contains(key);
                var name = Path.GetFileName(path);
                var docKey = IndexDocument.KeyOf(source.Id, path);

                // by name, by content, in snippets
                Assert.Equal(readable ? 1 : 0, share.Index.Search(new SearchRequest(Path.GetFileNameWithoutExtension(path)) { Collapse = false }, principal).Hits.Count(h => h.Name == name));
                Assert.Equal(readable ? 1 : 0, share.Index.Search(new SearchRequest(own[key]), principal).Total);
                if (!readable)
                {
                    Assert.DoesNotContain(own[key], snippets, StringComparison.Ordinal);
                }

                // suggestions: the Lucene name query and the name index
                Assert.Equal(readable, share.Index.Suggest(Path.GetFileNameWithoutExtension(path), principal, 20).Any(s => s.Name == name));
                Assert.Equal(readable, names.Suggest(Path.GetFileNameWithoutExtension(path)[..3], principal, 20)!.Any(s => s.Name == name));

                // preview, related, near-duplicates, did-you-mean
                Assert.Equal(readable, share.Index.GetVisible(docKey, principal) is not null);
                var related = share.Index.Related(docKey, principal, 20).Select(h => h.Name).ToList();
                var similar = share.Index.Similar(docKey, principal, 20).Select(h => h.Name).ToList();
                Assert.All(related.Concat(similar), n => Assert.Contains(n, want));
                Assert.Equal(readable ? own[key] : null, share.Index.Search(new SearchRequest(typo[key]), principal).DidYouMean);
            }

            // near-duplicate groups only hold readable files
            var collapsed = share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100 }, principal);
            Assert.Equal(want, collapsed.Hits.Where(h => !h.IsFolder).SelectMany(h => h.Similar.Prepend(h)).Select(h => h.Name).Order(StringComparer.Ordinal).ToList());
        }

        // The matrix can fail: Tanaka's readable copies do fold together, and the folders are suggested too.
        var tanaka = new SearchPrincipal("田中", users["田中"]);
        Assert.Single(share.Index.Search(new SearchRequest("秘匿語") { PageSize = 100 }, tanaka).Hits, h => !h.IsFolder);
        Assert.Contains(names.Suggest("予算", tanaka, 5)!, s => s.IsFolder && s.Name == "予算"); // a protected folder for one group
        Assert.DoesNotContain(names.Suggest("予算", new SearchPrincipal("鈴木", users["鈴木"]), 5)!, s => s.Name == "予算");

        // A changed ACL (same bytes, same mtime) reaches the index at the next crawl.
        await File.AppendAllTextAsync(aclFile, $"\n# file: 予算/予算担当_秘匿語.txt\nACL:{Kimura}:ALLOWED/0x0/READ\n");
        await share.CrawlAsync(source.Id);
        Assert.Equal(1, share.Index.Search(new SearchRequest("marmoset"), new SearchPrincipal("木村", users["木村"])).Total);
    }

    private static Dictionary<string, IReadOnlySet<string>> Users()
    {
        IReadOnlySet<string> Of(params string[] sids) => new HashSet<string>(sids.Select(s => FileAcl.TokenOf(s, 1)).Prepend(SearchPrincipal.AllStaff), StringComparer.Ordinal);
        return new Dictionary<string, IReadOnlySet<string>>
        {
            ["鈴木"] = Of(Suzuki, Finance),
            ["田中"] = Of(Tanaka, Finance, Budget),
            ["佐藤"] = Of(Sato, Budget),
            ["木村"] = Of(Kimura),
        };
    }

    private const string Common =
        "令和6年度の予算要求について、各局の歳出見直しの方針と積算根拠を整理した。人件費、物件費、維持補修費の順に説明する。" +
        "人件費は職員数の見込みと給与改定の影響を反映し、会計年度任用職員の報酬を含めて積算した。" +
        "物件費は委託料と使用料の契約実績をもとに、物価上昇分を見込んで算定した。" +
        "維持補修費は施設の長寿命化計画に沿って優先度を付け、緊急性の高い工事から計上した。" +
        "歳入については市税収入の見通しと地方交付税の動向を踏まえ、財政調整基金の取り崩しを最小限とする。" +
        "投資的経費は、学校施設の改修、道路橋梁の耐震化、上下水道の更新を中心に、国庫補助金と市債の活用を前提として計上した。";
}
