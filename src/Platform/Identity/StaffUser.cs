using Microsoft.AspNetCore.Identity;
using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Identity;

/// <summary>A city staff member who signs in to the platform.</summary>
public sealed class StaffUser : IdentityUser
{
    /// <summary>氏名 as shown in the UI and the audit log.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>職員番号 (optional; unique when set).</summary>
    public string? EmployeeNumber { get; set; }

    /// <summary>所属 (organization unit).</summary>
    public int? OrgUnitId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Created by the demo seeder; such accounts are refused outside demo mode.</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }

    [AuditRedact]
    public override string? PasswordHash { get => base.PasswordHash; set => base.PasswordHash = value; }

    [AuditRedact]
    public override string? SecurityStamp { get => base.SecurityStamp; set => base.SecurityStamp = value; }
}

/// <summary>A role: a named set of permissions.</summary>
public sealed class StaffRole : IdentityRole
{
    public StaffRole()
    {
    }

    public StaffRole(string name, string displayName, string description)
        : base(name)
    {
        DisplayName = displayName;
        Description = description;
    }

    public string DisplayName { get; set; } = "";

    public string Description { get; set; } = "";
}

/// <summary>Claim types the platform issues.</summary>
public static class PlatformClaims
{
    public const string Permission = "osakadx:perm";
    public const string DisplayName = "osakadx:name";
    public const string OrgUnit = "osakadx:org";
}
