// 復活要求: after the 内示, while the 復活要求 stage is open, the 所属 files per request (事業) the amount it
// asks back on top of the 内示 査定 (> 0, ≤ 要求額 − 査定額) with a reason; one open per request; it may
// withdraw it until answered. In the 局長査定 stage (復活要求 closed, 局長査定 not yet) the examiner in
// charge answers: 認める (all or part; the amount is added to the 査定額 through RequestService.AssessAsync,
// so the request's version, audit, snapshots and book follow) or 認めない, with a comment. Every row is
// versioned; the platform's interceptor audits every write.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Restoration;

public sealed record RestorationInput(long Version, long Amount, string? Reason);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RestorationDecision>))]
public enum RestorationDecision
{
    Grant,
    Refuse,
}

public sealed record RestorationAnswer(long Version, RestorationDecision Decision, long? GrantedAmount, string? Comment);

/// <summary>One row of 復活要求一覧 (and the API's list).</summary>
public sealed record RestorationRow(
    int Id, int RequestId, int OrgUnitId, string OrgName, string ProjectCode, string ProjectName,
    long Requested, long? Assessed, long Amount, string Reason, RestorationState State, long? GrantedAmount,
    string? AnswerComment, string FiledBy, DateTime FiledAtUtc, string? AnsweredBy, DateTime? AnsweredAtUtc, long Version);

/// <summary>Where the year stands for 復活要求: filing open (内示 closed, 復活要求 not), answering open (復活要求 closed, 局長査定 not).</summary>
public sealed record RestorationWindow(bool FilingOpen, bool AnsweringOpen);

public sealed class RestorationService(BudgetDb db, OrgDirectory orgs, RequestService requests, TimeProvider clock)
{
    public const string ConflictMessage = "他の職員が先にこの復活要求を更新しました。最新の内容を表示しています。もう一度操作してください。";

    public static string StateName(RestorationState state) => state switch
    {
        RestorationState.Filed => "回答待ち",
        RestorationState.Withdrawn => "取下げ",
        RestorationState.Granted => "認める",
        RestorationState.Refused => "認めない",
        _ => state.ToString(),
    };

    public async Task<RestorationWindow> WindowAsync(int year, CancellationToken cancellationToken = default)
    {
        var closed = await db.Stages.AsNoTracking().Where(s => s.Year == year && s.Round == 0 && s.ClosedAtUtc != null).Select(s => s.Kind).ToListAsync(cancellationToken);
        var naiji = closed.Contains(StageKind.Naiji);
        var revival = closed.Contains(StageKind.Revival);
        var director = closed.Contains(StageKind.DirectorAssessment);
        return new RestorationWindow(naiji && !revival, revival && !director);
    }

    /// <summary>The 復活要求 of a request, newest first.</summary>
    public async Task<IReadOnlyList<RestorationRequest>> ForRequestAsync(int requestId, CancellationToken cancellationToken = default) =>
        await db.Restorations.AsNoTracking().Where(r => r.RequestId == requestId).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);

    /// <summary>復活要求一覧 of a year within the user's examiner scope, optionally of one 所属 and one state.</summary>
    public async Task<IReadOnlyList<RestorationRow>> ListAsync(BudgetUser user, int year, int? orgUnitId = null, RestorationState? state = null, CancellationToken cancellationToken = default)
    {
        var readable = await Assignments.ExaminerScope.ReadableAsync(db, user, year, cancellationToken);
        var query = db.Restorations.AsNoTracking().Where(r => r.Year == year);
        if (orgUnitId is { } org)
        {
            query = query.Where(r => r.OrgUnitId == org);
        }

        if (state is { } s)
        {
            query = query.Where(r => r.State == s);
        }

        if (readable is not null)
        {
            query = query.Where(r => readable.Contains(r.OrgUnitId));
        }

        var rows = await query
            .Join(db.Requests, r => r.RequestId, q => q.Id, (r, q) => new { r, q.Cost, q.AssessedCost, q.Project!.Code, q.Project.Name })
            .OrderBy(x => x.r.State).ThenBy(x => x.Code).ThenByDescending(x => x.r.Id)
            .ToListAsync(cancellationToken);
        var list = new List<RestorationRow>(rows.Count);
        foreach (var x in rows)
        {
            var r = x.r;
            list.Add(new RestorationRow(r.Id, r.RequestId, r.OrgUnitId, await orgs.NameAsync(r.OrgUnitId, cancellationToken), x.Code, x.Name, x.Cost, x.AssessedCost,
                r.Amount, r.Reason, r.State, r.GrantedAmount, r.AnswerComment, r.FiledBy, r.FiledAtUtc, r.AnsweredBy, r.AnsweredAtUtc, r.Version));
        }

        return list;
    }

    /// <summary>Open 復活要求 (回答待ち) per 所属 of the year, for the progress board.</summary>
    public async Task<IReadOnlyDictionary<int, int>> OpenCountsAsync(int year, CancellationToken cancellationToken = default) =>
        await db.Restorations.AsNoTracking().Where(r => r.Year == year && r.State == RestorationState.Filed)
            .GroupBy(r => r.OrgUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

    /// <summary>Why the user may not file a 復活要求 on the request now (null: they may).</summary>
    public async Task<string?> FilingRefusalAsync(BudgetUser user, BudgetRequest request, int orgUnitId, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(orgUnitId))
        {
            return "復活要求を提出できるのは、事業の所属の予算担当だけです。";
        }

        if (!(await WindowAsync(request.Year, cancellationToken)).FilingOpen)
        {
            return "復活要求を提出できるのは、内示の後、復活要求の段階が締め切られるまでです。";
        }

        return request.Status == RequestStatus.Assessed && request.AssessedCost is not null
            ? null
            : $"「{RequestService.StatusName(request.Status)}」の調書には復活要求を提出できません（課長査定済みの調書に限ります）。";
    }

    /// <summary>Files a 復活要求 (version 0; a new row starts at version 1) or revises the open one (its version).</summary>
    public async Task<BudgetResult> FileAsync(BudgetUser user, int requestId, RestorationInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.AsNoTracking().Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (await FilingRefusalAsync(user, request, request.Project!.OrgUnitId, cancellationToken) is { } refusal)
        {
            return BudgetResult.Deny(refusal);
        }

        var open = await db.Restorations.FirstOrDefaultAsync(r => r.RequestId == requestId && r.State == RestorationState.Filed, cancellationToken);
        if ((open?.Version ?? 0) != input.Version)
        {
            // A second 復活要求 drawn on an old page, or the open one changed by someone else.
            return BudgetResult.VersionConflict();
        }

        var result = new BudgetResult();
        var assessed = request.AssessedCost ?? 0;
        var room = request.Cost - assessed;
        if (input.Amount <= 0)
        {
            result.Errors.Add(new FieldError("restoration-amount", "「復活要求額」は1円以上で入力してください。"));
        }
        else if (input.Amount > room)
        {
            result.Errors.Add(new FieldError("restoration-amount",
                room <= 0
                    ? $"「復活要求額」: この事業は要求額（{request.Cost:N0}円）どおり査定されているため、復活要求はできません。"
                    : $"「復活要求額」は要求額と査定額の差（{request.Cost:N0}円 − {assessed:N0}円 = {room:N0}円）以下で入力してください（{input.Amount:N0}円が入力されています）。"));
        }

        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            result.Errors.Add(new FieldError("restoration-reason", "「復活要求の理由」を入力してください。"));
        }
        else if (reason.Length > 2000)
        {
            result.Errors.Add(new FieldError("restoration-reason", $"「復活要求の理由」は2000文字以内で入力してください（{reason.Length.ToString(CultureInfo.InvariantCulture)}文字あります）。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (open is null)
        {
            open = new RestorationRequest { RequestId = requestId, Year = request.Year, OrgUnitId = request.Project.OrgUnitId, State = RestorationState.Filed, Version = 1 };
            db.Restorations.Add(open);
        }
        else
        {
            db.Entry(open).Property(r => r.Version).OriginalValue = input.Version;
        }

        open.Amount = input.Amount;
        open.Reason = reason;
        open.AssessedAtFiling = assessed;
        open.FiledBy = user.Name;
        open.FiledAtUtc = now;
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>取下げ of an open 復活要求 by the 所属 (before it is answered).</summary>
    public async Task<BudgetResult> WithdrawAsync(BudgetUser user, int requestId, long version, CancellationToken cancellationToken = default)
    {
        var restoration = await db.Restorations.Where(r => r.RequestId == requestId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (restoration is null)
        {
            return BudgetResult.Deny("この調書には復活要求がありません。");
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(restoration.OrgUnitId))
        {
            return BudgetResult.Deny("復活要求を取り下げられるのは、事業の所属の予算担当だけです。");
        }

        if (restoration.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        if (restoration.State != RestorationState.Filed)
        {
            return BudgetResult.Deny($"「{StateName(restoration.State)}」の復活要求は取り下げられません（回答前に限ります）。");
        }

        db.Entry(restoration).Property(r => r.Version).OriginalValue = version;
        restoration.State = RestorationState.Withdrawn;
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>Why the user may not answer 復活要求 of the 所属 now (null: they may).</summary>
    public async Task<string?> AnswerRefusalAsync(BudgetUser user, int orgUnitId, int year, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return "復活要求に回答できるのは財政局の査定担当だけです。";
        }

        if (!await Assignments.ExaminerScope.InChargeAsync(db, user, orgUnitId, year, cancellationToken))
        {
            return Assignments.ExaminerScope.NotInCharge;
        }

        return (await WindowAsync(year, cancellationToken)).AnsweringOpen
            ? null
            : "復活要求に回答できるのは局長査定の段階（復活要求を締め切った後、局長査定を締め切るまで）です。";
    }

    /// <summary>認める (adds the granted amount to the 査定額, line by line where the 査定 is below the 要求) or 認めない.</summary>
    public async Task<BudgetResult> AnswerAsync(BudgetUser user, int restorationId, RestorationAnswer answer, CancellationToken cancellationToken = default)
    {
        var restoration = await db.Restorations.FirstOrDefaultAsync(r => r.Id == restorationId, cancellationToken);
        if (restoration is null)
        {
            return BudgetResult.Deny("指定された復活要求はありません。");
        }

        if (await AnswerRefusalAsync(user, restoration.OrgUnitId, restoration.Year, cancellationToken) is { } refusal)
        {
            return BudgetResult.Deny(refusal);
        }

        if (restoration.Version != answer.Version)
        {
            return BudgetResult.VersionConflict();
        }

        if (restoration.State != RestorationState.Filed)
        {
            return BudgetResult.Deny($"「{StateName(restoration.State)}」の復活要求には回答できません。");
        }

        var result = new BudgetResult();
        var comment = answer.Comment?.Trim();
        if (comment?.Length > 1000)
        {
            result.Errors.Add(new FieldError("answer-comment", "「回答コメント」は1000文字以内で入力してください。"));
        }

        if (!Enum.IsDefined(answer.Decision))
        {
            result.Errors.Add(new FieldError("answer-decision", "「回答」は認める・認めないから選んでください。"));
        }

        var request = await db.Requests.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.Id == restoration.RequestId, cancellationToken);
        var granted = answer.Decision == RestorationDecision.Grant ? answer.GrantedAmount ?? restoration.Amount : 0;
        if (answer.Decision == RestorationDecision.Grant)
        {
            var room = request.Cost - (request.AssessedCost ?? 0);
            if (granted <= 0 || granted > restoration.Amount)
            {
                result.Errors.Add(new FieldError("answer-amount", $"「認める額」は1円以上、復活要求額（{restoration.Amount:N0}円）以下で入力してください。"));
            }
            else if (granted > room)
            {
                result.Errors.Add(new FieldError("answer-amount", $"「認める額」が要求額と現在の査定額の差（{room:N0}円）を超えます。査定が変わっています。"));
            }
            else if (request.Status != RequestStatus.Assessed)
            {
                return BudgetResult.Deny($"「{RequestService.StatusName(request.Status)}」の調書の査定額は変えられません（課長査定の調書に限ります）。");
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (granted > 0)
            {
                // The granted amount goes to the lines whose 査定 is below their 要求, in the page's order.
                request.Lines.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
                var left = granted;
                var lines = new List<LineAssessment>(request.Lines.Count);
                foreach (var line in request.Lines)
                {
                    var current = line.AssessedAmount ?? 0;
                    var add = Math.Min(left, Math.Max(0, line.Amount - current));
                    left -= add;
                    var decision = add > 0 ? AssessDecision.Adopted : line.Decision ?? AssessDecision.Adopted;
                    lines.Add(new LineAssessment(line.Id, line.Version, current + add, line.AssessComment, decision));
                }

                var funding = new Funding(request.AssessedNationalFunds ?? 0, request.AssessedPrefecturalFunds ?? 0, request.AssessedBonds ?? 0, request.AssessedOtherSpecificFunds ?? 0);
                var assessed = await requests.AssessAsync(user, request.Id, new AssessInput(request.Version, funding, request.ReviewComment, lines), cancellationToken);
                if (!assessed.Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return assessed;
                }
            }

            db.Entry(restoration).Property(r => r.Version).OriginalValue = answer.Version;
            restoration.State = granted > 0 ? RestorationState.Granted : RestorationState.Refused;
            restoration.GrantedAmount = granted;
            restoration.AnswerComment = string.IsNullOrEmpty(comment) ? null : comment;
            restoration.AnsweredBy = user.Name;
            restoration.AnsweredAtUtc = clock.GetUtcNow().UtcDateTime;
            var saved = await db.SaveOrConflictAsync(cancellationToken);
            if (saved.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return saved;
        });
    }
}
