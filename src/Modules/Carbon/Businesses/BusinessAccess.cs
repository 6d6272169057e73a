using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Carbon.Businesses;

/// <summary>
/// Who may see a business's own data: its members (with carbon.business) and carbon.admin.
/// City staff (carbon.city) see aggregates only, never one business's figures.
/// </summary>
public sealed class BusinessAccess(CarbonDb db)
{
    public static bool IsAdmin(ClaimsPrincipal user) => user?.HasClaim(PlatformClaims.Permission, CarbonPermissions.Admin) == true;

    public static bool IsBusinessUser(ClaimsPrincipal user) => user?.HasClaim(PlatformClaims.Permission, CarbonPermissions.Business) == true;

    public async Task<bool> CanAccessAsync(ClaimsPrincipal user, int businessId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsAdmin(user))
        {
            return true;
        }

        var name = user.Identity?.Name;
        return IsBusinessUser(user) && name is not null
            && await db.Members.AnyAsync(m => m.BusinessId == businessId && m.UserName == name, cancellationToken);
    }

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
