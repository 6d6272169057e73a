using System.Globalization;
using System.Text;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Host.Components.Pages.Admin;

/// <summary>Small formatting helpers shared by the admin pages.</summary>
internal static class AdminUi
{
    public const int PageSize = 50;

    /// <summary>Roles the platform creates at start-up: deleting them would not last.</summary>
    public static readonly IReadOnlySet<string> BuiltInRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        OsakaDx.Platform.Seed.PlatformSeeder.AdminRole, OsakaDx.Platform.Seed.PlatformSeeder.AuditorRole, OsakaDx.Platform.Seed.PlatformSeeder.StaffRole,
    };

    public const string ConcurrencyMessage = "他の職員が先に更新しました。最新の内容を表示しています。もう一度変更してください。";

    /// <summary>A UTC time from the database as 「2025/04/01 09:30」 in Japan time; "—" when absent.</summary>
    public static string Jst(DateTime? utc, bool seconds = false) => utc is { } value
        ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToJst().ToString(seconds ? "yyyy/MM/dd HH:mm:ss" : "yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture)
        : "—";

    /// <summary>An org unit's name indented by depth, for &lt;option&gt; text (options cannot be padded by CSS).</summary>
    public static string Indented(OrgUnit unit, int depth)
    {
        var text = new StringBuilder();
        text.Append('　', depth);
        if (depth > 0)
        {
            text.Append("└ ");
        }

        text.Append(unit.Name);
        if (!unit.IsActive)
        {
            text.Append("（無効）");
        }

        return text.ToString();
    }

    /// <summary>The page count for a total, at least 1.</summary>
    public static int Pages(long total) => Math.Max(1, (int)((total + PageSize - 1) / PageSize));

    public static string Query(params (string Key, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
