using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The fast paths of a search (fourth session) give the same answers as the plain ones: the
/// two-thread split over segments, the cached permission bitsets across commits, and snippets
/// highlighted around the matches of long documents.
/// </summary>
public sealed class QueryPathTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("osakadx-querypath-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IndexDocument Doc(int i, string text, string fileAcl = SearchPrincipal.World, string sourceAcl = SearchPrincipal.AllStaff) =>
        new(1, $"{(i % 3 == 0 ? "財政局" : "環境局")}/課{i % 4}/文書{i:D4}{(i % 5 == 0 ? ".docx" : ".txt")}", $"文書{i:D4}{(i % 5 == 0 ? ".docx" : ".txt")}",
            i % 5 == 0 ? "Word" : "テキスト", i % 5 == 0 ? "docx" : "txt", false, 100 + i, new DateTime(2020 + (i % 6), 1 + (i % 12), 1, 0, 0, 0, DateTimeKind.Utc),
            text, sourceAcl, fileAcl, $"h{i}");

    [Fact]
    public void A_search_split_over_two_threads_returns_exactly_what_one_thread_returns()
    {
        using var index = new LuceneSearchIndex(folder);
        var words = new[] { "予算", "要求", "検討", "報告", "市民", "施設" };
        for (var segment = 0; segment < 4; segment++)
        {
            using var session = index.OpenSession();
            for (var i = segment * 150; i < (segment + 1) * 150; i++)
            {
                // Scores tie often (same words, same lengths), so the merge's tie-break by document number is exercised too.
                session.Upsert(Doc(i, $"{words[i % 6]}の{words[(i / 6) % 6]}について{words[(i / 36) % 6]}した。" + (i % 7 == 0 ? "予算要求の説明。" : "")));
            }

            session.Commit();
        }

        var original = LuceneSearchIndex.ParallelFrom;
        try
        {
            LuceneSearchIndex.ParallelFrom = 0;
            foreach (var sort in new[] { SearchSort.Relevance, SearchSort.Newest })
            {
                foreach (var query in new[] { "予算 検討", "予算要求", "市民 OR 施設", "報告 -市民", "文書00" })
                {
                    var request = new SearchRequest(query) { PageSize = 20, Page = 2, Sort = sort };
                    LuceneSearchIndex.SplitSearches = false;
                    var single = index.Search(request, TestShareEveryone);
                    LuceneSearchIndex.SplitSearches = true;
                    var split = index.Search(request, TestShareEveryone);
                    Assert.True(single.Total > 20, $"{query}: {single.Total}");
                    Assert.Equal(single.Total, split.Total);
                    Assert.Equal(single.Hits.Select(h => (h.Key, h.Score)), split.Hits.Select(h => (h.Key, h.Score)));
                    Assert.Equal(single.Types, split.Types);
                    Assert.Equal(single.Years, split.Years);
                    Assert.Equal(single.Folders, split.Folders);
                    Assert.Equal(single.Sources, split.Sources);
                }
            }
        }
        finally
        {
            LuceneSearchIndex.ParallelFrom = original;
            LuceneSearchIndex.SplitSearches = true;
        }
    }

    private static SearchPrincipal TestShareEveryone { get; } = new("everyone", new HashSet<string> { SearchPrincipal.AllStaff });

    [Fact]
    public void Cached_permission_filters_follow_commits_and_deletions_and_never_mix_users()
    {
        using var index = new LuceneSearchIndex(folder);
        var north = new SearchPrincipal("north", new HashSet<string> { SearchPrincipal.AllStaff, "org:7" });
        var other = new SearchPrincipal("other", new HashSet<string> { SearchPrincipal.AllStaff, "org:8" });
        using (var session = index.OpenSession())
        {
            session.Upsert(Doc(1, "区政会議の議事要旨（全職員）"));
            session.Upsert(Doc(2, "区政会議の議事要旨（北区のみ）", sourceAcl: "org:7"));
            session.Commit();
        }

        Assert.Equal(2, index.Search(new SearchRequest("区政会議"), north).Total);
        Assert.Equal(1, index.Search(new SearchRequest("区政会議"), other).Total);

        // A new segment after the filters were cached: its documents are filtered too, not skipped or let through.
        using (var session = index.OpenSession())
        {
            session.Upsert(Doc(3, "区政会議の資料（北区のみ、追加）", sourceAcl: "org:7"));
            session.Upsert(Doc(4, "区政会議の資料（所有者のみ）", fileAcl: SearchPrincipal.Nobody));
            session.Delete(Doc(1, "").Key);
            session.Commit();
        }

        Assert.Equal(["文書0002.txt", "文書0003.txt"], index.Search(new SearchRequest("区政会議"), north).Hits.Select(h => h.Name).Order());
        Assert.Empty(index.Search(new SearchRequest("区政会議"), other).Hits);
        Assert.Empty(index.Suggest("文書0004", north, 5));
        Assert.Single(index.Suggest("文書0003", north, 5));
        Assert.Empty(index.Suggest("文書0003", other, 5));
    }

    [Fact]
    public void Snippets_of_long_documents_show_the_matches_far_from_the_start()
    {
        using var index = new LuceneSearchIndex(folder);
        var filler = string.Concat(Enumerable.Repeat("本年度の事業は計画どおり進んでいる。", 2_000)); // ~36,000 characters
        using (var session = index.OpenSession())
        {
            session.Upsert(Doc(1, filler + "なお、関西国際空港の連絡橋の点検結果は別紙のとおり。" + filler + "Diorの化粧品等に関する相談もあった。"));
            session.Commit();
        }

        var hit = index.Search(new SearchRequest("空港 ＤＩＯＲ"), TestShareEveryone).Hits.Single();
        Assert.Contains("<mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("連絡橋", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("相談", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains(" … ", hit.SnippetHtml, StringComparison.Ordinal);

        // Katakana in the query, hiragana in the text (and the other way round) still find their stretch.
        Assert.Equal([(36_000, 47)], LuceneSearchIndex.MatchWindows(new string('あ', 36_040) + "ふぁいるサーバ", [LuceneSearchIndex.FoldForMatch("ファイル")]));
        Assert.Empty(LuceneSearchIndex.MatchWindows("何も含まない文書", [LuceneSearchIndex.FoldForMatch("空港")]));
    }
}
