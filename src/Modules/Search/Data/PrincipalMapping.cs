using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Search.Data;

/// <summary>
/// A Windows SID (or a POSIX "uid:N") → the platform users who hold it: one user, every member of a
/// unit (and the units under it), or all staff. A group SID with several members is several rows.
/// Imported from CSV (an AD export); the tokens it gives a user are checked against NTFS ACEs.
/// </summary>
public sealed class PrincipalMapping : IVersioned
{
    public int Id { get; set; }

    /// <summary>"S-1-5-21-…" (upper case) or "uid:1001".</summary>
    public string Principal { get; set; } = "";

    public PrincipalKind Kind { get; set; }

    /// <summary>For <see cref="PrincipalKind.User"/>: the platform user name.</summary>
    public string? UserName { get; set; }

    /// <summary>For <see cref="PrincipalKind.OrgUnit"/>: the unit whose staff (and sub-units) hold the SID.</summary>
    public int? OrgUnitId { get; set; }

    /// <summary>表示名 from the directory (「財政局_財務課_G」), for admins.</summary>
    public string Label { get; set; } = "";

    public long Version { get; set; }
}

public enum PrincipalKind
{
    /// <summary>ユーザー</summary>
    User = 0,

    /// <summary>所属（配下を含む）</summary>
    OrgUnit = 1,

    /// <summary>全職員</summary>
    AllStaff = 2,
}
