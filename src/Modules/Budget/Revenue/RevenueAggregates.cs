// 歳入 figures for the aggregates: pivots by 会計・款・項・目・所属・財源 (the same PivotResult the 歳出 pivot
// gives, so the page and the downloads are shared), the 歳入 side of 収支状況 and the stage comparison, and the
// reconciliation of the 特定財源 typed in 歳出 requests against the 歳入 requested for them. 歳入 requests are a
// few hundred rows a year, so each call reads them once and groups in memory.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Revenue;

/// <summary>One 歳入 figure of a source (要求, 査定, a closed stage or 前年度).</summary>
public sealed record RevenueFact(int RequestId, int AccountId, int MokuId, int OrgUnitId, int? ProjectId, long Amount);

/// <summary>The 歳入 of one 会計 in 収支状況: by group (市税, 地方交付税, その他の一般財源, 国庫支出金, 府支出金, 市債, その他特定財源).</summary>
public sealed record RevenueBalanceRow(int AccountId, string Account, IReadOnlyList<long> Groups, long Expenditure, long PreviousRevenue, long PreviousExpenditure)
{
    public long Revenue => Groups.Sum();

    /// <summary>歳入 − 歳出: 0 when balanced, negative when the 歳入 do not cover the 歳出.</summary>
    public long Balance => Revenue - Expenditure;

    public long PreviousBalance => PreviousRevenue - PreviousExpenditure;
}

public sealed record RevenueBalance(string Source, bool AdoptedStage, IReadOnlyList<RevenueBalanceRow> Rows, IReadOnlyList<string> AccountsWithoutRevenue)
{
    public static readonly IReadOnlyList<string> GroupNames = ["市税", "地方交付税", "その他の一般財源", "国庫支出金", "府支出金", "市債", "その他特定財源"];

    public RevenueBalanceRow Total => new(0, "合計", [.. Enumerable.Range(0, GroupNames.Count).Select(i => Rows.Sum(r => r.Groups[i]))], Rows.Sum(r => r.Expenditure),
        Rows.Sum(r => r.PreviousRevenue), Rows.Sum(r => r.PreviousExpenditure));
}

/// <summary>One disagreement (or agreement) between the 歳出 side's 特定財源 and the 歳入 requested for it.</summary>
public sealed record ReconcileRow(string Account, string Org, int OrgUnitId, string? ProjectCode, string? ProjectName, int? RequestId, RevenueKind Kind, long Expenditure, long Revenue)
{
    public long Difference => Revenue - Expenditure;
}

public sealed class RevenueAggregates(BudgetDb db, OrgDirectory orgs, RevenueService revenue)
{
    public static RevenueKind[] SpecificKinds => [RevenueKind.National, RevenueKind.Prefectural, RevenueKind.Bonds, RevenueKind.OtherSpecific];

    /// <summary>The source's 歳入 figures and its name: 要求 = every request's 本年度要求; 査定 = 査定額 at 課長査定 or 確定; a closed stage = its snapshot.</summary>
    public async Task<(IReadOnlyList<RevenueFact> Facts, string Source)> FactsAsync(int year, PivotStage stage, int? stageId, CancellationToken cancellationToken = default)
    {
        if (stageId is { } id)
        {
            var s = await db.Stages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Year == year && x.ClosedAtUtc != null, cancellationToken)
                ?? throw new InvalidOperationException("締め切った段階ではありません。");
            return (await StageFactsAsync(id, cancellationToken), Stages.StageService.Name(s.Kind, s.Round));
        }

        var requests = db.RevenueRequests.AsNoTracking().Where(r => r.Year == year);
        if (stage == PivotStage.Request)
        {
            return (await requests.Select(r => new RevenueFact(r.Id, r.AccountId, r.MokuId, r.OrgUnitId, r.ProjectId, r.Amount)).ToListAsync(cancellationToken), PivotService.StageName(stage));
        }

        return (await requests.Where(r => r.Status >= RequestStatus.Assessed).Select(r => new RevenueFact(r.Id, r.AccountId, r.MokuId, r.OrgUnitId, r.ProjectId, r.AssessedAmount ?? 0)).ToListAsync(cancellationToken),
            PivotService.StageName(stage));
    }

    public async Task<IReadOnlyList<RevenueFact>> StageFactsAsync(int stageId, CancellationToken cancellationToken = default) =>
        await db.StageRevenues.AsNoTracking().Where(s => s.StageId == stageId).Select(s => new RevenueFact(s.RevenueRequestId, s.AccountId, s.MokuId, s.OrgUnitId, s.ProjectId, s.Amount)).ToListAsync(cancellationToken);

    /// <summary>前年度当初: last year's closed 確定 stage, else the 査定額 of its 確定 requests.</summary>
    public async Task<IReadOnlyList<RevenueFact>> PreviousAsync(int year, CancellationToken cancellationToken = default)
    {
        var adopted = await db.Stages.AsNoTracking().Where(s => s.Year == year - 1 && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (adopted is { } id)
        {
            return await StageFactsAsync(id, cancellationToken);
        }

        return await db.RevenueRequests.AsNoTracking().Where(r => r.Year == year - 1 && r.Status == RequestStatus.Confirmed)
            .Select(r => new RevenueFact(r.Id, r.AccountId, r.MokuId, r.OrgUnitId, r.ProjectId, r.AssessedAmount ?? 0)).ToListAsync(cancellationToken);
    }

    public static bool SupportsDimension(PivotDimension d) => d is PivotDimension.Account or PivotDimension.Kan or PivotDimension.Kou or PivotDimension.Moku or PivotDimension.Org or PivotDimension.Funding;

    /// <summary>The 歳入 pivot by 会計・款・項・目・所属 or 財源 (kind), beside 前年度当初.</summary>
    public async Task<PivotResult> PivotAsync(int year, PivotDimension dimension, PivotStage stage, int? stageId, CancellationToken cancellationToken = default)
    {
        var (facts, source) = await FactsAsync(year, stage, stageId, cancellationToken);
        var previous = await PreviousAsync(year, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Revenue).ToDictionaryAsync(i => i.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        var all = await orgs.AllAsync(cancellationToken);
        var shozoku = (await orgs.ShozokuAsync(cancellationToken)).Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        (string Key, string Label, string Order) KeyOf(RevenueFact f)
        {
            var moku = items[f.MokuId];
            var kou = items[moku.ParentId!.Value];
            var kan = items[kou.ParentId!.Value];
            var account = accounts[f.AccountId];
            var a = account.SortOrder.ToString("00", CultureInfo.InvariantCulture);
            return dimension switch
            {
                PivotDimension.Account => (account.Code, account.Name, a),
                PivotDimension.Kan => ($"{account.Code}-{kan.Code}", $"{account.Name} {kan.Name}", $"{a}-{kan.Code}"),
                PivotDimension.Kou => ($"{account.Code}-{kou.Code}", $"{account.Name} {kan.Name} {kou.Name}", $"{a}-{kou.Code}"),
                PivotDimension.Moku => ($"{account.Code}-{moku.Code}", $"{account.Name} {kan.Name} {kou.Name} {moku.Name}", $"{a}-{moku.Code}"),
                PivotDimension.Org => (f.OrgUnitId.ToString(CultureInfo.InvariantCulture), all.TryGetValue(f.OrgUnitId, out var o) ? o.Name : "?",
                    shozoku.GetValueOrDefault(f.OrgUnitId, 9999).ToString("0000", CultureInfo.InvariantCulture)),
                PivotDimension.Funding => (((int)RevenueMasters.KindOf(kan.Name)).ToString(CultureInfo.InvariantCulture), RevenueMasters.KindName(RevenueMasters.KindOf(kan.Name)),
                    ((int)RevenueMasters.KindOf(kan.Name)).ToString(CultureInfo.InvariantCulture)),
                _ => throw new ArgumentOutOfRangeException(nameof(dimension), "歳入の集計は会計・款・項・目・所属・財源別です。"),
            };
        }

        var rows = new Dictionary<string, (string Label, string Order, long Current, long Previous)>(StringComparer.Ordinal);
        foreach (var (list, current) in new[] { (facts, true), (previous, false) })
        {
            foreach (var f in list)
            {
                if (!items.ContainsKey(f.MokuId))
                {
                    continue;
                }

                var (key, label, order) = KeyOf(f);
                var row = rows.GetValueOrDefault(key, (label, order, 0, 0));
                rows[key] = current ? row with { Current = row.Current + f.Amount } : row with { Previous = row.Previous + f.Amount };
            }
        }

        return new PivotResult(year, dimension, stage,
            [.. rows.OrderBy(r => r.Value.Order, StringComparer.Ordinal).Select(r => new PivotRow(r.Key, r.Value.Label, r.Value.Current, r.Value.Previous))], "歳入 " + source);
    }

    /// <summary>The group (index into <see cref="RevenueBalance.GroupNames"/>) of a 歳入 款.</summary>
    public static int GroupOf(string kanName) => kanName switch
    {
        "市税" => 0,
        "地方交付税" => 1,
        _ => RevenueMasters.KindOf(kanName) switch
        {
            RevenueKind.National => 3,
            RevenueKind.Prefectural => 4,
            RevenueKind.Bonds => 5,
            RevenueKind.OtherSpecific => 6,
            _ => 2,
        },
    };

    /// <summary>歳入 (by group) against 歳出 per 会計 that has 歳入 requests; <paramref name="expenditure"/> and <paramref name="previousExpenditure"/> by 会計 id.</summary>
    public async Task<RevenueBalance> BalanceAsync(int year, PivotStage stage, int? stageId, IReadOnlyDictionary<int, long> expenditure, IReadOnlyDictionary<int, long> previousExpenditure,
        CancellationToken cancellationToken = default)
    {
        var (facts, source) = await FactsAsync(year, stage, stageId, cancellationToken);
        var previous = await PreviousAsync(year, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Revenue).ToDictionaryAsync(i => i.Id, cancellationToken);
        var kanOf = items.Values.Where(i => i.Level == ItemLevel.Moku).ToDictionary(i => i.Id, i => items[items[i.ParentId!.Value].ParentId!.Value].Name);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var withRequests = await db.RevenueRequests.AsNoTracking().Where(r => r.Year == year).Select(r => r.AccountId).Distinct().ToListAsync(cancellationToken);
        var rows = new List<RevenueBalanceRow>();
        var without = new List<string>();
        foreach (var a in accounts)
        {
            var has = expenditure.ContainsKey(a.Id) || previousExpenditure.ContainsKey(a.Id);
            if (!withRequests.Contains(a.Id) && !facts.Any(f => f.AccountId == a.Id))
            {
                if (has)
                {
                    without.Add(a.Name);
                }

                continue;
            }

            var groups = new long[RevenueBalance.GroupNames.Count];
            foreach (var f in facts.Where(f => f.AccountId == a.Id))
            {
                groups[GroupOf(kanOf.GetValueOrDefault(f.MokuId, ""))] += f.Amount;
            }

            rows.Add(new RevenueBalanceRow(a.Id, a.Name, groups, expenditure.GetValueOrDefault(a.Id), previous.Where(f => f.AccountId == a.Id).Sum(f => f.Amount), previousExpenditure.GetValueOrDefault(a.Id)));
        }

        var adopted = stageId is { } id && await db.Stages.AnyAsync(s => s.Id == id && s.Kind >= StageKind.Adopted, cancellationToken);
        return new RevenueBalance(source, adopted, rows, without);
    }

    /// <summary>
    /// The 特定財源 of the 歳出 requests (as requested, or as assessed for <paramref name="assessed"/>) against the 歳入 requested
    /// for the same kind: per 事業 for 歳入 requests linked to a 事業, and per 会計・所属・kind for the rest (国庫支出金, 府支出金, 市債;
    /// その他特定財源 only where linked, since 使用料 or 諸収入 not tied to a 事業 are 一般財源 to the 歳出 side). Nothing is changed.
    /// </summary>
    public async Task<IReadOnlyList<ReconcileRow>> ReconcileAsync(BudgetUser user, int year, bool assessed, bool differencesOnly, CancellationToken cancellationToken = default)
    {
        var readable = await Assignments.ExaminerScope.ReadableAsync(db, user, year, cancellationToken);
        var spending = await db.Requests.AsNoTracking().Where(r => r.Year == year && (!assessed || r.Status >= RequestStatus.Assessed))
            .Select(r => new
            {
                r.ProjectId, r.Project!.Code, r.Project.Name, r.Project.AccountId, r.Project.OrgUnitId,
                National = assessed ? r.AssessedNationalFunds ?? 0 : r.NationalFunds, Prefectural = assessed ? r.AssessedPrefecturalFunds ?? 0 : r.PrefecturalFunds,
                Bonds = assessed ? r.AssessedBonds ?? 0 : r.Bonds, Other = assessed ? r.AssessedOtherSpecificFunds ?? 0 : r.OtherSpecificFunds,
            }).ToListAsync(cancellationToken);
        var revenueRows = await revenue.AllAsync(year, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var all = await orgs.AllAsync(cancellationToken);
        string OrgName(int id) => all.TryGetValue(id, out var o) ? o.Name : "?";
        long RevenueOf(RevenueRequestRow r) => assessed ? (r.Status >= RequestStatus.Assessed ? r.AssessedAmount ?? 0 : 0) : r.Amount;
        var result = new List<ReconcileRow>();
        var linked = revenueRows.Where(r => r.ProjectId is not null && r.Kind != RevenueKind.General).ToList();
        var linkedKeys = linked.Select(r => (r.ProjectId!.Value, r.Kind)).ToHashSet();
        foreach (var group in linked.GroupBy(r => (Project: r.ProjectId!.Value, r.Kind)))
        {
            var s = spending.FirstOrDefault(x => x.ProjectId == group.Key.Project);
            var first = group.First();
            long exp = s is null ? 0 : group.Key.Kind switch { RevenueKind.National => s.National, RevenueKind.Prefectural => s.Prefectural, RevenueKind.Bonds => s.Bonds, _ => s.Other };
            result.Add(new ReconcileRow(first.Account, first.Org, first.OrgUnitId, first.ProjectCode, first.ProjectName, group.Count() == 1 ? first.Id : null, group.Key.Kind, exp, group.Sum(RevenueOf)));
        }

        foreach (var kind in new[] { RevenueKind.National, RevenueKind.Prefectural, RevenueKind.Bonds })
        {
            var exp = spending.Where(s => !linkedKeys.Contains((s.ProjectId, kind)))
                .GroupBy(s => (s.AccountId, s.OrgUnitId)).ToDictionary(g => g.Key, g => g.Sum(s => kind switch { RevenueKind.National => s.National, RevenueKind.Prefectural => s.Prefectural, _ => s.Bonds }));
            var rev = revenueRows.Where(r => r.ProjectId is null && r.Kind == kind).GroupBy(r => (r.AccountId, r.OrgUnitId)).ToDictionary(g => g.Key, g => (Sum: g.Sum(RevenueOf), Id: g.Count() == 1 ? g.First().Id : (int?)null));
            foreach (var key in exp.Keys.Union(rev.Keys))
            {
                var e = exp.GetValueOrDefault(key);
                var r = rev.TryGetValue(key, out var x) ? x : (0, null);
                if (e == 0 && r.Sum == 0)
                {
                    continue;
                }

                result.Add(new ReconcileRow(accounts.GetValueOrDefault(key.AccountId, "?"), OrgName(key.OrgUnitId), key.OrgUnitId, null, null, r.Id, kind, e, r.Sum));
            }
        }

        var order = (await orgs.ShozokuAsync(cancellationToken)).Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return [.. result.Where(r => (readable is null || readable.Contains(r.OrgUnitId)) && (!differencesOnly || r.Difference != 0))
            .OrderBy(r => order.GetValueOrDefault(r.OrgUnitId, 9999)).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.ProjectCode ?? "", StringComparer.Ordinal).ThenBy(r => r.Kind)];
    }

    public static readonly IReadOnlyList<string> ReconcileHeaders = ["会計", "所属", "事業コード", "事業名", "財源", "歳出の財源内訳（円）", "歳入の要求（円）", "差（歳入−歳出、円）"];

    public static byte[] ReconcileCsv(IReadOnlyList<ReconcileRow> rows, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray(ReconcileHeaders, rows.Select(r => (IReadOnlyList<string?>)[r.Account, r.Org, r.ProjectCode ?? "（事業に充当しない分の計）", r.ProjectName, RevenueMasters.KindName(r.Kind),
            N(r.Expenditure), N(r.Revenue), N(r.Difference)]), encoding);

    public static void AddBalanceSheet(XlsxWriter writer, RevenueBalance b)
    {
        var sheet = writer.AddSheet("歳入歳出の収支");
        sheet.AddHeader(["会計", .. RevenueBalance.GroupNames.Select(g => g + "（円）"), "歳入 計（円）", "歳出（円）", "歳入−歳出（円）", "前年度 歳入（円）", "前年度 歳出（円）"]);
        foreach (var r in b.Rows.Append(b.Total))
        {
            sheet.AddRow([r.Account, .. r.Groups.Select(g => (object?)new Yen(g)), new Yen(r.Revenue), new Yen(r.Expenditure), new Yen(r.Balance), new Yen(r.PreviousRevenue), new Yen(r.PreviousExpenditure)]);
        }
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
