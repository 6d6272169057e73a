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

    /// <summary>Shown on the web start page and read out nowhere (kept short).</summary>
    public string Description { get; set; } = "";

    /// <summary>Default slot length for new sessions (minutes).</summary>
    public int SlotMinutes { get; set; } = 30;

    /// <summary>Default seats per slot for new sessions.</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>Booking window opens this many days before the session day (28 = 4 weeks ahead).</summary>
    public int OpensDaysBefore { get; set; } = 28;

    /// <summary>Booking window closes this many days before the session day (1 = until the day before; 0 = same day).</summary>
    public int ClosesDaysBefore { get; set; } = 1;

    /// <summary>And at least this many hours before the slot starts (matters when <see cref="ClosesDaysBefore"/> is 0).</summary>
    public int ClosesHoursBefore { get; set; }

    /// <summary>Who may book: "" anyone, "city" 大阪市内在住, "ward" 区内在住.</summary>
    public string Residency { get; set; } = "";

    /// <summary>With a residency rule: people who work or study there (在勤・在学) may book too.</summary>
    public bool AllowCommuters { get; set; }

    /// <summary>One booking per fiscal year per person (same kana name and phone number) for this kind of service.</summary>
    public bool OncePerFiscalYear { get; set; }

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

    /// <summary>Set when staff called the day off (storm warning): no new bookings, shown to everyone.</summary>
    public string? ClosedReason { get; set; }

    public long Version { get; set; }
}

public enum BookingStatus
{
    Booked,
    Cancelled,
}

/// <summary>A resident's booking of one seat in one slot.</summary>
public sealed class Booking : IVersioned
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

    /// <summary>Normalised kana name + phone digits: who counts as the same person for once-per-year rules.</summary>
    public string PersonKey { get; set; } = "";

    /// <summary>What the caller stated: resident (在住), commuter (在勤・在学), or null when the service has no rule.</summary>
    public string? Residency { get; set; }

    /// <summary>Why it was cancelled (staff give a reason; a resident's own cancellation says 本人).</summary>
    public string? CancelReason { get; set; }

    /// <summary>Staff user who cancelled, or null when the resident did.</summary>
    public string? CancelledBy { get; set; }

    /// <summary>Set when the booking was cancelled by a bulk cancellation (its call-back list).</summary>
    public int? BulkCancellationId { get; set; }

    /// <summary>When staff ticked "called" on the call-back list.</summary>
    public DateTime? CalledBackAtUtc { get; set; }

    public string? CalledBackBy { get; set; }

    public long Version { get; set; }
}

/// <summary>A day called off by staff (storm warning) at one office or all: its bookings cancelled, a call-back list.</summary>
public sealed class BulkCancellation
{
    public int Id { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>Office name, or null for every office.</summary>
    public string? Office { get; set; }

    public string Reason { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public int Cancelled { get; set; }
}

public enum CallOutcome
{
    /// <summary>Hung up before anything was done.</summary>
    Abandoned,
    Booked,
    Cancelled,
    /// <summary>Heard the details of an existing booking.</summary>
    Checked,
    /// <summary>Sent to staff (or asked for a call-back).</summary>
    Transferred,
}

/// <summary>One conversation on the phone, the softphone or the text chat, for the KPI dashboard.</summary>
public sealed class CallRecord
{
    public int Id { get; set; }

    /// <summary>The carrier's call id (Twilio CallSid) or a generated one.</summary>
    public string CallSid { get; set; } = "";

    /// <summary>phone, softphone, chat.</summary>
    public string Channel { get; set; } = "";

    /// <summary>Recogniser used: whisper, scripted, none (text chat: text).</summary>
    public string Recognizer { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime EndedAtUtc { get; set; }

    public CallOutcome Outcome { get; set; }

    /// <summary>Dialogue step the call ended in: where callers who give up or are transferred fail.</summary>
    public string LastStep { get; set; } = "";

    public int Failures { get; set; }

    public int SpeechTurns { get; set; }

    public int KeyTurns { get; set; }

    public string? Reference { get; set; }

    /// <summary>Caller wants staff to call back (transfer outside staff hours).</summary>
    public bool CallbackRequested { get; set; }

    /// <summary>Caller number for the call-back (only when a call-back was requested).</summary>
    public string? CallbackNumber { get; set; }

    /// <summary>Recording (WAV, both directions mixed) relative to the recordings folder; null when none is kept.</summary>
    public string? RecordingFile { get; set; }

    /// <summary>When the retention job deleted the recording (「録音は保存期間経過により削除」).</summary>
    public DateTime? RecordingDeletedAtUtc { get; set; }

    public List<CallEvent> Events { get; set; } = [];
}

/// <summary>One line of a call's timeline: a prompt, what was heard (with confidence), keys, a barge-in.</summary>
public sealed class CallEvent
{
    public int Id { get; set; }

    public int CallRecordId { get; set; }

    /// <summary>Milliseconds since the call started.</summary>
    public int AtMs { get; set; }

    /// <summary>prompt, heard, keys, barge-in, timeout, text.</summary>
    public string Kind { get; set; } = "";

    public string Text { get; set; } = "";

    public double? Confidence { get; set; }
}
