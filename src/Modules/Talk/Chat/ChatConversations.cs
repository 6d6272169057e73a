// Text-chat conversations on the web (/talk/chat): the same BookingDialogue as the phone, one line
// per form post. The dialogue lives in memory for 30 minutes of inactivity, under an unguessable
// id carried in the page address (a capability: it shows the caller's name and phone number).
// One server instance holds them: behind a load balancer the chat needs sticky sessions.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Calls;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Talk.Chat;

public sealed record ChatLine(bool FromCaller, string Text);

public sealed class ChatConversation
{
    internal ChatConversation(string id, AsyncServiceScope scope, BookingDialogue dialogue, CallLog log)
    {
        Id = id;
        Scope = scope;
        Dialogue = dialogue;
        Log = log;
    }

    public string Id { get; }

    public List<ChatLine> Lines { get; } = [];

    public bool Finished => Dialogue.State is DialogueState.Done or DialogueState.Transferred;

    internal AsyncServiceScope Scope { get; }

    internal BookingDialogue Dialogue { get; }

    internal CallLog Log { get; }

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal DateTimeOffset LastUsed { get; set; }

    internal bool Saved { get; set; }
}

public sealed class ChatConversations(IServiceScopeFactory scopes, TimeProvider clock) : IAsyncDisposable
{
    public const int MaxLineLength = 200;
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, ChatConversation> conversations = new(StringComparer.Ordinal);

    public async Task<ChatConversation> StartAsync()
    {
        await SweepAsync();
        var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var dialogue = new BookingDialogue(sp.GetRequiredService<TalkDb>(), sp.GetRequiredService<ReservationService>(), clock, "chat");
        var log = new CallLog("chat", clock);
        var conversation = new ChatConversation(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), scope, dialogue, log) { LastUsed = clock.GetUtcNow() };
        var greeting = dialogue.Start();
        log.Event("prompt", greeting, null);
        conversation.Lines.Add(new(false, greeting));
        conversations[conversation.Id] = conversation;
        return conversation;
    }

    public ChatConversation? Find(string? id) =>
        id is not null && conversations.TryGetValue(id, out var c) && clock.GetUtcNow() - c.LastUsed < Idle ? c : null;

    /// <summary>One line from the caller; returns false when the conversation is gone.</summary>
    public async Task<bool> SayAsync(string? id, string line, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        var conversation = Find(id);
        if (conversation is null)
        {
            return false;
        }

        await conversation.Gate.WaitAsync(ct);
        try
        {
            if (conversation.Finished)
            {
                return true;
            }

            var text = line.Trim();
            text = text.Length > MaxLineLength ? text[..MaxLineLength] : text;
            conversation.LastUsed = clock.GetUtcNow();
            conversation.Lines.Add(new(true, text));
            conversation.Log.Event("text", text, null);
            conversation.Log.KeyTurn();
            string reply;
            using (AuditActor.Use(null, "talk-chat"))
            {
                reply = await conversation.Dialogue.HandleAsync(text, ct);
            }

            conversation.Log.Event("prompt", reply, null);
            conversation.Log.Update(conversation.Dialogue);
            conversation.Lines.Add(new(false, reply));
            if (conversation.Finished)
            {
                await SaveAsync(conversation);
            }

            return true;
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    private static async Task SaveAsync(ChatConversation conversation)
    {
        if (conversation.Saved)
        {
            return;
        }

        conversation.Saved = true;
        using (AuditActor.Use(null, "talk-chat"))
        {
            await conversation.Log.SaveAsync(conversation.Scope.ServiceProvider.GetRequiredService<TalkDb>(), CancellationToken.None);
        }
    }

    /// <summary>Conversations idle for 30 minutes are recorded (abandoned unless finished) and forgotten.</summary>
    private async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, c) in conversations)
        {
            if (now - c.LastUsed >= Idle && conversations.TryRemove(id, out _))
            {
                c.Log.Update(c.Dialogue);
                await SaveAsync(c);
                await c.Scope.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in conversations.Values)
        {
            await c.Scope.DisposeAsync();
        }

        conversations.Clear();
    }
}
