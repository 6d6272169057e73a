using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Ranking;

/// <summary>Turns the search log into training groups (features from today's index, labels from clicks) and trains the ranker.</summary>
internal sealed class RankerTraining(SearchDb db, ISearchIndex index, LearnedRanker ranker, TimeProvider clock)
{
    /// <summary>At most this many of the newest logged searches are used.</summary>
    public const int MaxSearches = 20_000;

    public async Task<RankerEvaluation> TrainAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var clicks = await db.Clicks.AsNoTracking().Select(c => new { c.QueryLogId, c.Key, c.Action }).ToListAsync(cancellationToken);
        var clicked = clicks.GroupBy(c => c.QueryLogId).ToDictionary(
            g => g.Key,
            g => g.GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Any(c => c.Action == "open") ? 2f : 1f, StringComparer.Ordinal));
        var logs = await db.QueryLog.AsNoTracking()
            .Where(l => l.Page == 1 && l.Surface != "cli" && l.Shown != "" && clicked.Keys.Contains(l.Id))
            .OrderByDescending(l => l.Id).Take(MaxSearches)
            .Select(l => new { l.Id, l.AtUtc, l.Query, l.Shown })
            .ToListAsync(cancellationToken);
        var groups = new List<TrainingGroup>();
        foreach (var log in logs)
        {
            var keys = log.Shown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var features = index.RankingFeatures(log.Query, keys, log.AtUtc);
            var labels = clicked[log.Id];

            // Base order now (feature 1 is the base rank): documents since deleted drop out.
            var items = features.OrderBy(f => f.Value[1]).Select(f => (f.Value, labels.GetValueOrDefault(f.Key))).ToList();
            if (items.Count > 1)
            {
                groups.Add(new TrainingGroup(log.Id, log.AtUtc, items));
            }
        }

        return ranker.Train(groups, now);
    }
}
