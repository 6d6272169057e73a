// /api/budget additions of the fourth slice: 査定 of entries, …
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
    }

    private static async Task<IResult> AssessEntryAsync(int id, int entryId, EntryAssessmentInput input, ClaimsPrincipal principal, OrgDirectory orgs, EntryAssessmentService service, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await service.AssessAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, entryId, input, ct));
}
