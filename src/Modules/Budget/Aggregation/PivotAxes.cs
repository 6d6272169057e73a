// The axes of the pivot cube: how one 事業 × 節 fact (or one 事業's 財源内訳) falls on each axis,
// and the labels of the keys. 性質別 and 目的別 are derived, by documented rules (README):
// 性質別 from the 節 (the reference says the mapping is not 1:1 in the 決算統計; this is the
// first approximation the city would refine with 細節), 目的別 from the 一般会計's 款.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Masters;

namespace OsakaDx.Modules.Budget.Aggregation;

public sealed partial class PivotService
{
    /// <summary>性質別 of each FY2020 節 number (1–27).</summary>
    public static readonly IReadOnlyList<string> NatureOfSetsu =
    [
        "人件費", "人件費", "人件費", "人件費", "人件費", "人件費", "物件費", "物件費", "物件費",
        "物件費", "物件費", "物件費", "物件費", "普通建設事業費", "物件費", "普通建設事業費", "物件費",
        "補助費等", "扶助費", "貸付金", "補助費等", "公債費", "投資及び出資金",
        "積立金", "補助費等", "補助費等", "繰出金",
    ];

    /// <summary>The 性質別 in the order of the 決算統計 (義務的経費, 投資的経費, その他).</summary>
    public static readonly IReadOnlyList<string> NatureOrder =
        ["人件費", "扶助費", "公債費", "普通建設事業費", "物件費", "維持補修費", "補助費等", "積立金", "投資及び出資金", "貸付金", "繰出金"];

    /// <summary>目的別 of the demo 一般会計 歳出 款 (Osaka style → the standard 目的別).</summary>
    public static readonly IReadOnlyDictionary<string, string> PurposeOfKan = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["議会費"] = "議会費", ["総務費"] = "総務費", ["市民費"] = "総務費", ["福祉費"] = "民生費", ["こども青少年費"] = "民生費",
        ["健康費"] = "衛生費", ["環境費"] = "衛生費", ["経済戦略費"] = "商工費", ["都市整備費"] = "土木費", ["建設費"] = "土木費",
        ["港湾費"] = "土木費", ["消防費"] = "消防費", ["教育費"] = "教育費", ["公債費"] = "公債費", ["諸支出金"] = "諸支出金", ["予備費"] = "予備費",
    };

    /// <summary>The standard 目的別 in order.</summary>
    public static readonly IReadOnlyList<string> PurposeOrder =
        ["議会費", "総務費", "民生費", "衛生費", "労働費", "農林水産業費", "商工費", "土木費", "消防費", "教育費", "災害復旧費", "公債費", "諸支出金", "予備費"];

    private Dictionary<int, string>? natureBySetsuId;
    private Dictionary<int, string>? purposeByKanId;

    private async Task EnsureAxisMapsAsync(CancellationToken cancellationToken)
    {
        if (natureBySetsuId is not null && purposeByKanId is not null)
        {
            return;
        }

        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        natureBySetsuId = [];
        foreach (var s in setsus.Values)
        {
            // Old-list 節 count as their FY2020 successor; 賃金 (no successor) was 物件費.
            var current = s.SuccessorId is { } next && setsus.TryGetValue(next, out var n) ? n : s;
            natureBySetsuId[s.Id] = current.FromYear >= StandardMasters.SetsuReformYear && current.Number is >= 1 and <= 27 ? NatureOfSetsu[current.Number - 1] : "物件費";
        }

        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        purposeByKanId = [];
        foreach (var kan in await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure && i.Level == ItemLevel.Kan).ToListAsync(cancellationToken))
        {
            purposeByKanId[kan.Id] = accounts.TryGetValue(kan.AccountId, out var a) && a.Kind == AccountKind.General
                ? PurposeOfKan.GetValueOrDefault(kan.Name, "諸支出金")
                : $"acct:{kan.AccountId.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>Rolls the cube up on one axis: key → yen.</summary>
    private Dictionary<string, long> Roll(PivotCube cube, PivotDimension dimension)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (dimension == PivotDimension.Funding)
        {
            long c = 0, n = 0, p = 0, b = 0, o = 0;
            foreach (var f in cube.Funding.Values)
            {
                c += f.Cost;
                n += f.National;
                p += f.Prefectural;
                b += f.Bonds;
                o += f.Other;
            }

            if (cube.Funding.Count > 0)
            {
                result["0"] = n;
                result["1"] = p;
                result["2"] = b;
                result["3"] = o;
                result["4"] = c - n - p - b - o;
            }

            return result;
        }

        // Sum per integer key first (no string per fact), then name the keys.
        var sums = new Dictionary<int, long>();
        for (var i = 0; i < cube.Count; i++)
        {
            var project = cube.Projects.GetValueOrDefault(cube.ProjectOf[i]);
            var key = dimension switch
            {
                PivotDimension.Org => project.Org,
                PivotDimension.Account => project.Account,
                PivotDimension.Moku => project.Moku,
                PivotDimension.Kou => cube.KouOfMoku.GetValueOrDefault(project.Moku),
                PivotDimension.Kan or PivotDimension.Purpose => cube.KanOfMoku.GetValueOrDefault(project.Moku),
                PivotDimension.Project => cube.ProjectOf[i],
                _ => cube.SetsuOf[i],
            };
            sums[key] = sums.GetValueOrDefault(key) + cube.AmountOf[i];
        }

        foreach (var (key, sum) in sums)
        {
            var name = dimension switch
            {
                PivotDimension.Nature => natureBySetsuId!.GetValueOrDefault(key, "物件費"),
                PivotDimension.Purpose => purposeByKanId!.GetValueOrDefault(key, "諸支出金"),
                _ => key.ToString(CultureInfo.InvariantCulture),
            };
            result[name] = result.GetValueOrDefault(name) + sum;
        }

        return result;
    }

    private static int Order(IReadOnlyList<string> list, string key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == key)
            {
                return i;
            }
        }

        return 99;
    }

    private async Task<List<(string Key, string Label)>> MoreLabelsAsync(PivotDimension dimension, List<string> keys, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        switch (dimension)
        {
            case PivotDimension.Account:
                return [.. keys.Select(k => accounts[int.Parse(k, CultureInfo.InvariantCulture)]).OrderBy(a => a.SortOrder).Select(a => (Key(a.Id), a.Name))];
            case PivotDimension.Kou:
            case PivotDimension.Moku:
                var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
                string Path(BudgetItem i) => i.ParentId is { } p && items.TryGetValue(p, out var up) ? Path(up) + " " + i.Name : i.Name;
                return [.. keys.Select(k => items[int.Parse(k, CultureInfo.InvariantCulture)])
                    .OrderBy(i => accounts[i.AccountId].SortOrder).ThenBy(i => i.Code, StringComparer.Ordinal)
                    .Select(i => (Key(i.Id), $"{accounts[i.AccountId].Name} {Path(i)}"))];
            case PivotDimension.Project:
                var ids = keys.Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToHashSet();
                var projects = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Code, p.Name }).ToListAsync(cancellationToken);
                return [.. projects.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => (Key(p.Id), $"{p.Code} {p.Name}"))];
            case PivotDimension.Nature:
                return [.. keys.OrderBy(k => Order(NatureOrder, k)).Select(k => (k, k))];
            default:
                return [.. keys.OrderBy(k => k.StartsWith("acct:", StringComparison.Ordinal) ? 100 + accounts[int.Parse(k[5..], CultureInfo.InvariantCulture)].SortOrder : Order(PurposeOrder, k))
                    .Select(k => (k, k.StartsWith("acct:", StringComparison.Ordinal) ? $"{accounts[int.Parse(k[5..], CultureInfo.InvariantCulture)].Name}（目的別の対象外）" : k))];
        }
    }
}
