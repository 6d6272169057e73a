// Any two closed stages side by side (by 事業, 節, 財源, 所属 or 款), read from the snapshots only:
// live edits after a stage closed never change what it shows.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Stages;

public enum CompareDimension
{
    Project,
    Setsu,
    Funding,
    Org,
    Kan,
}

public sealed record CompareRow(string Key, string Label, long A, long B)
{
    public long Difference => B - A;
}

public sealed record Comparison(StageView A, StageView B, CompareDimension Dimension, IReadOnlyList<CompareRow> Rows)
{
    public long TotalA => Rows.Sum(r => r.A);

    public long TotalB => Rows.Sum(r => r.B);
}

public sealed class CompareService(BudgetDb db, OrgDirectory orgs)
{
    public static string DimensionName(CompareDimension d) => d switch
    {
        CompareDimension.Project => "事業",
        CompareDimension.Setsu => "節",
        CompareDimension.Funding => "財源",
        CompareDimension.Org => "所属",
        _ => "款",
    };

    public static string Code(CompareDimension d) => d.ToString().ToLowerInvariant();

    public static bool TryParseDimension(string? text, out CompareDimension d) =>
        Enum.TryParse(text, ignoreCase: true, out d) && Enum.IsDefined(d);

    public async Task<Comparison> CompareAsync(StageView a, StageView b, CompareDimension dimension, CancellationToken cancellationToken = default)
    {
        var ids = new[] { a.Id, b.Id };
        Dictionary<(int Stage, int Key), long> sums;
        List<(string Key, string Label)> labels;
        if (dimension == CompareDimension.Funding)
        {
            var f = await db.StageFundings.AsNoTracking().Where(x => ids.Contains(x.StageId)).GroupBy(x => x.StageId)
                .Select(g => new { g.Key, C = g.Sum(x => x.Cost), N = g.Sum(x => x.National), P = g.Sum(x => x.Prefectural), B = g.Sum(x => x.Bonds), O = g.Sum(x => x.OtherSpecific) })
                .ToListAsync(cancellationToken);
            sums = [];
            foreach (var x in f)
            {
                sums[(x.Key, 0)] = x.N;
                sums[(x.Key, 1)] = x.P;
                sums[(x.Key, 2)] = x.B;
                sums[(x.Key, 3)] = x.O;
                sums[(x.Key, 4)] = x.C - x.N - x.P - x.B - x.O;
            }

            labels = [.. PivotService.FundingKinds.Select((name, i) => (Key(i), name))];
        }
        else
        {
            var amounts = db.StageAmounts.AsNoTracking().Where(x => ids.Contains(x.StageId));
            var rows = dimension switch
            {
                CompareDimension.Setsu => await amounts.GroupBy(x => new { x.StageId, K = x.SetsuId }).Select(g => new { g.Key.StageId, g.Key.K, S = g.Sum(x => x.Amount) }).ToListAsync(cancellationToken),
                CompareDimension.Project => await amounts.GroupBy(x => new { x.StageId, K = x.ProjectId }).Select(g => new { g.Key.StageId, g.Key.K, S = g.Sum(x => x.Amount) }).ToListAsync(cancellationToken),
                CompareDimension.Org => await (from x in amounts join p in db.Projects on x.ProjectId equals p.Id group x.Amount by new { x.StageId, K = p.OrgUnitId } into g select new { g.Key.StageId, g.Key.K, S = g.Sum() }).ToListAsync(cancellationToken),
                _ => await (from x in amounts join p in db.Projects on x.ProjectId equals p.Id group x.Amount by new { x.StageId, K = p.MokuId } into g select new { g.Key.StageId, g.Key.K, S = g.Sum() }).ToListAsync(cancellationToken),
            };
            if (dimension == CompareDimension.Kan)
            {
                var kanOf = await PivotService.KanOfMokuAsync(db, cancellationToken);
                rows = [.. rows.GroupBy(r => new { r.StageId, K = kanOf.GetValueOrDefault(r.K) }).Select(g => new { g.Key.StageId, g.Key.K, S = g.Sum(r => r.S) })];
            }

            sums = rows.ToDictionary(r => (r.StageId, r.K), r => r.S);
            labels = await LabelsAsync(dimension, [.. rows.Select(r => r.K).Distinct()], cancellationToken);
        }

        var result = labels.Select(l =>
        {
            var k = int.Parse(l.Key, CultureInfo.InvariantCulture);
            return new CompareRow(l.Key, l.Label, sums.GetValueOrDefault((a.Id, k)), sums.GetValueOrDefault((b.Id, k)));
        }).Where(r => r.A != 0 || r.B != 0 || dimension == CompareDimension.Funding).ToList();
        return new Comparison(a, b, dimension, result);
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<List<(string Key, string Label)>> LabelsAsync(CompareDimension dimension, List<int> keys, CancellationToken cancellationToken)
    {
        switch (dimension)
        {
            case CompareDimension.Project:
                // All projects (a few thousand small rows) rather than an IN list of thousands of ids.
                var wanted = keys.ToHashSet();
                var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code, p.Name }).ToListAsync(cancellationToken);
                return [.. projects.Where(p => wanted.Contains(p.Id)).OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => (Key(p.Id), $"{p.Code} {p.Name}"))];
            case CompareDimension.Setsu:
                var setsus = await db.Setsus.AsNoTracking().Where(s => keys.Contains(s.Id)).ToListAsync(cancellationToken);
                return [.. setsus.OrderBy(s => s.FromYear).ThenBy(s => s.Number).Select(s => (Key(s.Id), $"{s.Number}節 {s.Name}"))];
            case CompareDimension.Org:
                var units = await orgs.AllAsync(cancellationToken);
                return [.. keys.Select(k => (Key: k, Unit: units.GetValueOrDefault(k))).OrderBy(x => x.Unit?.SortOrder ?? int.MaxValue).ThenBy(x => x.Key)
                    .Select(x => (Key(x.Key), x.Unit?.Name ?? $"（所属 {Key(x.Key)}）"))];
            default:
                var items = await db.Items.AsNoTracking().Where(i => keys.Contains(i.Id)).ToListAsync(cancellationToken);
                var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(x => x.Id, cancellationToken);
                return [.. items.OrderBy(i => accounts[i.AccountId].SortOrder).ThenBy(i => i.Code, StringComparer.Ordinal).Select(i => (Key(i.Id), $"{accounts[i.AccountId].Name} {i.Name}"))];
        }
    }

    public static IReadOnlyList<string> Headers(Comparison c) =>
        [DimensionName(c.Dimension), $"{c.A.Name}（円）", $"{c.B.Name}（円）", "増減（円）"];

    public static byte[] ToCsv(Comparison c, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray(Headers(c),
            c.Rows.Select(r => (IReadOnlyList<string?>)[r.Label, Num(r.A), Num(r.B), Num(r.Difference)])
                .Append(["合計", Num(c.TotalA), Num(c.TotalB), Num(c.TotalB - c.TotalA)]),
            encoding);

    public static byte[] ToXlsx(Comparison c)
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet($"{DimensionName(c.Dimension)}別比較");
        sheet.AddHeader([.. Headers(c)]);
        foreach (var r in c.Rows)
        {
            sheet.AddRow(r.Label, new Yen(r.A), new Yen(r.B), new Yen(r.Difference));
        }

        sheet.AddRow("合計", new Yen(c.TotalA), new Yen(c.TotalB), new Yen(c.TotalB - c.TotalA));
        return writer.ToArray();
    }

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}
