// City-wide totals of a fiscal year by one dimension, for a stage, beside the previous year's
// 当初 (確定 査定額). Each dimension is one GROUP BY in the database, so the cost stays with the
// database however many lines there are; labels are joined in memory from the small masters.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Budget.Aggregation;

public enum PivotDimension
{
    Org,
    Kan,
    Setsu,
    Funding,
    Account,
    Kou,
    Moku,
    Project,
    Nature,
    Purpose,
}

/// <summary>要求 = requested amounts of every request of the year; 査定 = 査定額 of requests at 課長査定 or 確定.</summary>
public enum PivotStage
{
    Request,
    Assessed,
}

public sealed record PivotRow(string Key, string Label, long Current, long Previous)
{
    public long Difference => Current - Previous;
}

public sealed record PivotResult(int Year, PivotDimension Dimension, PivotStage Stage, IReadOnlyList<PivotRow> Rows, string? SourceName = null)
{
    /// <summary>「要求」, 「査定」 or the name of the closed stage the figures come from.</summary>
    public string Source => SourceName ?? PivotService.StageName(Stage);

    public long TotalCurrent => Rows.Sum(r => r.Current);

    public long TotalPrevious => Rows.Sum(r => r.Previous);
}

public sealed partial class PivotService(BudgetDb db, OrgDirectory orgs, PivotCubeCache cubes)
{
    public static readonly IReadOnlyList<string> FundingKinds = ["国庫支出金", "府支出金", "市債", "その他特定財源", "一般財源"];

    public static string DimensionName(PivotDimension d) => d switch
    {
        PivotDimension.Org => "所属",
        PivotDimension.Kan => "款",
        PivotDimension.Setsu => "節",
        PivotDimension.Funding => "財源",
        PivotDimension.Account => "会計",
        PivotDimension.Kou => "項",
        PivotDimension.Moku => "目",
        PivotDimension.Project => "事業",
        PivotDimension.Nature => "性質",
        PivotDimension.Purpose => "目的",
        _ => d.ToString(),
    };

    public static string StageName(PivotStage s) => s == PivotStage.Request ? "要求" : "査定";

    public Task<PivotResult> PivotAsync(int year, PivotDimension dimension, PivotStage stage, CancellationToken cancellationToken = default) =>
        PivotAsync(year, dimension, stage, null, cancellationToken);

    /// <summary>
    /// City-wide totals by one axis from the cube of the source (要求, 査定, or the closed stage
    /// <paramref name="stageId"/>), beside last year's 当初.
    /// </summary>
    public async Task<PivotResult> PivotAsync(int year, PivotDimension dimension, PivotStage stage, int? stageId, CancellationToken cancellationToken = default)
    {
        string? sourceName = null;
        var stamp = await PivotCubeCache.StampAsync(db, year, cancellationToken);
        PivotCube current;
        if (stageId is { } id)
        {
            var s = await db.Stages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Year == year && x.ClosedAtUtc != null, cancellationToken)
                ?? throw new InvalidOperationException("締め切った段階ではありません。");
            sourceName = Stages.StageService.Name(s.Kind, s.Round);
            current = await cubes.GetAsync(db, year, CubeSource.Stage, id, stamp, cancellationToken);
        }
        else
        {
            current = await cubes.GetAsync(db, year, stage == PivotStage.Request ? CubeSource.Request : CubeSource.Assessed, null, stamp, cancellationToken);
        }

        var previous = await cubes.GetAsync(db, year, CubeSource.Previous, null, stamp, cancellationToken);
        var masters = await cubes.MastersAsync(db, stamp, cancellationToken);
        var now = Roll(current, masters, dimension);
        var before = Roll(previous, masters, dimension);
        var labels = await CubeLabelsAsync(masters, dimension, now.Keys.Concat(before.Keys).Distinct().ToList(), cancellationToken);
        var rows = labels.Select(l => new PivotRow(l.Key, l.Label, now.GetValueOrDefault(l.Key), before.GetValueOrDefault(l.Key))).ToList();
        return new PivotResult(year, dimension, stage, rows, sourceName);
    }

    /// <summary>The same totals straight from SQL (所属・款・節・財源 only): kept to check the cube against.</summary>
    public Task<Dictionary<string, long>> DirectTotalsAsync(int year, PivotDimension dimension, PivotStage stage, CancellationToken cancellationToken = default) =>
        TotalsAsync(year, dimension, stage, previous: false, cancellationToken);

    private async Task<Dictionary<string, long>> TotalsAsync(int year, PivotDimension dimension, PivotStage stage, bool previous, CancellationToken cancellationToken)
    {
        // 前年度 is last year's 当初: when its 確定 stage was closed, read the pre-aggregated snapshot
        // (one row per 事業 × 節) instead of re-aggregating every line of last year.
        if (previous && await db.Stages.AsNoTracking().Where(s => s.Year == year && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null)
                .Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken) is { } adopted)
        {
            return await SnapshotTotalsAsync(adopted, dimension, cancellationToken);
        }

        var requests = db.Requests.AsNoTracking().Where(r => r.Year == year);
        if (previous)
        {
            requests = requests.Where(r => r.Status == RequestStatus.Confirmed);
        }
        else if (stage == PivotStage.Assessed)
        {
            requests = requests.Where(r => r.Status >= RequestStatus.Assessed);
        }

        var assessed = stage == PivotStage.Assessed;
        var lines = from l in db.Lines.AsNoTracking()
                    join r in requests on l.RequestId equals r.Id
                    select new { l.SetsuId, r.Project!.OrgUnitId, r.Project.MokuId, Value = assessed ? l.AssessedAmount ?? 0 : l.Amount };

        // 所属, 款 and 財源 need only each request's total, which the request row keeps (Cost,
        // AssessedCost): one row per request instead of every 積算 line. Only 節 reads the lines.
        var totals = from r in requests
                     select new { r.Project!.OrgUnitId, r.Project.MokuId, Value = assessed ? r.AssessedCost ?? 0 : r.Cost };
        switch (dimension)
        {
            case PivotDimension.Org:
                return (await totals.GroupBy(x => x.OrgUnitId).Select(g => new { g.Key, Sum = g.Sum(x => x.Value) }).ToListAsync(cancellationToken))
                    .ToDictionary(x => Key(x.Key), x => x.Sum);
            case PivotDimension.Setsu:
                return (await lines.GroupBy(x => x.SetsuId).Select(g => new { g.Key, Sum = g.Sum(x => x.Value) }).ToListAsync(cancellationToken))
                    .ToDictionary(x => Key(x.Key), x => x.Sum);
            case PivotDimension.Kan:
                var byMoku = await totals.GroupBy(x => x.MokuId).Select(g => new { g.Key, Sum = g.Sum(x => x.Value) }).ToListAsync(cancellationToken);
                var kanOf = await KanOfMokuAsync(cancellationToken);
                return byMoku.GroupBy(x => kanOf.GetValueOrDefault(x.Key)).ToDictionary(g => Key(g.Key), g => g.Sum(x => x.Sum));
            default:
                var cost = await totals.SumAsync(x => (long?)x.Value, cancellationToken) ?? 0;
                var funds = assessed
                    ? await requests.GroupBy(_ => 1).Select(g => new
                    {
                        N = g.Sum(r => r.AssessedNationalFunds ?? 0),
                        P = g.Sum(r => r.AssessedPrefecturalFunds ?? 0),
                        B = g.Sum(r => r.AssessedBonds ?? 0),
                        O = g.Sum(r => r.AssessedOtherSpecificFunds ?? 0),
                    }).SingleOrDefaultAsync(cancellationToken)
                    : await requests.GroupBy(_ => 1).Select(g => new
                    {
                        N = g.Sum(r => r.NationalFunds),
                        P = g.Sum(r => r.PrefecturalFunds),
                        B = g.Sum(r => r.Bonds),
                        O = g.Sum(r => r.OtherSpecificFunds),
                    }).SingleOrDefaultAsync(cancellationToken);
                if (funds is null)
                {
                    return [];
                }

                return new Dictionary<string, long>
                {
                    ["0"] = funds.N,
                    ["1"] = funds.P,
                    ["2"] = funds.B,
                    ["3"] = funds.O,
                    ["4"] = cost - funds.N - funds.P - funds.B - funds.O,
                };
        }
    }

    /// <summary>Totals of one closed stage's snapshot by a dimension.</summary>
    public async Task<Dictionary<string, long>> SnapshotTotalsAsync(int stageId, PivotDimension dimension, CancellationToken cancellationToken = default)
    {
        var amounts = from a in db.StageAmounts.AsNoTracking()
                      where a.StageId == stageId
                      join p in db.Projects.AsNoTracking() on a.ProjectId equals p.Id
                      select new { a.SetsuId, p.OrgUnitId, p.MokuId, a.Amount };
        switch (dimension)
        {
            case PivotDimension.Org:
                return (await amounts.GroupBy(x => x.OrgUnitId).Select(g => new { g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync(cancellationToken)).ToDictionary(x => Key(x.Key), x => x.Sum);
            case PivotDimension.Setsu:
                return (await db.StageAmounts.AsNoTracking().Where(a => a.StageId == stageId).GroupBy(x => x.SetsuId).Select(g => new { g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync(cancellationToken))
                    .ToDictionary(x => Key(x.Key), x => x.Sum);
            case PivotDimension.Kan:
                var byMoku = await amounts.GroupBy(x => x.MokuId).Select(g => new { g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync(cancellationToken);
                var kanOf = await KanOfMokuAsync(cancellationToken);
                return byMoku.GroupBy(x => kanOf.GetValueOrDefault(x.Key)).ToDictionary(g => Key(g.Key), g => g.Sum(x => x.Sum));
            default:
                var f = await db.StageFundings.AsNoTracking().Where(x => x.StageId == stageId).GroupBy(_ => 1)
                    .Select(g => new { C = g.Sum(x => x.Cost), N = g.Sum(x => x.National), P = g.Sum(x => x.Prefectural), B = g.Sum(x => x.Bonds), O = g.Sum(x => x.OtherSpecific) })
                    .SingleOrDefaultAsync(cancellationToken);
                return f is null ? [] : new Dictionary<string, long> { ["0"] = f.N, ["1"] = f.P, ["2"] = f.B, ["3"] = f.O, ["4"] = f.C - f.N - f.P - f.B - f.O };
        }
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<Dictionary<int, int>> KanOfMokuAsync(CancellationToken cancellationToken) => KanOfMokuAsync(db, cancellationToken);

    /// <summary>目 id → its 款 id, for the 歳出 tree of every 会計.</summary>
    public static async Task<Dictionary<int, int>> KanOfMokuAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
        var result = new Dictionary<int, int>();
        foreach (var item in items.Values.Where(i => i.Level == ItemLevel.Moku))
        {
            var node = item;
            while (node.ParentId is { } parent && items.TryGetValue(parent, out var up))
            {
                node = up;
            }

            result[item.Id] = node.Id;
        }

        return result;
    }

    public static IReadOnlyList<string> Headers(PivotResult pivot) =>
        [DimensionName(pivot.Dimension), $"{pivot.Year}年度 {pivot.Source}（円）", $"{pivot.Year - 1}年度 当初（円）", "比較（円）"];

    public static byte[] ToCsv(PivotResult pivot, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray(Headers(pivot),
            pivot.Rows.Select(r => (IReadOnlyList<string?>)[r.Label, Num(r.Current), Num(r.Previous), Num(r.Difference)])
                .Append(["合計", Num(pivot.TotalCurrent), Num(pivot.TotalPrevious), Num(pivot.TotalCurrent - pivot.TotalPrevious)]),
            encoding);

    public static byte[] ToXlsx(PivotResult pivot)
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet($"{DimensionName(pivot.Dimension)}別{pivot.Source}");
        sheet.AddHeader([.. Headers(pivot)]);
        foreach (var r in pivot.Rows)
        {
            sheet.AddRow(r.Label, new Platform.Kernel.Yen(r.Current), new Platform.Kernel.Yen(r.Previous), new Platform.Kernel.Yen(r.Difference));
        }

        sheet.AddRow("合計", new Platform.Kernel.Yen(pivot.TotalCurrent), new Platform.Kernel.Yen(pivot.TotalPrevious), new Platform.Kernel.Yen(pivot.TotalCurrent - pivot.TotalPrevious));
        return writer.ToArray();
    }

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}
