// The 予算書's 歳入 from the 歳入 requests of the chosen stage: per 会計 the 目 are rounded once to 千円 by the
// largest-remainder method to the 会計's exact 歳入 total rounded half up (BudgetMath.ToThousandYen); 項, 款 and the
// 会計 total are sums of the printed 目, so every printed total adds up, and a 会計 whose 歳入 equal its 歳出 in yen
// prints the same 千円 total on both sides (both are the same exact total rounded half up). 前年度 is last year's
// closed 確定 stage (else its 確定 requests), rounded the same way; 比較 = 本年度 − 前年度 as printed.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Revenue;

internal static class RevenueBook
{
    /// <summary>款・項・目 rows (千円) per 会計 that has 歳入 requests in the stage or 前年度.</summary>
    public static async Task<List<RevenueRow>> BuildAsync(BudgetDb db, BudgetStage stage, CancellationToken cancellationToken)
    {
        var current = await db.StageRevenues.AsNoTracking().Where(s => s.StageId == stage.Id).Select(s => new { s.AccountId, s.MokuId, s.Amount }).ToListAsync(cancellationToken);
        var previousStage = await db.Stages.AsNoTracking().Where(s => s.Year == stage.Year - 1 && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var previous = previousStage is { } ps
            ? await db.StageRevenues.AsNoTracking().Where(s => s.StageId == ps).Select(s => new { s.AccountId, s.MokuId, s.Amount }).ToListAsync(cancellationToken)
            : await db.RevenueRequests.AsNoTracking().Where(r => r.Year == stage.Year - 1 && r.Status == RequestStatus.Confirmed).Select(r => new { r.AccountId, r.MokuId, Amount = r.AssessedAmount ?? 0 }).ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Revenue).ToDictionaryAsync(i => i.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var rows = new List<RevenueRow>();
        foreach (var account in accounts)
        {
            var cur = current.Where(x => x.AccountId == account.Id && items.ContainsKey(x.MokuId)).GroupBy(x => x.MokuId).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
            var prev = previous.Where(x => x.AccountId == account.Id && items.ContainsKey(x.MokuId)).GroupBy(x => x.MokuId).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
            if (cur.Count == 0 && prev.Count == 0)
            {
                continue;
            }

            var mokus = cur.Keys.Union(prev.Keys).OrderBy(m => items[m].Code, StringComparer.Ordinal).ToList();
            var (curT, _) = BudgetMath.ToThousandYen([.. mokus.Select(m => Math.Max(0, cur.GetValueOrDefault(m)))]);
            var (prevT, _) = BudgetMath.ToThousandYen([.. mokus.Select(m => Math.Max(0, prev.GetValueOrDefault(m)))]);
            var printed = mokus.Select((m, i) => (Moku: m, Cur: curT[i], Prev: prevT[i])).ToList();
            int Parent(int id) => items[id].ParentId ?? id;
            var name = account.Name;
            rows.Add(new RevenueRow(name, "", printed.Sum(p => p.Cur), printed.Sum(p => p.Prev), "会計"));
            foreach (var kan in printed.GroupBy(p => Parent(Parent(p.Moku))).OrderBy(g => items[g.Key].Code, StringComparer.Ordinal))
            {
                rows.Add(new RevenueRow(name, items[kan.Key].Name, kan.Sum(p => p.Cur), kan.Sum(p => p.Prev), "款"));
                foreach (var kou in kan.GroupBy(p => Parent(p.Moku)).OrderBy(g => items[g.Key].Code, StringComparer.Ordinal))
                {
                    rows.Add(new RevenueRow(name, items[kan.Key].Name, kou.Sum(p => p.Cur), kou.Sum(p => p.Prev), "項", items[kou.Key].Name));
                    foreach (var m in kou)
                    {
                        rows.Add(new RevenueRow(name, items[kan.Key].Name, m.Cur, m.Prev, "目", items[kou.Key].Name, items[m.Moku].Name));
                    }
                }
            }
        }

        return rows;
    }
}
