// 継続費・債務負担行為・繰越明許費・地方債 entries of a request. The 所属 edits them while the request
// is 作成中 (like its 積算); each entry is versioned. When a stage closes, the entries of the requests
// the stage covers are copied into StageEntries (one INSERT … SELECT in the closing transaction),
// and the book's 第2表・第3表・第4表 and 繰越明許費 table are printed from that copy.
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Text;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Requests;

public sealed record EntryInput(int? Id, long Version, EntryKind Kind, string? Title, long Amount, int? FromYear, int? ToYear,
    string? YearlyAmounts, string? Funding, string? Method, string? InterestRate, string? Repayment);

public sealed class RequestEntryService(BudgetDb db)
{
    public const string StandardBondMethod = "証書借入又は証券発行";
    public const string StandardBondRate = "年5.0%以内（ただし、利率見直し方式で借り入れる資金について、利率の見直しを行った後においては、当該見直し後の利率）";
    public const string StandardBondRepayment = "政府資金及び地方公共団体金融機構資金については、その融資条件により、銀行その他の場合にはその債権者と協定するところによる。ただし、市財政の都合により据置期間及び償還期限を短縮し、若しくは繰上償還又は低利に借換えすることができる。";

    public static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Continuing => "継続費",
        EntryKind.DebtBurden => "債務負担行為",
        EntryKind.CarryOver => "繰越明許費",
        _ => "地方債",
    };

    public async Task<IReadOnlyList<RequestEntry>> ListAsync(int requestId, CancellationToken cancellationToken = default) =>
        await db.Entries.AsNoTracking().Where(e => e.RequestId == requestId).OrderBy(e => e.Kind).ThenBy(e => e.SortOrder).ThenBy(e => e.Id).ToListAsync(cancellationToken);

    /// <summary>Adds (Id null) or updates one entry of a request in 作成中, for the 所属's 予算担当.</summary>
    public async Task<BudgetResult> SaveAsync(BudgetUser user, int requestId, EntryInput input, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(request.Project!.OrgUnitId))
        {
            return BudgetResult.Deny("継続費・債務負担行為などを編集できるのは、事業の所属の予算担当だけです。");
        }

        if (request.Status != RequestStatus.Draft)
        {
            return BudgetResult.Deny($"「{RequestService.StatusName(request.Status)}」の調書は編集できません。編集するには差し戻してください。");
        }

        RequestEntry? entry = null;
        if (input.Id is { } id)
        {
            entry = await db.Entries.FirstOrDefaultAsync(e => e.Id == id && e.RequestId == requestId, cancellationToken);
            if (entry is null)
            {
                return BudgetResult.VersionConflict();
            }

            if (entry.Version != input.Version)
            {
                return BudgetResult.VersionConflict();
            }
        }

        var result = new BudgetResult();
        var (normalizedYearly, errors) = Validate(input, request.Year);
        result.Errors.AddRange(errors);
        if (input.Kind == EntryKind.Bond && result.Succeeded)
        {
            var others = await db.Entries.Where(e => e.RequestId == requestId && e.Kind == EntryKind.Bond && e.Id != (input.Id ?? 0)).SumAsync(e => (long?)e.Amount, cancellationToken) ?? 0;
            if (others + input.Amount > request.Bonds)
            {
                result.Errors.Add(new FieldError("entry-amount",
                    $"「限度額」: 地方債の限度額の合計（{others + input.Amount:N0}円）が財源内訳の市債（{request.Bonds:N0}円）を超えます。先に財源内訳の市債を直してください。"));
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        if (entry is null)
        {
            var order = await db.Entries.Where(e => e.RequestId == requestId && e.Kind == input.Kind).MaxAsync(e => (int?)e.SortOrder, cancellationToken) ?? -1;
            entry = new RequestEntry { RequestId = requestId, Kind = input.Kind, SortOrder = order + 1 };
            db.Entries.Add(entry);
        }
        else
        {
            db.Entry(entry).Property(e => e.Version).OriginalValue = input.Version;
        }

        entry.Title = input.Title!.Trim();
        entry.Amount = input.Amount;
        var usesYears = input.Kind is EntryKind.Continuing or EntryKind.DebtBurden;
        entry.FromYear = usesYears ? input.FromYear : null;
        entry.ToYear = usesYears ? input.ToYear : null;
        entry.YearlyAmounts = input.Kind == EntryKind.Continuing ? normalizedYearly : null;
        entry.Funding = Clean(input.Funding);
        var bond = input.Kind == EntryKind.Bond;
        entry.Method = bond ? Clean(input.Method) ?? StandardBondMethod : null;
        entry.InterestRate = bond ? Clean(input.InterestRate) ?? StandardBondRate : null;
        entry.Repayment = bond ? Clean(input.Repayment) ?? StandardBondRepayment : null;
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    public async Task<BudgetResult> DeleteAsync(BudgetUser user, int requestId, int entryId, long version, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var entry = await db.Entries.FirstOrDefaultAsync(e => e.Id == entryId && e.RequestId == requestId, cancellationToken);
        if (request is null || entry is null)
        {
            return BudgetResult.VersionConflict();
        }

        if (!user.Can(BudgetPermissions.Request) || !user.BelongsTo(request.Project!.OrgUnitId) || request.Status != RequestStatus.Draft)
        {
            return BudgetResult.Deny("作成中の調書の継続費・債務負担行為などを削除できるのは、事業の所属の予算担当だけです。");
        }

        db.Entry(entry).Property(e => e.Version).OriginalValue = version;
        db.Entries.Remove(entry);
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>Checks an entry; returns the 年割額 normalised ("2027:100;2028:200") for 継続費.</summary>
    public static (string? Yearly, List<FieldError> Errors) Validate(EntryInput input, int requestYear)
    {
        var errors = new List<FieldError>();
        var kindName = KindName(input.Kind);
        if (!Enum.IsDefined(input.Kind))
        {
            errors.Add(new FieldError("entry-kind", "「種類」は継続費・債務負担行為・繰越明許費・地方債から選んでください。"));
            return (null, errors);
        }

        var titleLabel = input.Kind == EntryKind.Bond ? "起債の目的" : "事項";
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            errors.Add(new FieldError("entry-title", $"{kindName}: 「{titleLabel}」を200文字以内で入力してください。"));
        }

        var amountLabel = input.Kind switch { EntryKind.Continuing => "総額", EntryKind.CarryOver => "金額", _ => "限度額" };
        if (input.Amount is <= 0 or > BudgetMath.MaxAmount)
        {
            errors.Add(new FieldError("entry-amount", $"{kindName}: 「{amountLabel}」は1円以上1兆円以下で入力してください。"));
        }

        string? yearly = null;
        if (input.Kind is EntryKind.Continuing or EntryKind.DebtBurden)
        {
            var ys = requestYear.ToString(CultureInfo.InvariantCulture);
            if (input.FromYear is not { } from || input.ToYear is not { } to)
            {
                errors.Add(new FieldError("entry-from", $"{kindName}: 「期間」の開始年度と終了年度を入力してください。"));
            }
            else if (from < requestYear - 10 || to < from || to > requestYear + 30)
            {
                errors.Add(new FieldError("entry-from", $"{kindName}: 「期間」は開始年度≦終了年度で、{ys}年度の前後の妥当な年度にしてください（{from.ToString(CultureInfo.InvariantCulture)}～{to.ToString(CultureInfo.InvariantCulture)}）。"));
            }
            else if (input.Kind == EntryKind.Continuing)
            {
                if (to - from > 9)
                {
                    errors.Add(new FieldError("entry-from", "継続費: 年割額の年度は10年度までです。"));
                }
                else if (ParseYearly(input.YearlyAmounts, out var parts) is { } parseError)
                {
                    errors.Add(new FieldError("entry-yearly", $"継続費: 「年割額」{parseError}"));
                }
                else
                {
                    var outside = parts.Keys.Where(y => y < from || y > to).ToList();
                    if (outside.Count > 0)
                    {
                        errors.Add(new FieldError("entry-yearly", $"継続費: 「年割額」の{outside[0].ToString(CultureInfo.InvariantCulture)}年度は期間の外です。"));
                    }
                    else if (parts.Values.Sum() != input.Amount)
                    {
                        errors.Add(new FieldError("entry-yearly", $"継続費: 年割額の合計（{parts.Values.Sum():N0}円）が総額（{input.Amount:N0}円）と一致しません。"));
                    }
                    else
                    {
                        yearly = string.Join(';', parts.OrderBy(p => p.Key).Select(p => $"{p.Key.ToString(CultureInfo.InvariantCulture)}:{p.Value.ToString(CultureInfo.InvariantCulture)}"));
                    }
                }
            }
        }

        foreach (var (value, field, label, max) in new[] { (input.Funding, "entry-funding", "財源", 200), (input.Method, "entry-method", "起債の方法", 200), (input.InterestRate, "entry-rate", "利率", 300), (input.Repayment, "entry-repayment", "償還の方法", 500) })
        {
            if (value?.Trim().Length > max)
            {
                errors.Add(new FieldError(field, $"{kindName}: 「{label}」は{max.ToString(CultureInfo.InvariantCulture)}文字以内で入力してください。"));
            }
        }

        return (yearly, errors);
    }

    /// <summary>Reads 年割額 as "2027:120,000,000" pairs, one a line (or separated by ";"); "2027年度 120000000" also works.</summary>
    public static string? ParseYearly(string? text, out SortedDictionary<int, long> parts)
    {
        parts = [];
        var normalized = JapaneseText.Nfkc(text ?? "");
        foreach (var raw in normalized.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var piece = raw.Replace("年度", ":", StringComparison.Ordinal).Replace("円", "", StringComparison.Ordinal);
            var at = piece.IndexOf(':', StringComparison.Ordinal);
            if (at <= 0
                || !int.TryParse(piece[..at].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !long.TryParse(piece[(at + 1)..].Trim().TrimStart(':').Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return $"の「{raw}」は読めません。1行に「年度:金額」（例：2027:120,000,000）で入力してください。";
            }

            if (!parts.TryAdd(year, amount))
            {
                return $"の{year.ToString(CultureInfo.InvariantCulture)}年度が2回あります。";
            }
        }

        return parts.Count == 0 ? "を1年度以上入力してください（例：2027:120,000,000）。" : null;
    }

    /// <summary>"2027年度 120,000,000円、2028年度 80,000,000円".</summary>
    public static string YearlyText(string? stored)
    {
        if (string.IsNullOrEmpty(stored) || ParseYearly(stored, out var parts) is not null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var (year, amount) in parts)
        {
            text.Append(text.Length == 0 ? "" : "、").Append(year.ToString(CultureInfo.InvariantCulture)).Append("年度 ").Append(amount.ToString("#,##0", CultureInfo.InvariantCulture)).Append('円');
        }

        return text.ToString();
    }

    /// <summary>A new year's request starts with last year's 継続費・債務負担行為・地方債 (not its 繰越明許費).</summary>
    public static async Task CopyFromAsync(BudgetDb db, int fromRequestId, int toRequestId, CancellationToken cancellationToken)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.RequestId == fromRequestId && e.Kind != EntryKind.CarryOver).ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return;
        }

        db.Entries.AddRange(entries.Select(e => new RequestEntry
        {
            RequestId = toRequestId, Kind = e.Kind, Title = e.Title, Amount = e.Amount, FromYear = e.FromYear, ToYear = e.ToYear, YearlyAmounts = e.YearlyAmounts,
            Funding = e.Funding, Method = e.Method, InterestRate = e.InterestRate, Repayment = e.Repayment, SortOrder = e.SortOrder,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Copies the entries of the requests a closing stage covers (status ≥ minStatus) into StageEntries; part of the closing transaction.
    /// With <paramref name="assessed"/> (課長査定 on) an assessed entry is copied with its 査定 figures and a ゼロ査定 entry is left out.
    /// </summary>
    public static async Task SnapshotAsync(BudgetDb db, int stageId, int year, int minStatus, bool assessed, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Table<T>() => sql.DelimitIdentifier(db.Model.FindEntityType(typeof(T))!.GetTableName()!, db.Model.FindEntityType(typeof(T))!.GetSchema());
        string C(string column) => sql.DelimitIdentifier(column);
        string[] copied = ["Kind", "Title", "Amount", "FromYear", "ToYear", "YearlyAmounts", "Funding", "Method", "InterestRate", "Repayment", "SortOrder"];
        var columns = string.Join(", ", copied.Select(C));
        var i = CultureInfo.InvariantCulture;
        var zero = ((int)AssessDecision.Zero).ToString(i);
        string Value(string column) => assessed && column is "Amount" or "FromYear" or "ToYear" or "YearlyAmounts"
            ? $"CASE WHEN e.{C("Decision")} IS NULL THEN e.{C(column)} ELSE e.{C("Assessed" + column)} END"
            : "e." + C(column);
        var values = string.Join(", ", copied.Select(Value));
        var excluded = assessed ? $" AND (e.{C("Decision")} IS NULL OR e.{C("Decision")} <> {zero})" : "";

        // Identifiers come from the EF model and the values are integers formatted here: no user text reaches the SQL.
#pragma warning disable EF1002, EF1003
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {Table<StageEntry>()} ({C("StageId")}, {C("ProjectId")}, {columns}) " +
            $"SELECT {stageId.ToString(i)}, r.{C("ProjectId")}, {values} FROM {Table<RequestEntry>()} e " +
            $"JOIN {Table<BudgetRequest>()} r ON r.{C("Id")} = e.{C("RequestId")} " +
            $"WHERE r.{C("Year")} = {year.ToString(i)} AND r.{C("Status")} >= {minStatus.ToString(i)}{excluded}",
            cancellationToken);
#pragma warning restore EF1002, EF1003
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
