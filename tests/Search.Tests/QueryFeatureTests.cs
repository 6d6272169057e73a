using Lucene.Net.Analysis.TokenAttributes;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Querying;

namespace OsakaDx.Search.Tests;

/// <summary>The query side on a real index: words, synonyms, did-you-mean, near-duplicates, related documents, departments.</summary>
public sealed class QueryFeatureTests : IDisposable
{
    private const string Copy =
        "令和6年度の予算要求について、各局の歳出見直しの方針と積算根拠を整理した。人件費、物件費、維持補修費の順に説明する。" +
        "人件費は職員数の見込みと給与改定の影響を反映し、会計年度任用職員の報酬を含めて積算した。" +
        "物件費は委託料と使用料の契約実績をもとに、物価上昇分を見込んで算定した。" +
        "維持補修費は施設の長寿命化計画に沿って優先度を付け、緊急性の高い工事から計上した。" +
        "歳入については市税収入の見通しと地方交付税の動向を踏まえ、財政調整基金の取り崩しを最小限とする。";

    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    public void The_word_analyzer_segments_Japanese_with_the_ICU_dictionary_and_folds_width_and_kana()
    {
        using var analyzer = new JapaneseWordAnalyzer();
        var tokens = Tokens(analyzer, "関西国際空港のアクセス改善とＡＢＣ予算");
        Assert.Contains("関西", tokens);
        Assert.Contains("あくせす", tokens);  // katakana folded to hiragana, like the bigram field
        Assert.Contains("abc", tokens);        // full width folded
        Assert.DoesNotContain("関西国際空港のアクセス改善とＡＢＣ予算", tokens);
        Assert.True(tokens.Count >= 5, string.Join(" / ", tokens));
    }

    [Fact]
    public async Task A_whole_word_match_ranks_above_a_bigram_only_match_and_both_are_found()
    {
        share.Write("a/京都の話.txt", "京都の都市計画についての会議。");    // 京都 as a word
        share.Write("b/東京都の話.txt", "東京都の都市計画についての会議。"); // 京都 only as bigram inside 東京都
        await share.CrawlAsync((await share.AddSourceAsync()).Id);
        var hits = share.Search("京都").Hits.Where(h => !h.IsFolder).Select(h => h.Name).ToList();
        Assert.Equal(["京都の話.txt", "東京都の話.txt"], hits);
    }

    [Fact]
    public async Task Kanji_variants_fold_so_an_old_form_finds_the_everyday_one()
    {
        share.Write("名簿/髙橋_連絡先.txt", "齋藤課長と髙橋係長の連絡先。");
        await share.CrawlAsync((await share.AddSourceAsync()).Id);
        Assert.Equal(1, share.Search("高橋").Hits.Count(h => !h.IsFolder));
        Assert.Equal(1, share.Search("斎藤").Hits.Count(h => !h.IsFolder));
    }

    [Fact]
    public async Task Synonyms_are_applied_at_query_time_and_reported()
    {
        share.Write("財政/令和6年度_予算説明書.txt", "一般会計の歳入歳出の説明。");
        await share.CrawlAsync((await share.AddSourceAsync()).Id);
        var without = share.Index.Search(new SearchRequest("予算書"), TestShare.Everyone);
        Assert.Equal(0, without.Total);
        var with = share.Index.Search(new SearchRequest("予算書") { Synonyms = [["予算書", "予算説明書"]] }, TestShare.Everyone);
        Assert.Equal("令和6年度_予算説明書.txt", Assert.Single(with.Hits).Name);
        Assert.Equal(["予算書 → 予算説明書"], with.Expansions);
    }

    [Fact]
    public async Task Did_you_mean_respells_from_the_index_long_vowels_and_typos()
    {
        share.Write("情報/サーバ更新計画.txt", "庁内サーバの更新計画。budget and schedule.");
        await share.CrawlAsync((await share.AddSourceAsync()).Id);

        var vowel = share.Search("サーバー 更新");
        Assert.Equal(0, vowel.Total);
        Assert.Equal("サーバ 更新", vowel.DidYouMean);
        Assert.Equal(1, vowel.DidYouMeanTotal);

        var typo = share.Search("budjet");
        Assert.Equal("budget", typo.DidYouMean);

        Assert.Null(share.Search("サーバ").DidYouMean); // enough hits: no suggestion
    }

    [Fact]
    public async Task Near_duplicates_collapse_into_the_best_result_with_the_copies_newest_first()
    {
        var a = share.Write("財政/予算要求資料.txt", Copy);
        var b = share.Write("財政/予算要求資料_最終版(2).txt", Copy + "（最終版）");
        var c = share.Write("個人/コピー_予算要求資料.txt", Copy);
        share.Write("財政/別の文書.txt", "令和6年度の予算要求に関する説明会の開催案内。会場は本庁舎。参加者は各局の予算担当者。");
        File.SetLastWriteTimeUtc(a, new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(b, new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(c, new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        await share.CrawlAsync((await share.AddSourceAsync()).Id);

        var results = share.Search("予算要求");
        var files = results.Hits.Where(h => !h.IsFolder).ToList();
        Assert.Equal(2, files.Count);
        var group = Assert.Single(files, h => h.Similar.Count > 0);
        Assert.Equal(2, group.Similar.Count);
        Assert.True(group.Similar[0].ModifiedUtc > group.Similar[1].ModifiedUtc);
        Assert.Equal(2, results.Collapsed);

        var similar = share.Index.Similar(group.Key, TestShare.Everyone, 10);
        Assert.Equal(2, similar.Count);
        Assert.DoesNotContain(similar, h => h.Name == "別の文書.txt");

        var flat = share.Index.Search(new SearchRequest("予算要求") { Collapse = false }, TestShare.Everyone);
        Assert.Equal(4, flat.Hits.Count(h => !h.IsFolder));
    }

    [Fact]
    public void SimHash_keeps_copies_close_and_unrelated_texts_far()
    {
        var original = SimHash.Of(Copy)!.Value;
        var edited = SimHash.Of(Copy.Replace("物件費", "委託料", StringComparison.Ordinal))!.Value;
        var other = SimHash.Of("観光事業者による脱炭素ツアーの造成を支援し、温室効果ガス排出量を可視化した。参加者のアンケート結果も整理した。")!.Value;
        Assert.Equal(0, SimHash.Distance(original, SimHash.Of(Copy + "  \n")!.Value));
        Assert.True(SimHash.Distance(original, edited) <= 12, $"edited: {SimHash.Distance(original, edited)}");
        Assert.True(SimHash.Distance(original, other) > SimHash.MaxDistance * 3, $"other: {SimHash.Distance(original, other)}");
        Assert.Null(SimHash.Of("短い"));
    }

    [Fact]
    public async Task Related_documents_share_the_subject_and_respect_permissions()
    {
        share.Write("環境/脱炭素ツアー_報告書.txt", "観光事業者による脱炭素ツアーの造成を支援し、温室効果ガスの排出量を可視化した。");
        share.Write("環境/脱炭素ツアー_募集要項.txt", "脱炭素ツアーの造成を支援する事業者を募集する。温室効果ガスの排出量の算定を含む。");
        share.Write("健康/がん検診.txt", "がん検診の受診勧奨をSMSで行い、受診率が向上した。");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        var report = share.Search("報告書").Hits.Single(h => h.Name == "脱炭素ツアー_報告書.txt");

        var related = share.Index.Related(report.Key, TestShare.Everyone, 5);
        Assert.Equal("脱炭素ツアー_募集要項.txt", related[0].Name);
        Assert.DoesNotContain(related, h => h.Key == report.Key);

        var nobody = new SearchPrincipal("nobody", new HashSet<string>());
        Assert.Empty(share.Index.Related(report.Key, nobody, 5));
        Assert.Null(share.Index.GetVisible(report.Key, nobody));
        Assert.NotNull(share.Index.GetVisible(report.Key, TestShare.Everyone));
    }

    [Fact]
    public async Task The_department_filter_keeps_the_sources_it_owns_and_the_facet_counts_per_source()
    {
        share.Write("zaisei/予算_財政.txt", "予算の資料");
        share.Write("kankyo/予算_環境.txt", "予算の資料");
        var zaisei = await share.AddSourceAsync("財政", owner: 10, root: Path.Combine(share.Root, "zaisei"));
        var kankyo = await share.AddSourceAsync("環境", owner: 30, root: Path.Combine(share.Root, "kankyo"));
        await share.CrawlAsync(zaisei.Id);
        await share.CrawlAsync(kankyo.Id);

        var all = share.Search("予算");
        Assert.Equal(2, all.Sources.Count);
        var only = share.Index.Search(new SearchRequest("予算") { Sources = [zaisei.Id] }, TestShare.Everyone);
        Assert.Equal("予算_財政.txt", Assert.Single(only.Hits).Name);
        Assert.Equal(0, share.Index.Search(new SearchRequest("予算") { Sources = [] }, TestShare.Everyone).Total);
    }

    [Fact]
    public async Task Synonym_groups_are_validated_versioned_and_a_stale_save_is_refused()
    {
        await using var db = share.NewDb();
        var service = new SynonymService(db, TimeProvider.System);
        Assert.Contains(SynonymService.Parse("予算書", null).Errors, e => e.Field == "Terms");
        Assert.Equal(["予算書", "予算説明書"], SynonymService.Parse("予算書、予算説明書, 予算書", null).Words);
        Assert.Empty(await service.SaveAsync(null, 0, "予算書, 予算説明書", "文書の呼び方"));
        Assert.Contains(await service.SaveAsync(null, 0, "予算書,予算説明書", null), e => e.Message.Contains("すでに", StringComparison.Ordinal));

        var saved = (await service.ListAsync()).Single();


        // Another admin saves first (the platform's interceptor bumps the version on every save; done by hand here).
        await using (var other = share.NewDb())
        {
            var row = await other.Synonyms.SingleAsync();
            row.Terms = "予算書,予算説明書,予算資料";
            row.Version++;
            await other.SaveChangesAsync();
        }

        var stale = await service.SaveAsync(saved.Id, saved.Version, "予算書, 予算説明書, 当初予算書", null); // the version shown before the change
        Assert.Equal(SynonymService.StaleMessage, Assert.Single(stale).Message);
        Assert.Equal("予算書,予算説明書,予算資料", (await service.ListAsync()).Single().Terms);
        Assert.Equal(SynonymService.StaleMessage, await service.DeleteAsync(saved.Id, saved.Version));
        Assert.Null(await service.DeleteAsync(saved.Id, saved.Version + 1));
        Assert.Empty(await service.ListAsync());
    }

    [Fact]
    public async Task Analytics_count_searches_users_zero_hits_clicks_and_latency()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 15, 3, 0, 0, TimeSpan.Zero));
        await using (var db = share.NewDb())
        {
            var at = clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < 20; i++)
            {
                db.QueryLog.Add(new SearchQueryLog { AtUtc = at.AddMinutes(-i), UserName = i % 4 == 0 ? "a" : "b", Query = i < 12 ? "予算 要求" : "存在しない語", Total = i < 12 ? 5 : 0, LatencyMs = i + 1, Page = 1, Surface = "page" });
            }

            db.QueryLog.Add(new SearchQueryLog { AtUtc = at, UserName = "a", Query = "予算 要求", Total = 5, LatencyMs = 1, Page = 2 }); // page 2: not a new search
            db.QueryLog.Add(new SearchQueryLog { AtUtc = at, UserName = "bench", Query = "予算", Total = 5, LatencyMs = 500, Page = 1, Surface = "cli" });
            await db.SaveChangesAsync();
            var first = await db.QueryLog.OrderBy(l => l.Id).FirstAsync();
            db.Clicks.Add(new SearchClick { QueryLogId = first.Id, AtUtc = first.AtUtc.AddSeconds(8), Key = "1:x", Rank = 1, Action = "preview" });
            db.Clicks.Add(new SearchClick { QueryLogId = first.Id, AtUtc = first.AtUtc.AddSeconds(30), Key = "1:y", Rank = 2, Action = "open" });
            await db.SaveChangesAsync();
        }

        await using var read = share.NewDb();
        var report = await new SearchAnalytics(read, clock).ComputeAsync();
        Assert.Equal(20, report.Searches);
        Assert.Equal(2, report.UniqueUsers);
        Assert.Equal(0.4, report.ZeroHitRate!.Value, 3);
        Assert.Equal(0.05, report.ClickThroughRate!.Value, 3);
        Assert.Equal(8, report.MedianSecondsToFirstClick!.Value, 3);
        Assert.Equal(19, report.LatencyP95Ms!.Value, 3); // 21 logs of page and api (1..20 ms and one more 1 ms), nearest rank 20 of 21; the CLI's 500 ms is not counted
        Assert.Equal("予算 要求", report.TopQueries[0].Query);
        Assert.Equal("存在しない語", Assert.Single(report.ZeroHitQueries).Query);
        Assert.Equal(20, report.Days[^1].Searches);
        Assert.Equal("2025年度", report.Years[^1].Label);

        using var csv = new MemoryStream();
        SearchAnalytics.WriteCsv(report, csv, OsakaDx.Platform.Files.CsvOutputEncoding.Utf8);
        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        Assert.Contains("0件だった語,存在しない語,8", text, StringComparison.Ordinal);
    }

    private static List<string> Tokens(Lucene.Net.Analysis.Analyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }
}
