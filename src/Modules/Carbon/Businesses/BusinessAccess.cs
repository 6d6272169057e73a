using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Carbon.Businesses;

/// <summary>What a page or endpoint needs to do with a business.</summary>
public enum Need
{
    /// <summary>See its data: any member, carbon.admin, or carbon.city when the business shares its data.</summary>
    Read,

    /// <summary>Change its data: an owner or editor, or carbon.admin.</summary>
    Edit,

    /// <summary>Invite colleagues, change roles and the sharing consent: an owner, or carbon.admin.</summary>
    Own,
}

/// <summary>
/// Who may see a business's own data: its members (with carbon.business; owner, editor or viewer)
/// and carbon.admin. City staff (carbon.city) see aggregates only, and one business's figures
/// only when that business agreed to share them (read only).
/// </summary>
public sealed class BusinessAccess(CarbonDb db)
{
    public static bool IsCity(ClaimsPrincipal user) => user?.HasClaim(PlatformClaims.Permission, CarbonPermissions.City) == true;

    /// <summary>Read for GET, Edit for a form post: pages show to viewers and refuse their posts.</summary>
    public static Need ForRequest(Microsoft.AspNetCore.Http.HttpContext http, Need onPost = Need.Edit) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsPost(http?.Request.Method ?? "GET") ? onPost : Need.Read;

    /// <summary>The user's role in the business: owner/editor/viewer, "admin", "city" (shared, read only), or null.</summary>
    public async Task<string?> RoleAsync(ClaimsPrincipal user, int businessId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsAdmin(user))
        {
            return "admin";
        }

        var name = user.Identity?.Name;
        if (IsBusinessUser(user) && name is not null)
        {
            var role = await db.Members.Where(m => m.BusinessId == businessId && m.UserName == name).Select(m => m.Role).FirstOrDefaultAsync(cancellationToken);
            if (role is not null)
            {
                return role;
            }
        }

        if (IsCity(user) && await db.Businesses.AnyAsync(b => b.Id == businessId && b.SharesWithCity, cancellationToken))
        {
            return "city";
        }

        return null;
    }

    public async Task<bool> CanAccessAsync(ClaimsPrincipal user, int businessId, Need need, CancellationToken cancellationToken = default)
    {
        var role = await RoleAsync(user, businessId, cancellationToken);
        return need switch
        {
            Need.Read => role is not null,
            Need.Edit => role is "admin" or MemberRoles.Owner or MemberRoles.Editor,
            _ => role is "admin" or MemberRoles.Owner,
        };
    }

    public static bool IsAdmin(ClaimsPrincipal user) => user?.HasClaim(PlatformClaims.Permission, CarbonPermissions.Admin) == true;

    public static bool IsBusinessUser(ClaimsPrincipal user) => user?.HasClaim(PlatformClaims.Permission, CarbonPermissions.Business) == true;

    /// <summary>Read access (see <see cref="Need.Read"/>).</summary>
    public Task<bool> CanAccessAsync(ClaimsPrincipal user, int businessId, CancellationToken cancellationToken = default) =>
        CanAccessAsync(user, businessId, Need.Read, cancellationToken);

    /// <summary>The businesses the user may open.</summary>
    public async Task<List<Business>> VisibleAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsAdmin(user))
        {
            return await db.Businesses.AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
        }

        var name = user.Identity?.Name ?? "";
        if (!IsBusinessUser(user))
        {
            return [];
        }

        return await db.Businesses.AsNoTracking().Where(b => db.Members.Any(m => m.BusinessId == b.Id && m.UserName == name))
            .OrderBy(b => b.Name).ToListAsync(cancellationToken);
    }
}
