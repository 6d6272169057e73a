using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Assignments;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Hearing;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

public sealed class ExaminerHearingTests
{
    private const int Year = BudgetHarness.Year;

    private static BudgetUser Examiner(string name) =>
        new(name, new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Review, BudgetPermissions.Reopen], StringComparer.Ordinal), null);

    private static readonly BudgetUser Admin = new("kanri", new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Admin], StringComparer.Ordinal), null);

    /// <summary>Two submitted requests of two different 所属, each in the charge of its own examiner.</summary>
    private static async Task<(int RequestA, int OrgA, int RequestB, int OrgB)> TwoSubmittedAsync(BudgetHarness h) =>
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var byOrg = await db.Requests.Include(r => r.Project).Where(r => r.Year == Year).OrderBy(r => r.Id).ToListAsync();
            var a = byOrg.First();
            var b = byOrg.First(r => r.Project!.OrgUnitId != a.Project!.OrgUnitId);
            a.Status = RequestStatus.Submitted;
            b.Status = RequestStatus.Submitted;
            await db.SaveChangesAsync();
            return (a.Id, a.Project!.OrgUnitId, b.Id, b.Project!.OrgUnitId);
        });

    private static Task<long> VersionAsync(BudgetHarness h, int id) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Version).FirstAsync());

    private static Task<AssessInput> FullAssessmentAsync(BudgetHarness h, int id) =>
        h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Lines).FirstAsync(x => x.Id == id);
            return new AssessInput(r.Version, default, null, [.. r.Lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount, null))]);
        });

    [Fact]
    public async Task Examiner_A_cannot_read_or_assess_a_shozoku_of_examiner_B_and_the_admin_assigns_them()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (reqA, orgA, reqB, orgB) = await TwoSubmittedAsync(h);
        var a = Examiner("exa");
        var b = Examiner("exb");
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<ExaminerService>().AssignAsync(a, Year, orgA, "examiner"))).Forbidden);

        // Assignments are made by the budget admin, only to users holding budget.review (the demo "examiner").
        var examiners = h.WithAsync(sp => sp.GetRequiredService<ExaminerService>().AssignAsync(Admin, Year, orgA, "budget"));
        Assert.Contains((await examiners).Errors, e => e.FieldId == "assign-user");
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            db.ExaminerAssignments.AddRange(
                new ExaminerAssignment { Year = Year, OrgUnitId = orgA, UserName = "exa", AssignedBy = "t" },
                new ExaminerAssignment { Year = Year, OrgUnitId = orgB, UserName = "exb", AssignedBy = "t" });
            return await db.SaveChangesAsync();
        });

        async Task<bool> CanRead(BudgetUser u, int org) => await h.WithAsync(sp => ExaminerScope.CanReadAsync(sp.GetRequiredService<BudgetDb>(), u, org, Year));
        Assert.True(await CanRead(a, orgA));
        Assert.False(await CanRead(a, orgB));
        Assert.True(await CanRead(b, orgB));
        Assert.False(await CanRead(b, orgA));
        Assert.True(await CanRead(BudgetHarness.User(orgB), orgA)); // an auditor-like reader reads every 所属
        var readable = await h.WithAsync(sp => ExaminerScope.ReadableAsync(sp.GetRequiredService<BudgetDb>(), a, Year));
        Assert.Equal([orgA], readable!.ToList());

        // 査定 and transitions of the other examiner's 所属 are refused; one's own go through.
        var denied = await h.RunAsync(async s => await s.AssessAsync(a, reqB, await FullAssessmentAsync(h, reqB)));
        Assert.Equal(ExaminerScope.NotInCharge, denied.Forbidden);
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(a, reqB, await VersionAsync(h, reqB), WorkflowAction.Return))).Forbidden);
        Assert.True((await h.RunAsync(async s => await s.AssessAsync(a, reqA, await FullAssessmentAsync(h, reqA)))).Succeeded);
        Assert.True((await h.RunAsync(async s => await s.AssessAsync(b, reqB, await FullAssessmentAsync(h, reqB)))).Succeeded);
        Assert.NotNull((await h.RunAsync(async s => await s.TransitionAsync(b, reqA, await VersionAsync(h, reqA), WorkflowAction.Confirm))).Forbidden);
        Assert.True((await h.RunAsync(async s => await s.TransitionAsync(a, reqA, await VersionAsync(h, reqA), WorkflowAction.Confirm))).Succeeded);
    }

    [Fact]
    public async Task Hearing_threads_are_written_by_the_shozoku_and_its_examiner_read_by_auditors_and_hidden_from_others()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (reqA, orgA, _, orgB) = await TwoSubmittedAsync(h);
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            db.ExaminerAssignments.AddRange(
                new ExaminerAssignment { Year = Year, OrgUnitId = orgA, UserName = "exa", AssignedBy = "t" },
                new ExaminerAssignment { Year = Year, OrgUnitId = orgB, UserName = "exb", AssignedBy = "t" });
            return await db.SaveChangesAsync();
        });
        var examiner = Examiner("exa");
        var other = Examiner("exb");
        var staff = new BudgetUser("staffa", new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Request], StringComparer.Ordinal), orgA);
        var foreign = new BudgetUser("staffb", new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Request], StringComparer.Ordinal), orgB);
        var auditor = new BudgetUser("audit", new HashSet<string>([BudgetPermissions.Read], StringComparer.Ordinal), orgB);
        Task<T> Hear<T>(Func<HearingService, Task<T>> work) => h.WithAsync(sp => work(sp.GetRequiredService<HearingService>()));
        var lineId = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.Where(l => l.RequestId == reqA).Select(l => l.Id).FirstAsync());

        var empty = await Hear(s => s.StartAsync(examiner, "査定 太郎", reqA, lineId, "", "   "));
        Assert.Contains(empty.Result.Errors, e => e.FieldId == "thread-subject");
        Assert.Contains(empty.Result.Errors, e => e.FieldId == "thread-body");
        Assert.NotNull((await Hear(s => s.StartAsync(other, "他", reqA, null, "件名", "本文"))).Result.Forbidden);
        Assert.NotNull((await Hear(s => s.StartAsync(foreign, "他所属", reqA, null, "件名", "本文"))).Result.Forbidden);
        Assert.NotNull((await Hear(s => s.StartAsync(auditor, "監査", reqA, null, "件名", "本文"))).Result.Forbidden);

        // The demo has threads of its own: count from here.
        var openBefore = (await Hear(s => s.OpenByRequestAsync(Year))).GetValueOrDefault(reqA);
        var orgBefore = (await Hear(s => s.OpenByOrgAsync(Year))).GetValueOrDefault(orgA);
        var (started, threadId) = await Hear(s => s.StartAsync(examiner, "査定 太郎", reqA, lineId, "委託料の根拠", "見積書を示してください。"));
        Assert.True(started.Succeeded);
        Assert.True((await Hear(s => s.ReplyAsync(staff, "予算 花子", threadId, "3社見積です。"))).Succeeded);
        Assert.NotNull((await Hear(s => s.ReplyAsync(foreign, "他所属", threadId, "横から"))).Forbidden);

        var seen = await Hear(s => s.ThreadsAsync(auditor, reqA));
        var thread = Assert.Single(seen!, t => t.Thread.Id == threadId);
        Assert.Equal(["査定 太郎", "予算 花子"], thread.Posts.Select(p => p.AuthorName));
        Assert.Equal(lineId, thread.Thread.LineId);
        Assert.Null(await Hear(s => s.ThreadsAsync(foreign, reqA)));
        Assert.Null(await Hear(s => s.ThreadsAsync(other, reqA)));
        Assert.False((await Hear(s => s.AccessAsync(auditor, orgA, Year))).CanPost);

        // Counts and "my open threads": the examiner sees it waiting for them (the last word is the 所属's).
        Assert.Equal(openBefore + 1, (await Hear(s => s.OpenByRequestAsync(Year)))[reqA]);
        Assert.Equal(orgBefore + 1, (await Hear(s => s.OpenByOrgAsync(Year)))[orgA]);
        var mine = Assert.Single(await Hear(s => s.MyOpenAsync(examiner, Year)), t => t.ThreadId == threadId);
        Assert.True(mine.AwaitingMe);
        Assert.False(Assert.Single(await Hear(s => s.MyOpenAsync(staff, Year)), t => t.ThreadId == threadId).AwaitingMe);
        Assert.DoesNotContain(await Hear(s => s.MyOpenAsync(other, Year)), t => t.ThreadId == threadId);
        Assert.All(await Hear(s => s.MyOpenAsync(other, Year)), t => Assert.Equal(orgB, t.OrgUnitId));

        // Resolving with the version shown; a second click from a stale page is refused.
        var version = thread.Thread.Version;
        Assert.True((await Hear(s => s.SetResolvedAsync(examiner, threadId, true, version))).Succeeded);
        Assert.True((await Hear(s => s.SetResolvedAsync(staff, threadId, false, version))).Conflict);
        Assert.Equal(openBefore, (await Hear(s => s.OpenByRequestAsync(Year))).GetValueOrDefault(reqA));
        Assert.DoesNotContain(await Hear(s => s.MyOpenAsync(examiner, Year)), t => t.ThreadId == threadId);

        // Every write is in the audit log.
        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().AuditEntries.CountAsync(x => x.EntityType == nameof(HearingPost) || x.EntityType == nameof(HearingThread)));
        Assert.True(audited >= 4, $"audit rows: {audited}");
    }
}
