// Learning to rank from the search log: LightGBM LambdaRank (ML.NET) over per-(query, document)
// features, evaluated on the most recent searches held out from training, and used only when it
// beats the base ranking there.
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Ranking;

/// <summary>One logged search: its results' feature vectors (base order) and graded labels (2 opened, 1 previewed, 0 not clicked).</summary>
internal sealed record TrainingGroup(long Id, DateTime AtUtc, IReadOnlyList<(float[] Features, float Label)> Items);

/// <summary>What the admin page shows: data sizes, nDCG@10 of both rankings on held-out searches, and whether the model is used.</summary>
internal sealed record RankerEvaluation(
    DateTime TrainedAtUtc,
    int TrainingSearches,
    int HeldOutSearches,
    double? BaseNdcg,
    double? ModelNdcg,
    bool Enabled,
    string Reason);

internal sealed class LearnedRanker
{
    /// <summary>Searches with at least one click needed before a model is trained at all.</summary>
    public const int MinimumSearches = 30;

    /// <summary>The learned ranking must beat the base ranking by at least this much nDCG@10 on held-out searches.</summary>
    public const double MinimumGain = 0.01;

    private readonly string directory;
    private readonly MLContext ml = new(seed: 1);
    private readonly System.Threading.Lock gate = new();
    private ITransformer? model;
    private RankerEvaluation? evaluation;
    private bool loaded;

    public LearnedRanker(string directory)
    {
        this.directory = directory;
    }

    private string ModelPath => Path.Combine(directory, "ranker.zip");

    private string EvaluationPath => Path.Combine(directory, "ranker.json");

    public RankerEvaluation? Evaluation
    {
        get
        {
            Load();
            return evaluation;
        }
    }

    /// <summary>The scorer for <see cref="SearchRequest.Reranker"/> when an enabled model exists; otherwise null (base ranking).</summary>
    public Func<IReadOnlyList<float[]>, float[]>? Active()
    {
        Load();
        var current = model;
        return current is null || evaluation?.Enabled != true ? null : features => Score(current, features);
    }

    public RankerEvaluation Train(IReadOnlyList<TrainingGroup> groups, DateTime nowUtc)
    {
        var usable = groups.Where(g => g.Items.Count > 1 && g.Items.Any(i => i.Label > 0)).OrderBy(g => g.AtUtc).ThenBy(g => g.Id).ToList();
        if (usable.Count < MinimumSearches)
        {
            return Save(null, new RankerEvaluation(nowUtc, usable.Count, 0, null, null, false,
                $"結果が開かれた検索が {usable.Count.ToString(CultureInfo.InvariantCulture)} 件で、学習には {MinimumSearches.ToString(CultureInfo.InvariantCulture)} 件以上必要です。基本の並び順を使います。"));
        }

        // The newest fifth is held out: the model is judged on searches it never saw, as it would be used.
        var split = (int)Math.Ceiling(usable.Count * 0.8);
        var train = usable.Take(split).ToList();
        var test = usable.Skip(split).ToList();
        var data = ml.Data.LoadFromEnumerable(Rows(train));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(Row.GroupId))
            .Append(ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                RowGroupColumnName = "GroupKey",
                NumberOfLeaves = 8,
                MinimumExampleCountPerLeaf = 5,
                NumberOfIterations = 100,
                LearningRate = 0.1,
                Seed = 1,
                NumberOfThreads = 1,
            }));
        var trained = pipeline.Fit(data);
        var baseNdcg = test.Average(g => Ndcg(g.Items.Select(i => i.Label).ToList()));
        var modelNdcg = test.Average(g =>
        {
            var scores = Score(trained, g.Items.Select(i => i.Features).ToList());
            return Ndcg(g.Items.Select((i, n) => (i.Label, Score: scores[n])).OrderByDescending(p => p.Score).Select(p => p.Label).ToList());
        });
        var wins = modelNdcg >= baseNdcg + MinimumGain;
        return Save(trained, new RankerEvaluation(nowUtc, train.Count, test.Count, baseNdcg, modelNdcg, wins, wins
            ? "学習した並び順が保留した検索で基本の並び順を上回ったため、使っています。"
            : "学習した並び順が保留した検索で基本の並び順を上回らなかったため、基本の並び順を使います。"));
    }

    /// <summary>nDCG@10 of labels in the order shown, with gains 2^label - 1; 0 when nothing is relevant.</summary>
    internal static double Ndcg(IReadOnlyList<float> labelsInOrder)
    {
        static double Dcg(IEnumerable<float> labels) => labels.Take(10).Select((l, i) => (Math.Pow(2, l) - 1) / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(labelsInOrder.OrderDescending());
        return ideal == 0 ? 0 : Dcg(labelsInOrder) / ideal;
    }

    private float[] Score(ITransformer with, IReadOnlyList<float[]> features)
    {
        var view = with.Transform(ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = Pad(f), GroupId = 1 })));
        return view.GetColumn<float>("Score").ToArray();
    }

    private static float[] Pad(float[] f) => f.Length == Row.Width ? f : [.. f.Take(Row.Width), .. new float[Math.Max(0, Row.Width - f.Length)]];

    private static IEnumerable<Row> Rows(IEnumerable<TrainingGroup> groups)
    {
        uint id = 0;
        foreach (var g in groups)
        {
            id++;
            foreach (var (features, label) in g.Items)
            {
                yield return new Row { Label = label, GroupId = id, Features = Pad(features) };
            }
        }
    }

    private RankerEvaluation Save(ITransformer? trained, RankerEvaluation result)
    {
        lock (gate)
        {
            Directory.CreateDirectory(directory);
            if (trained is not null)
            {
                var schema = ml.Data.LoadFromEnumerable(Array.Empty<Row>()).Schema;
                var temp = ModelPath + ".tmp";
                ml.Model.Save(trained, schema, temp);
                File.Move(temp, ModelPath, overwrite: true);
            }

            File.WriteAllText(EvaluationPath, JsonSerializer.Serialize(result));
            model = trained ?? model;
            evaluation = result;
            loaded = true;
            return result;
        }
    }

    private void Load()
    {
        lock (gate)
        {
            if (loaded)
            {
                return;
            }

            loaded = true;
            if (File.Exists(EvaluationPath))
            {
                evaluation = JsonSerializer.Deserialize<RankerEvaluation>(File.ReadAllText(EvaluationPath));
            }

            if (File.Exists(ModelPath))
            {
                model = ml.Model.Load(ModelPath, out _);
            }
        }
    }

    private sealed class Row
    {
        public const int Width = 11;

        public float Label { get; set; }

        public uint GroupId { get; set; }

        [VectorType(Width)]
        public float[] Features { get; set; } = new float[Width];
    }
}
