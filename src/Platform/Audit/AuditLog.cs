using Microsoft.Extensions.Logging;
using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Audit;

/// <summary>Writes security events and other explicit audit rows (exports, cancels).</summary>
public sealed class AuditLog(PlatformDb db, AuditActor actor, TimeProvider clock, ILogger<AuditLog> logger)
{
    public async Task WriteAsync(string category, string action, string? detail = null, string? userId = null, string? actorName = null,
        string? entityType = null, string? entityId = null, string module = "platform", CancellationToken cancellationToken = default)
    {
        var current = actor.Current;
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            Category = category,
            Action = action,
            UserId = userId ?? current.UserId,
            Actor = actorName ?? current.Name,
            IpAddress = current.IpAddress,
            Module = module,
            EntityType = entityType,
            EntityId = entityId,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("audit {Category} {Action} by {Actor}: {Detail}", category, action, actorName ?? current.Name, detail);
    }

    public Task SecurityAsync(string action, string? detail = null, string? userId = null, string? actorName = null, CancellationToken cancellationToken = default)
        => WriteAsync(AuditCategories.Security, action, detail, userId, actorName, cancellationToken: cancellationToken);
}
