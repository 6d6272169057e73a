using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Host.Web;

/// <summary>The platform's JSON API under /api/platform, with the same permissions as its pages.</summary>
internal static class PlatformApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/platform").WithTags("共通基盤");

        api.MapGet("/me", GetMe).WithSummary("サインイン中の職員と権限");
        api.MapGet("/org", GetOrg).WithSummary("組織マスタ（ツリー順）");
        api.MapGet("/audit", GetAudit).WithSummary("監査ログの検索（新しい順、最大500件）")
            .RequireAuthorization(PlatformPermissions.Policy(PlatformPermissions.AuditRead));
        api.MapGet("/jobs/{id:guid}", GetJob).WithSummary("バックグラウンド処理の状態");
    }

    public sealed record MeDto(string UserName, string DisplayName, IReadOnlyList<string> Permissions);

    public sealed record OrgUnitDto(int Id, string Code, string Name, string? Kana, string Kind, string? ParentCode, int Depth, bool IsActive, long Version);

    public sealed record AuditDto(long Id, DateTime AtUtc, string Category, string Action, string Actor, string? Module, string? EntityType, string? EntityId, string? Before, string? After, string? Detail);

    public sealed record JobDto(Guid Id, string Kind, string Title, string Status, long Done, long? Total, string? Message, string? Error, DateTime CreatedAtUtc, DateTime? FinishedAtUtc);

    private static Ok<MeDto> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeDto(
        user.Identity?.Name ?? "",
        user.FindFirstValue(PlatformClaims.DisplayName) ?? "",
        user.FindAll(PlatformClaims.Permission).Select(c => c.Value).Order(StringComparer.Ordinal).ToList()));

    private static async Task<Ok<List<OrgUnitDto>>> GetOrg(OrgService org, CancellationToken ct)
    {
        var tree = await org.TreeAsync(true, ct);
        var codes = tree.ToDictionary(t => t.Unit.Id, t => t.Unit.Code);
        return TypedResults.Ok(tree.Select(t => new OrgUnitDto(t.Unit.Id, t.Unit.Code, t.Unit.Name, t.Unit.Kana, t.Unit.Kind.ToJapanese(),
            t.Unit.ParentId is { } p ? codes[p] : null, t.Depth, t.Unit.IsActive, t.Unit.Version)).ToList());
    }

    private static async Task<Results<Ok<List<AuditDto>>, ValidationProblem>> GetAudit(PlatformDb db, DateOnly? from, DateOnly? to, string? actor, string? category, string? action, string? entityType, int? take, CancellationToken ct)
    {
        if (take is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["take"] = ["take は 1〜500 で指定してください。"] });
        }

        var filter = new AuditFilter { From = from, To = to, Actor = actor, Category = category, Action = action, EntityType = entityType };
        var rows = await filter.Apply(db.AuditEntries.AsNoTracking()).OrderByDescending(a => a.Id).Take(take ?? 100)
            .Select(a => new AuditDto(a.Id, a.AtUtc, a.Category, a.Action, a.Actor, a.Module, a.EntityType, a.EntityId, a.Before, a.After, a.Detail))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<JobDto>, NotFound, ForbidHttpResult>> GetJob(Guid id, PlatformDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        if (job.RequestedBy != user.Identity?.Name && !user.HasClaim(PlatformClaims.Permission, PlatformPermissions.JobsManage))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(new JobDto(job.Id, job.Kind, job.Title, job.Status.ToString(), job.Done, job.Total, job.Message, job.Error, job.CreatedAtUtc, job.FinishedAtUtc));
    }
}
