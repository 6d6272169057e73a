namespace OsakaDx.Modules.Carbon.Calc;

/// <summary>
/// What a business enters each month: a bill of one kind. Scope 1 fuels use the factor with the
/// same key; electricity (Scope 2) uses the 代替値 for the location-based figure and the site's
/// retailer menu (or the 代替値 when none is chosen) for the market-based one.
/// </summary>
public sealed record ActivityKind(string Key, string Label, int Scope, Unit DefaultUnit, string Hint)
{
    public const string Electricity = "electricity";

    /// <summary>Factor key used for location-based Scope 2 (and for market-based when the site has no menu).</summary>
    public const string LocationFactorKey = "electricity_substitute";

    public static readonly IReadOnlyList<ActivityKind> All =
    [
        new(Electricity, "電気", 2, Unit.KWh, "電気料金の検針票の使用量"),
        new("city_gas", "都市ガス", 1, Unit.M3, "ガス料金の検針票の使用量（検針値のまま）"),
        new("lpg", "LPG（プロパンガス）", 1, Unit.Kg, "質量で入力（m³ 表示の請求書は販売店に kg を確認）"),
        new("gasoline", "ガソリン", 1, Unit.L, "給油の領収書の合計"),
        new("diesel", "軽油", 1, Unit.L, "給油の領収書の合計"),
        new("kerosene", "灯油", 1, Unit.L, "購入量の合計"),
        new("heavy_oil_a", "A重油", 1, Unit.L, "購入量の合計"),
    ];

    public static ActivityKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>Finds a kind by its key or its Japanese label (for CSV files).</summary>
    public static ActivityKind? FindByKeyOrLabel(string? text)
    {
        var t = OsakaDx.Platform.Text.JapaneseText.Nfkc(text)?.Trim();
        return All.FirstOrDefault(k => k.Key == t || OsakaDx.Platform.Text.JapaneseText.Nfkc(k.Label) == t)
            ?? t switch
            {
                "LPG" or "プロパンガス" or "LPガス" => Find("lpg"),
                "電力" or "電気使用量" => Find(Electricity),
                "ガス" => Find("city_gas"),
                _ => null,
            };
    }

    /// <summary>Units a user may enter this kind in.</summary>
    public IEnumerable<Unit> Units => Unit.All.Where(u => u.Dimension == DefaultUnit.Dimension);

    /// <summary>The fiscal-year order of months: 4月 … 3月.</summary>
    public static readonly IReadOnlyList<int> FiscalMonths = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];
}
