using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Carbon;

public static class CarbonPermissions
{
    /// <summary>A business member: its own businesses, sites, activity data, results and tours.</summary>
    public const string Business = "carbon.business";

    /// <summary>Environment Bureau: aggregates only (cells under 5 businesses suppressed).</summary>
    public const string City = "carbon.city";

    /// <summary>Factor catalogue and every business (support desk).</summary>
    public const string Admin = "carbon.admin";

    public const string BusinessPolicy = "perm:" + Business;
    public const string CityPolicy = "perm:" + City;
    public const string AdminPolicy = "perm:" + Admin;

    public static string Policy(string permission) => PlatformPermissions.Policy(permission);
}
