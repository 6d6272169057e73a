using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

public sealed class StageTests
{
    private const int Year = BudgetHarness.Year;

    [Fact]
    public async Task The_demo_closes_last_years_cycle_and_three_stages_of_this_year_with_the_amounts_of_that_moment()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (previous, current) = await h.WithAsync(async sp =>
        {
            var stages = sp.GetRequiredService<StageService>();
            return (await stages.ListAsync(Year - 1), await stages.ListAsync(Year));
        });
        Assert.All(previous, s => Assert.True(s.Closed));
        Assert.Equal(["要求", "課長査定", "内示"], current.Where(s => s.Closed).Select(s => s.Name));
        Assert.Equal(7, current.Count);

        var (requested, assessed, snapRequest, snapChief, fundCost) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var req = await db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == Year && r.Status >= RequestStatus.Submitted)).SumAsync(l => l.Amount);
            var ass = await db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == Year && r.Status >= RequestStatus.Assessed)).SumAsync(l => l.AssessedAmount ?? 0);
            return (req, ass,
                await db.StageAmounts.Where(a => a.StageId == current[0].Id).SumAsync(a => a.Amount),
                await db.StageAmounts.Where(a => a.StageId == current[1].Id).SumAsync(a => a.Amount),
                await db.StageFundings.Where(a => a.StageId == current[0].Id).SumAsync(a => a.Cost));
        });
        Assert.True(requested > 0 && assessed > 0);
        Assert.Equal(requested, snapRequest);
        Assert.Equal(assessed, snapChief);
        Assert.Equal(requested, fundCost);
    }

    [Fact]
    public async Task A_closed_stage_never_changes_later_stages_record_the_new_figures_and_the_comparison_shows_the_change()
    {
        await using var h = await BudgetHarness.StartAsync();
        var examiner = BudgetHarness.User(await h.OrgIdAsync("B06"), BudgetPermissions.Review);
        var (id, _, version) = await h.RequestInStateAsync(RequestStatus.Assessed);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var before = view!.AssessedCost!.Value;

        // 復活要求: the examiner restores the first line to its requested amount.
        var first = view.Request.Lines[0];
        var result = await h.RunAsync(s => s.AssessAsync(examiner, id, new AssessInput(version, default, "復活",
            [.. view.Request.Lines.Select(l => new LineAssessment(l.Id, l.Version, l == first ? l.Amount : l.AssessedAmount ?? 0, null))])));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)) + result.Forbidden);
        var delta = first.Amount - (first.AssessedAmount ?? 0);
        Assert.True(delta > 0);

        var stages = await h.WithAsync(sp => sp.GetRequiredService<StageService>().ListAsync(Year));
        var naiji = stages.Single(s => s.Kind == StageKind.Naiji);
        var revival = stages.Single(s => s.Kind == StageKind.Revival);
        var naijiBefore = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().StageAmounts.Where(a => a.StageId == naiji.Id).SumAsync(a => a.Amount));

        var closed = await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, revival.Id, revival.Version));
        Assert.True(closed.Succeeded, closed.Forbidden);

        var (naijiAfter, revivalTotal) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            return (await db.StageAmounts.Where(a => a.StageId == naiji.Id).SumAsync(a => a.Amount), await db.StageAmounts.Where(a => a.StageId == revival.Id).SumAsync(a => a.Amount));
        });
        Assert.Equal(naijiBefore, naijiAfter);
        Assert.Equal(naijiBefore + delta, revivalTotal);

        // By 事業: exactly this project moved, by delta; by 節, 所属, 款 and 財源 the totals move by delta too.
        var reloaded = await h.WithAsync(sp => sp.GetRequiredService<StageService>().ListAsync(Year));
        var a = reloaded.Single(s => s.Kind == StageKind.Naiji);
        var b = reloaded.Single(s => s.Kind == StageKind.Revival);
        var byProject = await h.WithAsync(sp => sp.GetRequiredService<CompareService>().CompareAsync(a, b, CompareDimension.Project));
        var moved = Assert.Single(byProject.Rows, r => r.Difference != 0);
        Assert.StartsWith(view.Project.Code, moved.Label, StringComparison.Ordinal);
        Assert.Equal(delta, moved.Difference);
        Assert.Equal(before + delta, moved.B);
        foreach (var d in new[] { CompareDimension.Setsu, CompareDimension.Org, CompareDimension.Kan, CompareDimension.Funding })
        {
            var c = await h.WithAsync(sp => sp.GetRequiredService<CompareService>().CompareAsync(a, b, d));
            Assert.Equal(naijiBefore, c.TotalA);
            Assert.Equal(naijiBefore + delta, c.TotalB);
        }

        // Milestones: one per closed stage, each change the difference from the stage before.
        var milestones = await h.WithAsync(sp => sp.GetRequiredService<StageService>().MilestonesAsync(Year));
        Assert.Equal(4, milestones.Count);
        Assert.Null(milestones[0].ChangeFromPrevious);
        Assert.Equal(delta, milestones[3].ChangeFromPrevious);
        Assert.Equal(revivalTotal, milestones[3].Total);
    }

    [Fact]
    public async Task Stages_close_in_order_once_only_by_the_finance_bureau_and_the_closing_is_audited()
    {
        await using var h = await BudgetHarness.StartAsync();
        var stages = await h.WithAsync(sp => sp.GetRequiredService<StageService>().ListAsync(Year));
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var requester = BudgetHarness.User(null, BudgetPermissions.Request, BudgetPermissions.Approve);
        var mayor = stages.Single(s => s.Kind == StageKind.MayorAssessment);
        var revival = stages.Single(s => s.Kind == StageKind.Revival);
        var naiji = stages.Single(s => s.Kind == StageKind.Naiji);

        Assert.Contains("先に「復活要求」", (await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, mayor.Id, mayor.Version))).Forbidden, StringComparison.Ordinal);
        Assert.Contains("既に締め切られています", (await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, naiji.Id, naiji.Version))).Forbidden, StringComparison.Ordinal);
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(requester, revival.Id, revival.Version))).Forbidden);
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, revival.Id, revival.Version + 1))).Conflict);
        Assert.Contains("確定", (await h.WithAsync(sp => sp.GetRequiredService<StageService>().AddSupplementaryAsync(examiner, Year))).Forbidden, StringComparison.Ordinal);

        foreach (var s in stages.Where(s => !s.Closed))
        {
            Assert.True((await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, s.Id, s.Version))).Succeeded);
        }

        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<StageService>().AddSupplementaryAsync(examiner, Year))).Succeeded);
        var supplementary = (await h.WithAsync(sp => sp.GetRequiredService<StageService>().ListAsync(Year)))[^1];
        Assert.Equal("補正 第1回", supplementary.Name);
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<StageService>().AddSupplementaryAsync(examiner, Year))).Forbidden);
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<StageService>().CloseAsync(examiner, supplementary.Id, supplementary.Version))).Succeeded);
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<StageService>().AddSupplementaryAsync(examiner, Year))).Succeeded);

        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().AuditEntries
            .CountAsync(a => a.Module == "budget" && a.EntityType == nameof(BudgetStage) && a.After != null && a.After.Contains("ClosedAtUtc")));
        Assert.True(audited >= 5, $"audited stage closings: {audited}");
    }

    [Fact]
    public async Task After_the_naiji_only_examiners_allowed_to_reopen_may_send_a_request_back()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, _, version) = await h.RequestInStateAsync(RequestStatus.Assessed);
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var reopener = BudgetHarness.User(null, BudgetPermissions.Review, BudgetPermissions.Reopen);

        var refused = await h.RunAsync(s => s.TransitionAsync(examiner, id, version, WorkflowAction.Return));
        Assert.Contains("再開", refused.Forbidden, StringComparison.Ordinal);
        Assert.True((await h.RunAsync(s => s.TransitionAsync(reopener, id, version, WorkflowAction.Return))).Succeeded);
        var status = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Status).FirstAsync());
        Assert.Equal(RequestStatus.Draft, status);
    }

    [Fact]
    public async Task A_zero_assessment_must_be_zero_and_the_decision_is_stored_per_line()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, _, version) = await h.RequestForcedToAsync(RequestStatus.Submitted);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var lines = view!.Request.Lines;
        var wrong = await h.RunAsync(s => s.AssessAsync(examiner, id, new AssessInput(version, default, null,
            [.. lines.Select((l, i) => new LineAssessment(l.Id, l.Version, l.Amount, null, i == 0 ? AssessDecision.Zero : AssessDecision.Adopted))])));
        Assert.Contains(wrong.Errors, e => e.Message.StartsWith("1行目", StringComparison.Ordinal) && e.Message.Contains("ゼロ査定", StringComparison.Ordinal));

        var ok = await h.RunAsync(s => s.AssessAsync(examiner, id, new AssessInput(version, default, null,
            [.. lines.Select((l, i) => new LineAssessment(l.Id, l.Version, i == 0 ? 0 : l.Amount, null, i switch { 0 => AssessDecision.Zero, 1 => AssessDecision.Held, _ => AssessDecision.Adopted }))])));
        Assert.True(ok.Succeeded);
        var decisions = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.Where(l => l.RequestId == id).OrderBy(l => l.SortOrder).ThenBy(l => l.Id).Select(l => l.Decision).ToListAsync());
        Assert.Equal(AssessDecision.Zero, decisions[0]);
        Assert.Equal(AssessDecision.Held, decisions[1]);
    }
}

public sealed class RequestTotalTests
{
    [Fact]
    public async Task The_request_keeps_its_cost_and_assessed_cost_through_save_assessment_and_return()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var requester = BudgetHarness.User(org, BudgetPermissions.Request);
        var lines = view!.Request.Lines.Select(l => new LineInput(l.Id, l.Version, l.SetsuId, l.Item, l.UnitPrice, l.Quantity, l.Times))
            .Append(new LineInput(null, 0, view.Request.Lines[0].SetsuId, "追加", 1000, 3, 2)).ToList();
        Assert.True((await h.RunAsync(s => s.SaveDraftAsync(requester, id, new DraftInput(version, null, null, default, lines)))).Succeeded);
        async Task<(long Cost, long? Assessed, long Lines, long AssessedLines)> Totals() => await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
            return (r.Cost, r.AssessedCost, await db.Lines.Where(l => l.RequestId == id).SumAsync(l => l.Amount), await db.Lines.Where(l => l.RequestId == id).SumAsync(l => l.AssessedAmount ?? 0));
        });
        var saved = await Totals();
        Assert.Equal(view.Cost + 6000, saved.Cost);
        Assert.Equal(saved.Lines, saved.Cost);

        var (_, _, submittedVersion) = await h.RequestForcedToAsync(RequestStatus.Submitted);
        var reloaded = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        Assert.True((await h.RunAsync(s => s.AssessAsync(examiner, id, new AssessInput(submittedVersion, default, null,
            [.. reloaded!.Request.Lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount / 2, null))])))).Succeeded);
        var assessed = await Totals();
        Assert.Equal(assessed.AssessedLines, assessed.Assessed);

        var v = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Version).FirstAsync());
        Assert.True((await h.RunAsync(s => s.TransitionAsync(BudgetHarness.User(null, BudgetPermissions.Review, BudgetPermissions.Reopen), id, v, WorkflowAction.Return))).Succeeded);
        Assert.Null((await Totals()).Assessed);
    }
}
