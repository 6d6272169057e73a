// The dashboard's tables, by name, for the city or one ward (drill-down 市 → 区 → 町丁目). The page,
// its CSV downloads and the API all take their numbers from here, i.e. from protected cells.
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Modules.Insight.Dashboards;

internal static class DashboardTables
{
    public static readonly IReadOnlyList<(string Name, string Title)> All =
    [
        ("pyramid", "年齢5歳階級・男女別の人口"),
        ("aging", "高齢化率（65歳以上の割合）"),
        ("foreign", "外国人住民"),
        ("households", "世帯人員別の世帯数"),
        ("events", "出生・死亡・転入・転出・転居（年度別）"),
    ];

    /// <summary>The area code: the city, or a ward when given and valid.</summary>
    public static string Area(string? ward) => ward is not null && OsakaGeography.FindWard(ward) is not null ? ward : OsakaGeography.CityCode;

    /// <summary>Areas one level down: the wards of the city, or the 町丁目 of a ward present in the published table.</summary>
    public static List<string> SubAreas(PublishedSet set, string area)
    {
        var geo = set.Cube(PublishedSchema.Population).Dimension("geo");
        return area == OsakaGeography.CityCode
            ? OsakaGeography.Wards.OrderBy(w => w.Code, StringComparer.Ordinal).Select(w => w.Code).ToList()
            : geo.Codes.Where(c => c.Length == 9 && c.StartsWith(area, StringComparison.Ordinal)).ToList();
    }

    public static CrossTab? Get(PublishedSet set, string name, string area)
    {
        var areaName = area == OsakaGeography.CityCode ? OsakaGeography.CityName : OsakaGeography.FindWard(area)!.Name;
        var geoFilter = new Dictionary<string, string> { ["geo"] = area };
        var subRows = SubAreas(set, area).Append(area).ToList();
        return name switch
        {
            "pyramid" => set.Slice(PublishedSchema.Population, $"{areaName}の年齢5歳階級・男女別の人口", "age", [.. PublishedSchema.Ages5, PublishedSchema.Total], "sex", ["1", "2", PublishedSchema.Total], geoFilter),
            "aging" => set.Slice(PublishedSchema.Population, $"{areaName}の{(area == OsakaGeography.CityCode ? "区" : "町丁目")}別 高齢化率", "geo", subRows, "age", ["65+", PublishedSchema.Total], new Dictionary<string, string>()),
            "foreign" => set.Slice(PublishedSchema.Population, $"{areaName}の{(area == OsakaGeography.CityCode ? "区" : "町丁目")}別 外国人住民", "geo", subRows, "nat", ["2", PublishedSchema.Total], new Dictionary<string, string>()),
            "households" => set.Slice(PublishedSchema.Households, $"{areaName}の世帯人員別 世帯数", "size", [.. PublishedSchema.HouseholdSizes, PublishedSchema.Total], null, null, geoFilter),
            "events" => set.Slice(PublishedSchema.Events, $"{areaName}の年度別 出生・死亡・転入・転出・転居", "fy", [.. PublishedSchema.FiscalYears, PublishedSchema.Total], "event", PublishedSchema.EventTypes, geoFilter),
            _ => null,
        };
    }
}
