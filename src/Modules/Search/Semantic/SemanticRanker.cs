// Optional semantic re-ranking (issue 3, item 7d). Off unless a model is configured; when it is,
// the cosine similarity of the query and each of the top hits (sentence embeddings from a local
// ONNX model) is blended with the base score. Used only when switched on, or in "auto" mode when
// an evaluation on the click log shows it does not lose nDCG@10 against the base ranking.
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Semantic;

/// <summary>How semantic re-ranking is switched: off, always on, or on when its evaluation does not lose.</summary>
internal enum SemanticMode
{
    Auto,
    On,
    Off,
}

/// <summary>The configuration under <c>OsakaDx:Search:Semantic</c> (model path also accepted as <c>OsakaDx:Search:EmbeddingModelPath</c>).</summary>
internal sealed record SemanticOptions
{
    public string? ModelPath { get; init; }

    public string? TokenizerPath { get; init; }

    public SemanticMode Mode { get; init; } = SemanticMode.Auto;

    /// <summary>w in score = (1 − w)·base + w·max(0, cos).</summary>
    public double Weight { get; init; } = 0.3;

    public int Depth { get; init; } = 50;

    public int MaxTokens { get; init; } = 256;

    /// <summary>Documents without a cached vector embedded during one search (the rest are neutral).</summary>
    public int MaxComputePerQuery { get; init; } = 4;

    /// <summary>"query: " for the e5 family; empty for MiniLM-style models.</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>"passage: " for the e5 family.</summary>
    public string DocumentPrefix { get; init; } = "";

    public bool LowerCase { get; init; } = true;

    public static SemanticOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("OsakaDx:Search:Semantic");
        var options = section.Get<SemanticOptions>() ?? new SemanticOptions();
        return options with
        {
            ModelPath = options.ModelPath ?? configuration["OsakaDx:Search:EmbeddingModelPath"],
            TokenizerPath = options.TokenizerPath ?? configuration["OsakaDx:Search:EmbeddingTokenizerPath"] ?? configuration["OsakaDx:Search:EmbeddingVocabPath"],
        };
    }
}

/// <summary>One candidate of the top hits as the re-ranker sees it; the text is read only when its vector is not cached.</summary>
internal sealed record RescoreCandidate(string Key, string? ContentHash, string Name, float BaseScore, Func<string> Text);

/// <summary>The hook a search request carries: new scores for the top hits in the order given.</summary>
internal interface IHitRescorer
{
    int Depth { get; }

    /// <param name="rankOnly">The order was already changed by the learned ranker: the base part is the position, not the score.</param>
    float[] Rescore(string query, IReadOnlyList<RescoreCandidate> candidates, bool rankOnly);
}

/// <summary>What the analytics page shows about semantic re-ranking.</summary>
internal sealed record SemanticEvaluation(DateTime EvaluatedAtUtc, string ModelId, int Searches, double? BaseNdcg, double? SemanticNdcg, bool Enabled, string Reason);

internal sealed class SemanticRanker : IHitRescorer, IDisposable
{
    /// <summary>Clicked searches needed before "auto" trusts an evaluation.</summary>
    public const int MinimumSearches = 30;

    private readonly string directory;
    private readonly ILogger? logger;
    private readonly System.Threading.Lock gate = new();
    private SentenceEmbedder? embedder;
    private EmbeddingStore? store;
    private bool attempted;
    private SemanticEvaluation? evaluation;
    private bool evaluationLoaded;

    public SemanticRanker(SemanticOptions options, string directory, ILogger? logger = null)
    {
        Options = options;
        this.directory = directory;
        this.logger = logger;
    }

    public SemanticOptions Options { get; }

    public int Depth => Math.Clamp(Options.Depth, 2, 200);

    /// <summary>A model and a tokenizer are configured (whether or not they load).</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Options.ModelPath) && !string.IsNullOrWhiteSpace(Options.TokenizerPath) && Options.Mode != SemanticMode.Off;

    /// <summary>Why the configured model could not be loaded (Japanese, for the admin page), or null.</summary>
    public string? LoadError { get; private set; }

    public string? ModelId => Embedder()?.ModelId;

    public EmbeddingStore? Store
    {
        get
        {
            Embedder();
            return store;
        }
    }

    public SemanticEvaluation? Evaluation
    {
        get
        {
            lock (gate)
            {
                if (!evaluationLoaded)
                {
                    evaluationLoaded = true;
                    var path = Path.Combine(directory, "semantic.json");
                    evaluation = File.Exists(path) ? JsonSerializer.Deserialize<SemanticEvaluation>(File.ReadAllText(path)) : null;
                }

                return evaluation;
            }
        }
    }

    /// <summary>The rescorer for a search request, or null when semantic re-ranking is not in use.</summary>
    public IHitRescorer? Active()
    {
        if (!Configured || Embedder() is null)
        {
            return null;
        }

        return Options.Mode == SemanticMode.On || (Evaluation is { Enabled: true } e && e.ModelId == ModelId) ? this : null;
    }

    internal SentenceEmbedder? Embedder()
    {
        if (!Configured)
        {
            return null;
        }

        lock (gate)
        {
            if (!attempted)
            {
                attempted = true;
                try
                {
                    embedder = new SentenceEmbedder(Options.ModelPath!, Options.TokenizerPath!, Options.MaxTokens, Options.LowerCase);
                    store = new EmbeddingStore(Path.Combine(directory, "embeddings"), embedder.ModelId);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentException or FormatException)
                {
                    LoadError = "埋め込みモデルを読み込めませんでした: " + ex.Message;
                    logger?.LogError(ex, "Semantic re-ranking disabled: the embedding model could not be loaded");
                    embedder = null;
                }
            }

            return embedder;
        }
    }

    /// <summary>What a document contributes: its name (words apart) and the start of its text.</summary>
    internal string DocumentText(string name, string text)
    {
        var stem = Path.GetFileNameWithoutExtension(name).Replace('_', ' ');
        var body = text.Length > 2000 ? text[..2000] : text;
        return Options.DocumentPrefix + stem + "\n" + body;
    }

    /// <summary>
    /// score_i = (1 − w)·b_i + w·max(0, cos(q, d_i)), b_i = base score / best base score of the window
    /// (or 1 − i/n when the learned ranker already re-ordered it). A document whose vector is not cached
    /// and beyond the per-search budget gets the mean cosine of the others (neutral).
    /// </summary>
    public float[] Rescore(string query, IReadOnlyList<RescoreCandidate> candidates, bool rankOnly)
    {
        var model = Embedder();
        var n = candidates.Count;
        var scores = new float[n];
        if (model is null || store is null || n == 0)
        {
            for (var i = 0; i < n; i++)
            {
                scores[i] = n - i;
            }

            return scores;
        }

        var cosines = Cosines(model, store, query, candidates);
        var known = cosines.Where(c => c is not null).Select(c => c!.Value).ToList();
        var neutral = known.Count == 0 ? 0 : known.Average();
        var best = candidates.Max(c => c.BaseScore);
        var w = Math.Clamp(Options.Weight, 0, 1);
        for (var i = 0; i < n; i++)
        {
            var b = rankOnly || best <= 0 ? 1.0 - ((double)i / n) : candidates[i].BaseScore / best;
            scores[i] = (float)(((1 - w) * b) + (w * Math.Max(0, cosines[i] ?? neutral)));
        }

        return scores;
    }

    private float?[] Cosines(SentenceEmbedder model, EmbeddingStore vectors, string query, IReadOnlyList<RescoreCandidate> candidates)
    {
        var q = model.Embed([Options.QueryPrefix + query])[0];
        var keys = candidates.Select(c => EmbeddingStore.KeyOf(c.ContentHash, c.Name)).ToList();
        var cached = vectors.Get(keys);
        var missing = Enumerable.Range(0, candidates.Count).Where(i => !cached.ContainsKey(keys[i])).Take(Math.Max(0, Options.MaxComputePerQuery)).ToList();
        if (missing.Count > 0)
        {
            var computed = model.Embed(missing.Select(i => DocumentText(candidates[i].Name, candidates[i].Text())).ToList());
            var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (var m = 0; m < missing.Count; m++)
            {
                fresh[keys[missing[m]]] = computed[m];
                cached[keys[missing[m]]] = computed[m];
            }

            vectors.Put(fresh);
        }

        return keys.Select(k => cached.TryGetValue(k, out var v) ? SentenceEmbedder.Cosine(q, v) : (float?)null).ToArray();
    }

    /// <summary>
    /// Judges the blend on judged searches: each group is the base order of the documents shown
    /// (base score, name, text, label). Saved and shown; "auto" uses it only when the blend does not lose.
    /// </summary>
    /// <param name="minimum">Judged searches needed (a hand-judged relevance set may be smaller than the click-log minimum).</param>
    public SemanticEvaluation Evaluate(IReadOnlyList<(string Query, IReadOnlyList<(RescoreCandidate Candidate, float Label)> Items)> groups, DateTime nowUtc, int minimum = MinimumSearches)
    {
        var model = Embedder();
        if (model is null)
        {
            return new SemanticEvaluation(nowUtc, "", 0, null, null, false, LoadError ?? "埋め込みモデルが設定されていません。");
        }

        var usable = groups.Where(g => g.Items.Count > 1 && g.Items.Any(i => i.Label > 0)).ToList();
        SemanticEvaluation result;
        if (usable.Count < minimum)
        {
            result = new SemanticEvaluation(nowUtc, model.ModelId, usable.Count, null, null, false,
                $"結果が開かれた検索が {usable.Count.ToString(CultureInfo.InvariantCulture)} 件で、評価には {minimum.ToString(CultureInfo.InvariantCulture)} 件以上必要です。意味による並べ替えは使いません。");
        }
        else
        {
            var (baseNdcg, semanticNdcg) = Compare(usable);
            var enabled = semanticNdcg >= baseNdcg;
            result = new SemanticEvaluation(nowUtc, model.ModelId, usable.Count, baseNdcg, semanticNdcg, enabled, enabled
                ? "意味による並べ替えが基本の並び順の nDCG@10 を下回らなかったため、使っています。"
                : "意味による並べ替えが基本の並び順の nDCG@10 を下回ったため、使いません。");
        }

        lock (gate)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "semantic.json"), JsonSerializer.Serialize(result));
            evaluation = result;
            evaluationLoaded = true;
        }

        return result;
    }

    /// <summary>Mean nDCG@10 of the base order and of the blended order over the groups.</summary>
    public (double Base, double Semantic) Compare(IReadOnlyList<(string Query, IReadOnlyList<(RescoreCandidate Candidate, float Label)> Items)> groups)
    {
        var baseNdcg = groups.Average(g => Ranking.LearnedRanker.Ndcg(g.Items.Select(i => i.Label).ToList()));
        var semanticNdcg = groups.Average(g =>
        {
            var scores = Rescore(g.Query, g.Items.Select(i => i.Candidate).ToList(), rankOnly: false);
            return Ranking.LearnedRanker.Ndcg(g.Items.Select((i, n) => (i.Label, Score: scores[n], n)).OrderByDescending(p => p.Score).ThenBy(p => p.n).Select(p => p.Label).ToList());
        });
        return (baseNdcg, semanticNdcg);
    }

    public void Dispose() => embedder?.Dispose();
}
