using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

public sealed class WorkflowTests
{
    [Fact]
    public async Task Each_step_is_permitted_only_to_the_right_role_and_is_audited()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var otherOrg = await h.OrgIdAsync("W24");
        var requester = BudgetHarness.User(org, BudgetPermissions.Request);
        var approver = BudgetHarness.User(org, BudgetPermissions.Approve);
        var foreignApprover = BudgetHarness.User(otherOrg, BudgetPermissions.Approve);
        var examiner = BudgetHarness.User(await h.OrgIdAsync("B06"), BudgetPermissions.Review);
        async Task<long> Version() => await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Version).FirstAsync());
        async Task<RequestStatus> Status() => await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Status).FirstAsync());

        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(requester, id, await Version(), WorkflowAction.Approve))).Forbidden);
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(foreignApprover, id, await Version(), WorkflowAction.Approve))).Forbidden);
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(examiner, id, await Version(), WorkflowAction.Approve))).Forbidden);
        Assert.Equal(RequestStatus.Draft, await Status());

        Assert.True((await h.RunAsync(async s => await s.TransitionAsync(approver, id, await Version(), WorkflowAction.Approve))).Succeeded);
        Assert.Equal(RequestStatus.OrgApproved, await Status());

        // Once approved, the 所属 can no longer edit; the examiner cannot submit for them.
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var edit = await h.RunAsync(async s => await s.SaveDraftAsync(requester, id, new DraftInput(await Version(), null, null, default, [])));
        Assert.NotNull(edit.Forbidden);
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(examiner, id, await Version(), WorkflowAction.Submit))).Forbidden);
        Assert.True((await h.RunAsync(async s => await s.TransitionAsync(requester, id, await Version(), WorkflowAction.Submit))).Succeeded);
        Assert.Equal(RequestStatus.Submitted, await Status());

        // 査定: the 所属 cannot assess its own request; the examiner can, per line.
        var lines = view!.Request.Lines;
        AssessInput Assessment(long version) => new(version, default, "精査", [.. lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount / 2 / 1000 * 1000, "半減"))]);
        Assert.NotNull((await h.RunAsync(async s => await s.AssessAsync(requester, id, Assessment(await Version())))).Forbidden);
        Assert.True((await h.RunAsync(async s => await s.AssessAsync(examiner, id, Assessment(await Version())))).Succeeded);
        Assert.Equal(RequestStatus.Assessed, await Status());
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(approver, id, await Version(), WorkflowAction.Confirm))).Forbidden);
        Assert.True((await h.RunAsync(async s => await s.TransitionAsync(examiner, id, await Version(), WorkflowAction.Confirm))).Succeeded);
        Assert.Equal(RequestStatus.Confirmed, await Status());

        var assessed = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.Where(l => l.RequestId == id).Select(l => l.AssessedAmount).ToListAsync());
        Assert.All(assessed, a => Assert.NotNull(a));

        // Every status change is in the audit log with before and after.
        var audit = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().AuditEntries
            .Where(a => a.Module == "budget" && a.EntityType == nameof(BudgetRequest) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(a => a.After).ToListAsync());
        foreach (var status in new[] { RequestStatus.OrgApproved, RequestStatus.Submitted, RequestStatus.Assessed, RequestStatus.Confirmed })
        {
            Assert.Contains(audit, a => a != null && a.Contains($"\"Status\":{(int)status}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Assessment_with_special_funds_above_the_assessed_amount_is_refused()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, _, version) = await h.RequestForcedToAsync(RequestStatus.Submitted);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var result = await h.RunAsync(s => s.AssessAsync(examiner, id, new AssessInput(version, new Funding(1, 0, 0, 0), null,
            [.. view!.Request.Lines.Select(l => new LineAssessment(l.Id, l.Version, 0, "ゼロ査定"))])));

        Assert.Contains(result.Errors, e => e.Message.Contains("一般財源がマイナス", StringComparison.Ordinal));
        Assert.Equal(RequestStatus.Submitted, await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Status).FirstAsync()));
    }
}
