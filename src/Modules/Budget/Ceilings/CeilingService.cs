// シーリング: the 一般財源 each 所属 may request in a year. The adopted plan is the year's Ceiling
// rows (what the request pages and the progress board read); what-if plans are named copies that
// the 財政局 edits, compares with the adopted plan and may adopt. Transfers move ceiling between
// two 区 so that the 区 total never changes. Every write goes through EF and is audited.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Organization;
using OsakaDx.Platform.Text;
using OsakaDx.Modules.Budget.Pages;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Ceilings;

/// <summary>One 所属's ceiling in a plan, beside the 一般財源 it requests.</summary>
public sealed record CeilingRow(int OrgUnitId, string Code, string Name, bool IsWard, long? Limit, long Version, long GeneralFundsRequested)
{
    /// <summary>シーリング − 要求 (negative = over the ceiling).</summary>
    public long? Remaining => Limit is { } l ? l - GeneralFundsRequested : null;

    public bool Exceeded => Remaining < 0;
}

public sealed record CeilingPlanView(int Year, CeilingPlan? Plan, IReadOnlyList<CeilingRow> Rows)
{
    /// <summary>Name shown for the plan: 「採用中のシーリング」 for the adopted one.</summary>
    public string Name => Plan?.Name ?? "採用中のシーリング";

    public bool Editable => Plan is null || Plan.AdoptedAtUtc is null;

    public long Total => Rows.Sum(r => r.Limit ?? 0);

    public long WardTotal => Rows.Where(r => r.IsWard).Sum(r => r.Limit ?? 0);

    public long RequestedTotal => Rows.Sum(r => r.GeneralFundsRequested);
}

public sealed record CeilingChange(int OrgUnitId, long Amount, long Version);

public sealed record CeilingCompareRow(int OrgUnitId, string Name, bool IsWard, long Adopted, long WhatIf)
{
    public long Difference => WhatIf - Adopted;
}

public sealed record TransferView(CeilingTransfer Transfer, string From, string To);

public sealed partial class CeilingService(BudgetDb db, OrgDirectory orgs, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> ImportHeaders = ["所属コード", "一般財源シーリング"];

    /// <summary>The export's columns (yen). The first and fourth are the import's, so an exported file imports back as it is.</summary>
    public static readonly IReadOnlyList<string> ExportHeaders = ["所属コード", "所属名", "区", "一般財源シーリング", "一般財源 要求額", "差引（△は超過）"];

    public async Task<IReadOnlyList<CeilingPlan>> PlansAsync(int year, CancellationToken cancellationToken = default) =>
        await db.CeilingPlans.AsNoTracking().Where(p => p.Year == year).OrderBy(p => p.Id).ToListAsync(cancellationToken);

    /// <summary>The adopted ceilings (planId null) or a what-if plan, for every 所属, with the 一般財源 each requests.</summary>
    public async Task<CeilingPlanView?> LoadAsync(int year, int? planId, CancellationToken cancellationToken = default)
    {
        CeilingPlan? plan = null;
        Dictionary<int, (long Limit, long Version)> limits;
        if (planId is { } id)
        {
            plan = await db.CeilingPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.Year == year, cancellationToken);
            if (plan is null)
            {
                return null;
            }

            limits = await db.CeilingPlanEntries.AsNoTracking().Where(e => e.PlanId == id)
                .ToDictionaryAsync(e => e.OrgUnitId, e => (e.GeneralFundLimit, e.Version), cancellationToken);
        }
        else
        {
            limits = await db.Ceilings.AsNoTracking().Where(c => c.Year == year)
                .ToDictionaryAsync(c => c.OrgUnitId, c => (c.GeneralFundLimit, c.Version), cancellationToken);
        }

        var requested = await RequestedAsync(year, cancellationToken);
        var rows = new List<CeilingRow>();
        foreach (var org in await orgs.ShozokuAsync(cancellationToken))
        {
            var has = limits.TryGetValue(org.Id, out var l);
            rows.Add(new CeilingRow(org.Id, org.Code, org.Name, org.Kind == OrgKind.WardOffice, has ? l.Limit : null, has ? l.Version : 0, requested.GetValueOrDefault(org.Id)));
        }

        return new CeilingPlanView(year, plan, rows);
    }

    /// <summary>Σ(事業費 − 特定財源) per 所属 over the year's requests (one row per request).</summary>
    public async Task<Dictionary<int, long>> RequestedAsync(int year, CancellationToken cancellationToken = default) =>
        await db.Requests.AsNoTracking().Where(r => r.Year == year).GroupBy(r => r.Project!.OrgUnitId)
            .Select(g => new { g.Key, Sum = g.Sum(r => r.Cost - r.NationalFunds - r.PrefecturalFunds - r.Bonds - r.OtherSpecificFunds) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, cancellationToken);

    private static BudgetResult? Refuse(BudgetUser user) =>
        user.Can(BudgetPermissions.Review) ? null : BudgetResult.Deny("シーリングを設定できるのは財政局だけです。");

    private async Task<(CeilingPlan? Plan, BudgetResult? Refusal)> EditablePlanAsync(int year, int? planId, CancellationToken cancellationToken)
    {
        if (planId is not { } id)
        {
            return (null, null);
        }

        var plan = await db.CeilingPlans.FirstOrDefaultAsync(p => p.Id == id && p.Year == year, cancellationToken);
        if (plan is null)
        {
            return (null, BudgetResult.Deny("指定された試算案はありません。"));
        }

        return plan.AdoptedAtUtc is null ? (plan, null) : (plan, BudgetResult.Deny($"試算案「{plan.Name}」は採用済みのため変更できません。"));
    }

    /// <summary>Sets ceilings of several 所属 at once; each change carries the version the page showed (0 for a 所属 without a ceiling yet).</summary>
    public async Task<BudgetResult> SetAsync(BudgetUser user, int year, int? planId, IReadOnlyList<CeilingChange> changes, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        var (plan, refusal) = await EditablePlanAsync(year, planId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var shozoku = (await orgs.ShozokuAsync(cancellationToken)).ToDictionary(o => o.Id);
        var result = new BudgetResult();
        foreach (var c in changes)
        {
            if (!shozoku.TryGetValue(c.OrgUnitId, out var org))
            {
                result.Errors.Add(new FieldError("ceilings", $"所属 {c.OrgUnitId.ToString(CultureInfo.InvariantCulture)} はありません。"));
            }
            else if (c.Amount < 0 || c.Amount > BudgetMath.MaxAmount * 10)
            {
                result.Errors.Add(new FieldError($"limit-{c.OrgUnitId.ToString(CultureInfo.InvariantCulture)}", $"「{org.Name}」のシーリングは0円以上、10兆円以下で入力してください。"));
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        foreach (var c in changes)
        {
            if (!await ApplyAsync(year, plan, c.OrgUnitId, c.Amount, c.Version, cancellationToken))
            {
                db.ChangeTracker.Clear();
                return BudgetResult.VersionConflict();
            }
        }

        return await SaveAsync(cancellationToken);
    }

    /// <summary>Stages one ceiling value (tracked, unsaved); false when the version is stale.</summary>
    private async Task<bool> ApplyAsync(int year, CeilingPlan? plan, int orgUnitId, long amount, long version, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            var row = await db.Ceilings.FirstOrDefaultAsync(c => c.Year == year && c.OrgUnitId == orgUnitId, cancellationToken);
            if (row is null)
            {
                if (version != 0)
                {
                    return false;
                }

                db.Ceilings.Add(new Ceiling { Year = year, OrgUnitId = orgUnitId, GeneralFundLimit = amount });
                return true;
            }

            if (row.Version != version)
            {
                return false;
            }

            if (row.GeneralFundLimit != amount)
            {
                row.GeneralFundLimit = amount;
                db.Entry(row).Property(r => r.Version).OriginalValue = version;
            }

            return true;
        }

        var entry = await db.CeilingPlanEntries.FirstOrDefaultAsync(e => e.PlanId == plan.Id && e.OrgUnitId == orgUnitId, cancellationToken);
        if (entry is null)
        {
            if (version != 0)
            {
                return false;
            }

            db.CeilingPlanEntries.Add(new CeilingPlanEntry { PlanId = plan.Id, OrgUnitId = orgUnitId, GeneralFundLimit = amount });
            return true;
        }

        if (entry.Version != version)
        {
            return false;
        }

        if (entry.GeneralFundLimit != amount)
        {
            entry.GeneralFundLimit = amount;
            db.Entry(entry).Property(r => r.Version).OriginalValue = version;
        }

        return true;
    }

    private async Task<BudgetResult> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return BudgetResult.Ok();
        }
        catch (DbUpdateException)
        {
            // A concurrency failure, or a unique index hit by a simultaneous first save of the same 所属.
            db.ChangeTracker.Clear();
            return BudgetResult.VersionConflict();
        }
    }

    /// <summary>
    /// Moves <paramref name="amount"/> of ceiling from one 区 to another, with a reason. Both rows
    /// change in one transaction with their versions checked, so the 区 total stays the same.
    /// </summary>
    public async Task<BudgetResult> TransferAsync(BudgetUser user, int year, int? planId, int fromOrg, int toOrg, long amount, string? reason, long fromVersion, long toVersion, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        var (plan, refusal) = await EditablePlanAsync(year, planId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await LoadAsync(year, planId, cancellationToken);
        var rows = view!.Rows.ToDictionary(r => r.OrgUnitId);
        var result = new BudgetResult();
        rows.TryGetValue(fromOrg, out var from);
        rows.TryGetValue(toOrg, out var to);
        if (from is null || !from.IsWard)
        {
            result.Errors.Add(new FieldError("transfer-from", "「移す元の区」は区役所を選んでください。"));
        }

        if (to is null || !to.IsWard)
        {
            result.Errors.Add(new FieldError("transfer-to", "「移す先の区」は区役所を選んでください。"));
        }
        else if (fromOrg == toOrg)
        {
            result.Errors.Add(new FieldError("transfer-to", "「移す先の区」は移す元と別の区を選んでください。"));
        }

        if (amount <= 0)
        {
            result.Errors.Add(new FieldError("transfer-amount", "「移す額」は1円以上で入力してください。"));
        }
        else if (from is { IsWard: true } && amount > (from.Limit ?? 0))
        {
            result.Errors.Add(new FieldError("transfer-amount", $"「移す額」が{from.Name}のシーリング（{BudgetUi.Yen(from.Limit ?? 0)}円）を超えています。"));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            result.Errors.Add(new FieldError("transfer-reason", "「理由」を入力してください。"));
        }
        else if (reason.Trim().Length > 500)
        {
            result.Errors.Add(new FieldError("transfer-reason", "「理由」は500文字以内で入力してください。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        if (!await ApplyAsync(year, plan, fromOrg, from!.Limit!.Value - amount, fromVersion, cancellationToken)
            || !await ApplyAsync(year, plan, toOrg, (to!.Limit ?? 0) + amount, toVersion, cancellationToken))
        {
            db.ChangeTracker.Clear();
            return BudgetResult.VersionConflict();
        }

        db.CeilingTransfers.Add(new CeilingTransfer
        {
            Year = year, PlanId = plan?.Id, FromOrgUnitId = fromOrg, ToOrgUnitId = toOrg, Amount = amount, Reason = reason!.Trim(),
            By = user.Name, AtUtc = clock.GetUtcNow().UtcDateTime,
        });
        return await SaveAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TransferView>> TransfersAsync(int year, int? planId, CancellationToken cancellationToken = default)
    {
        var list = await db.CeilingTransfers.AsNoTracking().Where(t => t.Year == year && t.PlanId == planId).OrderByDescending(t => t.Id).Take(100).ToListAsync(cancellationToken);
        var result = new List<TransferView>();
        foreach (var t in list)
        {
            result.Add(new TransferView(t, await orgs.NameAsync(t.FromOrgUnitId, cancellationToken), await orgs.NameAsync(t.ToOrgUnitId, cancellationToken)));
        }

        return result;
    }

    /// <summary>Copies the adopted ceilings into a new named what-if plan.</summary>
    public async Task<(BudgetResult Result, int PlanId)> CopyAsync(BudgetUser user, int year, string? name, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return (refused, 0);
        }

        var trimmed = name?.Trim() ?? "";
        var result = new BudgetResult();
        if (trimmed.Length == 0)
        {
            result.Errors.Add(new FieldError("plan-name", "「試算案の名前」を入力してください。"));
        }
        else if (trimmed.Length > 100)
        {
            result.Errors.Add(new FieldError("plan-name", "「試算案の名前」は100文字以内で入力してください。"));
        }
        else if (await db.CeilingPlans.AnyAsync(p => p.Year == year && p.Name == trimmed, cancellationToken))
        {
            result.Errors.Add(new FieldError("plan-name", $"「{trimmed}」という試算案はこの年度にすでにあります。別の名前にしてください。"));
        }

        if (!result.Succeeded)
        {
            return (result, 0);
        }

        var plan = new CeilingPlan { Year = year, Name = trimmed, CreatedBy = user.Name, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.CeilingPlans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        var adopted = await db.Ceilings.AsNoTracking().Where(c => c.Year == year).ToListAsync(cancellationToken);
        db.CeilingPlanEntries.AddRange(adopted.Select(c => new CeilingPlanEntry { PlanId = plan.Id, OrgUnitId = c.OrgUnitId, GeneralFundLimit = c.GeneralFundLimit }));
        await db.SaveChangesAsync(cancellationToken);
        return (BudgetResult.Ok(), plan.Id);
    }

    /// <summary>The what-if plan beside the adopted ceilings, per 所属 (only 所属 with a ceiling in either).</summary>
    public async Task<IReadOnlyList<CeilingCompareRow>> CompareAsync(int year, int planId, CancellationToken cancellationToken = default)
    {
        var adopted = await LoadAsync(year, null, cancellationToken);
        var whatIf = await LoadAsync(year, planId, cancellationToken);
        if (adopted is null || whatIf is null)
        {
            return [];
        }

        var other = whatIf.Rows.ToDictionary(r => r.OrgUnitId);
        return [.. adopted.Rows.Where(r => r.Limit is not null || other[r.OrgUnitId].Limit is not null)
            .Select(r => new CeilingCompareRow(r.OrgUnitId, r.Name, r.IsWard, r.Limit ?? 0, other[r.OrgUnitId].Limit ?? 0))];
    }

    /// <summary>Adopts a what-if plan: its figures replace the year's ceilings (each change audited); the plan is then read-only.</summary>
    public async Task<BudgetResult> AdoptAsync(BudgetUser user, int planId, long version, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        var plan = await db.CeilingPlans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return BudgetResult.Deny("指定された試算案はありません。");
        }

        if (plan.AdoptedAtUtc is not null)
        {
            return BudgetResult.Deny($"試算案「{plan.Name}」はすでに採用されています。");
        }

        if (plan.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        var entries = await db.CeilingPlanEntries.AsNoTracking().Where(e => e.PlanId == planId).ToDictionaryAsync(e => e.OrgUnitId, cancellationToken);
        var current = await db.Ceilings.Where(c => c.Year == plan.Year).ToListAsync(cancellationToken);
        foreach (var c in current)
        {
            if (!entries.Remove(c.OrgUnitId, out var e))
            {
                db.Ceilings.Remove(c);
            }
            else if (c.GeneralFundLimit != e.GeneralFundLimit)
            {
                c.GeneralFundLimit = e.GeneralFundLimit;
            }
        }

        db.Ceilings.AddRange(entries.Values.Select(e => new Ceiling { Year = plan.Year, OrgUnitId = e.OrgUnitId, GeneralFundLimit = e.GeneralFundLimit }));
        plan.AdoptedAtUtc = clock.GetUtcNow().UtcDateTime;
        plan.AdoptedBy = user.Name;
        db.Entry(plan).Property(p => p.Version).OriginalValue = version;
        return await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Imports ceilings from CSV (UTF-8 or Shift_JIS) or .xlsx (first sheet): 所属コード and
    /// 一般財源シーリング per line. All or nothing; errors name the line and column.
    /// </summary>
    public async Task<(BudgetResult Result, IReadOnlyList<string> Errors, int Rows)> ImportAsync(BudgetUser user, int year, int? planId, Stream input, string fileName, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return (refused, [refused.Forbidden!], 0);
        }

        var (plan, refusal) = await EditablePlanAsync(year, planId, cancellationToken);
        if (refusal is not null)
        {
            return (refusal, [refusal.Forbidden!], 0);
        }

        List<(int Line, IReadOnlyList<string> Headers, Func<string, string> Field)> records;
        try
        {
            records = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? SimpleXlsx.Read(input) : ReadCsv(input);
        }
        catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or FileFormatException)
        {
            return (new BudgetResult { Errors = { new FieldError("File", ex.Message) } }, [$"ファイルを読めません: {ex.Message}"], 0);
        }

        var errors = new List<string>();
        if (records.Count == 0 || records.All(r => string.IsNullOrWhiteSpace(r.Field("一般財源シーリング"))))
        {
            errors.Add($"取り込む行がありません（1行目は見出し: {string.Join("、", ImportHeaders)}）。");
        }
        else
        {
            foreach (var h in ImportHeaders.Where(h => !records[0].Headers.Contains(h)))
            {
                errors.Add($"1行目: 見出しに「{h}」の列がありません。必要な列: {string.Join("、", ImportHeaders)}");
            }
        }

        var byCode = (await orgs.ShozokuAsync(cancellationToken)).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var parsed = new Dictionary<int, (int Line, long Amount)>();
        if (errors.Count == 0)
        {
            foreach (var (line, _, field) in records)
            {
                var code = JapaneseText.Nfkc(field("所属コード")).Trim();
                var amountText = field("一般財源シーリング");
                if (code.Length == 0 || string.IsNullOrWhiteSpace(amountText))
                {
                    // A total row (no code) or a 所属 left without a ceiling: nothing to set.
                    continue;
                }
                if (!byCode.TryGetValue(code, out var org))
                {
                    errors.Add($"{line}行目「所属コード」列: 「{code}」という所属（局・室・区役所）はありません。");
                    continue;
                }

                if (!Yen.TryParse(amountText, out var yen) || yen.Value < 0)
                {
                    errors.Add($"{line}行目「一般財源シーリング」列: 「{amountText}」は0以上の整数（円）として読めません。");
                    continue;
                }

                if (parsed.TryGetValue(org.Id, out var first))
                {
                    errors.Add($"{line}行目「所属コード」列: 「{code}」は{first.Line}行目にもあります。");
                    continue;
                }

                parsed[org.Id] = (line, yen.Value);
            }
        }

        if (errors.Count > 0)
        {
            var failed = new BudgetResult();
            failed.Errors.AddRange(errors.Select(e => new FieldError("File", e)));
            return (failed, errors, 0);
        }

        foreach (var (org, (_, amount)) in parsed)
        {
            // The file is the latest word: versions are taken as they are now.
            var version = plan is null
                ? await db.Ceilings.Where(c => c.Year == year && c.OrgUnitId == org).Select(c => (long?)c.Version).FirstOrDefaultAsync(cancellationToken) ?? 0
                : await db.CeilingPlanEntries.Where(e => e.PlanId == plan.Id && e.OrgUnitId == org).Select(e => (long?)e.Version).FirstOrDefaultAsync(cancellationToken) ?? 0;
            await ApplyAsync(year, plan, org, amount, version, cancellationToken);
        }

        var saved = await SaveAsync(cancellationToken);
        return (saved, saved.Succeeded ? [] : [ConflictText], saved.Succeeded ? parsed.Count : 0);
    }

    public const string ConflictText = "他の職員が先にシーリングを更新しました。最新の内容を表示しています。もう一度操作してください。";

    private static List<(int, IReadOnlyList<string>, Func<string, string>)> ReadCsv(Stream input)
    {
        var table = CsvReader.Read(input);
        return [.. table.Rows.Select(r => (r.LineNumber, table.Headers, (Func<string, string>)(h => table.Headers.Contains(h) ? r[h] : "")))];
    }

    public static byte[] ToCsv(CeilingPlanView view, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray(ExportHeaders, view.Rows.Select(r => (IReadOnlyList<string?>)[r.Code, r.Name, r.IsWard ? "区" : "",
            r.Limit?.ToString(CultureInfo.InvariantCulture) ?? "", r.GeneralFundsRequested.ToString(CultureInfo.InvariantCulture), r.Remaining?.ToString(CultureInfo.InvariantCulture) ?? ""]), encoding);

    public static byte[] ToXlsx(CeilingPlanView view)
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("シーリング");
        sheet.AddHeader([.. ExportHeaders]);
        foreach (var r in view.Rows)
        {
            sheet.AddRow(r.Code, r.Name, r.IsWard ? "区" : "", r.Limit is { } l ? new Yen(l) : "", new Yen(r.GeneralFundsRequested), r.Remaining is { } d ? new Yen(d) : "");
        }

        sheet.AddRow("", "合計", "", new Yen(view.Total), new Yen(view.RequestedTotal), new Yen(view.Total - view.RequestedTotal));
        return writer.ToArray();
    }
}
