// 歳入 requests of the demo budget, for every 会計 that has 款項目 (一般会計 and the 8 特別会計; 公営企業会計 have
// none). Per 所属 and 会計 the 特定財源 its 歳出 requests carry (国庫支出金, 府支出金, 市債, その他特定財源) are
// requested as 歳入: the 3 largest 事業 of each kind get a 歳入 request linked to the 事業, the rest one request
// per kind. The 一般財源 (市税 ~40% of 歳出, 地方消費税交付金, 譲与税・交付金, 地方交付税, 繰入金, 諸収入, 臨時財政
// 対策債) are the 財政局's, sized so that last year's 確定 balances exactly (歳入 = 歳出 per 会計), while this
// year's 歳入 fall 0.4% short of the 歳出: the gap the 財政局 works on. A few of this year's linked requests
// disagree with the 事業's 財源内訳 so the reconciliation page has something to show. Runs after the bulk insert
// and before the stages close, with the same ADO.NET writer (one audit entry covers the generation).
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Revenue;

namespace OsakaDx.Modules.Budget.Demo;

internal static class RevenueDemo
{
    /// <summary>Shares of 一般会計 歳出 for the fixed 一般財源 目 (the rest is split by <see cref="RestShares"/>).</summary>
    private static readonly (string Moku, double Share)[] FixedShares =
    [
        ("個人市民税", 0.144), ("法人市民税", 0.064), ("固定資産税", 0.132), ("国有資産等所在市町村交付金", 0.004), ("軽自動車税", 0.002),
        ("市たばこ税", 0.010), ("事業所税", 0.016), ("都市計画税", 0.028), ("地方譲与税", 0.004), ("利子割交付金", 0.0003),
        ("配当割交付金", 0.001), ("株式等譲渡所得割交付金", 0.001), ("法人事業税交付金", 0.004), ("地方消費税交付金", 0.06),
        ("環境性能割交付金", 0.0003), ("軽油引取税交付金", 0.003), ("地方特例交付金", 0.002), ("交通安全対策特別交付金", 0.0003), ("繰越金", 0.001),
    ];

    private static readonly (string Moku, double Share)[] RestShares =
    [
        ("地方交付税", 0.2), ("貸付金元利収入", 0.35), ("雑入", 0.15), ("財政調整基金繰入金", 0.15), ("臨時財政対策債", 0.15),
    ];

    private sealed record Fact(int ProjectId, int AccountId, int OrgUnitId, string ExpenditureKan, RequestStatus Status, long Cost, long AssessedCost,
        long[] Requested, long[] Assessed);

    public static async Task AddAsync(BudgetDb db, OrgDirectory orgs, int year, Func<Type, string> table, CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking().ToListAsync(cancellationToken);
        var byId = items.ToDictionary(i => i.Id);
        string KanOf(int mokuId) => byId[byId[byId[mokuId].ParentId!.Value].ParentId!.Value].Name;
        var revenueMoku = items.Where(i => i.Side == BudgetSide.Revenue && i.Level == ItemLevel.Moku).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var finance = (await orgs.ShozokuAsync(cancellationToken)).FirstOrDefault(o => o.Name.Contains("財政局", StringComparison.Ordinal))?.Id
            ?? (await orgs.ShozokuAsync(cancellationToken))[0].Id;
        var random = new Random(DemoGenerator.Seed + 2);
        var rows = new List<object?[]>();
        var lines = new List<object?[]>();
        var id = 0;
        var now = DateTime.UtcNow;
        foreach (var y in new[] { year - 1, year })
        {
            var current = y == year;
            var facts = (await db.Requests.AsNoTracking().Where(r => r.Year == y)
                .Select(r => new { r.ProjectId, r.Project!.AccountId, r.Project.OrgUnitId, r.Project.MokuId, r.Status, r.Cost, r.AssessedCost, r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds,
                    r.AssessedNationalFunds, r.AssessedPrefecturalFunds, r.AssessedBonds, r.AssessedOtherSpecificFunds })
                .ToListAsync(cancellationToken))
                .Select(r => new Fact(r.ProjectId, r.AccountId, r.OrgUnitId, KanOf(r.MokuId), r.Status, r.Cost, r.AssessedCost ?? 0,
                    [r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds],
                    r.Status >= RequestStatus.Assessed ? [r.AssessedNationalFunds ?? 0, r.AssessedPrefecturalFunds ?? 0, r.AssessedBonds ?? 0, r.AssessedOtherSpecificFunds ?? 0] : [0, 0, 0, 0]))
                .ToList();
            // A request's status, requested and assessed amounts: last year all 確定; this year mostly 提出 or 課長査定.
            void Add(int accountId, int mokuId, int org, int? project, long requested, long assessed, string basis, bool general)
            {
                var status = !current ? RequestStatus.Confirmed : general ? RequestStatus.Assessed : random.Next(100) switch
                {
                    < 12 => RequestStatus.Draft,
                    < 20 => RequestStatus.OrgApproved,
                    < 60 => RequestStatus.Submitted,
                    _ => RequestStatus.Assessed,
                };
                var assessedStage = status >= RequestStatus.Assessed;
                id++;
                rows.Add([id, y, accountId, mokuId, org, project, (int)status, 0L, requested, basis, null, assessedStage ? assessed : null,
                    assessedStage ? (int)AssessDecision.Adopted : null, assessedStage && assessed != requested ? "歳出の査定に合わせて調整" : null, now, 0L]);
            }

            var kinds = new[] { RevenueKind.National, RevenueKind.Prefectural, RevenueKind.Bonds, RevenueKind.OtherSpecific };
            foreach (var group in facts.GroupBy(f => (f.AccountId, f.OrgUnitId)).OrderBy(g => g.Key.AccountId).ThenBy(g => g.Key.OrgUnitId))
            {
                var accountMoku = revenueMoku.Where(m => m.AccountId == group.Key.AccountId).ToList();
                if (accountMoku.Count == 0)
                {
                    continue;
                }

                for (var k = 0; k < kinds.Length; k++)
                {
                    var kind = kinds[k];
                    var candidates = accountMoku.Where(m => RevenueMasters.KindOf(KanOf(m.Id)) == kind && !m.Name.Contains("委託金", StringComparison.Ordinal) && m.Name != "臨時財政対策債"
                        && m.Name != "貸付金元利収入" && m.Name != "雑入" && m.Name != "延滞金" && m.Name != "受託事業収入").ToList();
                    if (candidates.Count == 0)
                    {
                        continue;
                    }

                    int MokuFor(string expenditureKan)
                    {
                        var stem = expenditureKan.EndsWith('費') ? expenditureKan[..^1] : expenditureKan;
                        return (candidates.FirstOrDefault(m => m.Name.StartsWith(stem, StringComparison.Ordinal)) ?? candidates.FirstOrDefault(m => m.Name.StartsWith("総務", StringComparison.Ordinal)) ?? candidates[0]).Id;
                    }

                    var funded = group.Where(f => f.Requested[k] > 0 || f.Assessed[k] > 0).OrderByDescending(f => f.Requested[k]).ThenBy(f => f.ProjectId).ToList();
                    if (funded.Count == 0)
                    {
                        continue;
                    }

                    foreach (var f in funded.Take(3))
                    {
                        var requested = f.Requested[k];
                        if (current && random.Next(100) < 12)
                        {
                            // The 所属 expects a different 補助 than its 歳出 request says: a disagreement to reconcile.
                            requested = requested * random.Next(90, 111) / 100 / 1000 * 1000;
                        }

                        Add(group.Key.AccountId, MokuFor(f.ExpenditureKan), group.Key.OrgUnitId, f.ProjectId, requested, f.Assessed[k], "事業の財源内訳（補助基本額 × 補助率）による", false);
                    }

                    var rest = funded.Skip(3).ToList();
                    if (rest.Count > 0)
                    {
                        Add(group.Key.AccountId, MokuFor(rest[0].ExpenditureKan), group.Key.OrgUnitId, null, rest.Sum(f => f.Requested[k]), rest.Sum(f => f.Assessed[k]),
                            $"所属の{rest.Count}事業の財源内訳の計", false);
                    }
                }
            }

            // 一般財源 per 会計: what the 歳出 needs beyond the 特定財源; this year 0.4% short.
            foreach (var account in facts.GroupBy(f => f.AccountId).OrderBy(g => g.Key))
            {
                var accountMoku = revenueMoku.Where(m => m.AccountId == account.Key).ToList();
                if (accountMoku.Count == 0)
                {
                    continue;
                }

                var requestedNeed = account.Sum(f => f.Cost - f.Requested.Sum());
                var assessedNeed = account.Where(f => f.Status >= RequestStatus.Assessed).Sum(f => f.AssessedCost - f.Assessed.Sum());
                var requestedCost = account.Sum(f => f.Cost);
                var assessedCost = account.Where(f => f.Status >= RequestStatus.Assessed).Sum(f => f.AssessedCost);
                if (current)
                {
                    requestedNeed -= requestedCost * 4 / 1000;
                    assessedNeed -= assessedCost * 4 / 1000;
                }

                var shares = accountMoku.Any(m => m.Name == "個人市民税")
                    ? Split(requestedCost, requestedNeed, assessedCost, assessedNeed)
                    : [(accountMoku[0].Name, requestedNeed * 6 / 10, assessedNeed * 6 / 10), (accountMoku.First(m => KanOf(m.Id) == "繰入金").Name, requestedNeed - (requestedNeed * 6 / 10), assessedNeed - (assessedNeed * 6 / 10))];
                foreach (var (name, requested, assessed) in shares)
                {
                    var moku = accountMoku.First(m => m.Name == name);
                    Add(account.Key, moku.Id, finance, null, requested, assessed, name switch
                    {
                        "個人市民税" => "課税標準額 × 税率 × 収納率（現年課税分・滞納繰越分）",
                        "法人市民税" => "均等割 + 法人税割（法人税額 × 税率）× 収納率",
                        "固定資産税" => "課税標準額 × 税率1.4% × 収納率",
                        "地方交付税" => "基準財政需要額 − 基準財政収入額（普通交付税）",
                        _ => "前年度実績と見込みによる",
                    }, true);
                    if (name == "個人市民税" && requested > 0)
                    {
                        // Structured 積算: 課税標準額 × 税率 × 収納率, whose product is the request (the last line absorbs the remainder).
                        var rateRow = requested * 1_000_000L / 985_000L * 1_000_000L / 60_000L;
                        var main = RevenueService.LineAmount(rateRow, 1, 60_000, 985_000) ?? 0;
                        lines.Add([lines.Count + 1, id, "現年課税分", rateRow, 1L, 60_000L, 985_000L, "課税標準額 × 税率 × 収納率", main, 0]);
                        lines.Add([lines.Count + 1, id, "滞納繰越分・端数調整", requested - main, 1L, 1_000_000L, 1_000_000L, "調定見込額 × 収納率", requested - main, 1]);
                    }
                }
            }
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
            await DemoGenerator.InsertAsync(connection, tx, table(typeof(RevenueRequest)),
                ["Id", "Year", "AccountId", "MokuId", "OrgUnitId", "ProjectId", "Status", "PreviousInitial", "Amount", "Basis", "Description", "AssessedAmount", "Decision", "ReviewComment", "UpdatedAtUtc", "Version"],
                rows, _ => Task.CompletedTask, cancellationToken);
            await DemoGenerator.InsertAsync(connection, tx, table(typeof(RevenueLine)),
                ["Id", "RevenueRequestId", "Item", "UnitPrice", "Quantity", "RatePpm", "SecondRatePpm", "Formula", "Amount", "SortOrder"], lines, _ => Task.CompletedTask, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        // 前年度当初 of this year's requests: last year's 査定額 (確定) of the same key.
        var requestsTable = table(typeof(RevenueRequest));
        var y0 = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
#pragma warning disable EF1002, EF1003 // table names come from the EF model and the year is formatted here
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {requestsTable} SET \"PreviousInitial\" = COALESCE((SELECT p.\"AssessedAmount\" FROM {requestsTable} p WHERE p.\"Year\" = {requestsTable}.\"Year\" - 1 " +
            $"AND p.\"MokuId\" = {requestsTable}.\"MokuId\" AND p.\"OrgUnitId\" = {requestsTable}.\"OrgUnitId\" AND (p.\"ProjectId\" = {requestsTable}.\"ProjectId\" OR (p.\"ProjectId\" IS NULL AND {requestsTable}.\"ProjectId\" IS NULL))), 0) " +
            $"WHERE \"Year\" = {y0}", cancellationToken);
        if (db.Database.IsNpgsql())
        {
            foreach (var t in new[] { requestsTable, table(typeof(RevenueLine)) })
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT setval(pg_get_serial_sequence('{t}', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM {t}), 1))", cancellationToken);
            }
        }
#pragma warning restore EF1002, EF1003
    }

    /// <summary>The 一般会計's 一般財源 目 and their amounts (requested, assessed), adding up exactly to the need.</summary>
    private static List<(string Moku, long Requested, long Assessed)> Split(long requestedCost, long requestedNeed, long assessedCost, long assessedNeed)
    {
        static List<long> Parts(long cost, long need)
        {
            var parts = FixedShares.Select(s => (long)(cost * s.Share) / 1000 * 1000).ToList();
            var rest = need - parts.Sum();
            if (rest < 0)
            {
                // 特定財源 already cover more than usual: less 個人市民税 is needed.
                parts[0] = Math.Max(0, parts[0] + rest);
                rest = need - parts.Sum();
            }

            var restParts = RestShares.Select(s => (long)(rest * s.Share) / 1000 * 1000).ToList();
            restParts[0] += rest - restParts.Sum();
            return [.. parts, .. restParts];
        }

        var requested = Parts(requestedCost, requestedNeed);
        var assessed = Parts(assessedCost, assessedNeed);
        return [.. FixedShares.Concat(RestShares).Select((s, i) => (s.Moku, requested[i], assessed[i]))];
    }
}
