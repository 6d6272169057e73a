using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Ranking;
using Xunit.Abstractions;

namespace OsakaDx.Search.Tests;

/// <summary>Learning to rank on synthetic logs: a learnable click pattern is learned and switched on; a pattern the base ranking already serves is not.</summary>
public sealed class LearnedRankerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Topics = ["防災", "観光", "福祉", "教育", "道路", "公園", "税務", "保育", "環境", "水道", "港湾", "文化"];

    private readonly TestShare share = new();
    private readonly string models = Directory.CreateTempSubdirectory("osakadx-ranker-").FullName;

    public void Dispose()
    {
        share.Dispose();
        Directory.Delete(models, recursive: true);
    }

    [Fact]
    public async Task Staff_who_always_open_the_workbook_teach_the_ranker_to_put_it_first()
    {
        await BuildShareAsync();
        await LogAsync(hits => hits.Single(h => h.Type == "Excel"));

        var ranker = new LearnedRanker(models);
        var evaluation = await TrainAsync(ranker);
        output.WriteLine($"{evaluation.TrainingSearches} train / {evaluation.HeldOutSearches} held out: base nDCG@10 {evaluation.BaseNdcg:0.000}, model {evaluation.ModelNdcg:0.000}, enabled {evaluation.Enabled}");
        Assert.True(evaluation.Enabled, evaluation.Reason);
        Assert.True(evaluation.ModelNdcg > evaluation.BaseNdcg + LearnedRanker.MinimumGain);

        var plain = share.Index.Search(new SearchRequest("防災") { Collapse = false }, TestShare.Everyone);
        Assert.NotEqual("Excel", plain.Hits[0].Type);
        var learned = share.Index.Search(new SearchRequest("防災") { Collapse = false, Reranker = ranker.Active() }, TestShare.Everyone);
        Assert.Equal("Excel", learned.Hits[0].Type);
        Assert.Equal(plain.Total, learned.Total);

        // A fresh instance loads the saved model and its evaluation.
        var reloaded = new LearnedRanker(models);
        Assert.NotNull(reloaded.Active());
        Assert.True(reloaded.Evaluation!.Enabled);
    }

    [Fact]
    public async Task A_ranker_that_cannot_beat_the_base_ranking_stays_off_and_too_few_clicks_train_nothing()
    {
        await BuildShareAsync();
        var ranker = new LearnedRanker(models);
        var none = await TrainAsync(ranker);
        Assert.False(none.Enabled);
        Assert.Contains("件以上必要", none.Reason, StringComparison.Ordinal);
        Assert.Null(ranker.Active());

        await LogAsync(hits => hits[0]); // staff open the first result: the base ranking is already perfect
        var evaluation = await TrainAsync(ranker);
        Assert.Equal(1.0, evaluation.BaseNdcg!.Value, 6);
        Assert.False(evaluation.Enabled, evaluation.Reason);
        Assert.Null(ranker.Active());
    }

    private async Task BuildShareAsync()
    {
        foreach (var topic in Topics)
        {
            for (var i = 1; i <= 4; i++)
            {
                share.Write($"{topic}/{topic}_メモ_{i}.txt", string.Concat(Enumerable.Repeat($"{topic}の検討メモ。", 5 - i)) + $"{topic}に関する打合せの記録 その{i}。");
            }

            DemoShare.Xlsx(Path.Combine(share.Root, topic, $"集計表_{i2(topic)}.xlsx"), "集計", $"{topic}の事業費の集計");
        }

        await share.CrawlAsync((await share.AddSourceAsync()).Id);

        static string i2(string topic) => topic.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + topic;
    }

    /// <summary>Five searches per topic over ten days, results as shown (base order), one click each as <paramref name="choose"/> says.</summary>
    private async Task LogAsync(Func<List<SearchHit>, SearchHit> choose)
    {
        await using var db = share.NewDb();
        var at = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var round = 0; round < 5; round++)
        {
            foreach (var topic in Topics)
            {
                var hits = share.Index.Search(new SearchRequest(topic) { Collapse = false, DidYouMean = false }, TestShare.Everyone).Hits.Where(h => !h.IsFolder).ToList();
                var log = new SearchQueryLog { AtUtc = at = at.AddHours(5), UserName = $"u{round}", Query = topic, Page = 1, Total = hits.Count, Shown = string.Join('\n', hits.Select(h => h.Key)) };
                db.QueryLog.Add(log);
                await db.SaveChangesAsync();
                db.Clicks.Add(new SearchClick { QueryLogId = log.Id, AtUtc = at.AddSeconds(10), Key = choose(hits).Key, Rank = 1, Action = "open" });
            }
        }

        await db.SaveChangesAsync();
    }

    private async Task<RankerEvaluation> TrainAsync(LearnedRanker ranker)
    {
        await using var db = share.NewDb();
        return await new RankerTraining(db, share.Index, ranker, TimeProvider.System).TrainAsync();
    }
}
