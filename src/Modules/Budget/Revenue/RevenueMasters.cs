// 歳入 款・項・目. The 一般会計's 24 款 come from StandardMasters (施行規則 別記 as 基準); this adds their
// 項・目 (the usual ones of a designated city: 市税 → 市民税 → 個人市民税 …; a 款 without a usual breakdown gets
// one 項 and one 目 of its own name), and the 歳入 款・項・目 of the 特別会計 (demo structure: the 会計's own
// 事業収入, 国庫支出金, 府支出金, 使用料及び手数料, 繰入金, 市債, 諸収入). 公営企業会計 have no 款項目 (their budgets
// are 収益的・資本的収支, not 款項目節), so they have no 歳入 requests either. Idempotent: runs on every start.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Masters;

namespace OsakaDx.Modules.Budget.Revenue;

internal static class RevenueMasters
{
    /// <summary>項 and their 目 under the 一般会計 歳入 款 that have a usual breakdown.</summary>
    private static readonly Dictionary<string, (string Kou, string[] Moku)[]> GeneralBreakdown = new(StringComparer.Ordinal)
    {
        ["市税"] = [("市民税", ["個人市民税", "法人市民税"]), ("固定資産税", ["固定資産税", "国有資産等所在市町村交付金"]), ("軽自動車税", ["軽自動車税"]),
            ("市たばこ税", ["市たばこ税"]), ("事業所税", ["事業所税"]), ("都市計画税", ["都市計画税"])],
        ["分担金及び負担金"] = [("負担金", ["福祉費負担金", "こども青少年費負担金", "教育費負担金"])],
        ["使用料及び手数料"] = [("使用料", ["福祉使用料", "都市整備使用料", "教育使用料", "建設使用料"]), ("手数料", ["総務手数料", "環境手数料", "市民手数料"])],
        ["国庫支出金"] = [("国庫負担金", ["福祉費国庫負担金", "こども青少年費国庫負担金", "健康費国庫負担金", "教育費国庫負担金"]),
            ("国庫補助金", ["総務費国庫補助金", "福祉費国庫補助金", "建設費国庫補助金", "都市整備費国庫補助金", "教育費国庫補助金"]), ("委託金", ["総務費委託金", "福祉費委託金"])],
        ["府支出金"] = [("府負担金", ["福祉費府負担金", "こども青少年費府負担金"]), ("府補助金", ["総務費府補助金", "福祉費府補助金", "健康費府補助金", "経済戦略費府補助金"]), ("委託金", ["総務費委託金"])],
        ["財産収入"] = [("財産運用収入", ["財産貸付収入", "利子及び配当金"]), ("財産売払収入", ["不動産売払収入"])],
        ["繰入金"] = [("基金繰入金", ["財政調整基金繰入金", "その他基金繰入金"]), ("特別会計繰入金", ["公債費会計繰入金"])],
        ["諸収入"] = [("延滞金加算金及び過料", ["延滞金"]), ("貸付金元利収入", ["貸付金元利収入"]), ("受託事業収入", ["受託事業収入"]), ("雑入", ["雑入"])],
        ["市債"] = [("市債", ["総務債", "福祉債", "こども青少年債", "環境債", "都市整備債", "建設債", "港湾債", "教育債", "臨時財政対策債"])],
    };

    /// <summary>歳入 款 of each 特別会計 (demo structure); the first is the 会計's own 収入.</summary>
    private static readonly string[] SpecialKan = ["{0}収入", "国庫支出金", "府支出金", "使用料及び手数料", "繰入金", "市債", "諸収入"];

    /// <summary>The 特定財源 kind a 歳入 款 stands for.</summary>
    public static RevenueKind KindOf(string kanName) => kanName switch
    {
        "国庫支出金" => RevenueKind.National,
        "府支出金" => RevenueKind.Prefectural,
        "市債" => RevenueKind.Bonds,
        "使用料及び手数料" or "分担金及び負担金" or "財産収入" or "寄附金" or "諸収入" => RevenueKind.OtherSpecific,
        _ => RevenueKind.General,
    };

    public static string KindName(RevenueKind kind) => kind switch
    {
        RevenueKind.National => "国庫支出金",
        RevenueKind.Prefectural => "府支出金",
        RevenueKind.Bonds => "市債",
        RevenueKind.OtherSpecific => "その他特定財源",
        _ => "一般財源",
    };

    public static async Task EnsureAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        if (await db.Items.AnyAsync(i => i.Side == BudgetSide.Revenue && i.Level == ItemLevel.Moku, cancellationToken))
        {
            return;
        }

        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var kans = await db.Items.Where(i => i.Side == BudgetSide.Revenue && i.Level == ItemLevel.Kan).ToListAsync(cancellationToken);
        foreach (var kan in kans)
        {
            var breakdown = GeneralBreakdown.GetValueOrDefault(kan.Name) ?? [(kan.Name, [kan.Name])];
            AddChildren(db, kan, breakdown);
        }

        foreach (var special in accounts.Where(a => a.Kind == AccountKind.Special))
        {
            if (kans.Any(k => k.AccountId == special.Id))
            {
                continue;
            }

            var stem = special.Name.Replace("事業会計", "事業", StringComparison.Ordinal).Replace("会計", "", StringComparison.Ordinal);
            for (var k = 0; k < SpecialKan.Length; k++)
            {
                var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, SpecialKan[k], stem);
                var kan = new BudgetItem { AccountId = special.Id, Side = BudgetSide.Revenue, Level = ItemLevel.Kan, Code = Code(k + 1), Name = name, SortOrder = k, FromYear = StandardMasters.MasterFromYear };
                db.Items.Add(kan);
                await db.SaveChangesAsync(cancellationToken);
                AddChildren(db, kan, [(name, [name])]);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void AddChildren(BudgetDb db, BudgetItem kan, (string Kou, string[] Moku)[] children)
    {
        for (var j = 0; j < children.Length; j++)
        {
            var kou = new BudgetItem { AccountId = kan.AccountId, Side = BudgetSide.Revenue, Level = ItemLevel.Kou, Code = kan.Code + "-" + Code(j + 1), Name = children[j].Kou, ParentId = kan.Id, SortOrder = j, FromYear = kan.FromYear };
            db.Items.Add(kou);
            db.SaveChanges();
            for (var m = 0; m < children[j].Moku.Length; m++)
            {
                db.Items.Add(new BudgetItem { AccountId = kan.AccountId, Side = BudgetSide.Revenue, Level = ItemLevel.Moku, Code = kou.Code + "-" + Code(m + 1), Name = children[j].Moku[m], ParentId = kou.Id, SortOrder = m, FromYear = kan.FromYear });
            }
        }
    }

    private static string Code(int part) => part.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}
