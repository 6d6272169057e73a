// Every query that leaves the module (page, CSV, API, query builder) is written to the platform
// audit log and to Insight's query log, which feeds the usage-by-department KPI.
using System.Globalization;
using System.Security.Claims;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Insight.Web;

internal sealed class UsageLog(InsightDb db, AuditLog audit, TimeProvider clock)
{
    public Task LogAsync(ClaimsPrincipal user, string kind, string detail, CancellationToken cancellationToken = default)
    {
        int? org = int.TryParse(user.FindFirstValue(PlatformClaims.OrgUnit), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null;
        return LogAsync(user.Identity?.Name ?? "", org, kind, detail, cancellationToken);
    }

    /// <summary>The same for a user known by name and org unit (the CLI's --as, department datasets).</summary>
    public async Task LogAsync(string userName, int? org, string kind, string detail, CancellationToken cancellationToken = default)
    {
        db.QueryLog.Add(new QueryLogEntry { AtUtc = clock.GetUtcNow().UtcDateTime, UserName = userName, OrgUnitId = org, Kind = kind, Detail = detail.Length > 1000 ? detail[..1000] : detail });
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(AuditCategories.Data, "query", $"{kind}: {detail}", module: "insight", cancellationToken: cancellationToken);
    }
}
