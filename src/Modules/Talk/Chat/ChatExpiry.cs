// Expiry of web chat conversations (session 4). Every minute (a platform background service, off
// where the platform's jobs are off, as in the CLI) conversations idle for ChatIdleMinutes are
// closed: an unfinished one is recorded as a chat call (abandoned unless it got further) so the
// dashboard counts it, then the state and transcript (name, phone number) are emptied. The empty
// row stays a day so the page can say that the conversation started over, then it is deleted.
// Kept after expiry: the CallRecord with its timeline, as for a phone call, and any booking made.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Jobs;
using System.Text.Json;

namespace OsakaDx.Modules.Talk.Chat;

public sealed record ChatExpiryResult(int Expired, int Recorded, int Deleted);

public sealed class ChatExpiry(TalkDb db, TimeProvider clock, ChatOptions options)
{
    public static readonly TimeSpan KeepTombstone = TimeSpan.FromDays(1);

    public async Task<ChatExpiryResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var idleSince = now - options.Idle;
        var stale = await db.ChatSessions.Where(c => c.ExpiredAtUtc == null && c.LastUsedUtc <= idleSince).Take(500).ToListAsync(ct);
        var recorded = 0;
        foreach (var row in stale)
        {
            if (!row.Finished && row.State.Length > 0)
            {
                var state = JsonSerializer.Deserialize<ChatState>(row.State, ChatConversations.Json)!;
                var transcript = JsonSerializer.Deserialize<ChatTranscript>(row.Transcript, ChatConversations.Json)!;
                db.Calls.Add(Record(row, state.Dialogue, state.KeyTurns, transcript, row.LastUsedUtc));
                recorded++;
            }

            row.State = "";
            row.Transcript = "";
            row.ExpiredAtUtc = now;
            row.BusyUntilUtc = null;
        }

        using (AuditActor.Use(null, "talk-chat-expiry"))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A caller answered at the last moment on another instance: that row is live again;
                // the next run looks again.
                db.ChangeTracker.Clear();
                return new(0, 0, 0);
            }
        }

        var deleteBefore = now - KeepTombstone;
        var deleted = await db.ChatSessions.Where(c => c.ExpiredAtUtc != null && c.ExpiredAtUtc < deleteBefore).ExecuteDeleteAsync(ct);
        return new(stale.Count, recorded, deleted);
    }

    /// <summary>The chat as a call record for the dashboard (what CallLog does for a phone call).</summary>
    internal static CallRecord Record(ChatSession row, DialogueSnapshot dialogue, int turns, ChatTranscript transcript, DateTime endedUtc)
    {
        var record = new CallRecord
        {
            Channel = "chat",
            CallSid = transcript.CallSid,
            Recognizer = "text",
            StartedAtUtc = row.StartedAtUtc,
            EndedAtUtc = endedUtc,
            LastStep = dialogue.State.ToString(),
            Failures = dialogue.TotalFailures,
            Reference = dialogue.Reference,
            Outcome = dialogue.Outcome,
            CallbackRequested = dialogue.CallbackRequested,
            CallbackNumber = dialogue.CallbackRequested ? dialogue.CallerId : null,
            KeyTurns = turns,
        };
        foreach (var e in transcript.Events)
        {
            record.Events.Add(new CallEvent { AtMs = e.AtMs, Kind = e.Kind, Text = e.Text.Length > 1000 ? e.Text[..1000] : e.Text });
        }

        return record;
    }
}

/// <summary>Runs <see cref="ChatExpiry"/> every minute while the host serves (with the platform's jobs).</summary>
internal sealed class ChatExpiryService(IServiceScopeFactory scopes, IOptions<JobRunnerOptions> jobOptions, TimeProvider clock, ILogger<ChatExpiryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobOptions.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var result = await scope.ServiceProvider.GetRequiredService<ChatExpiry>().RunAsync(stoppingToken);
                    if (result.Expired > 0)
                    {
                        logger.LogInformation("Talk chat: {Expired} idle conversations expired ({Recorded} recorded as abandoned), {Deleted} deleted", result.Expired, result.Recorded, result.Deleted);
                    }
                }

                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(ex, "チャットの有効期限の処理でエラーが発生しました");
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
        }
    }
}
