// 予算要求調書: reading a request with its context (前年度当初, the 所属's ceiling), saving a
// draft, the workflow transitions and the 査定. Pages and the API both go through here; the
// audit interceptor records every change, including each status change.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>One 積算 line as entered. 細節 and 補助率 are optional; a 補助率 needs all of source, numerator and denominator.</summary>
public sealed record LineInput(int? Id, long Version, int SetsuId, string Item, long UnitPrice, long Quantity, long Times, bool Delete = false,
    int? SubSetsuId = null, SubsidySource? SubsidySource = null, int? SubsidyNumerator = null, int? SubsidyDenominator = null);

public sealed record DraftInput(long Version, string? Purpose, string? LegalBasis, Funding Funding, IReadOnlyList<LineInput> Lines);

public sealed record LineAssessment(int LineId, long Version, long AssessedAmount, string? Comment, AssessDecision Decision = AssessDecision.Adopted);

public sealed record AssessInput(long Version, Funding Funding, string? Comment, IReadOnlyList<LineAssessment> Lines);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<WorkflowAction>))]
public enum WorkflowAction
{
    /// <summary>作成中 → 所属承認 (所属の承認者).</summary>
    Approve,

    /// <summary>所属承認 → 提出 (所属の予算担当 or 承認者).</summary>
    Submit,

    /// <summary>差戻し to 作成中: by the 所属 before submission, by the 財政局 after.</summary>
    Return,

    /// <summary>課長査定 → 確定 (財政局).</summary>
    Confirm,
}

/// <summary>What a save or transition came to: done, refused with errors, a version conflict, or not permitted.</summary>
public sealed class BudgetResult
{
    public List<FieldError> Errors { get; } = [];

    public bool Conflict { get; init; }

    public string? Forbidden { get; init; }

    public bool Succeeded => Errors.Count == 0 && !Conflict && Forbidden is null;

    public static BudgetResult Ok() => new();

    public static BudgetResult Deny(string reason) => new() { Forbidden = reason };

    public static BudgetResult VersionConflict() => new() { Conflict = true };
}

/// <summary>A request as the edit page and the API show it.</summary>
public sealed record RequestView(
    BudgetRequest Request,
    Project Project,
    string OrgName,
    long Cost,
    long? AssessedCost,
    long? PreviousInitial,
    IReadOnlyDictionary<int, long> PreviousBySetsu,
    CeilingStatus Ceiling);

/// <summary>The 所属's 一般財源 requested in the year (all its requests) against its シーリング.</summary>
public sealed record CeilingStatus(long GeneralFundsRequested, long? Limit)
{
    public long? Remaining => Limit is { } limit ? limit - GeneralFundsRequested : null;

    public bool Exceeded => Remaining < 0;
}

public sealed class RequestService(BudgetDb db, OrgDirectory orgs, TimeProvider clock)
{
    public const string ConflictMessage = "他の職員が先にこの調書を更新しました。最新の内容を表示しています。もう一度入力してください。";

    public static string StatusName(RequestStatus status) => status switch
    {
        RequestStatus.Draft => "作成中",
        RequestStatus.OrgApproved => "所属承認",
        RequestStatus.Submitted => "提出",
        RequestStatus.Assessed => "課長査定",
        RequestStatus.Confirmed => "確定",
        _ => status.ToString(),
    };

    public async Task<RequestView?> LoadAsync(int requestId, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.AsNoTracking().Include(r => r.Project).Include(r => r.Lines)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return null;
        }

        request.Lines.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
        var project = request.Project!;
        // The previous year's request first (unique index on project and year), then its lines by request id:
        // never a scan of every line.
        var previousId = await db.Requests.AsNoTracking()
            .Where(r => r.ProjectId == project.Id && r.Year == request.Year - 1 && r.Status == RequestStatus.Confirmed).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken) ?? -1;
        var previous = await db.Lines.AsNoTracking()
            .Where(l => l.RequestId == previousId)
            .GroupBy(l => l.SetsuId)
            .Select(g => new { g.Key, Sum = g.Sum(l => l.AssessedAmount ?? 0) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, cancellationToken);
        long? previousInitial = previous.Count == 0 ? null : previous.Values.Sum();
        var cost = request.Lines.Sum(l => l.Amount);
        long? assessed = request.Status >= RequestStatus.Assessed ? request.Lines.Sum(l => l.AssessedAmount ?? 0) : null;
        return new RequestView(request, project, await orgs.NameAsync(project.OrgUnitId, cancellationToken), cost, assessed, previousInitial, previous,
            await CeilingAsync(project.OrgUnitId, request.Year, cancellationToken));
    }

    /// <summary>Σ(事業費 − 特定財源) over the 所属's requests in the year, and its ceiling.</summary>
    public async Task<CeilingStatus> CeilingAsync(int orgUnitId, int year, CancellationToken cancellationToken = default)
    {
        var requests = db.Requests.AsNoTracking().Where(r => r.Year == year && r.Project!.OrgUnitId == orgUnitId);
        var cost = await requests.SumAsync(r => (long?)r.Cost, cancellationToken) ?? 0;
        var specific = await requests.SumAsync(r => (long?)(r.NationalFunds + r.PrefecturalFunds + r.Bonds + r.OtherSpecificFunds), cancellationToken) ?? 0;
        var limit = await db.Ceilings.AsNoTracking().Where(c => c.Year == year && c.OrgUnitId == orgUnitId).Select(c => (long?)c.GeneralFundLimit).FirstOrDefaultAsync(cancellationToken);
        return new CeilingStatus(cost - specific, limit);
    }

    /// <summary>The request of a project for a year; when there is none yet it is created (作成中) from last year's request.</summary>
    public async Task<BudgetResult> EnsureRequestAsync(BudgetUser user, string projectCode, int year, Action<int> created, CancellationToken cancellationToken = default)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Code == projectCode, cancellationToken);
        if (project is null)
        {
            var missing = new BudgetResult();
            missing.Errors.Add(new FieldError("new-code", $"事業コード「{projectCode}」の予算事業はありません。"));
            return missing;
        }

        var projectId = project.Id;
        var existing = await db.Requests.Where(r => r.ProjectId == projectId && r.Year == year).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            created(id);
            return BudgetResult.Ok();
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(project.OrgUnitId))
        {
            return BudgetResult.Deny("この事業の予算要求を作成できるのは、事業の所属の予算担当だけです。");
        }

        if (project.FromYear > year || project.ToYear < year)
        {
            return BudgetResult.Deny($"事業「{project.Code}」は{year.ToString(CultureInfo.InvariantCulture)}年度には有効ではありません。");
        }

        // Start from last year's figures: its 積算 (the factors as requested) and 財源内訳.
        var previous = await db.Requests.AsNoTracking().Include(r => r.Lines)
            .FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Year == year - 1, cancellationToken);
        var validSubSetsus = await db.SubSetsus.Where(s => s.FromYear <= year && (s.ToYear == null || s.ToYear >= year)).Select(s => s.Id).ToHashSetAsync(cancellationToken);
        var request = new BudgetRequest
        {
            ProjectId = projectId,
            Year = year,
            Status = RequestStatus.Draft,
            UpdatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Purpose = previous?.Purpose,
            LegalBasis = previous?.LegalBasis,
            NationalFunds = previous?.NationalFunds ?? 0,
            PrefecturalFunds = previous?.PrefecturalFunds ?? 0,
            Bonds = previous?.Bonds ?? 0,
            OtherSpecificFunds = previous?.OtherSpecificFunds ?? 0,
            Cost = previous?.Lines.Sum(l => l.Amount) ?? 0,
            Lines = [.. (previous?.Lines ?? []).OrderBy(l => l.SortOrder).Select(l => new RequestLine
            {
                SetsuId = l.SetsuId, Item = l.Item, UnitPrice = l.UnitPrice, Quantity = l.Quantity, Times = l.Times, Amount = l.Amount, SortOrder = l.SortOrder,
                SubSetsuId = l.SubSetsuId is { } sub && validSubSetsus.Contains(sub) ? sub : null,
                SubsidySource = l.SubsidySource, SubsidyNumerator = l.SubsidyNumerator, SubsidyDenominator = l.SubsidyDenominator, SubsidyAmount = l.SubsidyAmount,
            })],
        };
        db.Requests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        if (previous is not null)
        {
            // 継続費・債務負担行為・地方債 carry on into the new year's request; 繰越明許費 belong to their year.
            await RequestEntryService.CopyFromAsync(db, previous.Id, request.Id, cancellationToken);
        }

        created(request.Id);
        return BudgetResult.Ok();
    }

    /// <summary>
    /// Saves the 調書 in 作成中: header, 財源内訳 and the complete list of 積算 lines (lines not sent are deleted),
    /// all or nothing, checked against the versions shown.
    /// </summary>
    public async Task<BudgetResult> SaveDraftAsync(BudgetUser user, int requestId, DraftInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).Include(r => r.Lines).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(request.Project!.OrgUnitId))
        {
            return BudgetResult.Deny("この調書を編集できるのは、事業の所属の予算担当だけです。");
        }

        if (request.Version != input.Version)
        {
            return BudgetResult.VersionConflict();
        }

        if (request.Status != RequestStatus.Draft)
        {
            return BudgetResult.Deny($"「{StatusName(request.Status)}」の調書は編集できません。編集するには差し戻してください。");
        }

        var result = new BudgetResult();
        var setsuIds = await db.Setsus.Where(s => s.FromYear <= request.Year && (s.ToYear == null || s.ToYear >= request.Year)).Select(s => s.Id).ToHashSetAsync(cancellationToken);
        var subSetsus = await db.SubSetsus.Where(s => s.FromYear <= request.Year && (s.ToYear == null || s.ToYear >= request.Year)).ToDictionaryAsync(s => s.Id, s => s.SetsuId, cancellationToken);
        long cost = 0;
        long nationalShare = 0;
        long prefecturalShare = 0;
        bool nationalByRate = false, prefecturalByRate = false;
        var kept = new List<(LineInput Input, long Amount, int Index)>();
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var line = input.Lines[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (line.Delete)
            {
                continue;
            }

            if (!setsuIds.Contains(line.SetsuId))
            {
                result.Errors.Add(new FieldError($"line-{i}-setsu", $"{n}行目: 「節」を一覧から選んでください（{request.Year.ToString(CultureInfo.InvariantCulture)}年度に有効な節）。"));
            }

            var item = line.Item?.Trim() ?? "";
            if (item.Length == 0)
            {
                result.Errors.Add(new FieldError($"line-{i}-item", $"{n}行目: 「積算項目」を入力してください。"));
            }
            else if (item.Length > 200)
            {
                result.Errors.Add(new FieldError($"line-{i}-item", $"{n}行目: 「積算項目」は200文字以内で入力してください。"));
            }

            if (line.UnitPrice < 0 || line.Quantity < 0 || line.Times < 0)
            {
                result.Errors.Add(new FieldError($"line-{i}-price", $"{n}行目: 単価・数量・回数に負の値は使えません（減額は差し引いた単価で入力してください）。"));
                continue;
            }

            if (BudgetMath.LineAmount(line.UnitPrice, line.Quantity, line.Times) is not { } amount)
            {
                result.Errors.Add(new FieldError($"line-{i}-price", $"{n}行目: 単価×数量×回数が1兆円を超えます。"));
                continue;
            }

            if (line.Id is { } id && request.Lines.All(l => l.Id != id))
            {
                result.Errors.Add(new FieldError($"line-{i}-item", $"{n}行目: この積算行は既に削除されています。画面を開き直してください。"));
                continue;
            }

            if (line.SubSetsuId is { } sub && (!subSetsus.TryGetValue(sub, out var ofSetsu) || ofSetsu != line.SetsuId))
            {
                result.Errors.Add(new FieldError($"line-{i}-sub", $"{n}行目: 「細節」はこの行の節の細節（{request.Year.ToString(CultureInfo.InvariantCulture)}年度に有効なもの）から選んでください。"));
            }

            if (SubsidyRate.Check(line.SubsidySource, line.SubsidyNumerator, line.SubsidyDenominator) is { } rateError)
            {
                result.Errors.Add(new FieldError($"line-{i}-rate", $"{n}行目: 「補助率」{rateError}"));
            }
            else if (line.SubsidySource is { } source)
            {
                var share = SubsidyRate.Share(amount, line.SubsidyNumerator!.Value, line.SubsidyDenominator!.Value);
                if (source == SubsidySource.National)
                {
                    nationalShare += share;
                    nationalByRate = true;
                }
                else
                {
                    prefecturalShare += share;
                    prefecturalByRate = true;
                }
            }

            cost += amount;
            kept.Add((line, amount, i));
        }

        // 補助率 on the lines decide the 国庫支出金 / 府支出金: Σ of the lines' shares replaces the typed figure
        // for that source (the page shows it read-only); a source no line carries a rate for stays as typed.
        var funding = input.Funding with
        {
            National = nationalByRate ? nationalShare : input.Funding.National,
            Prefectural = prefecturalByRate ? prefecturalShare : input.Funding.Prefectural,
        };
        if (funding.National < 0 || funding.Prefectural < 0 || funding.Bonds < 0 || funding.OtherSpecific < 0)
        {
            result.Errors.Add(new FieldError("fund-national", "財源内訳: 特定財源に負の値は使えません。"));
        }
        else if (cost > BudgetMath.MaxAmount || funding.Specific > BudgetMath.MaxAmount)
        {
            result.Errors.Add(new FieldError("fund-national", "財源内訳: 金額が大きすぎます（1兆円まで）。"));
        }
        else if (funding.GeneralFunds(cost) < 0)
        {
            result.Errors.Add(new FieldError("fund-national",
                $"財源内訳: 特定財源の合計（{funding.Specific:N0}円）が事業費（{cost:N0}円）を超えています。一般財源（事業費－特定財源）が{funding.GeneralFunds(cost):N0}円とマイナスになるため保存できません。"));
        }

        if (input.Purpose?.Length > 2000)
        {
            result.Errors.Add(new FieldError("purpose", "「事業の目的・内容」は2000文字以内で入力してください。"));
        }

        if (input.LegalBasis?.Length > 500)
        {
            result.Errors.Add(new FieldError("legal", "「根拠法規」は500文字以内で入力してください。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        // The input is the whole 積算: a line marked for deletion, or not sent at all, goes.
        var keptIds = kept.Where(k => k.Input.Id is not null).Select(k => k.Input.Id!.Value).ToHashSet();
        foreach (var existing in request.Lines.Where(l => !keptIds.Contains(l.Id)).ToList())
        {
            if (input.Lines.FirstOrDefault(l => l.Id == existing.Id) is { } marked)
            {
                db.Entry(existing).Property(l => l.Version).OriginalValue = marked.Version;
            }

            request.Lines.Remove(existing);
            db.Lines.Remove(existing);
        }

        var order = 0;
        foreach (var (line, amount, _) in kept)
        {
            var target = line.Id is { } id ? request.Lines.First(l => l.Id == id) : new RequestLine();
            if (line.Id is not null)
            {
                db.Entry(target).Property(l => l.Version).OriginalValue = line.Version;
            }
            else
            {
                request.Lines.Add(target);
            }

            target.SetsuId = line.SetsuId;
            target.Item = line.Item.Trim();
            target.UnitPrice = line.UnitPrice;
            target.Quantity = line.Quantity;
            target.Times = line.Times;
            target.Amount = amount;
            target.SortOrder = order++;
            target.SubSetsuId = line.SubSetsuId;
            target.SubsidySource = line.SubsidySource;
            target.SubsidyNumerator = line.SubsidySource is null ? null : line.SubsidyNumerator;
            target.SubsidyDenominator = line.SubsidySource is null ? null : line.SubsidyDenominator;
            target.SubsidyAmount = line.SubsidySource is null ? 0 : SubsidyRate.Share(amount, line.SubsidyNumerator!.Value, line.SubsidyDenominator!.Value);
        }

        request.Purpose = string.IsNullOrWhiteSpace(input.Purpose) ? null : input.Purpose.Trim();
        request.LegalBasis = string.IsNullOrWhiteSpace(input.LegalBasis) ? null : input.LegalBasis.Trim();
        request.Cost = cost;
        request.NationalFunds = funding.National;
        request.PrefecturalFunds = funding.Prefectural;
        request.Bonds = funding.Bonds;
        request.OtherSpecificFunds = funding.OtherSpecific;
        return await SaveRequestAsync(request, input.Version, cancellationToken);
    }

    /// <summary>課長査定: 査定額 and comment per line, the assessed 財源内訳, by the 財政局 on a submitted request.</summary>
    public async Task<BudgetResult> AssessAsync(BudgetUser user, int requestId, AssessInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        // Line numbers in messages are the order the page shows.
        request.Lines.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("査定できるのは財政局の査定担当だけです。");
        }

        if (!await Assignments.ExaminerScope.InChargeAsync(db, user, await db.Projects.Where(p => p.Id == request.ProjectId).Select(p => p.OrgUnitId).FirstAsync(cancellationToken), request.Year, cancellationToken))
        {
            return BudgetResult.Deny(Assignments.ExaminerScope.NotInCharge);
        }

        if (request.Version != input.Version)
        {
            return BudgetResult.VersionConflict();
        }

        if (request.Status is not (RequestStatus.Submitted or RequestStatus.Assessed))
        {
            return BudgetResult.Deny($"「{StatusName(request.Status)}」の調書は査定できません（提出後、確定前に限ります）。");
        }

        var result = new BudgetResult();
        long total = 0;
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var given = input.Lines.FirstOrDefault(a => a.LineId == line.Id);
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (given is null)
            {
                result.Errors.Add(new FieldError($"assess-{line.Id}", $"{n}行目「{line.Item}」の査定額がありません。"));
                continue;
            }

            if (!Enum.IsDefined(given.Decision))
            {
                result.Errors.Add(new FieldError($"assess-{line.Id}-decision", $"{n}行目「{line.Item}」: 査定区分は計上・保留・ゼロ査定から選んでください。"));
                continue;
            }

            if (given.Decision == AssessDecision.Zero && given.AssessedAmount != 0)
            {
                result.Errors.Add(new FieldError($"assess-{line.Id}", $"{n}行目「{line.Item}」: ゼロ査定の査定額は0円です（{given.AssessedAmount:N0}円が入力されています）。"));
                continue;
            }

            if (given.AssessedAmount is < 0 or > BudgetMath.MaxAmount)
            {
                result.Errors.Add(new FieldError($"assess-{line.Id}", $"{n}行目「{line.Item}」: 査定額は0円以上1兆円以下で入力してください。"));
                continue;
            }

            if (given.Comment?.Length > 1000)
            {
                result.Errors.Add(new FieldError($"assess-{line.Id}-comment", $"{n}行目: 査定コメントは1000文字以内で入力してください。"));
            }

            total += given.AssessedAmount;
        }

        var funding = input.Funding;
        if (funding.National < 0 || funding.Prefectural < 0 || funding.Bonds < 0 || funding.OtherSpecific < 0)
        {
            result.Errors.Add(new FieldError("afund-national", "査定後の財源内訳: 特定財源に負の値は使えません。"));
        }
        else if (funding.GeneralFunds(total) < 0)
        {
            result.Errors.Add(new FieldError("afund-national",
                $"査定後の財源内訳: 特定財源の合計（{funding.Specific:N0}円）が査定額（{total:N0}円）を超えています。一般財源がマイナスになるため保存できません。"));
        }
        else if (await EntryAssessmentService.AssessedBondTotalAsync(db, request.Id, cancellationToken) is var bondEntries && bondEntries > funding.Bonds)
        {
            // 第4表 prints the 地方債 entries inside the 市債 column: the 査定 may not cut the 市債 below them.
            result.Errors.Add(new FieldError("afund-bonds",
                $"査定後の財源内訳「市債」: 地方債の限度額の合計（{bondEntries:N0}円）を下回ります。先に地方債を査定してください（継続費・債務負担行為などの画面）。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        foreach (var line in request.Lines)
        {
            var given = input.Lines.First(a => a.LineId == line.Id);
            db.Entry(line).Property(l => l.Version).OriginalValue = given.Version;
            line.AssessedAmount = given.AssessedAmount;
            line.Decision = given.Decision;
            line.AssessComment = string.IsNullOrWhiteSpace(given.Comment) ? null : given.Comment.Trim();
        }

        request.AssessedCost = total;
        request.AssessedNationalFunds = funding.National;
        request.AssessedPrefecturalFunds = funding.Prefectural;
        request.AssessedBonds = funding.Bonds;
        request.AssessedOtherSpecificFunds = funding.OtherSpecific;
        request.ReviewComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        request.Status = RequestStatus.Assessed;
        return await SaveRequestAsync(request, input.Version, cancellationToken);
    }

    /// <summary>Moves a request along the workflow when the user's role and 所属 permit it.</summary>
    public async Task<BudgetResult> TransitionAsync(BudgetUser user, int requestId, long version, WorkflowAction action, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).Include(r => r.Lines).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (request.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        var own = user.BelongsTo(request.Project!.OrgUnitId);
        if (request.Status >= RequestStatus.Submitted && Assignments.ExaminerScope.IsRestricted(user) && !await Assignments.ExaminerScope.InChargeAsync(db, user, request.Project.OrgUnitId, request.Year, cancellationToken))
        {
            // Every action from 提出 on is the 財政局's: only the examiners in charge of the 所属 take it.
            return BudgetResult.Deny(Assignments.ExaminerScope.NotInCharge);
        }


        // After the 内示 the 財政局 has told the 所属 its figures: sending a request back re-opens
        // them, which only examiners authorised to re-open may do (the audit log records who).
        var afterNaiji = await db.Stages.AnyAsync(s => s.Year == request.Year && s.Kind == StageKind.Naiji && s.ClosedAtUtc != null, cancellationToken);
        var (allowed, next, refusal) = (action, request.Status) switch
        {
            (WorkflowAction.Approve, RequestStatus.Draft) => (user.Can(BudgetPermissions.Approve) && own, RequestStatus.OrgApproved, "所属承認できるのは、事業の所属の承認者だけです。"),
            (WorkflowAction.Submit, RequestStatus.OrgApproved) => ((user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve)) && own, RequestStatus.Submitted, "提出できるのは、事業の所属の予算担当または承認者だけです。"),
            (WorkflowAction.Return, RequestStatus.OrgApproved) => ((user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve)) && own, RequestStatus.Draft, "差し戻せるのは、事業の所属の予算担当または承認者だけです。"),
            (WorkflowAction.Return, RequestStatus.Submitted or RequestStatus.Assessed) when !afterNaiji => (user.Can(BudgetPermissions.Review), RequestStatus.Draft, "提出後の調書を差し戻せるのは、財政局の査定担当だけです。"),
            (WorkflowAction.Return, RequestStatus.Submitted or RequestStatus.Assessed or RequestStatus.Confirmed) => (user.Can(BudgetPermissions.Review) && user.Can(BudgetPermissions.Reopen), RequestStatus.Draft, "内示の後に調書を差し戻して再開できるのは、再開を認められた財政局の査定担当だけです。"),
            (WorkflowAction.Confirm, RequestStatus.Assessed) => (user.Can(BudgetPermissions.Review), RequestStatus.Confirmed, "確定できるのは、財政局の査定担当だけです。"),
            _ => (false, request.Status, $"「{StatusName(request.Status)}」の調書には、この操作はできません。"),
        };
        if (!allowed)
        {
            return BudgetResult.Deny(refusal);
        }

        if (action == WorkflowAction.Approve && request.Lines.Count == 0)
        {
            var empty = new BudgetResult();
            empty.Errors.Add(new FieldError("lines", "積算行が1行もない調書は承認できません。"));
            return empty;
        }

        if (next == RequestStatus.Draft)
        {
            // Back to the 所属: the 査定 made so far is kept on the lines for reference but no longer counts.
            request.AssessedNationalFunds = request.AssessedPrefecturalFunds = request.AssessedBonds = request.AssessedOtherSpecificFunds = null;
            request.AssessedCost = null;
            foreach (var line in request.Lines)
            {
                line.AssessedAmount = null;
                line.Decision = null;
            }

            await EntryAssessmentService.ClearAsync(db, request.Id, cancellationToken);
        }

        request.Status = next;
        return await SaveRequestAsync(request, version, cancellationToken);
    }

    private async Task<BudgetResult> SaveRequestAsync(BudgetRequest request, long version, CancellationToken cancellationToken)
    {
        // Saving always bumps the request's version, so a 調書 is one document: a form drawn
        // before someone else's save is refused even if it touched other lines.
        request.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.Entry(request).Property(r => r.Version).OriginalValue = version;
        return await db.SaveOrConflictAsync(cancellationToken);
    }
}
