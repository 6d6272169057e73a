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

/// <summary>Facts of one source: 事業 × 節 amounts and per-事業 財源内訳.</summary>
public sealed class PivotCube
{
    public required int[] ProjectOf { get; init; }

    public required int[] SetsuOf { get; init; }

    public required long[] AmountOf { get; init; }

    /// <summary>Per 事業: 事業費, 国庫, 府, 市債, その他特定財源.</summary>
    public required Dictionary<int, (long Cost, long National, long Prefectural, long Bonds, long Other)> Funding { get; init; }

    public int Count => ProjectOf.Length;
}

/// <summary>
/// The masters a cube is rolled up and labelled with, read once per state of the 事業 master (the
/// 会計・款・項・目・節 masters are created at start-up and not edited afterwards).
/// </summary>
public sealed class PivotMasters
{
    public required Dictionary<int, (int Org, int Account, int Moku)> Projects { get; init; }

    public required Dictionary<int, string> ProjectLabels { get; init; }

    public required Dictionary<int, int> KouOfMoku { get; init; }

    public required Dictionary<int, int> KanOfMoku { get; init; }

    public required Dictionary<int, string> NatureBySetsu { get; init; }

    public required Dictionary<int, string> PurposeByKan { get; init; }

    public required Dictionary<int, Setsu> Setsus { get; init; }

    public required Dictionary<int, BudgetItem> Items { get; init; }

    public required Dictionary<int, Account> Accounts { get; init; }
}

/// <summary>See <see cref="PivotCubeCache.StampAsync"/>.</summary>
public sealed record PivotStamp(string Year, string PreviousYear, string Projects);

/// <summary>Process-wide cache of cubes by source and stamp, and of the masters; at most a few dozen entries.</summary>
public sealed class PivotCubeCache
{
    private readonly ConcurrentDictionary<string, (string Stamp, Lazy<Task<PivotCube>> Cube)> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Stamp, Lazy<Task<PivotMasters>> Masters)> masters = new(StringComparer.Ordinal);

    /// <summary>
    /// The state of the data a pivot of <paramref name="year"/> depends on: count, Σ version and max id
    /// of the requests of the year and the year before, and of the 事業. Two small aggregate queries.
    /// </summary>
    public static async Task<PivotStamp> StampAsync(BudgetDb db, int year, CancellationToken cancellationToken)
    {
        var requests = await db.Requests.AsNoTracking().Where(r => r.Year == year || r.Year == year - 1).GroupBy(r => r.Year)
            .Select(g => new { g.Key, N = g.Count(), V = g.Sum(x => x.Version), M = g.Max(x => x.Id) }).ToListAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking().GroupBy(p => 1)
            .Select(g => new { N = g.Count(), V = g.Sum(x => x.Version), M = g.Max(x => x.Id) }).ToListAsync(cancellationToken);
        string Of(int y) => requests.FirstOrDefault(r => r.Key == y) is { } r ? $"{r.N}:{r.V}:{r.M}" : "-";
        var p = projects.FirstOrDefault();
        return new PivotStamp(Of(year), Of(year - 1), p is null ? "-" : $"{p.N}:{p.V}:{p.M}");
    }

    public async Task<PivotMasters> MastersAsync(BudgetDb db, PivotStamp stamp, CancellationToken cancellationToken)
    {
        var key = $"{db.Database.ProviderName}|{db.Database.GetConnectionString()}";
        if (masters.TryGetValue(key, out var hit) && hit.Stamp == stamp.Projects)
        {
            try
            {
                return await hit.Masters.Value;
            }
            catch (Exception)
            {
                masters.TryRemove(key, out _);
                throw;
            }
        }

        var lazy = new Lazy<Task<PivotMasters>>(() => BuildMastersAsync(db, cancellationToken));
        masters[key] = (stamp.Projects, lazy);
        return await lazy.Value;
    }

    public async Task<PivotCube> GetAsync(BudgetDb db, int year, CubeSource source, int? stageId, PivotStamp stamp, CancellationToken cancellationToken)
    {
        var key = $"{db.Database.ProviderName}|{db.Database.GetConnectionString()}|{year}|{source}|{stageId}";
        var current = source switch
        {
            // A closed stage's snapshot never changes; its closing time tells a re-created stage apart.
            CubeSource.Stage => "stage:" + (await db.Stages.AsNoTracking().Where(s => s.Id == stageId).Select(s => s.ClosedAtUtc).FirstOrDefaultAsync(cancellationToken))?.Ticks,
            CubeSource.Previous => stamp.PreviousYear + "|" + await db.Stages.AsNoTracking()
                .Where(s => s.Year == year - 1 && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken),
            _ => stamp.Year,
        };
        if (entries.TryGetValue(key, out var hit) && hit.Stamp == current)
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

        // Built once per stamp, on the caller's context (the caller awaits it, so the context lives long enough).
        var lazy = new Lazy<Task<PivotCube>>(() => BuildAsync(db, year, source, stageId, cancellationToken));
        if (entries.Count > 64)
        {
            entries.Clear();
        }

        entries[key] = (current, lazy);
        return await lazy.Value;
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

        return new PivotCube
        {
            ProjectOf = [.. facts.Select(f => f.Project)],
            SetsuOf = [.. facts.Select(f => f.Setsu)],
            AmountOf = [.. facts.Select(f => f.Amount)],
            Funding = funding,
        };
    }

    private static async Task<PivotMasters> BuildMastersAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        var projectRows = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code, p.Name, p.OrgUnitId, p.AccountId, p.MokuId }).ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
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

        var nature = new Dictionary<int, string>();
        foreach (var s in setsus.Values)
        {
            // Old-list 節 count as their FY2020 successor; 賃金 (no successor) was 物件費.
            var current = s.SuccessorId is { } next && setsus.TryGetValue(next, out var n) ? n : s;
            nature[s.Id] = current.FromYear >= Masters.StandardMasters.SetsuReformYear && current.Number is >= 1 and <= 27 ? PivotService.NatureOfSetsu[current.Number - 1] : "物件費";
        }

        var purpose = new Dictionary<int, string>();
        foreach (var kan in items.Values.Where(i => i.Level == ItemLevel.Kan))
        {
            purpose[kan.Id] = accounts.TryGetValue(kan.AccountId, out var a) && a.Kind == AccountKind.General
                ? PivotService.PurposeOfKan.GetValueOrDefault(kan.Name, "諸支出金")
                : $"acct:{kan.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return new PivotMasters
        {
            Projects = projectRows.ToDictionary(p => p.Id, p => (p.OrgUnitId, p.AccountId, p.MokuId)),
            ProjectLabels = projectRows.ToDictionary(p => p.Id, p => $"{p.Code} {p.Name}"),
            KouOfMoku = kouOf,
            KanOfMoku = kanOf,
            NatureBySetsu = nature,
            PurposeByKan = purpose,
            Setsus = setsus,
            Items = items,
            Accounts = accounts,
        };
    }
}
