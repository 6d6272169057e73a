using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Search.Semantic;

/// <summary>Fills the vector cache for indexed documents, and evaluates the blend on the click log.</summary>
internal sealed class SemanticService(SearchDb db, ISearchIndex index, SemanticRanker ranker, TimeProvider clock)
{
    /// <summary>At most this many of the newest clicked searches are evaluated.</summary>
    public const int MaxSearches = 2_000;

    public sealed record EmbedResult(long Documents, long Cached, long Computed, long Pruned, string? Error);

    /// <summary>
    /// Embeds every catalogued document whose vector (by content hash and name) is not cached yet, in
    /// batches, and drops vectors no document uses any more. Safe to stop at any point.
    /// </summary>
    public async Task<EmbedResult> EmbedMissingAsync(Action<long, long>? progress = null, CancellationToken cancellationToken = default)
    {
        var embedder = ranker.Embedder();
        var store = ranker.Store;
        if (embedder is null || store is null)
        {
            return new EmbedResult(0, 0, 0, 0, ranker.Configured ? ranker.LoadError : "埋め込みモデルが設定されていません。");
        }

        var rows = await db.Catalog.AsNoTracking().Select(c => new { c.SourceId, c.RelativePath, c.Name, c.ContentHash }).ToListAsync(cancellationToken);
        var live = rows.Select(r => EmbeddingStore.KeyOf(r.ContentHash, r.Name)).ToHashSet(StringComparer.Ordinal);
        var cached = store.Get(live);
        var missing = rows.Where(r => !cached.ContainsKey(EmbeddingStore.KeyOf(r.ContentHash, r.Name)))
            .DistinctBy(r => EmbeddingStore.KeyOf(r.ContentHash, r.Name), StringComparer.Ordinal).ToList();
        long computed = 0;
        foreach (var chunk in missing.Chunk(16))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var texts = new List<(string Key, string Text)>();
            foreach (var r in chunk)
            {
                if (index.Get(IndexDocument.KeyOf(r.SourceId, r.RelativePath)) is { } doc)
                {
                    texts.Add((EmbeddingStore.KeyOf(r.ContentHash, r.Name), ranker.DocumentText(doc.Name, doc.Content)));
                }
            }

            if (texts.Count > 0)
            {
                var vectors = embedder.Embed(texts.Select(t => t.Text).ToList());
                store.Put(texts.Select((t, i) => KeyValuePair.Create(t.Key, vectors[i])).ToList());
                computed += texts.Count;
            }

            progress?.Invoke(computed, missing.Count);
            await Task.Yield();
        }

        var pruned = store.Prune(live);
        return new EmbedResult(rows.Count, cached.Count, computed, pruned, null);
    }

    /// <summary>nDCG@10 of the base order and of the blend on the newest clicked searches (labels: opened 2, previewed 1).</summary>
    public async Task<SemanticEvaluation> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var clicks = await db.Clicks.AsNoTracking().Select(c => new { c.QueryLogId, c.Key, c.Action }).ToListAsync(cancellationToken);
        var clicked = clicks.GroupBy(c => c.QueryLogId).ToDictionary(
            g => g.Key,
            g => g.GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Any(c => c.Action == "open") ? 2f : 1f, StringComparer.Ordinal));
        var ids = clicked.Keys.ToList();
        var logs = await db.QueryLog.AsNoTracking()
            .Where(l => l.Page == 1 && l.Surface != "cli" && l.Shown != "" && ids.Contains(l.Id))
            .OrderByDescending(l => l.Id).Take(MaxSearches)
            .Select(l => new { l.Id, l.AtUtc, l.Query, l.Shown })
            .ToListAsync(cancellationToken);
        var groups = new List<(string, IReadOnlyList<(RescoreCandidate, float)>)>();
        foreach (var log in logs)
        {
            var keys = log.Shown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var features = index.RankingFeatures(log.Query, keys, log.AtUtc);
            var labels = clicked[log.Id];
            var items = new List<(RescoreCandidate, float)>();
            foreach (var (key, vector) in features.OrderBy(f => f.Value[1]))
            {
                if (index.Get(key) is { } doc)
                {
                    items.Add((new RescoreCandidate(key, doc.ContentHash, doc.Name, vector[0], () => doc.Content), labels.GetValueOrDefault(key)));
                }
            }

            groups.Add((log.Query, items));
        }

        return ranker.Evaluate(groups, clock.GetUtcNow().UtcDateTime);
    }
}

/// <summary>
/// Computes document vectors in the background after crawls (every minute, when a model is
/// configured and the index changed), so searches rarely embed anything but the query.
/// </summary>
internal sealed class SemanticIndexer(IServiceScopeFactory scopes, SemanticRanker ranker, ISearchIndex index, IOptions<JobRunnerOptions> jobOptions, TimeProvider clock, ILogger<SemanticIndexer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobOptions.Value.Enabled || !ranker.Configured)
        {
            return;
        }

        IndexStatistics? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = index.Statistics();
                if (now != last)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<SemanticService>().EmbedMissingAsync(null, stoppingToken);
                    if (result.Error is not null)
                    {
                        logger.LogWarning("Semantic vectors not computed: {Reason}", result.Error);
                        return;
                    }

                    last = now;
                }

                await Task.Delay(TimeSpan.FromSeconds(60), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                logger.LogError(ex, "ファイル検索の意味ベクトルの計算でエラーが発生しました");
                await Task.Delay(TimeSpan.FromSeconds(60), clock, stoppingToken);
            }
        }
    }
}
