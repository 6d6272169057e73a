using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Insight;

public static class InsightPermissions
{
    /// <summary>Any department: dashboards and the query builder (suppressed aggregates only).</summary>
    public const string View = "insight.view";

    /// <summary>Take the anonymized microdata (k-anonymous CSV).</summary>
    public const string Export = "insight.export";

    /// <summary>Imports, anonymization runs, usage by department.</summary>
    public const string Admin = "insight.admin";

    /// <summary>A department registers its own dataset, chooses its columns' roles, anonymizes and shares it.</summary>
    public const string Dataset = "insight.dataset";

    public const string ViewPolicy = "perm:" + View;
    public const string ExportPolicy = "perm:" + Export;
    public const string AdminPolicy = "perm:" + Admin;
    public const string DatasetPolicy = "perm:" + Dataset;

    public static string Policy(string permission) => PlatformPermissions.Policy(permission);
}
