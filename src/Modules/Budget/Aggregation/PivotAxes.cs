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

    /// <summary>Rolls the cube up on one axis: key → yen.</summary>
    internal static Dictionary<string, long> Roll(PivotCube cube, PivotMasters masters, PivotDimension dimension)
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
            var project = masters.Projects.GetValueOrDefault(cube.ProjectOf[i]);
            var key = dimension switch
            {
                PivotDimension.Org => project.Org,
                PivotDimension.Account => project.Account,
                PivotDimension.Moku => project.Moku,
                PivotDimension.Kou => masters.KouOfMoku.GetValueOrDefault(project.Moku),
                PivotDimension.Kan or PivotDimension.Purpose => masters.KanOfMoku.GetValueOrDefault(project.Moku),
                PivotDimension.Project => cube.ProjectOf[i],
                _ => cube.SetsuOf[i],
            };
            sums[key] = sums.GetValueOrDefault(key) + cube.AmountOf[i];
        }

        foreach (var (key, sum) in sums)
        {
            var name = dimension switch
            {
                PivotDimension.Nature => masters.NatureBySetsu.GetValueOrDefault(key, "物件費"),
                PivotDimension.Purpose => masters.PurposeByKan.GetValueOrDefault(key, "諸支出金"),
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

    /// <summary>Labels of the keys, in the axis's order; only 所属 names are read (from the organization master).</summary>
    private async Task<List<(string Key, string Label)>> CubeLabelsAsync(PivotMasters m, PivotDimension dimension, List<string> keys, CancellationToken cancellationToken)
    {
        int Id(string k) => int.Parse(k, CultureInfo.InvariantCulture);
        string Path(BudgetItem i) => i.ParentId is { } p && m.Items.TryGetValue(p, out var up) ? Path(up) + " " + i.Name : i.Name;
        int AccountOrder(int id) => m.Accounts.TryGetValue(id, out var a) ? a.SortOrder : int.MaxValue;
        string AccountName(int id) => m.Accounts.TryGetValue(id, out var a) ? a.Name : "?";
        switch (dimension)
        {
            case PivotDimension.Org:
                var units = await orgs.AllAsync(cancellationToken);
                return [.. keys.Select(k => (Key: k, Unit: units.GetValueOrDefault(Id(k))))
                    .OrderBy(x => x.Unit?.SortOrder ?? int.MaxValue).ThenBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => (x.Key, x.Unit?.Name ?? $"（所属 {x.Key}）"))];
            case PivotDimension.Setsu:
                return [.. keys.Select(k => m.Setsus[Id(k)]).OrderBy(s => s.FromYear).ThenBy(s => s.Number).Select(s => (Key(s.Id), $"{s.Number}節 {s.Name}"))];
            case PivotDimension.Account:
                return [.. keys.Select(Id).OrderBy(AccountOrder).Select(id => (Key(id), AccountName(id)))];
            case PivotDimension.Kan:
            case PivotDimension.Kou:
            case PivotDimension.Moku:
                return [.. keys.Select(k => m.Items[Id(k)]).OrderBy(i => AccountOrder(i.AccountId)).ThenBy(i => i.Code, StringComparer.Ordinal)
                    .Select(i => (Key(i.Id), $"{AccountName(i.AccountId)} {(dimension == PivotDimension.Kan ? i.Name : Path(i))}"))];
            case PivotDimension.Project:
                return [.. keys.Select(k => (Key: k, Label: m.ProjectLabels.GetValueOrDefault(Id(k), k))).OrderBy(x => x.Label, StringComparer.Ordinal)];
            case PivotDimension.Nature:
                return [.. keys.OrderBy(k => Order(NatureOrder, k)).Select(k => (k, k))];
            case PivotDimension.Purpose:
                return [.. keys.OrderBy(k => k.StartsWith("acct:", StringComparison.Ordinal) ? 100 + AccountOrder(Id(k[5..])) : Order(PurposeOrder, k))
                    .Select(k => (k, k.StartsWith("acct:", StringComparison.Ordinal) ? $"{AccountName(Id(k[5..]))}（目的別の対象外）" : k))];
            default:
                return [.. FundingKinds.Select((name, i) => (Key(i), name)).Where(x => keys.Contains(x.Item1))];
        }
    }
}
