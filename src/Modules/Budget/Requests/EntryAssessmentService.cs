// 査定 of 継続費・債務負担行為・繰越明許費・地方債 entries (fourth slice). The examiner in charge of the
// 所属 assesses each entry of a submitted request on its own: 計上 (with the 査定額, and for 継続費 and
// 債務負担行為 the 期間 and 年割額), 保留 or ゼロ査定, with a comment. Each entry is versioned; the
// platform's interceptor audits every save. From 課長査定 on, the stage snapshots (and so the book's
// 第2表・第3表・第4表) take the 査定 figures; an entry not assessed keeps the 所属's figures, a ゼロ査定
// entry is left out. Sending the request back (差戻し) clears the 査定 (the comment stays for reference).
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>査定 of one entry. Amount is ignored (0) for ゼロ査定; FromYear/ToYear/YearlyAmounts default to the request's.</summary>
public sealed record EntryAssessmentInput(long Version, AssessDecision Decision, long AssessedAmount, int? FromYear, int? ToYear, string? YearlyAmounts, string? Comment);

/// <summary>The figures of an entry a stage records: the 査定 ones once assessed, else the request's.</summary>
public sealed record EffectiveEntry(long Amount, int? FromYear, int? ToYear, string? YearlyAmounts, bool Included);

public sealed class EntryAssessmentService(BudgetDb db)
{
    public static string DecisionName(AssessDecision? decision) => decision switch
    {
        AssessDecision.Adopted => "計上",
        AssessDecision.Held => "保留",
        AssessDecision.Zero => "ゼロ査定",
        _ => "未査定",
    };

    /// <summary>The figures that count for the book from 課長査定 on.</summary>
    public static EffectiveEntry Effective(RequestEntry e) => e.Decision switch
    {
        null => new(e.Amount, e.FromYear, e.ToYear, e.YearlyAmounts, true),
        AssessDecision.Zero => new(0, e.FromYear, e.ToYear, null, false),
        _ => new(e.AssessedAmount ?? e.Amount, e.AssessedFromYear, e.AssessedToYear, e.AssessedYearlyAmounts, true),
    };

    /// <summary>Whether the user may assess the entries of the request now (examiner in charge, 提出 or 課長査定).</summary>
    public async Task<string?> RefusalAsync(BudgetUser user, BudgetRequest request, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return "継続費・債務負担行為などを査定できるのは財政局の査定担当だけです。";
        }

        var org = await db.Projects.Where(p => p.Id == request.ProjectId).Select(p => p.OrgUnitId).FirstAsync(cancellationToken);
        if (!await Assignments.ExaminerScope.InChargeAsync(db, user, org, request.Year, cancellationToken))
        {
            return Assignments.ExaminerScope.NotInCharge;
        }

        return request.Status is RequestStatus.Submitted or RequestStatus.Assessed
            ? null
            : $"「{RequestService.StatusName(request.Status)}」の調書の継続費・債務負担行為などは査定できません（提出後、確定前に限ります）。";
    }

    public async Task<BudgetResult> AssessAsync(BudgetUser user, int requestId, int entryId, EntryAssessmentInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (await RefusalAsync(user, request, cancellationToken) is { } refusal)
        {
            return BudgetResult.Deny(refusal);
        }

        var entry = await db.Entries.FirstOrDefaultAsync(e => e.Id == entryId && e.RequestId == requestId, cancellationToken);
        if (entry is null || entry.Version != input.Version)
        {
            return BudgetResult.VersionConflict();
        }

        var prefix = $"eassess-{entryId.ToString(CultureInfo.InvariantCulture)}-";
        var result = new BudgetResult();
        var kindName = RequestEntryService.KindName(entry.Kind);
        if (!Enum.IsDefined(input.Decision))
        {
            result.Errors.Add(new FieldError(prefix + "decision", $"{kindName}「{entry.Title}」: 査定区分は計上・保留・ゼロ査定から選んでください。"));
            return result;
        }

        if (input.Comment?.Trim().Length > 1000)
        {
            result.Errors.Add(new FieldError(prefix + "comment", $"{kindName}「{entry.Title}」: 査定コメントは1000文字以内で入力してください。"));
        }

        var usesYears = entry.Kind is EntryKind.Continuing or EntryKind.DebtBurden;
        var from = usesYears ? input.FromYear ?? entry.FromYear : null;
        var to = usesYears ? input.ToYear ?? entry.ToYear : null;
        string? yearly = null;
        if (input.Decision == AssessDecision.Zero)
        {
            if (input.AssessedAmount != 0)
            {
                result.Errors.Add(new FieldError(prefix + "amount", $"{kindName}「{entry.Title}」: ゼロ査定の査定額は0円です（{input.AssessedAmount:N0}円が入力されています）。"));
            }
        }
        else
        {
            var yearlyText = entry.Kind == EntryKind.Continuing ? (string.IsNullOrWhiteSpace(input.YearlyAmounts) ? entry.YearlyAmounts : input.YearlyAmounts) : null;
            var check = new EntryInput(entry.Id, entry.Version, entry.Kind, entry.Title, input.AssessedAmount, from, to, yearlyText, null, null, null, null);
            var (normalized, errors) = RequestEntryService.Validate(check, request.Year);
            foreach (var error in errors)
            {
                result.Errors.Add(new FieldError(prefix + error.FieldId["entry-".Length..], "査定 " + error.Message.Replace("「総額」", "「査定総額」", StringComparison.Ordinal).Replace("「限度額」", "「査定限度額」", StringComparison.Ordinal).Replace("「金額」", "「査定額」", StringComparison.Ordinal)));
            }

            yearly = normalized;
            if (entry.Kind == EntryKind.Bond && errors.Count == 0)
            {
                var bonds = request.AssessedBonds ?? request.Bonds;
                var others = (await db.Entries.AsNoTracking().Where(e => e.RequestId == requestId && e.Kind == EntryKind.Bond && e.Id != entryId).ToListAsync(cancellationToken))
                    .Select(Effective).Where(x => x.Included).Sum(x => x.Amount);
                if (others + input.AssessedAmount > bonds)
                {
                    result.Errors.Add(new FieldError(prefix + "amount",
                        $"地方債「{entry.Title}」: 査定限度額の合計（{others + input.AssessedAmount:N0}円）が{(request.AssessedBonds is null ? "財源内訳" : "査定後の財源内訳")}の市債（{bonds:N0}円）を超えます。"));
                }
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        db.Entry(entry).Property(e => e.Version).OriginalValue = input.Version;
        entry.Decision = input.Decision;
        entry.AssessedAmount = input.Decision == AssessDecision.Zero ? 0 : input.AssessedAmount;
        entry.AssessedFromYear = from;
        entry.AssessedToYear = to;
        entry.AssessedYearlyAmounts = input.Decision == AssessDecision.Zero ? null : yearly;
        entry.AssessComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>Σ of the 地方債 entries' figures that count after 査定 (for the request's 査定 of its 市債).</summary>
    public static async Task<long> AssessedBondTotalAsync(BudgetDb db, int requestId, CancellationToken cancellationToken) =>
        (await db.Entries.AsNoTracking().Where(e => e.RequestId == requestId && e.Kind == EntryKind.Bond).ToListAsync(cancellationToken))
            .Select(Effective).Where(x => x.Included).Sum(x => x.Amount);

    /// <summary>差戻し: the entries' 査定 no longer counts (the comment stays for reference); tracked, saved with the request.</summary>
    public static async Task ClearAsync(BudgetDb db, int requestId, CancellationToken cancellationToken)
    {
        foreach (var entry in await db.Entries.Where(e => e.RequestId == requestId && e.Decision != null).ToListAsync(cancellationToken))
        {
            entry.Decision = null;
            entry.AssessedAmount = null;
            entry.AssessedFromYear = entry.AssessedToYear = null;
            entry.AssessedYearlyAmounts = null;
        }
    }
}
