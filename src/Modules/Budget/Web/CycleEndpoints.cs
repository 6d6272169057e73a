// /api/budget: the cycle-coordination side — ceilings (adopted and what-if), transfers between 区,
// examiner assignments, hearing threads and the 収支状況. Same cookie and permissions as the pages.
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Assignments;
using OsakaDx.Modules.Budget.Ceilings;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Hearing;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Budget.Web;

public sealed record CeilingChangesBody(IReadOnlyList<CeilingChange> Changes);

public sealed record TransferBody(int From, int To, long Amount, string? Reason, long FromVersion, long ToVersion);

public sealed record PlanBody(string? Name);

public sealed record VersionBody(long Version);

public sealed record AssignBody(int OrgUnitId, string? UserName);

public sealed record ThreadBody(int? LineId, string? Subject, string? Body);

public sealed record PostBody(string? Body);

public sealed record ResolutionBody(bool Resolved, long Version);

internal static class CycleEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(RouteGroupBuilder api)
    {
        var read = BudgetPermissions.Policy(BudgetPermissions.Read);
        api.MapGet("/ceilings", CeilingsAsync).RequireAuthorization(read);
        api.MapPut("/ceilings", SetCeilingsAsync).RequireAuthorization(read);
        api.MapPost("/ceilings/transfers", TransferAsync).RequireAuthorization(read);
        api.MapGet("/ceilings/plans", PlansAsync).RequireAuthorization(read);
        api.MapPost("/ceilings/plans", CopyAsync).RequireAuthorization(read);
        api.MapGet("/ceilings/plans/{id:int}/compare", CompareAsync).RequireAuthorization(read);
        api.MapPost("/ceilings/plans/{id:int}/adopt", AdoptAsync).RequireAuthorization(read);
        api.MapGet("/examiners", ExaminersAsync).RequireAuthorization(read);
        api.MapPost("/examiners", AssignAsync).RequireAuthorization(read);
        api.MapDelete("/examiners/{id:int}", UnassignAsync).RequireAuthorization(read);
        api.MapGet("/requests/{id:int}/threads", ThreadsAsync).RequireAuthorization(read);
        api.MapPost("/requests/{id:int}/threads", StartThreadAsync).RequireAuthorization(read);
        api.MapPost("/threads/{id:int}/posts", ReplyAsync).RequireAuthorization(read);
        api.MapPost("/threads/{id:int}/resolution", ResolveAsync).RequireAuthorization(read);
        api.MapGet("/hearing/mine", MineAsync).RequireAuthorization(read);
        api.MapGet("/balance", BalanceAsync).RequireAuthorization(read);
    }

    private static Task<BudgetUser> UserAsync(ClaimsPrincipal principal, OrgDirectory orgs, CancellationToken ct) => BudgetUser.FromPrincipalAsync(principal, orgs, ct);

    private static string DisplayName(ClaimsPrincipal principal) => principal.FindFirstValue(PlatformClaims.DisplayName) ?? principal.Identity?.Name ?? "?";

    private static IResult Http(BudgetResult result) => result switch
    {
        { Forbidden: { } reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status403Forbidden, title: "この操作は許可されていません"),
        { Conflict: true } => TypedResults.Problem(CeilingService.ConflictText, statusCode: StatusCodes.Status409Conflict, title: "更新が競合しました"),
        { Errors.Count: > 0 } => TypedResults.ValidationProblem(result.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "入力内容に誤りがあります"),
        _ => TypedResults.NoContent(),
    };

    private static async Task<IResult> CeilingsAsync(int year, int? plan, string? format, string? encoding, CeilingService ceilings, AuditLog audit, CancellationToken ct)
    {
        if (await ceilings.LoadAsync(year, plan, ct) is not { } view)
        {
            return TypedResults.NotFound();
        }

        var name = $"シーリング_{year.ToString(CultureInfo.InvariantCulture)}_{view.Name}";
        switch (format)
        {
            case "csv":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".csv", entityType: "BudgetCeiling", cancellationToken: ct);
                return TypedResults.File(CeilingService.ToCsv(view, encoding == "sjis" ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom), "text/csv; charset=" + (encoding == "sjis" ? "shift_jis" : "utf-8"), name + ".csv");
            case "xlsx":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".xlsx", entityType: "BudgetCeiling", cancellationToken: ct);
                return TypedResults.File(CeilingService.ToXlsx(view), Xlsx, name + ".xlsx");
            default:
                return TypedResults.Ok(new
                {
                    view.Year, plan = view.Plan is null ? null : new { view.Plan.Id, view.Plan.Name, view.Plan.AdoptedAtUtc, view.Plan.Version },
                    view.Total, view.WardTotal, view.RequestedTotal,
                    rows = view.Rows.Select(r => new { r.OrgUnitId, r.Code, r.Name, r.IsWard, r.Limit, r.Version, r.GeneralFundsRequested, r.Remaining, r.Exceeded }),
                });
        }
    }

    private static async Task<IResult> SetCeilingsAsync(int year, int? plan, CeilingChangesBody body, ClaimsPrincipal principal, OrgDirectory orgs, CeilingService ceilings, CancellationToken ct) =>
        Http(await ceilings.SetAsync(await UserAsync(principal, orgs, ct), year, plan, body.Changes ?? [], ct));

    private static async Task<IResult> TransferAsync(int year, int? plan, TransferBody body, ClaimsPrincipal principal, OrgDirectory orgs, CeilingService ceilings, CancellationToken ct) =>
        Http(await ceilings.TransferAsync(await UserAsync(principal, orgs, ct), year, plan, body.From, body.To, body.Amount, body.Reason, body.FromVersion, body.ToVersion, ct));

    private static async Task<IResult> PlansAsync(int year, CeilingService ceilings, CancellationToken ct) =>
        TypedResults.Ok((await ceilings.PlansAsync(year, ct)).Select(p => new { p.Id, p.Name, p.CreatedBy, p.CreatedAtUtc, p.AdoptedAtUtc, p.AdoptedBy, p.Version }));

    private static async Task<IResult> CopyAsync(int year, PlanBody body, ClaimsPrincipal principal, OrgDirectory orgs, CeilingService ceilings, CancellationToken ct)
    {
        var (result, id) = await ceilings.CopyAsync(await UserAsync(principal, orgs, ct), year, body.Name, ct);
        return result.Succeeded ? TypedResults.Created($"/api/budget/ceilings?year={year.ToString(CultureInfo.InvariantCulture)}&plan={id.ToString(CultureInfo.InvariantCulture)}", new { id }) : Http(result);
    }

    private static async Task<IResult> CompareAsync(int id, BudgetDb db, CeilingService ceilings, CancellationToken ct)
    {
        var plan = await db.CeilingPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return plan is null ? TypedResults.NotFound() : TypedResults.Ok(await ceilings.CompareAsync(plan.Year, id, ct));
    }

    private static async Task<IResult> AdoptAsync(int id, VersionBody body, ClaimsPrincipal principal, OrgDirectory orgs, CeilingService ceilings, CancellationToken ct) =>
        Http(await ceilings.AdoptAsync(await UserAsync(principal, orgs, ct), id, body.Version, ct));

    private static async Task<IResult> ExaminersAsync(int year, string? format, string? encoding, ExaminerService examiners, AuditLog audit, CancellationToken ct)
    {
        if (format == "csv")
        {
            var name = $"担当査定者_{year.ToString(CultureInfo.InvariantCulture)}.csv";
            await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name, entityType: "BudgetExaminer", cancellationToken: ct);
            return TypedResults.File(await examiners.ToCsvAsync(year, encoding == "sjis" ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom, ct), "text/csv", name);
        }

        return TypedResults.Ok(await examiners.ListAsync(year, ct));
    }

    private static async Task<IResult> AssignAsync(int year, AssignBody body, ClaimsPrincipal principal, OrgDirectory orgs, ExaminerService examiners, CancellationToken ct) =>
        Http(await examiners.AssignAsync(await UserAsync(principal, orgs, ct), year, body.OrgUnitId, body.UserName, ct));

    private static async Task<IResult> UnassignAsync(int id, ClaimsPrincipal principal, OrgDirectory orgs, ExaminerService examiners, CancellationToken ct) =>
        Http(await examiners.RemoveAsync(await UserAsync(principal, orgs, ct), id, ct));

    private static async Task<IResult> ThreadsAsync(int id, ClaimsPrincipal principal, OrgDirectory orgs, HearingService hearing, CancellationToken ct) =>
        await hearing.ThreadsAsync(await UserAsync(principal, orgs, ct), id, ct) is { } threads
            ? TypedResults.Ok(threads.Select(t => new { t.Thread.Id, t.Thread.Subject, t.Thread.LineId, t.Thread.LineLabel, t.Thread.Resolved, t.Thread.CreatedBy, t.Thread.CreatedAtUtc, t.Thread.Version, posts = t.Posts.Select(p => new { p.Author, p.AuthorName, p.Body, p.PostedAtUtc }) }))
            : TypedResults.Problem("この予算要求のヒアリングを見る権限がありません。", statusCode: StatusCodes.Status403Forbidden);

    private static async Task<IResult> StartThreadAsync(int id, ThreadBody body, ClaimsPrincipal principal, OrgDirectory orgs, HearingService hearing, CancellationToken ct)
    {
        var (result, threadId) = await hearing.StartAsync(await UserAsync(principal, orgs, ct), DisplayName(principal), id, body.LineId, body.Subject, body.Body, ct);
        return result.Succeeded ? TypedResults.Created($"/api/budget/requests/{id.ToString(CultureInfo.InvariantCulture)}/threads", new { id = threadId }) : Http(result);
    }

    private static async Task<IResult> ReplyAsync(int id, PostBody body, ClaimsPrincipal principal, OrgDirectory orgs, HearingService hearing, CancellationToken ct) =>
        Http(await hearing.ReplyAsync(await UserAsync(principal, orgs, ct), DisplayName(principal), id, body.Body, ct));

    private static async Task<IResult> ResolveAsync(int id, ResolutionBody body, ClaimsPrincipal principal, OrgDirectory orgs, HearingService hearing, CancellationToken ct) =>
        Http(await hearing.SetResolvedAsync(await UserAsync(principal, orgs, ct), id, body.Resolved, body.Version, ct));

    private static async Task<IResult> MineAsync(int year, ClaimsPrincipal principal, OrgDirectory orgs, HearingService hearing, CancellationToken ct) =>
        TypedResults.Ok(await hearing.MyOpenAsync(await UserAsync(principal, orgs, ct), year, ct));

    private static async Task<IResult> BalanceAsync(int year, string? stage, int? stageId, string? format, BudgetDb db, BalanceService balance, AuditLog audit, CancellationToken ct)
    {
        if (!BudgetEndpoints.TryStage(stage, out var s))
        {
            return TypedResults.Problem("stage は request・assessed のいずれかを指定してください。", statusCode: 400);
        }

        if (stageId is { } sid && !await db.Stages.AnyAsync(x => x.Id == sid && x.Year == year && x.ClosedAtUtc != null, ct))
        {
            return TypedResults.Problem("stageId はこの年度の締め切った段階を指定してください。", statusCode: 404);
        }

        var result = await balance.BalanceAsync(year, s, stageId, ct);
        var name = $"収支状況_{year.ToString(CultureInfo.InvariantCulture)}_{result.Source}";
        switch (format)
        {
            case "csv":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".csv", entityType: "BudgetBalance", cancellationToken: ct);
                return TypedResults.File(BalanceService.ToCsv(result, CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", name + ".csv");
            case "xlsx":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".xlsx", entityType: "BudgetBalance", cancellationToken: ct);
                return TypedResults.File(BalanceService.ToXlsx(result), Xlsx, name + ".xlsx");
            default:
                return TypedResults.Ok(new { result.Year, result.Source, rows = result.Rows.Append(result.Total).Select(r => new { r.Label, r.Expenditure, r.National, r.Prefectural, r.Bonds, r.Other, r.Revenue, r.Gap, r.PreviousExpenditure, r.PreviousGap }), result.CeilingTotal, result.GeneralFundBalance,
                    revenue = result.Revenue is { } rev ? new
                    {
                        groups = Revenue.RevenueBalance.GroupNames,
                        rows = rev.Rows.Append(rev.Total).Select(r => new { r.Account, r.Groups, r.Revenue, r.Expenditure, r.Balance, r.PreviousRevenue, r.PreviousExpenditure }),
                        rev.AccountsWithoutRevenue,
                    } : null,
                });
        }
    }
}
