namespace OsakaDx.Modules.Carbon.Businesses;

/// <summary>日本標準産業分類 大分類 and the 24 wards of Osaka City, for the registration form and aggregates.</summary>
public static class Classifications
{
    public static readonly IReadOnlyList<(string Code, string Name)> Industries =
    [
        ("A", "農業，林業"), ("B", "漁業"), ("C", "鉱業，採石業，砂利採取業"), ("D", "建設業"), ("E", "製造業"),
        ("F", "電気・ガス・熱供給・水道業"), ("G", "情報通信業"), ("H", "運輸業，郵便業"), ("I", "卸売業，小売業"),
        ("J", "金融業，保険業"), ("K", "不動産業，物品賃貸業"), ("L", "学術研究，専門・技術サービス業"),
        ("M", "宿泊業，飲食サービス業"), ("N", "生活関連サービス業，娯楽業"), ("O", "教育，学習支援業"), ("P", "医療，福祉"),
        ("Q", "複合サービス事業"), ("R", "サービス業（他に分類されないもの）"), ("S", "公務（他に分類されるものを除く）"), ("T", "分類不能の産業"),
    ];

    public static readonly IReadOnlyList<string> Wards =
    [
        "北区", "都島区", "福島区", "此花区", "中央区", "西区", "港区", "大正区", "天王寺区", "浪速区", "西淀川区", "淀川区",
        "東淀川区", "東成区", "生野区", "旭区", "城東区", "鶴見区", "阿倍野区", "住之江区", "住吉区", "東住吉区", "平野区", "西成区",
    ];

    public static string IndustryName(string code) => Industries.FirstOrDefault(i => i.Code == code).Name ?? code;
}
