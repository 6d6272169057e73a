// Osaka City's 24 wards with their resident-register populations (2020-01-01) and 65+ shares, as
// given in shared/reference/insight.md §5, and the synthetic 町丁目 codes the generator uses.
namespace OsakaDx.Modules.Insight.Generation;

/// <summary>A ward of Osaka City.</summary>
/// <param name="Code">全国地方公共団体コード (6 digits).</param>
/// <param name="Name">区名.</param>
/// <param name="Population">住基 population 2020-01-01 (reference §5).</param>
/// <param name="ElderlyShare">65歳以上の割合; estimated where the reference has none (<see cref="ElderlyShareEstimated"/>).</param>
/// <param name="ForeignShare">外国人の割合 used by the generator (assumption, city mean 4–6%).</param>
/// <param name="Column">Column on the schematic tile map.</param>
/// <param name="Row">Row on the schematic tile map.</param>
internal sealed record Ward(string Code, string Name, int Population, double ElderlyShare, bool ElderlyShareEstimated, double ForeignShare, int Column, int Row)
{
    /// <summary>Synthetic 町丁目 count: about one per 1,500 residents (Osaka has roughly 1,900 町丁目).</summary>
    public int ChochoCount => Math.Max(20, (int)Math.Round(Population / 1500.0));

    /// <summary>9-digit synthetic 町丁目 code: the ward code and a 3-digit serial.</summary>
    public string ChochoCode(int index) => Code + (index + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
}

internal static class OsakaGeography
{
    public const string CityCode = "271004";
    public const string CityName = "大阪市";

    /// <summary>The 24 wards; tile positions sketch the city from 淀川 (north) to 大和川 (south), 大阪湾 (west) to 鶴見 (east).</summary>
    public static readonly IReadOnlyList<Ward> Wards =
    [
        new("271021", "都島区", 105_568, 0.246, false, 0.030, 4, 1),
        new("271039", "福島区", 77_170, 0.222, false, 0.030, 2, 1),
        new("271047", "此花区", 66_297, 0.269, false, 0.040, 1, 1),
        new("271063", "西区", 101_575, 0.182, false, 0.050, 2, 2),
        new("271071", "港区", 80_938, 0.263, false, 0.030, 1, 2),
        new("271080", "大正区", 64_937, 0.307, false, 0.040, 1, 3),
        new("271098", "天王寺区", 78_321, 0.215, false, 0.050, 3, 3),
        new("271110", "浪速区", 69_259, 0.233, false, 0.120, 2, 3),
        new("271136", "西淀川区", 97_531, 0.250, false, 0.040, 1, 0),
        new("271144", "東淀川区", 172_386, 0.246, false, 0.050, 4, 0),
        new("271152", "東成区", 83_977, 0.268, false, 0.070, 4, 2),
        new("271161", "生野区", 127_452, 0.311, false, 0.200, 4, 3),
        new("271179", "旭区", 90_306, 0.307, false, 0.020, 5, 1),
        new("271187", "城東区", 170_898, 0.254, false, 0.030, 5, 2),
        new("271195", "阿倍野区", 110_813, 0.250, true, 0.020, 3, 4),
        new("271209", "住吉区", 153_118, 0.280, true, 0.030, 3, 5),
        new("271217", "東住吉区", 131_258, 0.290, true, 0.030, 4, 4),
        new("271225", "西成区", 105_987, 0.380, true, 0.080, 2, 4),
        new("271233", "淀川区", 178_906, 0.220, true, 0.050, 3, 0),
        new("271241", "鶴見区", 113_010, 0.230, true, 0.020, 6, 2),
        new("271250", "住之江区", 121_621, 0.280, true, 0.030, 2, 5),
        new("271268", "平野区", 196_357, 0.290, true, 0.040, 5, 4),
        new("271276", "北区", 130_303, 0.190, true, 0.050, 3, 1),
        new("271284", "中央区", 102_432, 0.180, true, 0.080, 3, 2),
    ];

    public static readonly long TotalPopulation = Wards.Sum(w => (long)w.Population);

    private static readonly Dictionary<string, Ward> ByCode = Wards.ToDictionary(w => w.Code, StringComparer.Ordinal);

    public static Ward? FindWard(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The ward a 9-digit 町丁目 code belongs to, or null.</summary>
    public static Ward? WardOfChocho(string chocho) =>
        chocho.Length == 9 && ByCode.TryGetValue(chocho[..6], out var w) && int.TryParse(chocho.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= w.ChochoCount ? w : null;

    /// <summary>Display name of a synthetic 町丁目: 「都島区 第001町丁目」.</summary>
    public static string ChochoName(string chocho) =>
        WardOfChocho(chocho) is { } w ? $"{w.Name} 第{chocho[6..]}町丁目" : chocho;

    /// <summary>Every 町丁目 code in ward order.</summary>
    public static IEnumerable<string> AllChocho => Wards.SelectMany(w => Enumerable.Range(0, w.ChochoCount).Select(w.ChochoCode));
}
