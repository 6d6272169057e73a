// The request detail of the demo budget: 細節 on the lines whose item names a 細節, a 国 1/2 補助率 on
// one line of the draft 補助 requests (their 国庫支出金 becomes that line's share), and a few 継続費,
// 債務負担行為, 繰越明許費 and 地方債 entries on this year's submitted requests, so that the book of every
// stage closed afterwards has 第2表・第3表 and a named 第4表. Runs after the bulk insert and before the
// stages close; set-based SQL for the lines (one audit entry covers the generation), EF for the few entries.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Demo;

internal static class DemoDetails
{
    public static async Task AddAsync(BudgetDb db, int year, Func<Type, string> table, CancellationToken cancellationToken)
    {
        var lines = table(typeof(RequestLine));
        var subs = table(typeof(SubSetsu));
        var requests = table(typeof(BudgetRequest));
        var projects = table(typeof(Project));
        var y = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
#pragma warning disable EF1002, EF1003 // table names come from the EF model and the year is formatted here; no input reaches the SQL
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {lines} SET \"SubSetsuId\" = (SELECT MIN(s.\"Id\") FROM {subs} s WHERE s.\"SetsuId\" = {lines}.\"SetsuId\" AND {lines}.\"Item\" LIKE '%' || s.\"Name\") " +
            $"WHERE EXISTS (SELECT 1 FROM {subs} s WHERE s.\"SetsuId\" = {lines}.\"SetsuId\" AND {lines}.\"Item\" LIKE '%' || s.\"Name\")", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {lines} SET \"SubsidySource\" = 1, \"SubsidyNumerator\" = 1, \"SubsidyDenominator\" = 2, \"SubsidyAmount\" = \"Amount\" / 2 " +
            $"WHERE \"Id\" IN (SELECT MIN(l.\"Id\") FROM {lines} l JOIN {requests} r ON r.\"Id\" = l.\"RequestId\" JOIN {projects} p ON p.\"Id\" = r.\"ProjectId\" " +
            $"WHERE r.\"Year\" = {y} AND r.\"Status\" = {(int)RequestStatus.Draft} AND p.\"Subsidy\" = {(int)SubsidyKind.Subsidized} AND r.\"NationalFunds\" > 0 GROUP BY l.\"RequestId\") " +
            $"AND \"Amount\" / 2 <= (SELECT r.\"NationalFunds\" FROM {requests} r WHERE r.\"Id\" = {lines}.\"RequestId\")", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {requests} SET \"NationalFunds\" = (SELECT SUM(l.\"SubsidyAmount\") FROM {lines} l WHERE l.\"RequestId\" = {requests}.\"Id\" AND l.\"SubsidySource\" = 1) " +
            $"WHERE EXISTS (SELECT 1 FROM {lines} l WHERE l.\"RequestId\" = {requests}.\"Id\" AND l.\"SubsidySource\" = 1)", cancellationToken);
#pragma warning restore EF1002, EF1003

        var submitted = await db.Requests.AsNoTracking().Where(r => r.Year == year && r.Status >= RequestStatus.Submitted)
            .Select(r => new { r.Id, r.Project!.Name, r.Cost, r.Bonds, r.AssessedBonds, r.Status }).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (submitted.Count == 0)
        {
            return;
        }

        // Requests at 課長査定 or later first: those are in every snapshot after 要求 (内示, 確定 …).
        var pool = submitted.Where(r => r.Status >= RequestStatus.Assessed).ToList();
        if (pool.Count == 0)
        {
            pool = submitted;
        }

        var entries = new List<RequestEntry>();
        // 地方債: the requests with the largest 市債 name their purpose (the rest of the 市債 stays 「<款>事業」).
        foreach (var r in pool.Where(r => r.Bonds > 0 && (r.AssessedBonds ?? r.Bonds) > 0).OrderByDescending(r => r.Bonds).ThenBy(r => r.Id).Take(8))
        {
            entries.Add(new RequestEntry { RequestId = r.Id, Kind = EntryKind.Bond, Title = r.Name + "（施設整備）", Amount = Math.Min(r.Bonds, r.AssessedBonds ?? r.Bonds) });
        }

        var large = pool.OrderByDescending(r => r.Cost).ThenBy(r => r.Id).Take(11).ToList();
        for (var i = 0; i < large.Count; i++)
        {
            var r = large[i];
            var unit = r.Cost / 1000 * 1000;
            // Every kind appears even when few requests qualify: the first carries all three.
            var kinds = i == 0 ? new[] { EntryKind.Continuing, EntryKind.DebtBurden, EntryKind.CarryOver } : [(EntryKind)((i % 3) + 1)];
            foreach (var kind in kinds)
            {
                entries.Add(kind switch
                {
                    EntryKind.Continuing => new RequestEntry
                    {
                        RequestId = r.Id, Kind = kind, Title = r.Name + " 施設整備事業", Amount = unit * 3, FromYear = year, ToYear = year + 2,
                        YearlyAmounts = $"{year}:{unit};{year + 1}:{unit};{year + 2}:{unit}", Funding = "国庫支出金、市債、一般財源",
                    },
                    EntryKind.DebtBurden => new RequestEntry
                    {
                        RequestId = r.Id, Kind = kind, Title = r.Name + " 業務委託（指定管理を含む）", Amount = unit * 4, FromYear = year + 1, ToYear = year + 4, Funding = "一般財源",
                    },
                    _ => new RequestEntry { RequestId = r.Id, Kind = kind, Title = r.Name + "（工期の延長による）", Amount = r.Cost / 3 / 1000 * 1000 },
                });
            }
        }

        db.Entries.AddRange(entries.Where(e => e.Amount > 0));
        await db.SaveChangesAsync(cancellationToken);
    }
}
