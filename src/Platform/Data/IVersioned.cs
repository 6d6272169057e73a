namespace OsakaDx.Platform.Data;

/// <summary>
/// An editable entity with an optimistic concurrency token. The audit interceptor increments
/// <see cref="Version"/> on every update, and EF Core refuses an update whose original version
/// no longer matches the row: two clerks editing the same record never overwrite each other silently.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>Marks an entity whose writes are not worth an audit row (e.g. job progress ticks).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>Marks a property whose value never goes into the audit log (secrets, hashes).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactAttribute : Attribute;
