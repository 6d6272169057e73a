// The carrier's side of the Twilio Media Streams protocol, for the tests, the benchmark and
// `talk demo`: it connects like Twilio does (connected, start with customParameters), streams
// μ-law 20 ms media frames, echoes each mark once the audio before it has "played" (at once), and
// collects the prompts' text from the tone synthesiser's say: marks.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace OsakaDx.Modules.Talk.Telephony;

public sealed class MediaStreamClient : IAsyncDisposable
{
    private static readonly string[] InboundTrack = ["inbound"];

    private readonly ClientWebSocket socket = new();
    private readonly Channel<string> prompts = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly StringBuilder saying = new();
    private readonly string streamSid = "MZ" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<double> latencies = new();
    private readonly ConcurrentQueue<string> heldMarks = new();
    private volatile bool echoMarks = true;
    private Task? receiver;
    private int sequence;
    private long chunk;
    private long inputEndTicks;
    private int clears;
    private int mediaMessages;

    public string CallSid { get; } = "CA" + Guid.NewGuid().ToString("N");

    /// <summary>clear messages received (barge-ins).</summary>
    public int Clears => Volatile.Read(ref clears);

    public int MediaMessages => Volatile.Read(ref mediaMessages);

    /// <summary>Milliseconds from the end of each input to the first audio byte of the reply.</summary>
    public IReadOnlyCollection<double> Latencies => latencies;

    public bool Closed => socket.State != WebSocketState.Open;

    /// <summary>
    /// True (default): marks are echoed at once, as if the audio played instantly. False: the prompt
    /// stays "playing" (no echo) — to test barge-in. Marks held back are echoed when set to true again.
    /// </summary>
    public bool EchoMarks
    {
        get => echoMarks;
        set
        {
            echoMarks = value;
            if (value)
            {
                while (heldMarks.TryDequeue(out var name))
                {
                    _ = SendJsonAsync(new { @event = "mark", streamSid, sequenceNumber = NextSequence(), mark = new { name } }, CancellationToken.None);
                }
            }
        }
    }

    public static async Task<MediaStreamClient> ConnectAsync(Uri uri, string? from, CancellationToken ct, bool echoMarks = true)
    {
        var client = new MediaStreamClient { echoMarks = echoMarks };
        await client.socket.ConnectAsync(uri, ct);
        client.receiver = client.ReceiveLoopAsync();
        await client.SendJsonAsync(new { @event = "connected", protocol = "Call", version = "1.0.0" }, ct);
        await client.SendJsonAsync(new
        {
            @event = "start",
            sequenceNumber = client.NextSequence(),
            start = new
            {
                accountSid = "AC00000000000000000000000000000000",
                streamSid = client.streamSid,
                callSid = client.CallSid,
                tracks = InboundTrack,
                customParameters = from is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["from"] = from },
                mediaFormat = new { encoding = "audio/x-mulaw", sampleRate = 8000, channels = 1 },
            },
            streamSid = client.streamSid,
        }, ct);
        return client;
    }

    /// <summary>The text of the next whole prompt (after its closing mark), or null when the call ended.</summary>
    public async Task<string?> NextPromptAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await prompts.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Streams audio as 20 ms media frames; realTime paces them as a carrier would.</summary>
    /// <param name="inputEndsAtSample">Where the caller's input ends: the latency clock starts when that frame is sent.</param>
    public async Task SendAudioAsync(short[] pcm, bool realTime, int? inputEndsAtSample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pcm);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pcm.Length && socket.State == WebSocketState.Open; i += 160)
        {
            var frame = new short[160];
            Array.Copy(pcm, i, frame, 0, Math.Min(160, pcm.Length - i));
            var payload = Convert.ToBase64String(MuLaw.Encode(frame));
            var n = Interlocked.Increment(ref chunk);
            if (inputEndsAtSample is { } end && end >= i && end < i + 160)
            {
                // The clock starts as the frame completing the input goes out.
                Interlocked.Exchange(ref inputEndTicks, Stopwatch.GetTimestamp());
            }

            await SendJsonAsync(new
            {
                @event = "media",
                sequenceNumber = NextSequence(),
                media = new { track = "inbound", chunk = n.ToString(CultureInfo.InvariantCulture), timestamp = (n * 20).ToString(CultureInfo.InvariantCulture), payload },
                streamSid,
            }, ct);

            if (realTime)
            {
                var due = (i / 160 + 1) * 20;
                var wait = due - clock.Elapsed.TotalMilliseconds;
                if (wait > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
                }
            }
        }
    }

    /// <summary>A dtmf event, as Twilio sends for keys on a two-way stream.</summary>
    public Task SendDtmfEventAsync(char digit, CancellationToken ct) =>
        SendJsonAsync(new { @event = "dtmf", streamSid, sequenceNumber = NextSequence(), dtmf = new { track = "inbound_track", digit = digit.ToString() } }, ct);

    public async Task HangUpAsync(CancellationToken ct)
    {
        if (socket.State == WebSocketState.Open)
        {
            await SendJsonAsync(new { @event = "stop", sequenceNumber = NextSequence(), streamSid, stop = new { accountSid = "AC00000000000000000000000000000000", callSid = CallSid } }, ct);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "hang up", ct);
        }
    }

    private string NextSequence() => Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);

    private async Task SendJsonAsync(object value, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        await sendLock.WaitAsync(ct);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
            }
        }
        catch (WebSocketException)
        {
            // The server hung up (the call is over) while the caller was still sending.
        }
        finally
        {
            sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                using var json = JsonDocument.Parse(message.ToArray());
                var root = json.RootElement;
                switch (root.GetProperty("event").GetString())
                {
                    case "media":
                        Interlocked.Increment(ref mediaMessages);
                        var started = Interlocked.Exchange(ref inputEndTicks, 0);
                        if (started != 0)
                        {
                            latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }

                        break;
                    case "mark":
                        var name = root.GetProperty("mark").GetProperty("name").GetString() ?? "";
                        if (name.StartsWith("say:", StringComparison.Ordinal))
                        {
                            saying.Append(name[(name.IndexOf(':', 4) + 1)..]);
                            break;
                        }

                        // The audio before this mark has "played": tell the server, as Twilio does.
                        if (!echoMarks)
                        {
                            heldMarks.Enqueue(name);
                            prompts.Writer.TryWrite(saying.ToString());
                            saying.Clear();
                            break;
                        }

                        await SendJsonAsync(new { @event = "mark", streamSid, sequenceNumber = NextSequence(), mark = new { name } }, CancellationToken.None);
                        prompts.Writer.TryWrite(saying.ToString());
                        saying.Clear();
                        break;
                    case "clear":
                        Interlocked.Increment(ref clears);
                        Interlocked.Exchange(ref inputEndTicks, 0);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (WebSocketException)
        {
            // The server closed the call.
        }
        finally
        {
            prompts.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await HangUpAsync(CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }

        if (receiver is not null)
        {
            await Task.WhenAny(receiver, Task.Delay(2000));
        }

        socket.Dispose();
        sendLock.Dispose();
    }
}
