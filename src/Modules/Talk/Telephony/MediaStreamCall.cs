// One telephone call over the Twilio Media Streams protocol (two-way, <Connect><Stream>): JSON
// messages over a WebSocket. In: connected, start, media (base64 μ-law 8 kHz, 20 ms frames), dtmf,
// mark, stop. Out: media (20 ms frames), mark (after each prompt), clear (barge-in).
// Audio in goes through the DTMF detector (keys pressed on a line that does not signal them) and
// the VAD (end of an utterance → recogniser). Each complete input is one turn of the same
// BookingDialogue the chat uses; the reply is synthesised and queued. Speech or a key while a
// prompt plays clears the queued audio here and at the carrier (barge-in). All timing (inter-digit
// and no-input timeouts) is counted in audio received, which the carrier sends in real time.
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OsakaDx.Modules.Talk.Calls;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Speech;

namespace OsakaDx.Modules.Talk.Telephony;

internal sealed class MediaStreamCall(
    WebSocket socket,
    BookingDialogue dialogue,
    CallLog log,
    IRecognizer recognizer,
    ISynthesizer synthesizer,
    SpeechOptions options,
    ILogger logger,
    Recordings.CallRecorder? recorder = null,
    bool transcriptMarks = false)
{
    private const int FrameBytes = 160;
    private const int InterDigitTimeoutMs = 3000;
    private const int NoInputTimeoutMs = 10_000;

    private readonly Channel<Outbound> outbox = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DtmfDetector dtmf = new();
    private readonly Vad vad = new();
    private readonly StringBuilder keys = new();
    private readonly List<byte> pendingAudio = [];
    private string streamSid = "";
    private long generation;
    private int promptNumber;
    private string? awaitedMark;
    private long audioMs;
    private long lastKeyMs;
    private long listeningSinceMs;
    private long digitsAtSpeechStart;
    private long digitsSeen;
    private bool signalledDtmf;
    private bool finished;
    private Recognition? unsure;

    public async Task RunAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sender = SendLoopAsync(cts.Token);
        try
        {
            await ReceiveLoopAsync(cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogInformation("Call {Call} ended: {Reason}", log.CallSid, e.Message);
        }
        finally
        {
            outbox.Writer.TryComplete();
            try
            {
                await sender;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The carrier hung up while we were talking.
            }

            await cts.CancelAsync();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !finished)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var json = JsonDocument.Parse(message.ToArray());
            var root = json.RootElement;
            switch (root.TryGetProperty("event", out var e) ? e.GetString() : null)
            {
                case "start":
                    await StartAsync(root.GetProperty("start"), ct);
                    break;
                case "media":
                    await MediaAsync(Convert.FromBase64String(root.GetProperty("media").GetProperty("payload").GetString() ?? ""), ct);
                    break;
                case "dtmf":
                    // Signalled digits are exact: once the carrier sends them, stop looking in the audio.
                    signalledDtmf = true;
                    var d = root.GetProperty("dtmf").GetProperty("digit").GetString();
                    if (!string.IsNullOrEmpty(d))
                    {
                        await DigitAsync(d[0], ct);
                    }

                    break;
                case "mark":
                    if (root.GetProperty("mark").GetProperty("name").GetString() == awaitedMark)
                    {
                        awaitedMark = null;
                        listeningSinceMs = audioMs;
                        if (dialogue.State is DialogueState.Done or DialogueState.Transferred)
                        {
                            finished = true;
                        }
                    }

                    break;
                case "stop":
                    return;
                default:
                    break;   // "connected" and anything unknown
            }
        }

        if (finished && socket.State == WebSocketState.Open)
        {
            outbox.Writer.TryComplete();
        }
    }

    private async Task StartAsync(JsonElement start, CancellationToken ct)
    {
        streamSid = start.TryGetProperty("streamSid", out var s) ? s.GetString() ?? "" : "";
        var callSid = start.TryGetProperty("callSid", out var c) ? c.GetString() ?? "" : "";
        string? caller = null;
        if (start.TryGetProperty("customParameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "from", "From", "caller", "callerId" })
            {
                if (p.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } number)
                {
                    caller = number;
                    break;
                }
            }
        }

        log.Begin(callSid, recognizer.Name);
        dialogue.CallerId = CallerId.Normalize(caller);
        dialogue.SpeechAvailable = recognizer.Available;
        await SayAsync((recorder is null ? "" : Recordings.RecordingOptions.Announcement) + dialogue.Start(), ct);
    }

    private async Task MediaAsync(byte[] payload, CancellationToken ct)
    {
        pendingAudio.AddRange(payload);
        while (pendingAudio.Count >= FrameBytes)
        {
            var frame = MuLaw.Decode(pendingAudio.GetRange(0, FrameBytes).ToArray());
            pendingAudio.RemoveRange(0, FrameBytes);
            recorder?.Inbound(frame);
            audioMs += 20;
            await FrameAsync(frame, ct);
        }
    }

    private async Task FrameAsync(short[] frame, CancellationToken ct)
    {
        if (!signalledDtmf)
        {
            var found = new List<char>();
            dtmf.Process(frame, found.Add);
            foreach (var digit in found)
            {
                await DigitAsync(digit, ct);
            }

            if (found.Count > 0 || dtmf.ToneActive)
            {
                // Key tones are not speech: forget what the VAD took for the start of an utterance,
                // or a key pressed just before speaking would swallow the words that follow.
                vad.Reset();
                return;
            }
        }

        switch (vad.Process(frame))
        {
            case VadEvent.SpeechStarted:
                digitsAtSpeechStart = digitsSeen;
                if (!dtmf.ToneActive)
                {
                    await BargeInAsync("speech", ct);
                }

                break;
            case VadEvent.SpeechEnded:
                var audio = vad.TakeUtterance();
                if (digitsSeen != digitsAtSpeechStart || dtmf.ToneActive)
                {
                    break;   // that "utterance" was keypad tones
                }

                await UtteranceAsync(audio, ct);
                break;
            default:
                break;
        }

        if (keys.Length > 0 && audioMs - lastKeyMs >= InterDigitTimeoutMs)
        {
            await SubmitKeysAsync(ct);
        }
        else if (awaitedMark is null && !vad.InSpeech && keys.Length == 0 && audioMs - listeningSinceMs >= NoInputTimeoutMs)
        {
            log.Event("timeout", "", null);
            await TurnAsync("", ct);
        }
    }

    private async Task DigitAsync(char digit, CancellationToken ct)
    {
        digitsSeen++;
        lastKeyMs = audioMs;
        await BargeInAsync("key", ct);
        if (digit == '#')
        {
            await SubmitKeysAsync(ct);
            return;
        }

        if (digit == '*')
        {
            keys.Clear();   // * starts the entry again
            return;
        }

        keys.Append(digit);
        var expected = dialogue.ExpectedKeys;
        if ((expected > 0 && keys.Length >= expected) || (unsure is not null && keys.Length >= 1))
        {
            await SubmitKeysAsync(ct);
        }
    }

    private async Task SubmitKeysAsync(CancellationToken ct)
    {
        if (keys.Length == 0)
        {
            return;
        }

        var text = keys.ToString();
        keys.Clear();
        log.Event("keys", text, null);
        log.KeyTurn();
        await TranscriptAsync("keys", text, ct);
        if (unsure is not null)
        {
            await ConfirmUnsureAsync(text, ct);
            return;
        }

        await TurnAsync(text, ct);
    }

    private async Task UtteranceAsync(short[] audio, CancellationToken ct)
    {
        var heard = await recognizer.RecognizeAsync(audio, vad.LastSpeechDb, log.CallSid, ct);
        log.Event("heard", heard?.Text ?? "", heard?.Confidence);
        log.SpeechTurn();
        await TranscriptAsync("heard", heard?.Text ?? "", ct);
        if (unsure is not null)
        {
            await ConfirmUnsureAsync(heard?.Text ?? "", ct);
            return;
        }

        if (heard is null)
        {
            await TurnAsync("", ct);
            return;
        }

        if (heard.Confidence < options.ConfirmBelow && dialogue.State is not DialogueState.Confirm)
        {
            // Not sure enough to act on: read it back first.
            unsure = heard;
            await SayAsync($"「{heard.Text}」とおっしゃいましたか。はいは1、いいえは2を押すか、お答えください。", ct);
            return;
        }

        await TurnAsync(heard.Text, ct);
    }

    private async Task ConfirmUnsureAsync(string answer, CancellationToken ct)
    {
        var pending = unsure!;
        unsure = null;
        switch (YesNo.Parse(answer))
        {
            case Answer.Yes:
                await TurnAsync(pending.Text, ct);
                break;
            case Answer.No:
                await SayAsync("失礼しました。" + dialogue.LastPrompt, ct);
                break;
            default:
                await TurnAsync(answer, ct);
                break;
        }
    }

    private async Task TurnAsync(string input, CancellationToken ct)
    {
        var reply = await dialogue.HandleAsync(input, ct);
        log.Update(dialogue);
        await SayAsync(reply, ct);
    }

    private async Task BargeInAsync(string cause, CancellationToken ct)
    {
        if (awaitedMark is null)
        {
            return;
        }

        Interlocked.Increment(ref generation);
        awaitedMark = null;
        listeningSinceMs = audioMs;
        log.Event("barge-in", cause, null);
        recorder?.Cleared();
        await outbox.Writer.WriteAsync(new Outbound(Interlocked.Read(ref generation), Json(new { @event = "clear", streamSid }), 0), ct);
    }

    private async Task SayAsync(string text, CancellationToken ct)
    {
        log.Event("prompt", text, null);
        var prompt = await synthesizer.SynthesizeAsync(text, ct);
        var gen = Interlocked.Read(ref generation);
        var name = $"p{++promptNumber}";
        if (prompt.Engine == "tones" || transcriptMarks)
        {
            // No voice (or the softphone's transcript): the words travel as a mark so a gateway, a test
            // or the softphone page can follow. Marks are ordinary protocol messages, echoed back and ignored.
            await outbox.Writer.WriteAsync(new Outbound(gen, Json(new { @event = "mark", streamSid, mark = new { name = $"say:{promptNumber}:{text}" } }), 0), ct);
        }

        for (var i = 0; i < prompt.MuLaw.Length; i += FrameBytes)
        {
            var length = Math.Min(FrameBytes, prompt.MuLaw.Length - i);
            var payload = Convert.ToBase64String(prompt.MuLaw, i, length);
            await outbox.Writer.WriteAsync(new Outbound(gen, Json(new { @event = "media", streamSid, media = new { payload } }), length / 8, recorder is null ? null : prompt.MuLaw.AsMemory(i, length)), ct);
        }

        await outbox.Writer.WriteAsync(new Outbound(gen, Json(new { @event = "mark", streamSid, mark = new { name } }), 0), ct);
        awaitedMark = name;
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        double scheduledMs = 0;
        await foreach (var message in outbox.Reader.ReadAllAsync(ct))
        {
            var current = Interlocked.Read(ref generation);
            if (message.Generation < current)
            {
                continue;   // dropped by barge-in
            }

            if (message.AudioMs > 0 && options.AudioLeadMs > 0)
            {
                // Stay at most AudioLeadMs ahead of real time, so a barge-in has little to clear.
                scheduledMs = Math.Max(scheduledMs, clock.Elapsed.TotalMilliseconds);
                var ahead = scheduledMs - clock.Elapsed.TotalMilliseconds;
                if (ahead > options.AudioLeadMs)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(ahead - options.AudioLeadMs), ct);
                    if (message.Generation < Interlocked.Read(ref generation))
                    {
                        continue;
                    }
                }

                scheduledMs += message.AudioMs;
            }

            await socket.SendAsync(message.Json, WebSocketMessageType.Text, true, ct);
            if (message.Audio is { } sent)
            {
                recorder?.Outbound(sent.Span);
            }
        }

        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "call ended", ct);
        }
    }

    /// <summary>Softphone only: what was understood, as a mark "heard:TEXT" / "keys:DIGITS" (a carrier never gets these).</summary>
    private async Task TranscriptAsync(string kind, string text, CancellationToken ct)
    {
        if (transcriptMarks)
        {
            await outbox.Writer.WriteAsync(new Outbound(Interlocked.Read(ref generation), Json(new { @event = "mark", streamSid, mark = new { name = $"{kind}:{text}" } }), 0), ct);
        }
    }

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private sealed record Outbound(long Generation, byte[] Json, int AudioMs, ReadOnlyMemory<byte>? Audio = null);
}

/// <summary>Caller numbers as the carrier gives them (+81 6 …) turned into the domestic form (06…).</summary>
public static class CallerId
{
    public static string? Normalize(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        if (number.TrimStart().StartsWith('+'))
        {
            if (!digits.StartsWith("81", StringComparison.Ordinal))
            {
                return null;   // a foreign number cannot be a call-back number here
            }

            digits = "0" + digits[2..];
        }

        return digits.Length is 10 or 11 && digits[0] == '0' ? digits : null;
    }
}
