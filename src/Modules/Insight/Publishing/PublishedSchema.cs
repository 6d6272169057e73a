// The dimensions of the published tables. Codes are stable strings (stored in DuckDB); labels are
// Japanese. Every total the dashboards show is a cell of these tables, so every number a user can
// see is one of the protected cells.
using OsakaDx.Modules.Insight.Generation;

namespace OsakaDx.Modules.Insight.Publishing;

internal static class PublishedSchema
{
    public const string Population = "population";
    public const string Households = "households";
    public const string Events = "events";

    public const string Total = "T";

    public static readonly string[] Ages5 = [.. Enumerable.Range(0, 20).Select(i => $"{i * 5:00}-{(i * 5) + 4:00}"), "100+"];

    public static readonly string[] AgeBroad = ["0-14", "15-64", "65+"];

    public static readonly string[] FiscalYears = ["2021", "2022", "2023", "2024", "2025"];

    public static readonly string[] EventTypes = ["出生", "死亡", "転入", "転出", "転居"];

    public static readonly string[] HouseholdSizes = ["1", "2", "3", "4", "5", "6+"];

    public static int AgeBand(int age) => Math.Min(age, 100) / 5;

    public static int BroadBand(int age) => age < 15 ? 0 : age < 65 ? 1 : 2;

    public static TableDimension Geography(IReadOnlyList<string> chochos)
    {
        var codes = new List<string> { OsakaGeography.CityCode };
        var labels = new List<string> { OsakaGeography.CityName };
        var relations = new List<(int, int[])>();
        var wardIndexes = new List<int>();
        foreach (var ward in OsakaGeography.Wards)
        {
            var wi = codes.Count;
            wardIndexes.Add(wi);
            codes.Add(ward.Code);
            labels.Add(ward.Name);
            var children = new List<int>();
            foreach (var c in chochos.Where(c => c.StartsWith(ward.Code, StringComparison.Ordinal)))
            {
                children.Add(codes.Count);
                codes.Add(c);
                labels.Add(OsakaGeography.ChochoName(c));
            }

            relations.Add((wi, [.. children]));
        }

        relations.Insert(0, (0, [.. wardIndexes]));
        return new TableDimension("geo", "地域", codes, labels, relations);
    }

    public static TableDimension Age()
    {
        var codes = Ages5.Concat(AgeBroad).Append(Total).ToList();
        var labels = Ages5.Select(a => a == "100+" ? "100歳以上" : $"{int.Parse(a[..2], System.Globalization.CultureInfo.InvariantCulture)}〜{a[3..]}歳")
            .Concat(["0〜14歳", "15〜64歳", "65歳以上"]).Append("計").ToList();
        var total = codes.Count - 1;
        var five = Enumerable.Range(0, Ages5.Length).ToArray();
        return new TableDimension("age", "年齢", codes, labels,
        [
            (total, five),
            (total, [21, 22, 23]),
            (21, [0, 1, 2]),
            (22, Enumerable.Range(3, 10).ToArray()),
            (23, Enumerable.Range(13, 8).ToArray()),
        ]);
    }

    public static TableDimension Sex() => new("sex", "性別", ["1", "2", Total], ["男", "女", "計"], [(2, [0, 1])]);

    public static TableDimension Nationality() => new("nat", "国籍区分", ["1", "2", Total], ["日本人", "外国人", "計"], [(2, [0, 1])]);

    public static TableDimension HouseholdSize() =>
        new("size", "世帯人員", [.. HouseholdSizes, Total], ["1人", "2人", "3人", "4人", "5人", "6人以上", "計"], [(6, [0, 1, 2, 3, 4, 5])]);

    public static TableDimension FiscalYear() =>
        new("fy", "年度", [.. FiscalYears, Total], [.. FiscalYears.Select(y => $"{y}年度"), "計"], [(5, [0, 1, 2, 3, 4])]);

    public static TableDimension EventType() => new("event", "異動事由", EventTypes, EventTypes, []);

    public static string Title(string cube) => cube switch
    {
        Population => "人口",
        Households => "世帯数",
        Events => "異動件数",
        _ => cube,
    };

    public static IReadOnlyList<TableDimension> Dimensions(string cube, IReadOnlyList<string> chochos) => cube switch
    {
        Population => [Geography(chochos), Age(), Sex(), Nationality()],
        Households => [Geography(chochos), HouseholdSize()],
        Events => [Geography(chochos), FiscalYear(), EventType()],
        _ => throw new ArgumentOutOfRangeException(nameof(cube)),
    };
}
