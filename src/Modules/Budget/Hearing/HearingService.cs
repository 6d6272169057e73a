// 財政局 hearing (ヒアリング) threads on a request or one of its 積算 lines, replacing the e-mail
// and phone calls between the 所属 and the examiner: who wrote what and when, resolved or not.
// Who may read and write: the 所属's own staff, the examiners in charge of the 所属, budget
// admins; auditors read everything and write nothing; staff of other 所属 see nothing.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Assignments;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Hearing;

public sealed record HearingThreadView(HearingThread Thread, IReadOnlyList<HearingPost> Posts);

public sealed record HearingAccess(bool CanRead, bool CanPost);

public sealed record OpenThreadRow(int ThreadId, int RequestId, string ProjectCode, string ProjectName, int OrgUnitId, string Subject, string? LineLabel, string LastPostBy, DateTime LastPostAtUtc, bool AwaitingMe);

public sealed class HearingService(BudgetDb db, TimeProvider clock)
{
    public const int MaxBody = 4000;

    /// <summary>An auditor-like user: reads budgets but neither requests, approves nor reviews.</summary>
    private static bool ReadOnly(BudgetUser user) =>
        !user.Can(BudgetPermissions.Request) && !user.Can(BudgetPermissions.Approve) && !user.Can(BudgetPermissions.Review);

    public async Task<HearingAccess> AccessAsync(BudgetUser user, int orgUnitId, int year, CancellationToken cancellationToken = default)
    {
        if (user.Permissions.Contains(BudgetPermissions.Admin))
        {
            return new(true, true);
        }

        var ownStaff = user.OrgUnitId == orgUnitId && (user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve));
        var examiner = user.Can(BudgetPermissions.Review) && await ExaminerScope.InChargeAsync(db, user, orgUnitId, year, cancellationToken);
        if (ownStaff || examiner)
        {
            return new(true, true);
        }

        return new(ReadOnly(user) && user.Can(BudgetPermissions.Read), false);
    }

    private async Task<(BudgetRequest? Request, int OrgUnitId)> RequestAsync(int requestId, CancellationToken cancellationToken)
    {
        var r = await db.Requests.AsNoTracking().Where(x => x.Id == requestId).Select(x => new { Request = x, x.Project!.OrgUnitId }).FirstOrDefaultAsync(cancellationToken);
        return (r?.Request, r?.OrgUnitId ?? 0);
    }

    /// <summary>The threads of a request (newest activity first), or null when the user may not read them.</summary>
    public async Task<IReadOnlyList<HearingThreadView>?> ThreadsAsync(BudgetUser user, int requestId, CancellationToken cancellationToken = default)
    {
        var (request, org) = await RequestAsync(requestId, cancellationToken);
        if (request is null || !(await AccessAsync(user, org, request.Year, cancellationToken)).CanRead)
        {
            return null;
        }

        var threads = await db.HearingThreads.AsNoTracking().Where(t => t.RequestId == requestId).ToListAsync(cancellationToken);
        var ids = threads.Select(t => t.Id).ToList();
        var posts = (await db.HearingPosts.AsNoTracking().Where(p => ids.Contains(p.ThreadId)).ToListAsync(cancellationToken))
            .GroupBy(p => p.ThreadId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.PostedAtUtc).ThenBy(p => p.Id).ToList());
        return [.. threads.OrderBy(t => t.Resolved).ThenByDescending(t => t.LastPostAtUtc).ThenByDescending(t => t.Id)
            .Select(t => new HearingThreadView(t, posts.GetValueOrDefault(t.Id) ?? []))];
    }

    private static BudgetResult? CheckBody(string? body, string field)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new BudgetResult { Errors = { new FieldError(field, "「本文」を入力してください。") } };
        }

        return body.Trim().Length > MaxBody ? new BudgetResult { Errors = { new FieldError(field, $"「本文」は{MaxBody}文字以内で入力してください。") } } : null;
    }

    /// <summary>Opens a thread on the request (lineId null) or on one of its 積算 lines, with its first message.</summary>
    public async Task<(BudgetResult Result, int ThreadId)> StartAsync(BudgetUser user, string displayName, int requestId, int? lineId, string? subject, string? body, CancellationToken cancellationToken = default)
    {
        var (request, org) = await RequestAsync(requestId, cancellationToken);
        if (request is null)
        {
            return (BudgetResult.Deny("指定された予算要求はありません。"), 0);
        }

        if (!(await AccessAsync(user, org, request.Year, cancellationToken)).CanPost)
        {
            return (BudgetResult.Deny("この予算要求のヒアリングに書き込めるのは、所属の職員と担当査定者だけです。"), 0);
        }

        var result = new BudgetResult();
        var title = subject?.Trim() ?? "";
        if (title.Length == 0)
        {
            result.Errors.Add(new FieldError("thread-subject", "「件名」を入力してください。"));
        }
        else if (title.Length > 200)
        {
            result.Errors.Add(new FieldError("thread-subject", "「件名」は200文字以内で入力してください。"));
        }

        if (CheckBody(body, "thread-body") is { } bad)
        {
            result.Errors.AddRange(bad.Errors);
        }

        string? lineLabel = null;
        if (lineId is { } lid)
        {
            lineLabel = await db.Lines.AsNoTracking().Where(l => l.Id == lid && l.RequestId == requestId).Select(l => l.Item).FirstOrDefaultAsync(cancellationToken);
            if (lineLabel is null)
            {
                result.Errors.Add(new FieldError("thread-line", "「対象」の積算行はこの調書にありません（削除された可能性があります）。"));
            }
        }

        if (!result.Succeeded)
        {
            return (result, 0);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var thread = new HearingThread
        {
            RequestId = requestId, LineId = lineId, LineLabel = lineLabel, Subject = title, CreatedBy = user.Name, CreatedAtUtc = now, LastPostBy = user.Name, LastPostAtUtc = now,
        };
        db.HearingThreads.Add(thread);
        await db.SaveChangesAsync(cancellationToken);
        db.HearingPosts.Add(new HearingPost { ThreadId = thread.Id, Author = user.Name, AuthorName = displayName, Body = body!.Trim(), PostedAtUtc = now });
        await db.SaveChangesAsync(cancellationToken);
        return (BudgetResult.Ok(), thread.Id);
    }

    /// <summary>Adds a reply. Replies never conflict with each other: both are kept, in the order they arrived.</summary>
    public async Task<BudgetResult> ReplyAsync(BudgetUser user, string displayName, int threadId, string? body, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var thread = await db.HearingThreads.FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken);
            if (thread is null)
            {
                return BudgetResult.Deny("指定されたヒアリングはありません。");
            }

            var (request, org) = await RequestAsync(thread.RequestId, cancellationToken);
            if (!(await AccessAsync(user, org, request!.Year, cancellationToken)).CanPost)
            {
                return BudgetResult.Deny("この予算要求のヒアリングに書き込めるのは、所属の職員と担当査定者だけです。");
            }

            if (CheckBody(body, $"reply-{threadId}") is { } bad)
            {
                return bad;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            thread.LastPostAtUtc = now;
            thread.LastPostBy = user.Name;
            db.HearingPosts.Add(new HearingPost { ThreadId = threadId, Author = user.Name, AuthorName = displayName, Body = body!.Trim(), PostedAtUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return BudgetResult.Ok();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Someone replied or resolved in between: reload the thread and add the reply again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Marks a thread 解決済み or back to 未解決; the version shown must still be current.</summary>
    public async Task<BudgetResult> SetResolvedAsync(BudgetUser user, int threadId, bool resolved, long version, CancellationToken cancellationToken = default)
    {
        var thread = await db.HearingThreads.FirstOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return BudgetResult.Deny("指定されたヒアリングはありません。");
        }

        var (request, org) = await RequestAsync(thread.RequestId, cancellationToken);
        if (!(await AccessAsync(user, org, request!.Year, cancellationToken)).CanPost)
        {
            return BudgetResult.Deny("ヒアリングを解決済みにできるのは、所属の職員と担当査定者だけです。");
        }

        if (thread.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        thread.Resolved = resolved;
        thread.ResolvedBy = resolved ? user.Name : null;
        thread.ResolvedAtUtc = resolved ? clock.GetUtcNow().UtcDateTime : null;
        db.Entry(thread).Property(t => t.Version).OriginalValue = version;
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>未解決 threads per request of the year.</summary>
    public async Task<Dictionary<int, int>> OpenByRequestAsync(int year, CancellationToken cancellationToken = default) =>
        await db.HearingThreads.AsNoTracking().Where(t => !t.Resolved)
            .Join(db.Requests.Where(r => r.Year == year), t => t.RequestId, r => r.Id, (t, r) => t.RequestId)
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

    /// <summary>未解決 threads per 所属 of the year.</summary>
    public async Task<Dictionary<int, int>> OpenByOrgAsync(int year, CancellationToken cancellationToken = default) =>
        await db.HearingThreads.AsNoTracking().Where(t => !t.Resolved)
            .Join(db.Requests.Where(r => r.Year == year), t => t.RequestId, r => r.Id, (t, r) => r.Project!.OrgUnitId)
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

    /// <summary>
    /// 「わたしの未解決のヒアリング」: open threads the user can act on (their 所属's, or the 所属 in
    /// their charge; every 所属 for admins), those whose last message is someone else's first.
    /// </summary>
    public async Task<IReadOnlyList<OpenThreadRow>> MyOpenAsync(BudgetUser user, int year, CancellationToken cancellationToken = default)
    {
        HashSet<int>? scope = null;
        if (!user.Permissions.Contains(BudgetPermissions.Admin))
        {
            scope = [];
            if (user.OrgUnitId is { } own && (user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve)))
            {
                scope.Add(own);
            }

            if (user.Can(BudgetPermissions.Review))
            {
                scope.UnionWith(await db.ExaminerAssignments.AsNoTracking().Where(a => a.Year == year && a.UserName == user.Name).Select(a => a.OrgUnitId).ToListAsync(cancellationToken));
            }
        }

        var query = from t in db.HearingThreads.AsNoTracking()
                    where !t.Resolved
                    join r in db.Requests.AsNoTracking() on t.RequestId equals r.Id
                    where r.Year == year
                    select new { t, r.Id, r.Project!.Code, r.Project.Name, r.Project.OrgUnitId };
        if (scope is not null)
        {
            var list = scope.ToList();
            query = query.Where(x => list.Contains(x.OrgUnitId));
        }

        var rows = await query.Take(1000).ToListAsync(cancellationToken);
        return [.. rows.Select(x => new OpenThreadRow(x.t.Id, x.Id, x.Code, x.Name, x.OrgUnitId, x.t.Subject, x.t.LineLabel, x.t.LastPostBy, x.t.LastPostAtUtc, x.t.LastPostBy != user.Name))
            .OrderByDescending(x => x.AwaitingMe).ThenByDescending(x => x.LastPostAtUtc)];
    }
}
