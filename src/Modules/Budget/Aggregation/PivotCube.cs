// The pivots' in-memory cube. One source (a year's 要求, its 査定, a closed stage's snapshot, or
// last year's 当初) is read from the database once as facts at the grain 事業 × 節 plus one
// 財源内訳 row per 事業, with the small masters (事業 → 所属, 会計, 目 → 項 → 款) beside them.
// Every axis (所属, 会計, 款, 項, 目, 節, 事業, 性質別, 目的別, 財源) is then a pass over those
// arrays in memory: ~60,000 facts for the Osaka-scale demo, a few milliseconds.
//
// Freshness: a closed stage's snapshot never changes, so its cube is kept as long as the stage
// stays closed. A live source (要求, 査定) is keyed by a stamp read with every pivot — the count,
// Σ version and max id of the year's requests and of the 事業 — and every save, 査定 or state
// change bumps the request's version, so any change (from this process, another server or the CLI)
// makes the next pivot rebuild the cube. The stamp is one aggregate over ~5,000 request rows.
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Aggregation;

/// <summary>Where a cube's figures come from.</summary>
public enum CubeSource
{
    /// <summary>Requested amounts of every request of the year.</summary>
    Request,

    /// <summary>査定額 of requests at 課長査定 or 確定.</summary>
    Assessed,

    /// <summary>A closed stage's snapshot.</summary>
    Stage,

    /// <summary>Last year's 当初: the closed 確定 snapshot, else the 査定額 of 確定 requests.</summary>
    Previous,
}

/// <summary>Facts of one source: 事業 × 節 amounts and per-事業 財源内訳, with the masters to roll them up.</summary>
public sealed class PivotCube
{
    public required int[] ProjectOf { get; init; }

    public required int[] SetsuOf { get; init; }

    public required long[] AmountOf { get; init; }

    /// <summary>Per 事業: 事業費, 国庫, 府, 市債, その他特定財源.</summary>
    public required Dictionary<int, (long Cost, long National, long Prefectural, long Bonds, long Other)> Funding { get; init; }

    public required Dictionary<int, (int Org, int Account, int Moku)> Projects { get; init; }

    public required Dictionary<int, int> KouOfMoku { get; init; }

    public required Dictionary<int, int> KanOfMoku { get; init; }

    public int Count => ProjectOf.Length;
}

/// <summary>Process-wide cache of cubes by source and stamp; at most a few dozen entries.</summary>
public sealed class PivotCubeCache
{
    private readonly ConcurrentDictionary<string, (string Stamp, Lazy<Task<PivotCube>> Cube)> entries = new(StringComparer.Ordinal);

    public async Task<PivotCube> GetAsync(BudgetDb db, int year, CubeSource source, int? stageId, CancellationToken cancellationToken)
    {
        var key = $"{db.Database.ProviderName}|{db.Database.GetConnectionString()}|{year}|{source}|{stageId}";
        var stamp = await StampAsync(db, year, source, stageId, cancellationToken);
        if (entries.TryGetValue(key, out var hit) && hit.Stamp == stamp)
        {
            try
            {
                return await hit.Cube.Value;
            }
            catch (Exception)
            {
                entries.TryRemove(key, out _);
                throw;
            }
        }

        // The build runs on its own context-free path (the caller's db), once per stamp.
        var lazy = new Lazy<Task<PivotCube>>(() => BuildAsync(db, year, source, stageId, cancellationToken));
        if (entries.Count > 64)
        {
            entries.Clear();
        }

        entries[key] = (stamp, lazy);
        return await lazy.Value;
    }

    /// <summary>Forgets every cube (the demo generator replaces all data).</summary>
    public void Clear() => entries.Clear();

    private static async Task<string> StampAsync(BudgetDb db, int year, CubeSource source, int? stageId, CancellationToken cancellationToken)
    {
        if (source == CubeSource.Stage)
        {
            var closed = await db.Stages.AsNoTracking().Where(s => s.Id == stageId).Select(s => s.ClosedAtUtc).FirstOrDefaultAsync(cancellationToken);
            return $"stage:{closed?.Ticks}";
        }

        var y = source == CubeSource.Previous ? year - 1 : year;
        var r = await db.Requests.AsNoTracking().Where(x => x.Year == y).GroupBy(_ => 1)
            .Select(g => new { N = g.Count(), V = g.Sum(x => x.Version), M = g.Max(x => x.Id) }).FirstOrDefaultAsync(cancellationToken);
        var p = await db.Projects.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { N = g.Count(), V = g.Sum(x => x.Version), M = g.Max(x => x.Id) }).FirstOrDefaultAsync(cancellationToken);
        var adopted = source == CubeSource.Previous
            ? await db.Stages.AsNoTracking().Where(s => s.Year == y && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        return $"{r?.N}:{r?.V}:{r?.M}|{p?.N}:{p?.V}:{p?.M}|{adopted}";
    }

    private static async Task<PivotCube> BuildAsync(BudgetDb db, int year, CubeSource source, int? stageId, CancellationToken cancellationToken)
    {
        if (source == CubeSource.Previous)
        {
            var adopted = await db.Stages.AsNoTracking().Where(s => s.Year == year - 1 && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null)
                .Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (adopted is { } id)
            {
                source = CubeSource.Stage;
                stageId = id;
            }
        }

        List<(int Project, int Setsu, long Amount)> facts;
        Dictionary<int, (long, long, long, long, long)> funding;
        if (source == CubeSource.Stage)
        {
            facts = [.. (await db.StageAmounts.AsNoTracking().Where(a => a.StageId == stageId).Select(a => new { a.ProjectId, a.SetsuId, a.Amount }).ToListAsync(cancellationToken))
                .Select(a => (a.ProjectId, a.SetsuId, a.Amount))];
            funding = (await db.StageFundings.AsNoTracking().Where(f => f.StageId == stageId).ToListAsync(cancellationToken))
                .ToDictionary(f => f.ProjectId, f => (f.Cost, f.National, f.Prefectural, f.Bonds, f.OtherSpecific));
        }
        else
        {
            var y = source == CubeSource.Previous ? year - 1 : year;
            var requests = db.Requests.AsNoTracking().Where(r => r.Year == y);
            requests = source switch
            {
                CubeSource.Previous => requests.Where(r => r.Status == RequestStatus.Confirmed),
                CubeSource.Assessed => requests.Where(r => r.Status >= RequestStatus.Assessed),
                _ => requests,
            };
            var assessed = source != CubeSource.Request;
            var grouped = from l in db.Lines.AsNoTracking()
                          join r in requests on l.RequestId equals r.Id
                          group assessed ? l.AssessedAmount ?? 0 : l.Amount by new { r.ProjectId, l.SetsuId } into g
                          select new { g.Key.ProjectId, g.Key.SetsuId, Sum = g.Sum() };
            facts = [.. (await grouped.ToListAsync(cancellationToken)).Select(x => (x.ProjectId, x.SetsuId, x.Sum))];
            funding = assessed
                ? (await requests.Select(r => new { r.ProjectId, C = r.AssessedCost ?? 0, N = r.AssessedNationalFunds ?? 0, P = r.AssessedPrefecturalFunds ?? 0, B = r.AssessedBonds ?? 0, O = r.AssessedOtherSpecificFunds ?? 0 })
                    .ToListAsync(cancellationToken)).ToDictionary(x => x.ProjectId, x => (x.C, x.N, x.P, x.B, x.O))
                : (await requests.Select(r => new { r.ProjectId, C = r.Cost, N = r.NationalFunds, P = r.PrefecturalFunds, B = r.Bonds, O = r.OtherSpecificFunds })
                    .ToListAsync(cancellationToken)).ToDictionary(x => x.ProjectId, x => (x.C, x.N, x.P, x.B, x.O));
        }

        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.OrgUnitId, p.AccountId, p.MokuId }).ToDictionaryAsync(p => p.Id, p => (p.OrgUnitId, p.AccountId, p.MokuId), cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).Select(i => new { i.Id, i.ParentId, i.Level }).ToDictionaryAsync(i => i.Id, cancellationToken);
        var kouOf = new Dictionary<int, int>();
        var kanOf = new Dictionary<int, int>();
        foreach (var moku in items.Values.Where(i => i.Level == ItemLevel.Moku))
        {
            if (moku.ParentId is { } kou)
            {
                kouOf[moku.Id] = kou;
                kanOf[moku.Id] = items.TryGetValue(kou, out var k) && k.ParentId is { } kan ? kan : kou;
            }
        }

        return new PivotCube
        {
            ProjectOf = [.. facts.Select(f => f.Project)],
            SetsuOf = [.. facts.Select(f => f.Setsu)],
            AmountOf = [.. facts.Select(f => f.Amount)],
            Funding = funding,
            Projects = projects,
            KouOfMoku = kouOf,
            KanOfMoku = kanOf,
        };
    }
}
