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

    /// <summary>Factor key for purchased heat when the site has no supplier chosen (産業用以外の蒸気・温水・冷水 default).</summary>
    public const string HeatDefaultFactorKey = "heat_default";

    /// <summary>Purchased heat (Scope 2): the supplier's factor applies to both the location- and market-based figure.</summary>
    public bool IsHeat => Key.StartsWith("heat_", StringComparison.Ordinal);

    public static readonly IReadOnlyList<ActivityKind> All =
    [
        new(Electricity, "電気", 2, Unit.KWh, "電気料金の検針票の使用量"),
        new("city_gas", "都市ガス", 1, Unit.M3, "ガス料金の検針票の使用量（検針値のまま）"),
        new("lpg", "LPG（プロパンガス）", 1, Unit.Kg, "質量で入力（m³ 表示の請求書は販売店に kg を確認）"),
        new("gasoline", "ガソリン", 1, Unit.L, "給油の領収書の合計"),
        new("diesel", "軽油", 1, Unit.L, "給油の領収書の合計"),
        new("kerosene", "灯油", 1, Unit.L, "購入量の合計"),
        new("heavy_oil_a", "A重油", 1, Unit.L, "購入量の合計"),
        new("heat_steam", "蒸気（購入）", 2, Unit.GJ, "熱供給事業者の請求書の熱量（GJ）"),
        new("heat_hot_water", "温水（購入）", 2, Unit.GJ, "熱供給事業者の請求書の熱量（GJ）"),
        new("heat_cold_water", "冷水（購入）", 2, Unit.GJ, "熱供給事業者の請求書の熱量（GJ）"),
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
                "蒸気" => Find("heat_steam"),
                "温水" => Find("heat_hot_water"),
                "冷水" => Find("heat_cold_water"),
                _ => null,
            };
    }

    /// <summary>Units a user may enter this kind in.</summary>
    public IEnumerable<Unit> Units => Unit.All.Where(u => u.Dimension == DefaultUnit.Dimension);

    /// <summary>The fiscal-year order of months: 4月 … 3月.</summary>
    public static readonly IReadOnlyList<int> FiscalMonths = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];
}

/// <summary>A gas released (refrigerant leakage, SF6 from switchgear…): Scope 1 in t-CO2e with the business's GWP set.</summary>
public sealed record Gas(string Code, string Label, string Hint)
{
    public static readonly IReadOnlyList<string> GwpSets = ["AR4", "AR5"];

    public static readonly IReadOnlyList<Gas> All =
    [
        new("hfc32", "HFC-32（R32）", "業務用エアコンの冷媒（近年の機種）"),
        new("r410a", "R410A（HFC-32・HFC-125 混合）", "業務用エアコンの冷媒（2010年代の機種）"),
        new("hfc134a", "HFC-134a", "冷蔵・冷凍機器、カーエアコン"),
        new("hfc125", "HFC-125", "混合冷媒の成分"),
        new("ch4", "メタン（CH4）", "排水処理・燃焼など"),
        new("n2o", "一酸化二窒素（N2O）", "麻酔・燃焼など"),
        new("pfc14", "PFC-14（CF4）", "半導体製造など"),
        new("sf6", "六ふっ化硫黄（SF6）", "受変電設備のガス絶縁機器"),
        new("nf3", "三ふっ化窒素（NF3）", "半導体・液晶製造"),
    ];

    public static Gas? Find(string? code) => All.FirstOrDefault(g => g.Code == code);

    /// <summary>Factor key of a gas in a GWP set: gwp_ar4_hfc134a (t-CO2e per t of gas = the GWP).</summary>
    public static string FactorKey(string gwpSet, string code) => $"gwp_{gwpSet.ToLowerInvariant()}_{code}";

    public static string SetLabel(string set) => set switch
    {
        "AR4" => "IPCC第4次評価報告書（AR4）",
        "AR5" => "IPCC第5次評価報告書（AR5）",
        _ => set,
    };
}

/// <summary>The 15 categories of Scope 3 (GHG Protocol) with the factor groups that usually fit.</summary>
public static class Scope3Categories
{
    public static readonly IReadOnlyList<(int Number, string Label, string Hint)> All =
    [
        (1, "購入した製品・サービス", "仕入・外注の金額（百万円）× 産業連関表の原単位"),
        (2, "資本財", "設備投資の金額 × 資本財の原単位"),
        (3, "Scope 1・2 に含まれない燃料・エネルギー関連活動", "電気・燃料の上流（原単位を取り込んで使用）"),
        (4, "輸送・配送（上流）", "貨物の t・km × 輸送手段の原単位"),
        (5, "事業から出る廃棄物", "廃棄物の重さ（t）× 処理方法の原単位"),
        (6, "出張", "交通費の金額、出張日数、宿泊数"),
        (7, "雇用者の通勤", "通勤日数（人日）× 勤務地の原単位"),
        (8, "リース資産（上流）", "原単位を取り込んで使用"),
        (9, "輸送・配送（下流）", "貨物の t・km × 輸送手段の原単位"),
        (10, "販売した製品の加工", "原単位を取り込んで使用"),
        (11, "販売した製品の使用", "原単位を取り込んで使用"),
        (12, "販売した製品の廃棄", "廃棄物の重さ × 処理方法の原単位"),
        (13, "リース資産（下流）", "原単位を取り込んで使用"),
        (14, "フランチャイズ", "原単位を取り込んで使用"),
        (15, "投資", "原単位を取り込んで使用"),
    ];

    public static string Label(int number) => All.FirstOrDefault(c => c.Number == number).Label ?? $"カテゴリ{number}";
}
