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

        var entries = new List<RequestEntry>();
        // 地方債: the requests with the largest 市債 name their purpose (the rest of the 市債 stays 「<款>事業」).
        foreach (var r in submitted.Where(r => r.Bonds > 0 && (r.AssessedBonds ?? r.Bonds) > 0).OrderByDescending(r => r.Bonds).ThenBy(r => r.Id).Take(8))
        {
            entries.Add(new RequestEntry { RequestId = r.Id, Kind = EntryKind.Bond, Title = r.Name + "（施設整備）", Amount = Math.Min(r.Bonds, r.AssessedBonds ?? r.Bonds), Funding = null });
        }

        var large = submitted.OrderByDescending(r => r.Cost).ThenBy(r => r.Id).ToList();
        foreach (var r in large.Take(3))
        {
            var perYear = r.Cost / 1000 * 1000;
            entries.Add(new RequestEntry
            {
                RequestId = r.Id, Kind = EntryKind.Continuing, Title = r.Name + " 施設整備事業", Amount = perYear * 3, FromYear = year, ToYear = year + 2,
                YearlyAmounts = $"{year}:{perYear};{year + 1}:{perYear};{year + 2}:{perYear}", Funding = "国庫支出金、市債、一般財源",
            });
        }

        foreach (var r in large.Skip(3).Take(5))
        {
            entries.Add(new RequestEntry
            {
                RequestId = r.Id, Kind = EntryKind.DebtBurden, Title = r.Name + " 業務委託（指定管理を含む）", Amount = r.Cost / 1000 * 1000 * 4, FromYear = year + 1, ToYear = year + 4,
                Funding = "一般財源",
            });
        }

        foreach (var r in large.Skip(8).Take(3))
        {
            entries.Add(new RequestEntry { RequestId = r.Id, Kind = EntryKind.CarryOver, Title = r.Name + "（工期の延長による）", Amount = r.Cost / 3 / 1000 * 1000 });
        }

        db.Entries.AddRange(entries.Where(e => e.Amount > 0));
        await db.SaveChangesAsync(cancellationToken);
    }
}
