// /api/budget additions of the fourth slice: 査定 of entries, the request template by 事業 and year
// (pre-filled from last year when there is no request), deleting a what-if ceiling plan, a stage's deadline.
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Web;

internal static class MoreEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = BudgetPermissions.Policy(BudgetPermissions.Read);
        api.MapPost("/requests/{id:int}/entries/{entryId:int}/assessment", AssessEntryAsync).RequireAuthorization(read);
        api.MapGet("/template", TemplateAsync).RequireAuthorization(read);
        api.MapDelete("/ceilings/plans/{id:int}", DeletePlanAsync).RequireAuthorization(read);
        api.MapPut("/stages/{id:int}/deadline", DeadlineAsync).RequireAuthorization(read);
    }

    private sealed record DeadlineBody(long Version, DateOnly? Deadline);

    private static async Task<IResult> TemplateAsync(int year, string jigyo, Template.RequestTemplateService templates, CancellationToken ct) =>
        await templates.ExportForProjectAsync(jigyo ?? "", year, ct) is { } xlsx
            ? Results.File(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"予算要求テンプレート_{jigyo}_{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}.xlsx")
            : Results.NotFound();

    private static async Task<IResult> DeletePlanAsync(int id, long version, ClaimsPrincipal principal, OrgDirectory orgs, Ceilings.CeilingService ceilings, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await ceilings.DeletePlanAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, version, ct));

    private static async Task<IResult> DeadlineAsync(int id, DeadlineBody body, ClaimsPrincipal principal, OrgDirectory orgs, Stages.StageService stages, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await stages.SetDeadlineAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, body.Version, body.Deadline, ct));

    private static async Task<IResult> AssessEntryAsync(int id, int entryId, EntryAssessmentInput input, ClaimsPrincipal principal, OrgDirectory orgs, EntryAssessmentService service, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await service.AssessAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, entryId, input, ct));
}
