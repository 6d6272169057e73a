// 収支状況: per 会計 and in total, 歳出 against the 歳入 that finances it and the 財源 gap
// (歳出 − 歳入), beside last year's 当初, and the 一般財源 balance against the adopted ceilings.
// 歳入 requests are not part of this module's data yet, so 歳入 here is what the requests' 財源内訳
// bring in (国庫支出金, 府支出金, 市債, その他特定財源); the gap is then the 一般財源 the city must
// find from 市税・交付税 etc. — the page and the README say so.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Aggregation;

public sealed record BalanceRow(string Label, long Expenditure, long National, long Prefectural, long Bonds, long Other, long PreviousExpenditure, long PreviousRevenue)
{
    public long Revenue => National + Prefectural + Bonds + Other;

    /// <summary>財源 gap = 歳出 − 歳入 (the 一般財源 needed).</summary>
    public long Gap => Expenditure - Revenue;

    public long PreviousGap => PreviousExpenditure - PreviousRevenue;
}

public sealed record BalanceResult(int Year, string Source, IReadOnlyList<BalanceRow> Rows, long CeilingTotal, Revenue.RevenueBalance? Revenue = null)
{
    public BalanceRow Total => new("合計", Rows.Sum(r => r.Expenditure), Rows.Sum(r => r.National), Rows.Sum(r => r.Prefectural), Rows.Sum(r => r.Bonds), Rows.Sum(r => r.Other),
        Rows.Sum(r => r.PreviousExpenditure), Rows.Sum(r => r.PreviousRevenue));

    /// <summary>一般財源 balance: the adopted ceilings (the 一般財源 framed for the 所属) − the 一般財源 needed.</summary>
    public long GeneralFundBalance => CeilingTotal - Total.Gap;
}

public sealed class BalanceService(BudgetDb db, PivotCubeCache cubes, Revenue.RevenueAggregates revenue)
{
    public static readonly IReadOnlyList<string> Headers =
        ["会計", "歳出（円）", "国庫支出金（円）", "府支出金（円）", "市債（円）", "その他特定財源（円）", "歳入 計（円）", "財源の差（歳出−歳入、円）", "前年度 歳出（円）", "前年度 財源の差（円）"];

    public async Task<BalanceResult> BalanceAsync(int year, PivotStage stage, int? stageId, CancellationToken cancellationToken = default)
    {
        string source = PivotService.StageName(stage);
        var stamp = await PivotCubeCache.StampAsync(db, year, cancellationToken);
        var masters = await cubes.MastersAsync(db, stamp, cancellationToken);
        PivotCube current;
        if (stageId is { } id)
        {
            var s = await db.Stages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Year == year && x.ClosedAtUtc != null, cancellationToken)
                ?? throw new InvalidOperationException("締め切った段階ではありません。");
            source = Stages.StageService.Name(s.Kind, s.Round);
            current = await cubes.GetAsync(db, year, CubeSource.Stage, id, stamp, cancellationToken);
        }
        else
        {
            current = await cubes.GetAsync(db, year, stage == PivotStage.Request ? CubeSource.Request : CubeSource.Assessed, null, stamp, cancellationToken);
        }

        var previous = await cubes.GetAsync(db, year, CubeSource.Previous, null, stamp, cancellationToken);
        var now = ByAccount(current, masters);
        var before = ByAccount(previous, masters);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var rows = new List<BalanceRow>();
        foreach (var a in accounts)
        {
            var has = now.TryGetValue(a.Id, out var n);
            var had = before.TryGetValue(a.Id, out var b);
            if (!has && !had)
            {
                continue;
            }

            rows.Add(new BalanceRow(a.Name, n.Cost, n.National, n.Prefectural, n.Bonds, n.Other, b.Cost, b.National + b.Prefectural + b.Bonds + b.Other));
        }

        var ceilings = await db.Ceilings.AsNoTracking().Where(c => c.Year == year).SumAsync(c => (long?)c.GeneralFundLimit, cancellationToken) ?? 0;
        // The 歳入 requests of the same source against the 歳出 (歳入 − 歳出 per 会計).
        var revenueBalance = await revenue.BalanceAsync(year, stage, stageId, now.ToDictionary(x => x.Key, x => x.Value.Cost), before.ToDictionary(x => x.Key, x => x.Value.Cost), cancellationToken);
        return new BalanceResult(year, source, rows, ceilings, revenueBalance);
    }

    private static Dictionary<int, (long Cost, long National, long Prefectural, long Bonds, long Other)> ByAccount(PivotCube cube, PivotMasters masters)
    {
        var result = new Dictionary<int, (long, long, long, long, long)>();
        foreach (var (project, f) in cube.Funding)
        {
            var account = masters.Projects.GetValueOrDefault(project).Account;
            var t = result.GetValueOrDefault(account);
            result[account] = (t.Item1 + f.Cost, t.Item2 + f.National, t.Item3 + f.Prefectural, t.Item4 + f.Bonds, t.Item5 + f.Other);
        }

        return result;
    }

    private static IEnumerable<BalanceRow> WithTotal(BalanceResult b) => b.Rows.Append(b.Total);

    public static byte[] ToCsv(BalanceResult b, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray(Headers, WithTotal(b).Select(r => (IReadOnlyList<string?>)[r.Label, N(r.Expenditure), N(r.National), N(r.Prefectural), N(r.Bonds), N(r.Other), N(r.Revenue), N(r.Gap), N(r.PreviousExpenditure), N(r.PreviousGap)]), encoding);

    public static byte[] ToXlsx(BalanceResult b)
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet($"収支状況（{b.Source}）");
        sheet.AddHeader([.. Headers]);
        foreach (var r in WithTotal(b))
        {
            sheet.AddRow(r.Label, new Yen(r.Expenditure), new Yen(r.National), new Yen(r.Prefectural), new Yen(r.Bonds), new Yen(r.Other), new Yen(r.Revenue), new Yen(r.Gap), new Yen(r.PreviousExpenditure), new Yen(r.PreviousGap));
        }

        sheet.AddRow("シーリング合計（一般財源の枠）", new Yen(b.CeilingTotal));
        sheet.AddRow("一般財源の収支（枠 − 財源の差）", new Yen(b.GeneralFundBalance));
        if (b.Revenue is { } revenue)
        {
            Revenue.RevenueAggregates.AddBalanceSheet(writer, revenue);
        }

        return writer.ToArray();
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
