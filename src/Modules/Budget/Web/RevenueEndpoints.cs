// /api/budget/revenue: 歳入 requests (list, read, start, save, workflow, 査定) and the reconciliation of the 特定財源.
// Same cookie and permissions as the pages; refusals are 403, stale versions 409, bad input 400 naming the field.
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Revenue;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Budget.Web;

public sealed record RevenueCreateBody(int Year, int MokuId, int? OrgUnitId, int? ProjectId);

internal static class RevenueEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = BudgetPermissions.Policy(BudgetPermissions.Read);
        api.MapGet("/revenue", ListAsync).RequireAuthorization(read);
        api.MapPost("/revenue", CreateAsync).RequireAuthorization(read);
        api.MapGet("/revenue/items", ItemsAsync).RequireAuthorization(read);
        api.MapGet("/revenue/reconcile", ReconcileAsync).RequireAuthorization(read);
        api.MapGet("/revenue/{id:int}", GetAsync).RequireAuthorization(read);
        api.MapPut("/revenue/{id:int}", SaveAsync).RequireAuthorization(read);
        api.MapPost("/revenue/{id:int}/transitions", TransitionAsync).RequireAuthorization(read);
        api.MapPost("/revenue/{id:int}/assessment", AssessAsync).RequireAuthorization(read);
    }

    private static object Summary(RevenueRequestRow r) => new
    {
        r.Id, r.Year, account = r.Account, kan = r.Kan, kou = r.Kou, moku = r.Moku, r.MokuId, org = r.Org, r.OrgUnitId, r.ProjectId, project = r.ProjectCode, r.ProjectName,
        kind = r.Kind, status = RequestService.StatusName(r.Status), r.PreviousInitial, requested = r.Amount, assessed = r.AssessedAmount, decision = r.Decision, r.Version,
    };

    private static async Task<IResult> ListAsync(int year, int? org, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct) =>
        TypedResults.Ok((await revenue.ListAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), year, org, ct)).Select(Summary));

    private static async Task<IResult> ItemsAsync(int year, RevenueService revenue, CancellationToken ct) =>
        TypedResults.Ok((await revenue.MokuChoicesAsync(year, ct)).Select(m => new { m.Id, account = m.Account, kan = m.Kan, kou = m.Kou, moku = m.Moku, kind = m.Kind }));

    private static async Task<IResult> GetAsync(int id, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct)
    {
        string? denied = null;
        var view = await revenue.LoadAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, d => denied = d, ct);
        if (denied is not null)
        {
            return TypedResults.Problem(denied, statusCode: StatusCodes.Status403Forbidden, title: "この操作は許可されていません");
        }

        if (view is null)
        {
            return TypedResults.NotFound();
        }

        var r = view.Request;
        return TypedResults.Ok(new
        {
            summary = Summary(view.Row), basis = r.Basis, description = r.Description, reviewComment = r.ReviewComment,
            lines = r.Lines.Select(l => new { l.Item, l.UnitPrice, l.Quantity, rate = RevenueService.PercentText(l.RatePpm), secondRate = RevenueService.PercentText(l.SecondRatePpm), l.Formula, l.Amount }),
        });
    }

    private static async Task<IResult> CreateAsync(RevenueCreateBody body, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct)
    {
        var user = await BudgetUser.FromPrincipalAsync(principal, orgs, ct);
        if ((body.OrgUnitId ?? user.OrgUnitId) is not { } org)
        {
            return TypedResults.Problem("所属が分からないため作成できません（orgUnitId を指定してください）。", statusCode: StatusCodes.Status400BadRequest);
        }

        var created = 0;
        var result = await revenue.CreateAsync(user, body.Year, body.MokuId, org, body.ProjectId, id => created = id, ct);
        return result.Succeeded ? TypedResults.Created($"/api/budget/revenue/{created}", new { id = created }) : BudgetEndpoints.ToHttp(result);
    }

    private static async Task<IResult> SaveAsync(int id, RevenueDraftInput input, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await revenue.SaveDraftAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input with { Lines = input.Lines ?? [] }, ct));

    private static async Task<IResult> TransitionAsync(int id, TransitionBody body, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await revenue.TransitionAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, body.Version, body.Action, ct));

    private static async Task<IResult> AssessAsync(int id, RevenueAssessInput input, ClaimsPrincipal principal, OrgDirectory orgs, RevenueService revenue, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await revenue.AssessAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input, ct));

    private static async Task<IResult> ReconcileAsync(int year, string? stage, bool? all, string? format, ClaimsPrincipal principal, OrgDirectory orgs, RevenueAggregates aggregates, AuditLog audit, CancellationToken ct)
    {
        var rows = await aggregates.ReconcileAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), year, stage == "assessed", all != true, ct);
        if (format == "csv")
        {
            var name = $"歳入歳出の特定財源の照合_{year}.csv";
            await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name, entityType: "BudgetRevenueReconcile", cancellationToken: ct);
            return TypedResults.File(RevenueAggregates.ReconcileCsv(rows, CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", name);
        }

        return TypedResults.Ok(rows.Select(r => new { r.Account, r.Org, r.OrgUnitId, project = r.ProjectCode, r.ProjectName, revenueRequestId = r.RequestId, kind = r.Kind, expenditure = r.Expenditure, revenue = r.Revenue, difference = r.Difference }));
    }
}
