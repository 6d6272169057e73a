// The Talk module's stored data: consultation services per office, their sessions, and bookings.
// Dates are DateOnly (Japan local calendar day); times of day are TimeOnly in JST; instants UTC.
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Talk.Data;

/// <summary>One consultation service at one office: 法律相談 at 北区役所.</summary>
public sealed class ConsultationService : IVersioned
{
    public int Id { get; set; }

    /// <summary>Kind key: "legal" (法律相談), "family", "tax", "pension-labour", "conciliation".</summary>
    public string Kind { get; set; } = "";

    /// <summary>「法律相談」.</summary>
    public string Name { get; set; } = "";

    /// <summary>「北区役所」.</summary>
    public string Office { get; set; } = "";

    public bool Active { get; set; } = true;

    public long Version { get; set; }
}

/// <summary>One session of a service on one day: e.g. 13:00–16:00 in 30-minute slots, 1 seat each.</summary>
public sealed class ConsultationSession : IVersioned
{
    public int Id { get; set; }

    public int ServiceId { get; set; }

    public ConsultationService? Service { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>First slot start (JST).</summary>
    public TimeOnly Start { get; set; }

    /// <summary>End of the last slot (JST).</summary>
    public TimeOnly End { get; set; }

    public int SlotMinutes { get; set; }

    /// <summary>Seats per slot (lawyers present).</summary>
    public int Capacity { get; set; }

    public long Version { get; set; }
}

public enum BookingStatus
{
    Booked,
    Cancelled,
}

/// <summary>A resident's booking of one seat in one slot.</summary>
public sealed class Booking
{
    public int Id { get; set; }

    /// <summary>Eight digits, read out digit by digit on the phone.</summary>
    public string Reference { get; set; } = "";

    public int SessionId { get; set; }

    public ConsultationSession? Session { get; set; }

    /// <summary>Slot start (JST).</summary>
    public TimeOnly SlotStart { get; set; }

    /// <summary>Seat number while booked; null once cancelled (frees the seat under the unique index).</summary>
    public int? Seat { get; set; }

    public BookingStatus Status { get; set; }

    public string NameKana { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>離婚/相続/金銭/近隣/労働/その他 — no case details are collected.</summary>
    public string Topic { get; set; } = "";

    /// <summary>web, chat, phone, staff, cli.</summary>
    public string Channel { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? CancelledAtUtc { get; set; }
}
