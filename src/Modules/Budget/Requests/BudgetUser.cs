using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>The permissions of the Budget module.</summary>
public static class BudgetPermissions
{
    public const string Read = "budget.read";
    public const string Request = "budget.request";
    public const string Approve = "budget.approve";
    public const string Review = "budget.review";
    public const string Admin = "budget.admin";
    public const string Reopen = "budget.reopen";

    public static string Policy(string permission) => PlatformPermissions.Policy(permission);
}

/// <summary>Who acts on a request: their budget permissions and their 所属 (the top-level unit above their org unit).</summary>
public sealed record BudgetUser(string Name, IReadOnlySet<string> Permissions, int? OrgUnitId)
{
    public bool Can(string permission) => Permissions.Contains(permission) || Permissions.Contains(BudgetPermissions.Admin);

    /// <summary>Staff of the 所属 (or budget admins) may act for its projects.</summary>
    public bool BelongsTo(int orgUnitId) => Permissions.Contains(BudgetPermissions.Admin) || OrgUnitId == orgUnitId;

    public static async Task<BudgetUser> FromPrincipalAsync(ClaimsPrincipal principal, OrgDirectory orgs, CancellationToken cancellationToken = default)
    {
        var permissions = principal.FindAll(PlatformClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        int? org = null;
        if (int.TryParse(principal.FindFirstValue(PlatformClaims.OrgUnit), NumberStyles.None, CultureInfo.InvariantCulture, out var unit))
        {
            org = await orgs.TopLevelOfAsync(unit, cancellationToken);
        }

        return new BudgetUser(principal.Identity?.Name ?? "?", permissions, org);
    }
}

/// <summary>
/// The platform organization as the Budget module sees it: 所属 are the top-level units
/// (局・室・区役所); a 課 belongs to the 所属 above it. Loaded once per scope.
/// </summary>
public sealed class OrgDirectory(PlatformDb db)
{
    private Dictionary<int, OrgUnit>? units;

    public async Task<IReadOnlyDictionary<int, OrgUnit>> AllAsync(CancellationToken cancellationToken = default) =>
        units ??= await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);

    /// <summary>The 所属 in display order.</summary>
    public async Task<IReadOnlyList<OrgUnit>> ShozokuAsync(CancellationToken cancellationToken = default) =>
        [.. (await AllAsync(cancellationToken)).Values.Where(u => u.ParentId is null && u.IsActive).OrderBy(u => u.SortOrder).ThenBy(u => u.Code, StringComparer.Ordinal)];

    public async Task<int?> TopLevelOfAsync(int unitId, CancellationToken cancellationToken = default)
    {
        var all = await AllAsync(cancellationToken);
        var guard = 0;
        while (all.TryGetValue(unitId, out var unit) && guard++ < 50)
        {
            if (unit.ParentId is not { } parent)
            {
                return unit.Id;
            }

            unitId = parent;
        }

        return null;
    }

    public async Task<string> NameAsync(int unitId, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).TryGetValue(unitId, out var unit) ? unit.Name : $"（不明な所属 {unitId.ToString(CultureInfo.InvariantCulture)}）";
}
