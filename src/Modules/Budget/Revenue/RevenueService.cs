// 歳入 requests: list, read, start (from last year's figures), save a draft (算定基礎 and 積算), the workflow
// (the same states and roles as 歳出 requests) and the 財政局's 査定 (査定額, 計上/保留/ゼロ査定, comment).
// Permissions follow RequestService: the 所属's staff edit only their 所属's requests in 作成中, examiners read
// and 査定 only the 所属 in their charge (ExaminerScope), auditors read. Every write goes through EF and is
// audited by the platform interceptor.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Assignments;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Revenue;

/// <summary>One 積算 line as entered: 単価 × 数量 × 率 × 率2 (率 in percent, e.g. 98.5).</summary>
public sealed record RevenueLineInput(string Item, long UnitPrice, long Quantity, decimal Rate, decimal SecondRate = 100m, string? Formula = null);

/// <summary>A draft save: 本年度要求 is Σ lines when lines are given, else <paramref name="Amount"/>.</summary>
public sealed record RevenueDraftInput(long Version, string? Basis, string? Description, long Amount, int? ProjectId, IReadOnlyList<RevenueLineInput> Lines);

public sealed record RevenueAssessInput(long Version, long AssessedAmount, AssessDecision Decision, string? Comment);

/// <summary>A 歳入 request with the names it is shown with.</summary>
public sealed record RevenueRequestRow(
    int Id, int Year, int AccountId, string Account, int KanId, string Kan, int KouId, string Kou, int MokuId, string Moku,
    int OrgUnitId, string Org, int? ProjectId, string? ProjectCode, string? ProjectName, RevenueKind Kind,
    RequestStatus Status, long PreviousInitial, long Amount, long? AssessedAmount, AssessDecision? Decision, long Version);

public sealed record RevenueView(RevenueRequestRow Row, RevenueRequest Request);

/// <summary>A 歳入 目 as a choice: its 会計, 款, 項 and kind.</summary>
public sealed record RevenueMokuChoice(int Id, int AccountId, string Account, string Kan, string Kou, string Moku, RevenueKind Kind)
{
    public string Label => $"{Account} / {Kan} / {Kou} / {Moku}";
}

public sealed class RevenueService(BudgetDb db, OrgDirectory orgs, TimeProvider clock)
{
    public const long PpmPerUnit = 1_000_000;

    /// <summary>The 歳入 目 valid in the year, in master order.</summary>
    public async Task<IReadOnlyList<RevenueMokuChoice>> MokuChoicesAsync(int year, CancellationToken cancellationToken = default)
    {
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Revenue && i.FromYear <= year && (i.ToYear == null || i.ToYear >= year)).ToListAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        var byId = items.ToDictionary(i => i.Id);
        var result = new List<(int AccountOrder, string Code, RevenueMokuChoice Choice)>();
        foreach (var m in items.Where(i => i.Level == ItemLevel.Moku))
        {
            if (m.ParentId is not { } kouId || !byId.TryGetValue(kouId, out var kou) || kou.ParentId is not { } kanId || !byId.TryGetValue(kanId, out var kan))
            {
                continue;
            }

            var account = accounts[m.AccountId];
            result.Add((account.SortOrder, m.Code, new RevenueMokuChoice(m.Id, account.Id, account.Name, kan.Name, kou.Name, m.Name, RevenueMasters.KindOf(kan.Name))));
        }

        return [.. result.OrderBy(r => r.AccountOrder).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Choice)];
    }

    /// <summary>The year's 歳入 requests the user may read (examiners: the 所属 in their charge), optionally of one 所属.</summary>
    public async Task<IReadOnlyList<RevenueRequestRow>> ListAsync(BudgetUser user, int year, int? orgUnitId = null, CancellationToken cancellationToken = default)
    {
        var readable = await ExaminerScope.ReadableAsync(db, user, year, cancellationToken);
        var query = db.RevenueRequests.AsNoTracking().Where(r => r.Year == year);
        if (orgUnitId is { } org)
        {
            query = query.Where(r => r.OrgUnitId == org);
        }

        var requests = await query.ToListAsync(cancellationToken);
        if (readable is not null)
        {
            requests = [.. requests.Where(r => readable.Contains(r.OrgUnitId))];
        }

        return await RowsAsync(requests, year, cancellationToken);
    }

    /// <summary>Every 歳入 request of the year (for aggregates, which every budget.read holder sees).</summary>
    public async Task<IReadOnlyList<RevenueRequestRow>> AllAsync(int year, CancellationToken cancellationToken = default) =>
        await RowsAsync(await db.RevenueRequests.AsNoTracking().Where(r => r.Year == year).ToListAsync(cancellationToken), year, cancellationToken);

    private async Task<IReadOnlyList<RevenueRequestRow>> RowsAsync(List<RevenueRequest> requests, int year, CancellationToken cancellationToken)
    {
        var choices = (await MokuChoicesAsync(year, cancellationToken)).Select((c, i) => (c, i)).ToDictionary(x => x.c.Id);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Revenue).ToDictionaryAsync(i => i.Id, cancellationToken);
        var projectIds = requests.Where(r => r.ProjectId != null).Select(r => r.ProjectId!.Value).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var all = await orgs.AllAsync(cancellationToken);
        var rows = new List<(int Order, RevenueRequestRow Row)>();
        foreach (var r in requests)
        {
            var order = choices.TryGetValue(r.MokuId, out var c) ? c.i : int.MaxValue;
            var moku = items[r.MokuId];
            var kou = items[moku.ParentId!.Value];
            var kan = items[kou.ParentId!.Value];
            var project = r.ProjectId is { } pid ? projects.GetValueOrDefault(pid) : null;
            rows.Add((order, new RevenueRequestRow(r.Id, r.Year, r.AccountId, c.c?.Account ?? "", kan.Id, kan.Name, kou.Id, kou.Name, moku.Id, moku.Name,
                r.OrgUnitId, all.TryGetValue(r.OrgUnitId, out var o) ? o.Name : "?", r.ProjectId, project?.Code, project?.Name, RevenueMasters.KindOf(kan.Name),
                r.Status, r.PreviousInitial, r.Amount, r.AssessedAmount, r.Decision, r.Version)));
        }

        return [.. rows.OrderBy(r => r.Order).ThenBy(r => r.Row.OrgUnitId).ThenBy(r => r.Row.ProjectCode, StringComparer.Ordinal).ThenBy(r => r.Row.Id).Select(r => r.Row)];
    }

    /// <summary>One 歳入 request with its lines, if the user may read it (else <paramref name="denied"/> is set).</summary>
    public async Task<RevenueView?> LoadAsync(BudgetUser user, int id, Action<string>? denied = null, CancellationToken cancellationToken = default)
    {
        var request = await db.RevenueRequests.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        if (!await ExaminerScope.CanReadAsync(db, user, request.OrgUnitId, request.Year, cancellationToken))
        {
            denied?.Invoke(ExaminerScope.NotInCharge);
            return null;
        }

        request.Lines.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
        var row = (await RowsAsync([request], request.Year, cancellationToken))[0];
        return new RevenueView(row, request);
    }

    /// <summary>Starts a 歳入 request (作成中) for the key, from last year's request of the same key; an existing one is returned as is.</summary>
    public async Task<BudgetResult> CreateAsync(BudgetUser user, int year, int mokuId, int orgUnitId, int? projectId, Action<int> created, CancellationToken cancellationToken = default)
    {
        var result = new BudgetResult();
        var moku = (await MokuChoicesAsync(year, cancellationToken)).FirstOrDefault(m => m.Id == mokuId);
        if (moku is null)
        {
            result.Errors.Add(new FieldError("new-moku", $"「歳入の目」を一覧から選んでください（{year.ToString(CultureInfo.InvariantCulture)}年度に有効な目）。"));
            return result;
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(orgUnitId))
        {
            return BudgetResult.Deny("歳入の要求を作成できるのは、その所属の予算担当だけです。");
        }

        if (projectId is { } pid)
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, cancellationToken);
            if (project is null || project.OrgUnitId != orgUnitId)
            {
                result.Errors.Add(new FieldError("new-project", "「充当する事業」は、この所属の予算事業から選んでください。"));
            }
            else if (project.AccountId != moku.AccountId)
            {
                result.Errors.Add(new FieldError("new-project", $"「充当する事業」は{moku.Account}の事業から選んでください（事業「{project.Code}」は別の会計です）。"));
            }
            else if (moku.Kind == RevenueKind.General)
            {
                result.Errors.Add(new FieldError("new-project", $"「{moku.Kan}」は一般財源のため、事業に充当できません。事業を選ばずに作成してください。"));
            }

            if (!result.Succeeded)
            {
                return result;
            }
        }

        var existing = await db.RevenueRequests.Where(r => r.Year == year && r.MokuId == mokuId && r.OrgUnitId == orgUnitId && r.ProjectId == projectId).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            created(id);
            return BudgetResult.Ok();
        }

        var previous = await db.RevenueRequests.AsNoTracking().Include(r => r.Lines)
            .FirstOrDefaultAsync(r => r.Year == year - 1 && r.MokuId == mokuId && r.OrgUnitId == orgUnitId && r.ProjectId == projectId, cancellationToken);
        var request = new RevenueRequest
        {
            Year = year,
            AccountId = moku.AccountId,
            MokuId = mokuId,
            OrgUnitId = orgUnitId,
            ProjectId = projectId,
            Status = RequestStatus.Draft,
            PreviousInitial = previous is null ? 0 : await PreviousInitialAsync(previous, cancellationToken),
            Amount = previous?.Amount ?? 0,
            Basis = previous?.Basis,
            Description = previous?.Description,
            UpdatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Lines = [.. (previous?.Lines ?? []).OrderBy(l => l.SortOrder).Select(l => new RevenueLine
            {
                Item = l.Item, UnitPrice = l.UnitPrice, Quantity = l.Quantity, RatePpm = l.RatePpm, SecondRatePpm = l.SecondRatePpm, Formula = l.Formula, Amount = l.Amount, SortOrder = l.SortOrder,
            })],
        };
        db.RevenueRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        created(request.Id);
        return BudgetResult.Ok();
    }

    /// <summary>前年度当初 of last year's request: its figure in last year's closed 確定 stage, else its 査定額 when 確定.</summary>
    private async Task<long> PreviousInitialAsync(RevenueRequest previous, CancellationToken cancellationToken)
    {
        var adopted = await db.Stages.AsNoTracking().Where(s => s.Year == previous.Year && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (adopted is { } stageId)
        {
            return await db.StageRevenues.AsNoTracking().Where(s => s.StageId == stageId && s.RevenueRequestId == previous.Id).Select(s => (long?)s.Amount).FirstOrDefaultAsync(cancellationToken) ?? 0;
        }

        return previous.Status == RequestStatus.Confirmed ? previous.AssessedAmount ?? 0 : 0;
    }

    /// <summary>The amount of one 積算 line, or null when it leaves 0..1兆円. Rates are in ppm.</summary>
    public static long? LineAmount(long unitPrice, long quantity, long ratePpm, long secondRatePpm)
    {
        if (unitPrice < 0 || quantity < 0 || ratePpm < 0 || secondRatePpm < 0)
        {
            return null;
        }

        var product = (Int128)unitPrice * quantity * ratePpm * secondRatePpm / ((Int128)PpmPerUnit * PpmPerUnit);
        return product <= BudgetMath.MaxAmount ? (long)product : null;
    }

    /// <summary>A rate in percent (up to 4 decimals) as ppm, or null when it is not one.</summary>
    public static long? ToPpm(decimal percent)
    {
        var ppm = percent * 10_000m;
        return percent is < 0 or > 1000 || ppm != decimal.Truncate(ppm) ? null : (long)ppm;
    }

    public static string PercentText(long ppm) => (ppm / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Saves a 作成中 request: 算定基礎, 説明, the 事業 it funds, and the whole 積算 (lines not sent are deleted).</summary>
    public async Task<BudgetResult> SaveDraftAsync(BudgetUser user, int id, RevenueDraftInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.RevenueRequests.Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された歳入の要求はありません。");
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(request.OrgUnitId))
        {
            return BudgetResult.Deny("この歳入の要求を編集できるのは、その所属の予算担当だけです。");
        }

        if (request.Version != input.Version)
        {
            return BudgetResult.VersionConflict();
        }

        if (request.Status != RequestStatus.Draft)
        {
            return BudgetResult.Deny($"「{RequestService.StatusName(request.Status)}」の歳入の要求は編集できません。編集するには差し戻してください。");
        }

        var result = new BudgetResult();
        var lines = new List<RevenueLine>();
        long total = 0;
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var line = input.Lines[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var item = line.Item?.Trim() ?? "";
            if (item.Length == 0)
            {
                result.Errors.Add(new FieldError($"rline-{i}-item", $"{n}行目: 「積算項目」を入力してください。"));
            }
            else if (item.Length > 200)
            {
                result.Errors.Add(new FieldError($"rline-{i}-item", $"{n}行目: 「積算項目」は200文字以内で入力してください。"));
            }

            if (line.Formula?.Trim().Length > 200)
            {
                result.Errors.Add(new FieldError($"rline-{i}-formula", $"{n}行目: 「算式」は200文字以内で入力してください。"));
            }

            var rate = ToPpm(line.Rate);
            var second = ToPpm(line.SecondRate);
            if (rate is null)
            {
                result.Errors.Add(new FieldError($"rline-{i}-rate", $"{n}行目: 「率」は0～1000（％、小数点以下4桁まで）で入力してください。"));
            }

            if (second is null)
            {
                result.Errors.Add(new FieldError($"rline-{i}-rate2", $"{n}行目: 「率2」は0～1000（％、小数点以下4桁まで）で入力してください。"));
            }

            if (line.UnitPrice < 0 || line.Quantity < 0)
            {
                result.Errors.Add(new FieldError($"rline-{i}-price", $"{n}行目: 「単価」「数量」に負の値は使えません。"));
                continue;
            }

            if (rate is null || second is null)
            {
                continue;
            }

            if (LineAmount(line.UnitPrice, line.Quantity, rate.Value, second.Value) is not { } amount)
            {
                result.Errors.Add(new FieldError($"rline-{i}-price", $"{n}行目: 単価×数量×率が1兆円を超えます。"));
                continue;
            }

            total += amount;
            lines.Add(new RevenueLine
            {
                Item = item, UnitPrice = line.UnitPrice, Quantity = line.Quantity, RatePpm = rate.Value, SecondRatePpm = second.Value,
                Formula = string.IsNullOrWhiteSpace(line.Formula) ? null : line.Formula.Trim(), Amount = amount, SortOrder = i,
            });
        }

        if (input.Lines.Count == 0 && input.Amount is < 0 or > BudgetMath.MaxAmount)
        {
            result.Errors.Add(new FieldError("revenue-amount", "「本年度要求額」は0円以上1兆円以下で入力してください。"));
        }
        else if (total > BudgetMath.MaxAmount)
        {
            result.Errors.Add(new FieldError("revenue-amount", "積算の合計が1兆円を超えます。"));
        }

        if (input.Basis?.Trim().Length > 2000)
        {
            result.Errors.Add(new FieldError("revenue-basis", "「算定基礎」は2000文字以内で入力してください。"));
        }

        if (input.Description?.Trim().Length > 2000)
        {
            result.Errors.Add(new FieldError("revenue-description", "「説明」は2000文字以内で入力してください。"));
        }

        if (input.ProjectId != request.ProjectId && input.ProjectId is { } pid)
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, cancellationToken);
            var kan = await KanNameAsync(request.MokuId, cancellationToken);
            if (project is null || project.OrgUnitId != request.OrgUnitId || project.AccountId != request.AccountId)
            {
                result.Errors.Add(new FieldError("revenue-project", "「充当する事業」は、この所属・この会計の予算事業から選んでください。"));
            }
            else if (RevenueMasters.KindOf(kan) == RevenueKind.General)
            {
                result.Errors.Add(new FieldError("revenue-project", $"「{kan}」は一般財源のため、事業に充当できません。"));
            }
            else if (await db.RevenueRequests.AnyAsync(r => r.Id != request.Id && r.Year == request.Year && r.MokuId == request.MokuId && r.OrgUnitId == request.OrgUnitId && r.ProjectId == pid, cancellationToken))
            {
                result.Errors.Add(new FieldError("revenue-project", "この目・事業の歳入の要求は既にあります。そちらを編集してください。"));
            }
        }
        else if (input.ProjectId is null && request.ProjectId is not null
            && await db.RevenueRequests.AnyAsync(r => r.Id != request.Id && r.Year == request.Year && r.MokuId == request.MokuId && r.OrgUnitId == request.OrgUnitId && r.ProjectId == null, cancellationToken))
        {
            result.Errors.Add(new FieldError("revenue-project", "事業に充当しないこの目の歳入の要求は既にあります。そちらを編集してください。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        db.RevenueLines.RemoveRange(request.Lines);
        request.Lines.Clear();
        request.Lines.AddRange(lines);
        request.Amount = input.Lines.Count > 0 ? total : input.Amount;
        request.Basis = string.IsNullOrWhiteSpace(input.Basis) ? null : input.Basis.Trim();
        request.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        request.ProjectId = input.ProjectId;
        return await SaveAsync(request, input.Version, cancellationToken);
    }

    /// <summary>査定 by an examiner in charge: 査定額, 計上/保留/ゼロ査定 and a comment, on a request at 提出 or 課長査定.</summary>
    public async Task<BudgetResult> AssessAsync(BudgetUser user, int id, RevenueAssessInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.RevenueRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された歳入の要求はありません。");
        }

        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("査定できるのは財政局の査定担当だけです。");
        }

        if (!await ExaminerScope.InChargeAsync(db, user, request.OrgUnitId, request.Year, cancellationToken))
        {
            return BudgetResult.Deny(ExaminerScope.NotInCharge);
        }

        if (request.Version != input.Version)
        {
            return BudgetResult.VersionConflict();
        }

        if (request.Status is not (RequestStatus.Submitted or RequestStatus.Assessed))
        {
            return BudgetResult.Deny($"「{RequestService.StatusName(request.Status)}」の歳入の要求は査定できません（提出後、確定前に限ります）。");
        }

        var result = new BudgetResult();
        if (!Enum.IsDefined(input.Decision))
        {
            result.Errors.Add(new FieldError("assess-decision", "「査定区分」は計上・保留・ゼロ査定から選んでください。"));
        }
        else if (input.Decision == AssessDecision.Zero && input.AssessedAmount != 0)
        {
            result.Errors.Add(new FieldError("assess-amount", $"「査定額」: ゼロ査定の査定額は0円です（{input.AssessedAmount:N0}円が入力されています）。"));
        }

        if (input.AssessedAmount is < 0 or > BudgetMath.MaxAmount)
        {
            result.Errors.Add(new FieldError("assess-amount", "「査定額」は0円以上1兆円以下で入力してください。"));
        }

        if (input.Comment?.Trim().Length > 2000)
        {
            result.Errors.Add(new FieldError("assess-comment", "「査定コメント」は2000文字以内で入力してください。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        request.AssessedAmount = input.AssessedAmount;
        request.Decision = input.Decision;
        request.ReviewComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        request.Status = RequestStatus.Assessed;
        return await SaveAsync(request, input.Version, cancellationToken);
    }

    /// <summary>承認, 提出, 差戻し and 確定 with the same roles as 歳出 requests (差戻し after 内示 needs budget.reopen).</summary>
    public async Task<BudgetResult> TransitionAsync(BudgetUser user, int id, long version, WorkflowAction action, CancellationToken cancellationToken = default)
    {
        var request = await db.RevenueRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された歳入の要求はありません。");
        }

        if (request.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        var own = user.BelongsTo(request.OrgUnitId);
        if (request.Status >= RequestStatus.Submitted && ExaminerScope.IsRestricted(user) && !await ExaminerScope.InChargeAsync(db, user, request.OrgUnitId, request.Year, cancellationToken))
        {
            return BudgetResult.Deny(ExaminerScope.NotInCharge);
        }

        var afterNaiji = await db.Stages.AnyAsync(s => s.Year == request.Year && s.Kind == StageKind.Naiji && s.ClosedAtUtc != null, cancellationToken);
        var staff = (user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve)) && own;
        var (allowed, next, refusal) = (action, request.Status) switch
        {
            (WorkflowAction.Approve, RequestStatus.Draft) => (user.Can(BudgetPermissions.Approve) && own, RequestStatus.OrgApproved, "所属承認できるのは、その所属の承認者だけです。"),
            (WorkflowAction.Submit, RequestStatus.OrgApproved) => (staff, RequestStatus.Submitted, "提出できるのは、その所属の予算担当または承認者だけです。"),
            (WorkflowAction.Return, RequestStatus.OrgApproved) => (staff, RequestStatus.Draft, "差し戻せるのは、その所属の予算担当または承認者だけです。"),
            (WorkflowAction.Return, RequestStatus.Submitted or RequestStatus.Assessed) when !afterNaiji => (user.Can(BudgetPermissions.Review), RequestStatus.Draft, "提出後の要求を差し戻せるのは、財政局の査定担当だけです。"),
            (WorkflowAction.Return, RequestStatus.Submitted or RequestStatus.Assessed or RequestStatus.Confirmed) => (user.Can(BudgetPermissions.Review) && user.Can(BudgetPermissions.Reopen), RequestStatus.Draft, "内示の後に要求を差し戻して再開できるのは、再開を認められた財政局の査定担当だけです。"),
            (WorkflowAction.Confirm, RequestStatus.Assessed) => (user.Can(BudgetPermissions.Review), RequestStatus.Confirmed, "確定できるのは、財政局の査定担当だけです。"),
            _ => (false, request.Status, $"「{RequestService.StatusName(request.Status)}」の歳入の要求には、この操作はできません。"),
        };
        if (!allowed)
        {
            return BudgetResult.Deny(refusal);
        }

        if (next == RequestStatus.Draft)
        {
            request.AssessedAmount = null;
            request.Decision = null;
        }

        request.Status = next;
        return await SaveAsync(request, version, cancellationToken);
    }

    private async Task<string> KanNameAsync(int mokuId, CancellationToken cancellationToken)
    {
        var kou = await db.Items.AsNoTracking().Where(i => i.Id == mokuId).Select(i => i.ParentId).FirstAsync(cancellationToken);
        var kan = await db.Items.AsNoTracking().Where(i => i.Id == kou).Select(i => i.ParentId).FirstAsync(cancellationToken);
        return await db.Items.AsNoTracking().Where(i => i.Id == kan).Select(i => i.Name).FirstAsync(cancellationToken);
    }

    private async Task<BudgetResult> SaveAsync(RevenueRequest request, long version, CancellationToken cancellationToken)
    {
        request.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.Entry(request).Property(r => r.Version).OriginalValue = version;
        return await db.SaveOrConflictAsync(cancellationToken);
    }
}
