// The masters the module starts with. 節 and 歳入 款 follow 地方自治法施行規則 (see
// ../../../../shared/reference/budget.md §5–6 and the module README); the 会計 are Osaka City's 14
// (R5 決算). The 歳出 款・項・目 below are a demo structure in Osaka's style (目的別, 福祉費 rather than
// 民生費), not the city's adopted list: production imports the real one.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Masters;

internal static class StandardMasters
{
    /// <summary>First fiscal year of the 27-節 list (令和2年度).</summary>
    public const int SetsuReformYear = 2020;

    /// <summary>First year the demo 款・項・目 and 会計 are valid from.</summary>
    public const int MasterFromYear = 2020;

    /// <summary>歳出 節 from FY2020 (施行規則 別記, 平成31年総務省令第37号).</summary>
    public static readonly IReadOnlyList<string> Setsu27 =
    [
        "報酬", "給料", "職員手当等", "共済費", "災害補償費", "恩給及び退職年金", "報償費", "旅費", "交際費",
        "需用費", "役務費", "委託料", "使用料及び賃借料", "工事請負費", "原材料費", "公有財産購入費", "備品購入費",
        "負担金、補助及び交付金", "扶助費", "貸付金", "補償、補塡及び賠償金", "償還金、利子及び割引料", "投資及び出資金",
        "積立金", "寄附金", "公課費", "繰出金",
    ];

    /// <summary>歳出 節 to FY2019: the same names with 7 賃金 inserted (so old 8..28 = new 7..27).</summary>
    public static IReadOnlyList<string> Setsu28 => [.. Setsu27.Take(6), "賃金", .. Setsu27.Skip(6)];

    /// <summary>Osaka City's 14 会計 (R5 決算): code, name, kind.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, AccountKind Kind)> Accounts =
    [
        ("01", "一般会計", AccountKind.General),
        ("11", "食肉市場事業会計", AccountKind.Special),
        ("12", "駐車場事業会計", AccountKind.Special),
        ("13", "母子父子寡婦福祉貸付資金会計", AccountKind.Special),
        ("14", "国民健康保険事業会計", AccountKind.Special),
        ("15", "心身障害者扶養共済事業会計", AccountKind.Special),
        ("16", "介護保険事業会計", AccountKind.Special),
        ("17", "後期高齢者医療事業会計", AccountKind.Special),
        ("18", "公債費会計", AccountKind.Special),
        ("21", "中央卸売市場事業会計", AccountKind.PublicEnterprise),
        ("22", "港営事業会計", AccountKind.PublicEnterprise),
        ("23", "下水道事業会計", AccountKind.PublicEnterprise),
        ("24", "水道事業会計", AccountKind.PublicEnterprise),
        ("25", "工業用水道事業会計", AccountKind.PublicEnterprise),
    ];

    /// <summary>一般会計 歳出 款 (demo, Osaka style).</summary>
    public static readonly IReadOnlyList<string> GeneralExpenditureKan =
    [
        "議会費", "総務費", "市民費", "福祉費", "健康費", "こども青少年費", "環境費", "経済戦略費", "都市整備費",
        "建設費", "港湾費", "消防費", "教育費", "公債費", "諸支出金", "予備費",
    ];

    /// <summary>歳入 款 of a designated city (施行規則 別記 as 基準; 府支出金 for Osaka).</summary>
    public static readonly IReadOnlyList<string> RevenueKan =
    [
        "市税", "地方譲与税", "利子割交付金", "配当割交付金", "株式等譲渡所得割交付金", "法人事業税交付金", "地方消費税交付金",
        "ゴルフ場利用税交付金", "環境性能割交付金", "軽油引取税交付金", "国有提供施設等所在市町村助成交付金", "地方特例交付金",
        "地方交付税", "交通安全対策特別交付金", "分担金及び負担金", "使用料及び手数料", "国庫支出金", "府支出金", "財産収入",
        "寄附金", "繰入金", "繰越金", "諸収入", "市債",
    ];

    public static string KindName(this AccountKind kind) => kind switch
    {
        AccountKind.General => "一般会計",
        AccountKind.Special => "特別会計",
        AccountKind.PublicEnterprise => "公営企業会計",
        _ => kind.ToString(),
    };

    /// <summary>Creates whatever of the standard masters is missing. Safe to run on every start.</summary>
    public static async Task EnsureAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        if (!await db.Setsus.AnyAsync(cancellationToken))
        {
            var current = Setsu27.Select((name, i) => new Setsu { Number = i + 1, Name = name, FromYear = SetsuReformYear }).ToList();
            db.Setsus.AddRange(current);
            await db.SaveChangesAsync(cancellationToken);
            var old = Setsu28.Select((name, i) => new Setsu
            {
                Number = i + 1,
                Name = name,
                FromYear = 1964, // 地方自治法施行規則 as amended for the 節 list; the exact start is immaterial here
                ToYear = SetsuReformYear - 1,
                SuccessorId = name == "賃金" ? null : current.First(c => c.Name == name).Id,
            });
            db.Setsus.AddRange(old);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!await db.Accounts.AnyAsync(cancellationToken))
        {
            db.Accounts.AddRange(Accounts.Select((a, i) => new Account { Code = a.Code, Name = a.Name, Kind = a.Kind, SortOrder = i, FromYear = MasterFromYear }));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!await db.Items.AnyAsync(cancellationToken))
        {
            var accounts = await db.Accounts.ToListAsync(cancellationToken);
            var general = accounts.First(a => a.Kind == AccountKind.General);
            for (var k = 0; k < GeneralExpenditureKan.Count; k++)
            {
                var kanName = GeneralExpenditureKan[k];
                var stem = kanName.EndsWith('費') ? kanName[..^1] : kanName;
                AddTree(db, general.Id, k + 1, kanName, [($"{stem}総務費", [$"{stem}総務費"]), ($"{stem}事業費", [$"{stem}施設費", $"{stem}振興費"])]);
            }

            foreach (var special in accounts.Where(a => a.Kind == AccountKind.Special))
            {
                var stem = special.Name.Replace("会計", "", StringComparison.Ordinal);
                AddTree(db, special.Id, 1, stem + "費", [(stem + "費", [stem + "総務費", stem + "事業費"])]);
            }

            for (var k = 0; k < RevenueKan.Count; k++)
            {
                db.Items.Add(new BudgetItem
                {
                    AccountId = general.Id,
                    Side = BudgetSide.Revenue,
                    Level = ItemLevel.Kan,
                    Code = Code(k + 1),
                    Name = RevenueKan[k],
                    SortOrder = k,
                    FromYear = MasterFromYear,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await SubSetsuService.EnsureStandardAsync(db, cancellationToken);
        await Revenue.RevenueMasters.EnsureAsync(db, cancellationToken);
    }

    private static void AddTree(BudgetDb db, int accountId, int kanNumber, string kanName, IReadOnlyList<(string Kou, string[] Moku)> children)
    {
        var kan = new BudgetItem { AccountId = accountId, Side = BudgetSide.Expenditure, Level = ItemLevel.Kan, Code = Code(kanNumber), Name = kanName, SortOrder = kanNumber, FromYear = MasterFromYear };
        db.Items.Add(kan);
        db.SaveChanges();
        for (var j = 0; j < children.Count; j++)
        {
            var kou = new BudgetItem { AccountId = accountId, Side = BudgetSide.Expenditure, Level = ItemLevel.Kou, Code = Code(kanNumber, j + 1), Name = children[j].Kou, ParentId = kan.Id, SortOrder = j, FromYear = MasterFromYear };
            db.Items.Add(kou);
            db.SaveChanges();
            for (var m = 0; m < children[j].Moku.Length; m++)
            {
                db.Items.Add(new BudgetItem { AccountId = accountId, Side = BudgetSide.Expenditure, Level = ItemLevel.Moku, Code = Code(kanNumber, j + 1, m + 1), Name = children[j].Moku[m], ParentId = kou.Id, SortOrder = m, FromYear = MasterFromYear });
            }
        }
    }

    private static string Code(params int[] parts) => string.Join('-', parts.Select(p => p.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
}
