using Microsoft.Extensions.Localization;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Host.Components.Layout;

/// <summary>The platform's own menu entries; modules add theirs through IOsakaDxModule.MenuItems.</summary>
internal static class PlatformMenu
{
    public static IEnumerable<MenuItem> Items(IStringLocalizer<SharedResource> l) =>
    [
        new(l["Portal"], "/", null, 0, l["PortalDescription"]),
        new(l["Users"], "/admin/users", PlatformPermissions.UsersManage, 900, l["UsersDescription"]),
        new(l["Roles"], "/admin/roles", PlatformPermissions.RolesManage, 910, l["RolesDescription"]),
        new(l["Organization"], "/admin/org", PlatformPermissions.OrgManage, 920, l["OrganizationDescription"]),
        new(l["AuditLog"], "/admin/audit", PlatformPermissions.AuditRead, 930, l["AuditLogDescription"]),
        new(l["Jobs"], "/admin/jobs", null, 940, l["JobsDescription"]),
    ];
}
