using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Revenue;
using OsakaDx.Modules.Budget.Stages;

namespace OsakaDx.Budget.Tests;

/// <summary>歳入 requests: the demo's balance, permissions, versions, workflow and 査定, stage snapshots, reconciliation and aggregates.</summary>
public sealed class RevenueTests
{
    private const int Year = BudgetHarness.Year;

    private static Task<T> Rev<T>(BudgetHarness h, Func<RevenueService, Task<T>> work) => h.WithAsync(sp => work(sp.GetRequiredService<RevenueService>()));

    private static Task<int> StageIdAsync(BudgetHarness h, int year, StageKind kind) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Stages.Where(s => s.Year == year && s.Kind == kind).Select(s => s.Id).FirstAsync());

    /// <summary>A 作成中 歳入 request of a 所属 (made by the test when the demo has none in 作成中).</summary>
    private static async Task<(int Id, int Org, long Version)> DraftAsync(BudgetHarness h)
    {
        var db = h.Services.CreateScope().ServiceProvider.GetRequiredService<BudgetDb>();
        var r = await db.RevenueRequests.AsNoTracking().Where(x => x.Year == Year && x.ProjectId != null).OrderBy(x => x.Id).FirstAsync();
        await db.RevenueRequests.Where(x => x.Id == r.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, RequestStatus.Draft).SetProperty(x => x.AssessedAmount, (long?)null));
        return (r.Id, r.OrgUnitId, r.Version);
    }

    [Fact]
    public async Task The_demo_balances_last_years_adopted_budget_per_account_and_leaves_a_gap_this_year()
    {
        await using var h = await BudgetHarness.StartAsync();
        var adopted = await StageIdAsync(h, Year - 1, StageKind.Adopted);
        var (revenue, spending) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var rev = await db.StageRevenues.Where(s => s.StageId == adopted).GroupBy(s => s.AccountId).Select(g => new { g.Key, Sum = g.Sum(s => s.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
            var exp = await (from s in db.StageFundings join p in db.Projects on s.ProjectId equals p.Id where s.StageId == adopted select new { p.AccountId, s.Cost }).GroupBy(s => s.AccountId).Select(g => new { g.Key, Sum = g.Sum(x => x.Cost) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
            return (rev, exp);
        });
        Assert.NotEmpty(spending);
        Assert.Equal(spending.OrderBy(x => x.Key).ToList(), revenue.OrderBy(x => x.Key).ToList());

        var balance = await h.WithAsync(sp => sp.GetRequiredService<BalanceService>().BalanceAsync(Year, PivotStage.Request, null));
        var general = balance.Revenue!.Rows.Single(r => r.Account == "一般会計");
        Assert.True(general.Balance < 0, "this year's 歳入 fall short of the 歳出");
        Assert.True(-general.Balance < general.Expenditure / 100, "the gap is small (under 1%)");
        Assert.Equal(general.PreviousExpenditure, general.PreviousRevenue);
        Assert.True(general.Groups[0] > general.Revenue / 4, "市税 is the largest 歳入");
        Assert.Empty(balance.Revenue.AccountsWithoutRevenue);

        // The 確定 stage of last year seen through the balance: 歳入 − 歳出 = 0 in every 会計.
        var last = await h.WithAsync(sp => sp.GetRequiredService<BalanceService>().BalanceAsync(Year - 1, PivotStage.Assessed, adopted));
        Assert.All(last.Revenue!.Rows, r => Assert.Equal(0, r.Balance));
        Assert.True(last.Revenue.AdoptedStage);
    }

    [Fact]
    public async Task Only_the_own_staff_edit_a_draft_lines_compute_the_request_and_a_stale_version_is_refused()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await DraftAsync(h);
        var other = BudgetHarness.User(org + 100_000, BudgetPermissions.Request);
        var own = BudgetHarness.User(org, BudgetPermissions.Request);
        var lines = new List<RevenueLineInput> { new("現年課税分", 2_000_000_000, 3, 6m, 98.5m, "課税標準額 × 税率 × 収納率"), new("滞納繰越分", 10_000_000, 1, 30m) };
        var input = new RevenueDraftInput(version, "課税標準額 × 税率 × 収納率", "説明", 0, (await Rev(h, s => s.LoadAsync(own, id)))!.Request.ProjectId, lines);

        var denied = await Rev(h, s => s.SaveDraftAsync(other, id, input));
        Assert.NotNull(denied.Forbidden);

        var bad = await Rev(h, s => s.SaveDraftAsync(own, id, input with { Lines = [new("", 1, 1, 100m), new("率が変", 1, 1, 12.345678m)] }));
        Assert.Contains(bad.Errors, e => e.FieldId == "rline-0-item" && e.Message.StartsWith("1行目", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.FieldId == "rline-1-rate" && e.Message.Contains("「率」", StringComparison.Ordinal));

        var saved = await Rev(h, s => s.SaveDraftAsync(own, id, input));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        var view = (await Rev(h, s => s.LoadAsync(own, id)))!;
        // 2,000,000,000 × 3 × 6% × 98.5% = 354,600,000; 10,000,000 × 30% = 3,000,000.
        Assert.Equal(357_600_000, view.Request.Amount);
        Assert.Equal("課税標準額 × 税率 × 収納率", view.Request.Lines[0].Formula);
        Assert.Equal(985_000, view.Request.Lines[0].SecondRatePpm);

        var stale = await Rev(h, s => s.SaveDraftAsync(own, id, input));
        Assert.True(stale.Conflict);
        var audit = await h.WithAsync(sp => sp.GetRequiredService<OsakaDx.Platform.Data.PlatformDb>().AuditEntries.CountAsync(a => a.EntityType == nameof(RevenueRequest) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(audit >= 1, "the save is audited");

        // After 承認 the 所属 can no longer edit.
        var approved = await Rev(h, s => s.TransitionAsync(BudgetHarness.User(org, BudgetPermissions.Approve), id, view.Request.Version, WorkflowAction.Approve));
        Assert.True(approved.Succeeded, approved.Forbidden);
        var locked = await Rev(h, s => s.SaveDraftAsync(own, id, input with { Version = view.Request.Version + 1 }));
        Assert.NotNull(locked.Forbidden);
    }

    [Fact]
    public async Task The_examiner_in_charge_assesses_and_closing_a_stage_snapshots_the_assessed_amount()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, _) = await DraftAsync(h);
        var clerk = BudgetHarness.User(org, BudgetPermissions.Request);
        var approver = BudgetHarness.User(org, BudgetPermissions.Approve);
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var stranger = new BudgetUser("someone-else", new HashSet<string>([BudgetPermissions.Review, BudgetPermissions.Read], StringComparer.Ordinal), null);
        async Task<long> V() => (await Rev(h, s => s.LoadAsync(clerk, id)))!.Request.Version;

        Assert.True((await Rev(h, async s => await s.TransitionAsync(approver, id, await V(), WorkflowAction.Approve))).Succeeded);
        Assert.True((await Rev(h, async s => await s.TransitionAsync(clerk, id, await V(), WorkflowAction.Submit))).Succeeded);
        var requested = (await Rev(h, s => s.LoadAsync(clerk, id)))!.Request.Amount;

        Assert.Null(await Rev(h, s => s.LoadAsync(stranger, id)));
        var refused = await Rev(h, async s => await s.AssessAsync(stranger, id, new RevenueAssessInput(await V(), 1_000, AssessDecision.Adopted, null)));
        Assert.Equal(OsakaDx.Modules.Budget.Assignments.ExaminerScope.NotInCharge, refused.Forbidden);
        var zero = await Rev(h, async s => await s.AssessAsync(examiner, id, new RevenueAssessInput(await V(), 5, AssessDecision.Zero, null)));
        Assert.Contains(zero.Errors, e => e.FieldId == "assess-amount");

        var assessed = requested / 2 / 1000 * 1000;
        var ok = await Rev(h, async s => await s.AssessAsync(examiner, id, new RevenueAssessInput(await V(), assessed, AssessDecision.Held, "補助の内示待ち")));
        Assert.True(ok.Succeeded, ok.Forbidden);

        // Close the next open stage of the year (復活要求 after the demo's 内示): it records the 査定額.
        var stages = h.Services.CreateScope().ServiceProvider.GetRequiredService<StageService>();
        var next = (await stages.ListAsync(Year)).First(s => !s.Closed);
        var closed = await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(BudgetHarness.User(null, BudgetPermissions.Review), next.Id, next.Version));
        Assert.True(closed.Succeeded, closed.Forbidden);
        var snap = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().StageRevenues.SingleAsync(s => s.StageId == next.Id && s.RevenueRequestId == id));
        Assert.Equal(assessed, snap.Amount);

        // A later 査定 changes the request, never the snapshot.
        Assert.True((await Rev(h, async s => await s.AssessAsync(examiner, id, new RevenueAssessInput(await V(), assessed + 1000, AssessDecision.Adopted, null)))).Succeeded);
        Assert.Equal(assessed, (await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().StageRevenues.SingleAsync(s => s.StageId == next.Id && s.RevenueRequestId == id))).Amount);

        // After 内示 only examiners allowed to re-open may send it back.
        var back = await Rev(h, async s => await s.TransitionAsync(examiner, id, await V(), WorkflowAction.Return));
        Assert.NotNull(back.Forbidden);
        var reopen = BudgetHarness.User(null, BudgetPermissions.Review, BudgetPermissions.Reopen);
        Assert.True((await Rev(h, async s => await s.TransitionAsync(reopen, id, await V(), WorkflowAction.Return))).Succeeded);
        Assert.Null((await Rev(h, s => s.LoadAsync(clerk, id)))!.Request.AssessedAmount);
    }

    [Fact]
    public async Task Reconciliation_shows_where_the_two_sides_disagree_and_changes_neither()
    {
        await using var h = await BudgetHarness.StartAsync();
        var admin = BudgetHarness.User(null, BudgetPermissions.Admin);
        var (id, org, _) = await DraftAsync(h);
        var request = (await Rev(h, s => s.LoadAsync(admin, id)))!.Request;
        var before = await h.WithAsync(sp => sp.GetRequiredService<RevenueAggregates>().ReconcileAsync(admin, Year, false, false));
        var row = before.Single(r => r.RequestId == id);
        var spending = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AsNoTracking().SingleAsync(r => r.ProjectId == request.ProjectId && r.Year == Year));

        var own = BudgetHarness.User(org, BudgetPermissions.Request);
        var saved = await Rev(h, s => s.SaveDraftAsync(own, id, new RevenueDraftInput(request.Version, request.Basis, request.Description, row.Expenditure + 1_234_000, request.ProjectId, [])));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));

        var after = await h.WithAsync(sp => sp.GetRequiredService<RevenueAggregates>().ReconcileAsync(admin, Year, false, true));
        var diff = after.Single(r => r.RequestId == id);
        Assert.Equal(1_234_000, diff.Difference);
        Assert.Equal(row.Expenditure, diff.Expenditure);
        var unchanged = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AsNoTracking().SingleAsync(r => r.Id == spending.Id));
        Assert.Equal(spending.Version, unchanged.Version);
        Assert.All(after, r => Assert.NotEqual(0, r.Difference));

        // An examiner not in charge of the 所属 does not see its rows.
        var stranger = new BudgetUser("someone-else", new HashSet<string>([BudgetPermissions.Review, BudgetPermissions.Read], StringComparer.Ordinal), null);
        Assert.Empty(await h.WithAsync(sp => sp.GetRequiredService<RevenueAggregates>().ReconcileAsync(stranger, Year, false, false)));
    }

    [Theory]
    [InlineData(PivotStage.Request)]
    [InlineData(PivotStage.Assessed)]
    public async Task Every_revenue_axis_adds_up_to_the_same_total_with_the_previous_year(PivotStage stage)
    {
        await using var h = await BudgetHarness.StartAsync();
        var expected = await h.WithAsync(sp => stage == PivotStage.Request
            ? sp.GetRequiredService<BudgetDb>().RevenueRequests.Where(r => r.Year == Year).SumAsync(r => r.Amount)
            : sp.GetRequiredService<BudgetDb>().RevenueRequests.Where(r => r.Year == Year && r.Status >= RequestStatus.Assessed).SumAsync(r => r.AssessedAmount ?? 0));
        long? previous = null;
        foreach (var d in new[] { PivotDimension.Account, PivotDimension.Kan, PivotDimension.Kou, PivotDimension.Moku, PivotDimension.Org, PivotDimension.Funding })
        {
            var p = await h.WithAsync(sp => sp.GetRequiredService<RevenueAggregates>().PivotAsync(Year, d, stage, null));
            Assert.Equal(expected, p.TotalCurrent);
            previous ??= p.TotalPrevious;
            Assert.Equal(previous, p.TotalPrevious);
            Assert.StartsWith("歳入", p.Source, StringComparison.Ordinal);
        }

        Assert.True(previous > 0);
        var kan = await h.WithAsync(sp => sp.GetRequiredService<RevenueAggregates>().PivotAsync(Year, PivotDimension.Kan, stage, null));
        Assert.Contains(kan.Rows, r => r.Label == "一般会計 市税");
    }
}
