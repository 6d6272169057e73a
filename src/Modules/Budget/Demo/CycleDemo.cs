// Demo data of the coordination side: examiner assignments (examiner → the 24 区, examiner2 →
// the 局・室), a what-if ceiling plan with a transfer between two 区, and a few hearing threads
// on submitted requests (answered, resolved, one on a 積算 line). Small, written through EF.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Modules.Budget.Demo;

internal static class CycleDemo
{
    public static async Task ClearAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        await db.HearingPosts.ExecuteDeleteAsync(cancellationToken);
        await db.HearingThreads.ExecuteDeleteAsync(cancellationToken);
        await db.CeilingTransfers.ExecuteDeleteAsync(cancellationToken);
        await db.CeilingPlanEntries.ExecuteDeleteAsync(cancellationToken);
        await db.CeilingPlans.ExecuteDeleteAsync(cancellationToken);
        await db.ExaminerAssignments.ExecuteDeleteAsync(cancellationToken);
    }

    public static async Task SeedAsync(BudgetDb db, OrgDirectory orgs, int year, CancellationToken cancellationToken)
    {
        var shozoku = await orgs.ShozokuAsync(cancellationToken);
        var now = new DateTime(year - 1, 10, 20, 1, 0, 0, DateTimeKind.Utc);
        foreach (var y in new[] { year - 1, year })
        {
            foreach (var org in shozoku)
            {
                var examiner = org.Kind == OrgKind.WardOffice ? "examiner" : "examiner2";
                db.ExaminerAssignments.Add(new ExaminerAssignment { Year = y, OrgUnitId = org.Id, UserName = examiner, AssignedBy = "デモデータ", AssignedAtUtc = now });
            }
        }

        // The tiny demo (tests) has only a few 所属: the demo examiner takes them all.
        if (shozoku.Count < 10)
        {
            foreach (var y in new[] { year - 1, year })
            {
                foreach (var org in shozoku.Where(o => o.Kind != OrgKind.WardOffice))
                {
                    db.ExaminerAssignments.Add(new ExaminerAssignment { Year = y, OrgUnitId = org.Id, UserName = "examiner", AssignedBy = "デモデータ", AssignedAtUtc = now });
                }
            }
        }

        // A what-if plan: the adopted ceilings, with 50百万円 moved from the first 区 to the second.
        var adopted = await db.Ceilings.AsNoTracking().Where(c => c.Year == year).ToListAsync(cancellationToken);
        var plan = new CeilingPlan { Year = year, Name = "区配分見直し案", CreatedBy = "examiner", CreatedAtUtc = now };
        db.CeilingPlans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        var wards = shozoku.Where(o => o.Kind == OrgKind.WardOffice).Select(o => o.Id).Where(id => adopted.Any(c => c.OrgUnitId == id)).Take(2).ToList();
        const long moved = 50_000_000;
        foreach (var c in adopted)
        {
            var delta = wards.Count == 2 && adopted.First(a => a.OrgUnitId == wards[0]).GeneralFundLimit >= moved
                ? (c.OrgUnitId == wards[0] ? -moved : c.OrgUnitId == wards[1] ? moved : 0)
                : 0;
            db.CeilingPlanEntries.Add(new CeilingPlanEntry { PlanId = plan.Id, OrgUnitId = c.OrgUnitId, GeneralFundLimit = c.GeneralFundLimit + delta });
        }

        if (wards.Count == 2)
        {
            db.CeilingTransfers.Add(new CeilingTransfer
            {
                Year = year, PlanId = plan.Id, FromOrgUnitId = wards[0], ToOrgUnitId = wards[1], Amount = moved,
                Reason = "区の重点事業（子育て支援）の拡充に合わせて配分を見直す試算", By = "examiner", AtUtc = now,
            });
        }

        // Hearing threads between the demo examiner and 北区役所 (the demo clerk's 所属), or the first 所属 with submitted requests.
        var kita = shozoku.FirstOrDefault(o => o.Code == "W01")?.Id ?? -1;
        var submitted = await db.Requests.AsNoTracking().Where(r => r.Year == year && r.Status >= RequestStatus.Submitted)
            .OrderBy(r => r.Project!.OrgUnitId == kita ? 0 : 1).ThenBy(r => r.Id).Take(3)
            .Select(r => new { r.Id, Line = r.Lines.OrderBy(l => l.SortOrder).Select(l => new { l.Id, l.Item }).FirstOrDefault() }).ToListAsync(cancellationToken);
        var scripts = new[]
        {
            ("委託料の積算根拠について", "委託料の単価の根拠（見積書の社数と比較）を示してください。", "3社から見積を取り、最も安い額で積算しています。見積書の写しを送ります。", false, true),
            ("前年度からの増額理由", "前年度当初から増えている理由を教えてください。", "対象者数の増加（前年度比 約8%）によるものです。", true, false),
            ("事業の成果指標", "成果指標と目標値を教えてください。", null, false, false),
        };
        for (var i = 0; i < submitted.Count && i < scripts.Length; i++)
        {
            var (subject, question, answer, resolved, onLine) = scripts[i];
            var at = now.AddDays(i + 1);
            var thread = new HearingThread
            {
                RequestId = submitted[i].Id, LineId = onLine ? submitted[i].Line?.Id : null, LineLabel = onLine ? submitted[i].Line?.Item : null, Subject = subject,
                CreatedBy = "examiner", CreatedAtUtc = at, LastPostBy = answer is null ? "examiner" : "budget", LastPostAtUtc = answer is null ? at : at.AddHours(3),
                Resolved = resolved, ResolvedBy = resolved ? "examiner" : null, ResolvedAtUtc = resolved ? at.AddHours(5) : null,
            };
            db.HearingThreads.Add(thread);
            await db.SaveChangesAsync(cancellationToken);
            db.HearingPosts.Add(new HearingPost { ThreadId = thread.Id, Author = "examiner", AuthorName = "中之島 査定", Body = question, PostedAtUtc = at });
            if (answer is not null)
            {
                db.HearingPosts.Add(new HearingPost { ThreadId = thread.Id, Author = "budget", AuthorName = "北浜 予算", Body = answer, PostedAtUtc = at.AddHours(3) });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
