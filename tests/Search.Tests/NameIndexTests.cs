using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

public sealed class NameIndexTests
{
    private static readonly SearchPrincipal Everyone = new("staff", new HashSet<string> { SearchPrincipal.AllStaff });

    [Fact]
    public void Any_fragment_of_a_name_matches_after_folding_and_only_real_substrings_do()
    {
        var builder = new NameIndex.Builder();
        builder.Add("/", "財政局", true, SearchPrincipal.AllStaff, SearchPrincipal.World);
        builder.Add("/財政局/", "令和6年度_予算要求資料_最終版（２）.xlsx", false, SearchPrincipal.AllStaff, SearchPrincipal.World);
        builder.Add("/財政局/", "令和6年度_予算資料_要求.xlsx", false, SearchPrincipal.AllStaff, SearchPrincipal.World); // every trigram of 予算要求 but one
        builder.Add("/環境局/", "ファイル一覧_髙橋.docx", false, SearchPrincipal.AllStaff, SearchPrincipal.World);
        builder.Add("/環境局/", "Budget_Final_v2.docx", false, SearchPrincipal.AllStaff, SearchPrincipal.World);
        var index = builder.Build();

        Assert.Equal(5, index.Count);
        Assert.Equal(["令和6年度_予算要求資料_最終版(2).xlsx"], index.Search("予算要求", Everyone, 10).Select(h => h.Name));
        Assert.Equal("/財政局/", index.Search("予算要求", Everyone, 10)[0].Folder);
        Assert.Single(index.Search("最終版(2)", Everyone, 10)); // full-width parentheses and digits fold (NFKC)
        Assert.Single(index.Search("最終版（２）", Everyone, 10));
        Assert.Equal(2, index.Search("予算", Everyone, 10).Count); // two characters: the scan path
        Assert.Single(index.Search("ふぁいる一覧", Everyone, 10)); // katakana folds to hiragana
        Assert.Single(index.Search("高橋", Everyone, 10)); // variant kanji fold
        Assert.Single(index.Search("final_V2", Everyone, 10)); // case folds
        Assert.True(index.Search("財政", Everyone, 10).Single().IsFolder);
        Assert.Empty(index.Search("予算要求資料_要求", Everyone, 10));
        Assert.Empty(index.Search("存在しない", Everyone, 10));
        Assert.Single(index.Search("予算", Everyone, 1)); // the limit
    }

    [Fact]
    public void Names_are_only_found_by_those_who_may_read_them()
    {
        var builder = new NameIndex.Builder();
        builder.Add("/", "公開資料.txt", false, SearchPrincipal.AllStaff, SearchPrincipal.World);
        builder.Add("/", "人事評価資料.txt", false, SearchPrincipal.AllStaff, SearchPrincipal.Group(1, 1001));
        builder.Add("/", "北区資料.txt", false, SearchPrincipal.Org(7), SearchPrincipal.World);
        builder.Add("/", "本人のみ資料.txt", false, SearchPrincipal.AllStaff, SearchPrincipal.Nobody);
        var index = builder.Build();

        Assert.Equal(["公開資料.txt"], index.Search("資料", Everyone, 10).Select(h => h.Name));
        Assert.Equal(["公開資料.txt"], index.Search("資料.txt", Everyone, 10).Select(h => h.Name)); // the trigram path as well
        var hr = new SearchPrincipal("hr", new HashSet<string> { SearchPrincipal.AllStaff, SearchPrincipal.Group(1, 1001) });
        Assert.Equal(["公開資料.txt", "人事評価資料.txt"], index.Search("資料.txt", hr, 10).Select(h => h.Name));
        var kita = new SearchPrincipal("kita", new HashSet<string> { SearchPrincipal.AllStaff, SearchPrincipal.Org(7) });
        Assert.Equal(["公開資料.txt", "北区資料.txt"], index.Search("資料.txt", kita, 10).Select(h => h.Name));
        Assert.Empty(index.Search("本人のみ", hr, 10));
        Assert.Empty(index.Search("資料", new SearchPrincipal("none", new HashSet<string>()), 10));
    }

    [Fact]
    public void Long_posting_lists_are_intersected_correctly_across_skip_points()
    {
        // Thousands of names share the common trigrams; the rare ones sit at scattered ids, so the
        // cursors must jump through their skip tables and land exactly.
        var builder = new NameIndex.Builder();
        var expected = new List<string>();
        var all = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var rare = i % 997 == 0;
            var name = rare ? $"令和6年度_予算要求_特別{i}.xlsx" : i % 3 == 0 ? $"令和6年度_予算要求_{i}.xlsx" : $"令和6年度_特別会計_{i}.xlsx";
            builder.Add("/f/", name, false, SearchPrincipal.AllStaff, SearchPrincipal.World);
            all.Add(name);
            if (rare)
            {
                expected.Add(name);
            }
        }

        var index = builder.Build();
        Assert.Equal(expected, index.Search("予算要求_特別", Everyone, 100).Select(h => h.Name));
        Assert.Equal(expected, index.Search("要求_特別", Everyone, 100).Select(h => h.Name));
        Assert.Equal(all.Where(n => n.Contains("令和6年度_予算要求_", StringComparison.Ordinal)), index.Search("令和6年度_予算要求_", Everyone, 100_000).Select(h => h.Name));
        Assert.Equal(all.Where(n => n.Contains("会計_1", StringComparison.Ordinal)), index.Search("会計_1", Everyone, 100_000).Select(h => h.Name));
    }
}
