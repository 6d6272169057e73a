using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Talk;

public static class TalkPermissions
{
    /// <summary>Ward office staff: see and cancel the bookings of the consultation services.</summary>
    public const string Staff = "talk.staff";

    /// <summary>Configure services and session calendars.</summary>
    public const string Admin = "talk.admin";

    public const string StaffPolicy = "perm:" + Staff;
    public const string AdminPolicy = "perm:" + Admin;

    public static string Policy(string permission) => PlatformPermissions.Policy(permission);
}
