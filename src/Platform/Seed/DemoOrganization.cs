using OsakaDx.Platform.Organization;

namespace OsakaDx.Platform.Seed;

/// <summary>
/// Demo organization master: the 24 区役所 and the city's 局・室, with a few 部・課 so that pages
/// and modules have something real-looking to show. The names are Osaka City's; the codes are
/// made up for the demo (the city's own 所属コード are imported by CSV in production).
/// </summary>
internal static class DemoOrganization
{
    private static readonly string[] Wards =
    [
        "北区:きたく", "都島区:みやこじまく", "福島区:ふくしまく", "此花区:このはなく", "中央区:ちゅうおうく", "西区:にしく",
        "港区:みなとく", "大正区:たいしょうく", "天王寺区:てんのうじく", "浪速区:なにわく", "西淀川区:にしよどがわく", "淀川区:よどがわく",
        "東淀川区:ひがしよどがわく", "東成区:ひがしなりく", "生野区:いくのく", "旭区:あさひく", "城東区:じょうとうく", "鶴見区:つるみく",
        "阿倍野区:あべのく", "住之江区:すみのえく", "住吉区:すみよしく", "東住吉区:ひがしすみよしく", "平野区:ひらのく", "西成区:にしなりく",
    ];

    private static readonly (string Name, string Kana, OrgKind Kind)[] Bureaus =
    [
        ("政策企画室", "せいさくきかくしつ", OrgKind.Office),
        ("危機管理室", "ききかんりしつ", OrgKind.Office),
        ("経済戦略局", "けいざいせんりゃくきょく", OrgKind.Bureau),
        ("総務局", "そうむきょく", OrgKind.Bureau),
        ("人事室", "じんじしつ", OrgKind.Office),
        ("財政局", "ざいせいきょく", OrgKind.Bureau),
        ("契約管財局", "けいやくかんざいきょく", OrgKind.Bureau),
        ("市民局", "しみんきょく", OrgKind.Bureau),
        ("福祉局", "ふくしきょく", OrgKind.Bureau),
        ("健康局", "けんこうきょく", OrgKind.Bureau),
        ("こども青少年局", "こどもせいしょうねんきょく", OrgKind.Bureau),
        ("環境局", "かんきょうきょく", OrgKind.Bureau),
        ("都市整備局", "としせいびきょく", OrgKind.Bureau),
        ("建設局", "けんせつきょく", OrgKind.Bureau),
        ("大阪港湾局", "おおさかこうわんきょく", OrgKind.Bureau),
        ("計画調整局", "けいかくちょうせいきょく", OrgKind.Bureau),
        ("会計室", "かいけいしつ", OrgKind.Office),
        ("デジタル統括室", "でじたるとうかつしつ", OrgKind.Office),
        ("消防局", "しょうぼうきょく", OrgKind.Bureau),
        ("水道局", "すいどうきょく", OrgKind.Bureau),
        ("教育委員会事務局", "きょういくいいんかいじむきょく", OrgKind.Other),
        ("市会事務局", "しかいじむきょく", OrgKind.Other),
        ("行政委員会事務局", "ぎょうせいいいんかいじむきょく", OrgKind.Other),
    ];

    // Children: (code, name, kana, kind, parent code)
    private static readonly (string Code, string Name, string Kana, OrgKind Kind, string Parent)[] Children =
    [
        ("B06-01", "財務部", "ざいむぶ", OrgKind.Department, "B06"),
        ("B06-01-01", "財務課", "ざいむか", OrgKind.Section, "B06-01"),
        ("B06-02", "税務部", "ぜいむぶ", OrgKind.Department, "B06"),
        ("B06-02-01", "課税課", "かぜいか", OrgKind.Section, "B06-02"),
        ("B18-01", "DX推進担当", "でぃーえっくすすいしんたんとう", OrgKind.Other, "B18"),
        ("B18-02", "ICT基盤担当", "あいしーてぃーきばんたんとう", OrgKind.Other, "B18"),
        ("B12-01", "環境施策部", "かんきょうしさくぶ", OrgKind.Department, "B12"),
        ("B12-01-01", "環境施策課", "かんきょうしさくか", OrgKind.Section, "B12-01"),
        ("B08-01", "区政支援室", "くせいしえんしつ", OrgKind.Other, "B08"),
        ("B09-01", "生活福祉部", "せいかつふくしぶ", OrgKind.Department, "B09"),
        ("B09-01-01", "保護課", "ほごか", OrgKind.Section, "B09-01"),
        ("W01-01", "総務課", "そうむか", OrgKind.Section, "W01"),
        ("W01-02", "窓口サービス課", "まどぐちさーびすか", OrgKind.Section, "W01"),
        ("W01-03", "保健福祉課", "ほけんふくしか", OrgKind.Section, "W01"),
        ("W17-01", "総務課", "そうむか", OrgKind.Section, "W17"),
        ("W17-02", "保健福祉課", "ほけんふくしか", OrgKind.Section, "W17"),
    ];

    public static IEnumerable<(string Code, string Name, string Kana, OrgKind Kind, string? Parent, int Sort)> Units
    {
        get
        {
            for (var i = 0; i < Bureaus.Length; i++)
            {
                yield return ($"B{i + 1:00}", Bureaus[i].Name, Bureaus[i].Kana, Bureaus[i].Kind, null, 100 + i);
            }

            for (var i = 0; i < Wards.Length; i++)
            {
                var parts = Wards[i].Split(':');
                yield return ($"W{i + 1:00}", parts[0] + "役所", parts[1] + "やくしょ", OrgKind.WardOffice, null, 200 + i);
            }

            var sort = 0;
            foreach (var c in Children)
            {
                yield return (c.Code, c.Name, c.Kana, c.Kind, c.Parent, sort++);
            }
        }
    }
}
