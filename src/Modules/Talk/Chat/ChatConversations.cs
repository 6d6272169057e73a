// Text-chat conversations on the web (/talk/chat): the same BookingDialogue as the phone, one line
// per form post. Since session 4 the conversation lives in the module database (ChatSession: the
// dialogue's slots and the transcript as JSON, version-checked), so a restart of the host or a
// second instance behind a load balancer continues it. The id in the page address is an
// unguessable 128-bit capability (the page shows the caller's name and phone number).
// A turn takes a short lease on the row first, so a double post (two tabs, two instances) never
// runs the same turn twice; the loser is asked to send again. Conversations idle for
// OsakaDx:Talk:ChatIdleMinutes (30) are expired by ChatExpiryService: see ChatExpiry.
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Talk.Chat;

public sealed record ChatLine(bool FromCaller, string Text);

/// <summary>A timeline event kept with the conversation until it is written as the chat's CallRecord.</summary>
public sealed record ChatEvent(int AtMs, string Kind, string Text);

/// <summary>What the chat page shows.</summary>
public sealed record ChatConversation(string Id, IReadOnlyList<ChatLine> Lines, bool Finished);

public enum ChatTurn
{
    Answered,
    /// <summary>No such conversation, or it expired: the page says so and starts over.</summary>
    Gone,
    /// <summary>Another post of the same conversation is being handled right now.</summary>
    Busy,
}

public sealed class ChatOptions
{
    /// <summary>Minutes without a line after which a conversation is expired (its personal data emptied).</summary>
    public int ChatIdleMinutes { get; set; } = 30;

    public TimeSpan Idle => TimeSpan.FromMinutes(Math.Clamp(ChatIdleMinutes, 1, 24 * 60));
}

/// <summary>The serialised state of one conversation (ChatSession.State and .Transcript).</summary>
internal sealed record ChatState(DialogueSnapshot Dialogue, int KeyTurns);

internal sealed record ChatTranscript(List<ChatLine> Lines, List<ChatEvent> Events, string CallSid);

public sealed class ChatConversations(IServiceScopeFactory scopes, TimeProvider clock, ChatOptions options)
{
    public const int MaxLineLength = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public TimeSpan Idle => options.Idle;

    public async Task<ChatConversation> StartAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        var dialogue = NewDialogue(scope.ServiceProvider);
        var greeting = dialogue.Start();
        var now = clock.GetUtcNow().UtcDateTime;
        var transcript = new ChatTranscript([new(false, greeting)], [new(0, "prompt", greeting)], "CA" + Guid.NewGuid().ToString("N"));
        var row = new ChatSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            StartedAtUtc = now,
            LastUsedUtc = now,
            State = JsonSerializer.Serialize(new ChatState(dialogue.Snapshot(), 0), Json),
            Transcript = JsonSerializer.Serialize(transcript, Json),
        };
        db.ChatSessions.Add(row);
        await db.SaveChangesAsync(ct);
        return new(row.Id, transcript.Lines, false);
    }

    /// <summary>The conversation to show, or null when there is none (never was, expired, or idle too long).</summary>
    public async Task<ChatConversation?> FindAsync(string? id, CancellationToken ct = default)
    {
        if (!IsId(id))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<TalkDb>().ChatSessions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || !Live(row))
        {
            return null;
        }

        var transcript = JsonSerializer.Deserialize<ChatTranscript>(row.Transcript, Json)!;
        return new(row.Id, transcript.Lines, row.Finished);
    }

    /// <summary>One line from the caller.</summary>
    public async Task<ChatTurn> SayAsync(string? id, string line, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!IsId(id))
        {
            return ChatTurn.Gone;
        }

        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<TalkDb>();
        var row = await db.ChatSessions.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || !Live(row))
        {
            return ChatTurn.Gone;
        }

        if (row.Finished)
        {
            return ChatTurn.Answered;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (row.BusyUntilUtc > now)
        {
            return ChatTurn.Busy;
        }

        // Take the lease: the version check lets exactly one of two simultaneous posts through.
        row.BusyUntilUtc = now + Lease;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChatTurn.Busy;
        }

        var state = JsonSerializer.Deserialize<ChatState>(row.State, Json)!;
        var transcript = JsonSerializer.Deserialize<ChatTranscript>(row.Transcript, Json)!;
        var dialogue = NewDialogue(sp);
        await dialogue.RestoreAsync(state.Dialogue, ct);

        var text = line.Trim();
        text = text.Length > MaxLineLength ? text[..MaxLineLength] : text;
        var at = (int)Math.Min(int.MaxValue, (now - row.StartedAtUtc).TotalMilliseconds);
        transcript.Lines.Add(new(true, text));
        transcript.Events.Add(new(at, "text", text));
        string reply;
        using (AuditActor.Use(null, "talk-chat"))
        {
            try
            {
                reply = await dialogue.HandleAsync(text, ct);
            }
            catch
            {
                row.BusyUntilUtc = null;
                await db.SaveChangesAsync(CancellationToken.None);
                throw;
            }
        }

        transcript.Lines.Add(new(false, reply));
        transcript.Events.Add(new(at, "prompt", reply));
        row.State = JsonSerializer.Serialize(new ChatState(dialogue.Snapshot(), state.KeyTurns + 1), Json);
        row.Transcript = JsonSerializer.Serialize(transcript, Json);
        row.LastUsedUtc = clock.GetUtcNow().UtcDateTime;
        row.BusyUntilUtc = null;
        row.Finished = dialogue.State is DialogueState.Done or DialogueState.Transferred;
        if (row.Finished)
        {
            // The chat's call record (for the dashboard) goes in with the last turn, in one transaction.
            db.Calls.Add(ChatExpiry.Record(row, dialogue.Snapshot(), state.KeyTurns + 1, transcript, row.LastUsedUtc));
        }

        using (AuditActor.Use(null, "talk-chat"))
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return ChatTurn.Answered;
    }

    private bool Live(ChatSession row) => row.ExpiredAtUtc is null && clock.GetUtcNow().UtcDateTime - row.LastUsedUtc < options.Idle;

    private BookingDialogue NewDialogue(IServiceProvider sp) =>
        new(sp.GetRequiredService<TalkDb>(), sp.GetRequiredService<ReservationService>(), clock, "chat");

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
