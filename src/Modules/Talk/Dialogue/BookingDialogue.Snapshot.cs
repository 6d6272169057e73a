// The dialogue's slots as plain data, so the web chat can keep a conversation in the database and
// continue it after a restart or on another instance (session 4). Entities are stored by id and
// re-read on restore, so a changed session (closed meanwhile) is seen as it is now.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Modules.Talk.Dialogue;

public sealed record DialogueSnapshot(
    DialogueState State,
    int? ServiceId,
    int? SessionId,
    TimeOnly? Time,
    string Name,
    string Phone,
    string Topic,
    string? Residency,
    string LastPrompt,
    int Failures,
    string Mode,
    string LookupReference,
    string? ExistingReference,
    string? Reference,
    string? CallerId,
    int TotalFailures,
    bool CallbackRequested,
    CallOutcome Outcome);

public sealed partial class BookingDialogue
{
    public DialogueSnapshot Snapshot() => new(
        State, service?.Id, session?.Id, time, name, phone, topic, residency, lastPrompt, failures, mode,
        lookupReference, existing?.Reference, Reference, CallerId, TotalFailures, CallbackRequested, Outcome);

    public async Task RestoreAsync(DialogueSnapshot snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        service = snapshot.ServiceId is { } serviceId ? await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct) : null;
        session = snapshot.SessionId is { } sessionId ? await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) : null;
        existing = snapshot.ExistingReference is { } reference ? await reservations.FindAsync(reference, ct) : null;
        time = snapshot.Time;
        name = snapshot.Name;
        phone = snapshot.Phone;
        topic = snapshot.Topic;
        residency = snapshot.Residency;
        lastPrompt = snapshot.LastPrompt;
        failures = snapshot.Failures;
        mode = snapshot.Mode;
        lookupReference = snapshot.LookupReference;
        Reference = snapshot.Reference;
        CallerId = snapshot.CallerId;
        TotalFailures = snapshot.TotalFailures;
        CallbackRequested = snapshot.CallbackRequested;
        Outcome = snapshot.Outcome;
        State = snapshot.State;

        // A service or session deleted meanwhile: start that part again rather than fail later.
        if ((snapshot.ServiceId is not null && service is null) || (snapshot.SessionId is not null && session is null))
        {
            State = existing is null ? DialogueState.Ward : DialogueState.Date;
            session = null;
            time = null;
        }
    }
}
