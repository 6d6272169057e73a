using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Restoration;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

/// <summary>復活要求: filed by the 所属 after the 内示, answered by the examiner in charge in the 局長査定 stage (real SQLite files).</summary>
public sealed class RestorationTests
{
    private const int Year = BudgetHarness.Year;

    private static BudgetUser Examiner => BudgetHarness.User(null, BudgetPermissions.Review);

    /// <summary>A request at 課長査定 with each line assessed at half its amount (no 特定財源), and its 所属.</summary>
    internal static async Task<(int RequestId, int Org, long Cost, long Assessed)> AssessedAtHalfAsync(BudgetHarness h)
    {
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Submitted);
        return await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Lines).FirstAsync(x => x.Id == id);
            var lines = r.Lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount / 2, null)).ToList();
            db.ChangeTracker.Clear();
            var assessed = await sp.GetRequiredService<RequestService>().AssessAsync(Examiner, id, new AssessInput(r.Version, default, "内示", lines));
            Assert.True(assessed.Succeeded, string.Join(" ", assessed.Errors.Select(e => e.Message)) + assessed.Forbidden);
            var after = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
            Assert.True(after.Cost - after.AssessedCost!.Value >= 1_000, "the request should have been cut");
            return (id, org, after.Cost, after.AssessedCost.Value);
        });
    }

    internal static Task<BudgetResult> CloseAsync(BudgetHarness h, StageKind kind) =>
        h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, kind, 0))!;
            return await sp.GetRequiredService<StageService>().CloseAsync(Examiner, stage.Id, stage.Version);
        });

    private static Task<T> With<T>(BudgetHarness h, Func<RestorationService, Task<T>> work) => h.WithAsync(sp => work(sp.GetRequiredService<RestorationService>()));

    private static Task<RestorationRequest?> OpenAsync(BudgetHarness h, int requestId) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Restorations.AsNoTracking().Where(r => r.RequestId == requestId).OrderByDescending(r => r.Id).FirstOrDefaultAsync());

    [Fact]
    public async Task The_shozoku_files_a_restoration_within_the_cut_with_a_reason_once_per_request_and_may_withdraw_it()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, cost, assessed) = await AssessedAtHalfAsync(h);
        var clerk = BudgetHarness.User(org, BudgetPermissions.Request);
        var other = BudgetHarness.User(await h.OrgIdAsync("W24") == org ? await h.OrgIdAsync("W23") : await h.OrgIdAsync("W24"), BudgetPermissions.Request);

        // Other 所属 and the 財政局 may not file; nothing written.
        Assert.NotNull((await With(h, s => s.FileAsync(other, id, new RestorationInput(0, 1_000, "理由")))).Forbidden);
        Assert.NotNull((await With(h, s => s.FileAsync(Examiner, id, new RestorationInput(0, 1_000, "理由")))).Forbidden);

        // Amounts and reason validated, each error naming its field.
        var zero = await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, 0, "")));
        Assert.Equal(["restoration-amount", "restoration-reason"], zero.Errors.Select(e => e.FieldId).ToArray());
        var over = await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, cost - assessed + 1, "理由")));
        Assert.Contains($"{cost - assessed:N0}円）以下", Assert.Single(over.Errors).Message, StringComparison.Ordinal);
        var longReason = await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, 1_000, new string('あ', 2001))));
        Assert.Equal("restoration-reason", Assert.Single(longReason.Errors).FieldId);
        Assert.Null(await OpenAsync(h, id));

        var ok = await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, cost - assessed, "  利用者増のため  ")));
        Assert.True(ok.Succeeded, string.Join(" ", ok.Errors.Select(e => e.Message)) + ok.Forbidden);
        var filed = (await OpenAsync(h, id))!;
        Assert.Equal((RestorationState.Filed, cost - assessed, "利用者増のため", assessed, org), (filed.State, filed.Amount, filed.Reason, filed.AssessedAtFiling, filed.OrgUnitId));

        // One open per request: a second one drawn on a page without it (version 0) is a conflict; revising with its version works.
        Assert.True((await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, 1_000, "二つ目")))).Conflict);
        Assert.True((await With(h, s => s.FileAsync(clerk, id, new RestorationInput(filed.Version, 2_000, "減額して再提出")))).Succeeded);
        var revised = (await OpenAsync(h, id))!;
        Assert.Equal(2_000, revised.Amount);
        Assert.True((await With(h, s => s.WithdrawAsync(clerk, id, filed.Version))).Conflict);
        Assert.NotNull((await With(h, s => s.WithdrawAsync(other, id, revised.Version))).Forbidden);
        Assert.True((await With(h, s => s.WithdrawAsync(clerk, id, revised.Version))).Succeeded);
        Assert.Equal(RestorationState.Withdrawn, (await OpenAsync(h, id))!.State);

        // Audited by the platform's interceptor (add, update, withdraw).
        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().Set<AuditEntry>().CountAsync(a => a.EntityType != null && a.EntityType.Contains("RestorationRequest") && a.EntityId == filed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(audited >= 3, $"audit rows: {audited}");

        // Answering is not possible while the 復活要求 stage is open; filing stops when it closes.
        Assert.True((await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, 1_000, "再度")))).Succeeded);
        var again = (await OpenAsync(h, id))!;
        Assert.Contains("局長査定の段階", (await With(h, s => s.AnswerAsync(Examiner, again.Id, new RestorationAnswer(again.Version, RestorationDecision.Refuse, null, null)))).Forbidden, StringComparison.Ordinal);
        Assert.True((await CloseAsync(h, StageKind.Revival)).Succeeded);
        Assert.Contains("復活要求の段階が締め切られるまで", (await With(h, s => s.FileAsync(clerk, id, new RestorationInput(again.Version, 500, "締切後")))).Forbidden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_examiner_in_charge_grants_part_raising_the_assessment_or_refuses_with_versions_checked()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, cost, assessed) = await AssessedAtHalfAsync(h);
        var clerk = BudgetHarness.User(org, BudgetPermissions.Request);
        var room = cost - assessed;
        Assert.True((await With(h, s => s.FileAsync(clerk, id, new RestorationInput(0, room, "需要増")))).Succeeded);
        var filed = (await OpenAsync(h, id))!;
        Assert.True((await CloseAsync(h, StageKind.Revival)).Succeeded);

        // Only the 財政局 examiner in charge of the 所属 answers.
        Assert.NotNull((await With(h, s => s.AnswerAsync(clerk, filed.Id, new RestorationAnswer(filed.Version, RestorationDecision.Grant, 1_000, null)))).Forbidden);
        var stranger = new BudgetUser("not-in-charge", new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Review], StringComparer.Ordinal), null);
        Assert.Equal(OsakaDx.Modules.Budget.Assignments.ExaminerScope.NotInCharge, (await With(h, s => s.AnswerAsync(stranger, filed.Id, new RestorationAnswer(filed.Version, RestorationDecision.Grant, 1_000, null)))).Forbidden);
        Assert.Empty(await With(h, s => s.ListAsync(stranger, Year)));
        var listed = Assert.Single(await With(h, s => s.ListAsync(Examiner, Year, org, RestorationState.Filed)));
        Assert.Equal((filed.Id, cost, (long?)assessed, room), (listed.Id, listed.Requested, listed.Assessed, listed.Amount));
        Assert.Equal(1, (await With(h, s => s.OpenCountsAsync(Year)))[org]);

        // More than asked is refused by field; a stale answer is a conflict; nothing changes.
        Assert.Equal("answer-amount", Assert.Single((await With(h, s => s.AnswerAsync(Examiner, filed.Id, new RestorationAnswer(filed.Version, RestorationDecision.Grant, room + 1, null)))).Errors).FieldId);
        Assert.True((await With(h, s => s.AnswerAsync(Examiner, filed.Id, new RestorationAnswer(filed.Version + 1, RestorationDecision.Grant, 1_000, null)))).Conflict);

        var part = room / 2;
        var granted = await With(h, s => s.AnswerAsync(Examiner, filed.Id, new RestorationAnswer(filed.Version, RestorationDecision.Grant, part, "一部を認める")));
        Assert.True(granted.Succeeded, string.Join(" ", granted.Errors.Select(e => e.Message)) + granted.Forbidden);
        var request = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.Id == id));
        Assert.Equal(assessed + part, request.AssessedCost);
        Assert.Equal(request.AssessedCost, request.Lines.Sum(l => l.AssessedAmount ?? 0));
        Assert.All(request.Lines, l => Assert.InRange(l.AssessedAmount!.Value, 0, l.Amount));
        Assert.Equal(RequestStatus.Assessed, request.Status);
        var answered = (await OpenAsync(h, id))!;
        Assert.Equal((RestorationState.Granted, (long?)part, "一部を認める", "test"), (answered.State, answered.GrantedAmount, answered.AnswerComment, answered.AnsweredBy));

        // Answered: no second answer, no withdrawal; the 所属 may not file again after the 復活要求 stage.
        Assert.NotNull((await With(h, s => s.AnswerAsync(Examiner, filed.Id, new RestorationAnswer(answered.Version, RestorationDecision.Refuse, null, null)))).Forbidden);
        Assert.NotNull((await With(h, s => s.WithdrawAsync(clerk, id, answered.Version))).Forbidden);

        // The 局長査定 snapshot records the raised 査定.
        Assert.True((await CloseAsync(h, StageKind.DirectorAssessment)).Succeeded);
        var snapshot = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var stage = await db.Stages.AsNoTracking().FirstAsync(s => s.Year == Year && s.Kind == StageKind.DirectorAssessment);
            return await db.StageFundings.AsNoTracking().Where(f => f.StageId == stage.Id && f.ProjectId == request.ProjectId).Select(f => f.Cost).FirstAsync();
        });
        Assert.Equal(assessed + part, snapshot);
    }

    [Fact]
    public async Task A_refusal_leaves_the_assessment_as_it_was()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, _, assessed) = await AssessedAtHalfAsync(h);
        Assert.True((await With(h, s => s.FileAsync(BudgetHarness.User(org, BudgetPermissions.Request), id, new RestorationInput(0, 1_000, "理由")))).Succeeded);
        var filed = (await OpenAsync(h, id))!;
        Assert.True((await CloseAsync(h, StageKind.Revival)).Succeeded);
        Assert.True((await With(h, s => s.AnswerAsync(Examiner, filed.Id, new RestorationAnswer(filed.Version, RestorationDecision.Refuse, null, "財源なし")))).Succeeded);
        var request = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AsNoTracking().FirstAsync(r => r.Id == id));
        Assert.Equal(assessed, request.AssessedCost);
        var answered = (await OpenAsync(h, id))!;
        Assert.Equal((RestorationState.Refused, (long?)0), (answered.State, answered.GrantedAmount));
    }
}
