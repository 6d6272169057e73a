// 担当査定者: which 財政局 examiners are in charge of which 所属 in a year's cycle. An examiner
// (budget.review without budget.admin) reads, hears and 査定s only the requests of the 所属 in
// their charge (and of their own 所属); budget admins act for every 所属.
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Text;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Assignments;

/// <summary>Who may see or examine which 所属's requests; the checks every page, API and service call.</summary>
public static class ExaminerScope
{
    /// <summary>An examiner whose reach is limited to the 所属 assigned to them.</summary>
    public static bool IsRestricted(BudgetUser user) =>
        user.Permissions.Contains(BudgetPermissions.Review) && !user.Permissions.Contains(BudgetPermissions.Admin);

    /// <summary>The user is the 担当査定者 of the 所属 in the year (or a budget admin).</summary>
    public static async Task<bool> InChargeAsync(BudgetDb db, BudgetUser user, int orgUnitId, int year, CancellationToken cancellationToken = default) =>
        user.Permissions.Contains(BudgetPermissions.Admin)
        || await db.ExaminerAssignments.AnyAsync(a => a.Year == year && a.OrgUnitId == orgUnitId && a.UserName == user.Name, cancellationToken);

    /// <summary>Reading a 所属's requests: everyone with budget.read except examiners outside their charge.</summary>
    public static async Task<bool> CanReadAsync(BudgetDb db, BudgetUser user, int orgUnitId, int year, CancellationToken cancellationToken = default) =>
        !IsRestricted(user) || user.OrgUnitId == orgUnitId || await InChargeAsync(db, user, orgUnitId, year, cancellationToken);

    /// <summary>The 所属 whose requests the user may read in the year; null = all.</summary>
    public static async Task<HashSet<int>?> ReadableAsync(BudgetDb db, BudgetUser user, int year, CancellationToken cancellationToken = default)
    {
        if (!IsRestricted(user))
        {
            return null;
        }

        var set = (await db.ExaminerAssignments.AsNoTracking().Where(a => a.Year == year && a.UserName == user.Name).Select(a => a.OrgUnitId).ToListAsync(cancellationToken)).ToHashSet();
        if (user.OrgUnitId is { } own)
        {
            set.Add(own);
        }

        return set;
    }

    public const string NotInCharge = "この所属の担当査定者ではないため、この操作はできません（担当は財政局の管理者が割り当てます）。";
}

public sealed record AssignmentRow(int Id, int OrgUnitId, string OrgCode, string OrgName, string UserName, string DisplayName, string AssignedBy, DateTime AssignedAtUtc);

public sealed record ExaminerChoice(string UserName, string DisplayName);

public sealed class ExaminerService(BudgetDb db, OrgDirectory orgs, UserManager<StaffUser> users, RoleManager<StaffRole> roles, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> CsvHeaders = ["所属コード", "担当査定者"];

    private static BudgetResult? Refuse(BudgetUser user) =>
        user.Permissions.Contains(BudgetPermissions.Admin) ? null : BudgetResult.Deny("担当査定者を割り当てられるのは、予算編成の管理者（財政局）だけです。");

    /// <summary>Users who hold budget.review through a role: the examiners that can be assigned.</summary>
    public async Task<IReadOnlyList<ExaminerChoice>> ExaminersAsync(CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, ExaminerChoice>(StringComparer.Ordinal);
        foreach (var role in await roles.Roles.AsNoTracking().ToListAsync(cancellationToken))
        {
            var claims = await roles.GetClaimsAsync(role);
            if (!claims.Any(c => c.Type == PlatformClaims.Permission && c.Value == BudgetPermissions.Review))
            {
                continue;
            }

            foreach (var u in await users.GetUsersInRoleAsync(role.Name!))
            {
                if (u.IsActive && u.UserName is { } name)
                {
                    result[name] = new ExaminerChoice(name, string.IsNullOrEmpty(u.DisplayName) ? name : u.DisplayName);
                }
            }
        }

        return [.. result.Values.OrderBy(e => e.UserName, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<AssignmentRow>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        var all = await orgs.AllAsync(cancellationToken);
        var names = (await ExaminersAsync(cancellationToken)).ToDictionary(e => e.UserName, e => e.DisplayName, StringComparer.Ordinal);
        var rows = await db.ExaminerAssignments.AsNoTracking().Where(a => a.Year == year).ToListAsync(cancellationToken);
        return [.. rows.Select(a => (a, Unit: all.GetValueOrDefault(a.OrgUnitId)))
            .OrderBy(x => x.Unit?.SortOrder ?? int.MaxValue).ThenBy(x => x.Unit?.Code, StringComparer.Ordinal).ThenBy(x => x.a.UserName, StringComparer.Ordinal)
            .Select(x => new AssignmentRow(x.a.Id, x.a.OrgUnitId, x.Unit?.Code ?? "", x.Unit?.Name ?? "?", x.a.UserName, names.GetValueOrDefault(x.a.UserName, x.a.UserName), x.a.AssignedBy, x.a.AssignedAtUtc))];
    }

    public async Task<BudgetResult> AssignAsync(BudgetUser user, int year, int orgUnitId, string? userName, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        var result = new BudgetResult();
        var shozoku = await orgs.ShozokuAsync(cancellationToken);
        if (shozoku.All(o => o.Id != orgUnitId))
        {
            result.Errors.Add(new FieldError("assign-org", "「所属」を選んでください。"));
        }

        var examiners = await ExaminersAsync(cancellationToken);
        if (examiners.All(e => e.UserName != userName))
        {
            result.Errors.Add(new FieldError("assign-user", $"「担当査定者」の「{userName}」は査定の権限（budget.review）を持つ職員ではありません。"));
        }

        if (!result.Succeeded)
        {
            return result;
        }

        if (await db.ExaminerAssignments.AnyAsync(a => a.Year == year && a.OrgUnitId == orgUnitId && a.UserName == userName, cancellationToken))
        {
            return BudgetResult.Ok();
        }

        db.ExaminerAssignments.Add(new ExaminerAssignment { Year = year, OrgUnitId = orgUnitId, UserName = userName!, AssignedBy = user.Name, AssignedAtUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return BudgetResult.Ok();
    }

    public async Task<BudgetResult> RemoveAsync(BudgetUser user, int assignmentId, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        var row = await db.ExaminerAssignments.FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (row is not null)
        {
            db.ExaminerAssignments.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        return BudgetResult.Ok();
    }

    /// <summary>Replaces the year's assignments with a CSV (所属コード,担当査定者); all or nothing, errors by line and column.</summary>
    public async Task<(IReadOnlyList<string> Errors, int Rows)> ImportAsync(BudgetUser user, int year, Stream input, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return ([refused.Forbidden!], 0);
        }

        CsvTable table;
        try
        {
            table = CsvReader.Read(input);
        }
        catch (CsvFormatException ex)
        {
            return ([ex.Message], 0);
        }

        var errors = CsvHeaders.Where(h => !table.Headers.Contains(h)).Select(h => $"1行目: 見出しに「{h}」の列がありません。必要な列: {string.Join("、", CsvHeaders)}").ToList();
        if (errors.Count > 0)
        {
            return (errors, 0);
        }

        var byCode = (await orgs.ShozokuAsync(cancellationToken)).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var examiners = (await ExaminersAsync(cancellationToken)).Select(e => e.UserName).ToHashSet(StringComparer.Ordinal);
        var parsed = new HashSet<(int, string)>();
        foreach (var r in table.Rows)
        {
            var code = JapaneseText.Nfkc(r["所属コード"]).Trim();
            var name = r["担当査定者"].Trim();
            if (!byCode.TryGetValue(code, out var org))
            {
                errors.Add($"{r.LineNumber.ToString(CultureInfo.InvariantCulture)}行目「所属コード」列: 「{code}」という所属（局・室・区役所）はありません。");
            }
            else if (!examiners.Contains(name))
            {
                errors.Add($"{r.LineNumber.ToString(CultureInfo.InvariantCulture)}行目「担当査定者」列: 「{name}」は査定の権限を持つ職員のユーザー名ではありません。");
            }
            else
            {
                parsed.Add((org.Id, name));
            }
        }

        if (table.Rows.Count == 0)
        {
            errors.Add("取り込む行がありません。");
        }

        if (errors.Count > 0)
        {
            return (errors, 0);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ExaminerAssignments.RemoveRange(await db.ExaminerAssignments.Where(a => a.Year == year).ToListAsync(cancellationToken));
        var now = clock.GetUtcNow().UtcDateTime;
        db.ExaminerAssignments.AddRange(parsed.Select(p => new ExaminerAssignment { Year = year, OrgUnitId = p.Item1, UserName = p.Item2, AssignedBy = user.Name, AssignedAtUtc = now }));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ([], parsed.Count);
    }

    public async Task<byte[]> ToCsvAsync(int year, CsvOutputEncoding encoding, CancellationToken cancellationToken = default) =>
        CsvWriter.WriteToArray([.. CsvHeaders, "所属名", "氏名"],
            (await ListAsync(year, cancellationToken)).Select(a => (IReadOnlyList<string?>)[a.OrgCode, a.UserName, a.OrgName, a.DisplayName]), encoding);
}
