// The record of one conversation, kept in memory while it runs and written once at the end, so no
// turn waits on the database for bookkeeping.
using System.Diagnostics;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;

namespace OsakaDx.Modules.Talk.Calls;

public sealed class CallLog(string channel, TimeProvider clock)
{
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
    private readonly CallRecord record = new()
    {
        Channel = channel,
        CallSid = "CA" + Guid.NewGuid().ToString("N"),
        StartedAtUtc = clock.GetUtcNow().UtcDateTime,
        Recognizer = channel == "chat" ? "text" : "none",
    };

    public string CallSid => record.CallSid;

    public IReadOnlyList<CallEvent> Events => record.Events;

    public void Begin(string? callSid, string recognizer)
    {
        if (!string.IsNullOrWhiteSpace(callSid))
        {
            record.CallSid = callSid.Length > 64 ? callSid[..64] : callSid;
        }

        record.Recognizer = recognizer;
    }

    public void Event(string kind, string text, double? confidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        record.Events.Add(new CallEvent
        {
            AtMs = (int)elapsed.ElapsedMilliseconds,
            Kind = kind,
            Text = text.Length > 1000 ? text[..1000] : text,
            Confidence = confidence,
        });
    }

    public DateTime StartedAtUtc => record.StartedAtUtc;

    /// <summary>The stored recording of this call (relative path), when recording is on.</summary>
    public void Recorded(string relativePath) => record.RecordingFile = relativePath;

    public void SpeechTurn() => record.SpeechTurns++;

    public void KeyTurn() => record.KeyTurns++;

    /// <summary>Copies the dialogue's progress (called after every turn).</summary>
    public void Update(BookingDialogue dialogue)
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        record.LastStep = dialogue.Step;
        record.Failures = dialogue.TotalFailures;
        record.Reference = dialogue.Reference;
        record.Outcome = dialogue.Outcome;
        record.CallbackRequested = dialogue.CallbackRequested;
        record.CallbackNumber = dialogue.CallbackRequested ? dialogue.CallerId : null;
    }

    public async Task SaveAsync(TalkDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        record.EndedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.Calls.Add(record);
        await db.SaveChangesAsync(ct);
    }
}
