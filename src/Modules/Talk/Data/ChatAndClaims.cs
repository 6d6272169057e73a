// Session 4 additions: the web chat's persisted state, and the once-per-fiscal-year claim that
// closes the race between two simultaneous bookings by the same person.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Talk.Data;

/// <summary>
/// A web chat conversation in progress, so a restart or a second instance continues it. The state
/// and transcript hold the caller's name and phone number: they are emptied when the conversation
/// expires (idle 30 minutes) and the row itself is deleted a day later. Not audited: the audit log
/// would keep the transcript after expiry; the booking a chat makes is audited as every booking is.
/// </summary>
[NotAudited]
public sealed class ChatSession : IVersioned
{
    /// <summary>128-bit random id in hex, carried in the page address (a capability).</summary>
    public string Id { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime LastUsedUtc { get; set; }

    /// <summary>Set when the expiry job emptied the conversation; the page then says it started over.</summary>
    public DateTime? ExpiredAtUtc { get; set; }

    public bool Finished { get; set; }

    /// <summary>Lease while one instance handles a line, so a double post never runs a turn twice.</summary>
    public DateTime? BusyUntilUtc { get; set; }

    /// <summary>Serialised dialogue slots (JSON); "" after expiry.</summary>
    public string State { get; set; } = "";

    /// <summary>Serialised transcript and call-log events (JSON); "" after expiry.</summary>
    public string Transcript { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>
/// One row per (kind of service, fiscal year, person) while that person holds a live booking of a
/// service with the once-per-fiscal-year rule. Inserted in the same transaction as the booking; the
/// unique index makes the second of two simultaneous bookings fail on every database. Removed
/// when the booking is cancelled (by the resident, staff or a bulk cancellation); moved to the new
/// booking by a change.
/// </summary>
public sealed class EligibilityClaim
{
    public int Id { get; set; }

    /// <summary><see cref="ConsultationService.Kind"/>: 法律相談 at any 区役所 counts once.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Fiscal year (April start) of the session day, e.g. 2026 for 令和8年度.</summary>
    public int FiscalYear { get; set; }

    /// <summary><see cref="Booking.PersonKey"/>.</summary>
    public string PersonKey { get; set; } = "";

    public int BookingId { get; set; }

    public Booking? Booking { get; set; }
}
