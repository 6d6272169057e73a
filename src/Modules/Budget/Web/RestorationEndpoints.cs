// /api/budget 復活要求: file (or revise) and withdraw by the 所属, the list, the 財政局's answer.
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Restoration;

namespace OsakaDx.Modules.Budget.Web;

internal static class RestorationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = BudgetPermissions.Policy(BudgetPermissions.Read);
        api.MapGet("/requests/{id:int}/restoration", ForRequestAsync).RequireAuthorization(read);
        api.MapPost("/requests/{id:int}/restoration", FileAsync).RequireAuthorization(read);
        api.MapDelete("/requests/{id:int}/restoration", WithdrawAsync).RequireAuthorization(read);
        api.MapGet("/restorations", ListAsync).RequireAuthorization(read);
        api.MapPost("/restorations/{id:int}/answer", AnswerAsync).RequireAuthorization(read);
    }

    private static async Task<IResult> ForRequestAsync(int id, RestorationService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ForRequestAsync(id, ct));

    private static async Task<IResult> FileAsync(int id, RestorationInput input, ClaimsPrincipal principal, OrgDirectory orgs, RestorationService service, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await service.FileAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input, ct));

    private static async Task<IResult> WithdrawAsync(int id, long version, ClaimsPrincipal principal, OrgDirectory orgs, RestorationService service, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await service.WithdrawAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, version, ct));

    private static async Task<IResult> ListAsync(int year, int? org, RestorationState? state, ClaimsPrincipal principal, OrgDirectory orgs, RestorationService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), year, org, state, ct));

    private static async Task<IResult> AnswerAsync(int id, RestorationAnswer answer, ClaimsPrincipal principal, OrgDirectory orgs, RestorationService service, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await service.AnswerAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, answer, ct));
}
