// Talk scenario benchmark (issue 6): "50 simulated concurrent calls on 2 cores: turn latency from
// end of caller input to the first audio byte, p95 ≤ 300 ms excluding recognition; DTMF detection
// ≥ 99 % on tones with noise and level differences inside the tolerances, 0 false digits on
// speech-like audio."
//   1. DTMF accuracy: random key sequences, every tone pair with frequency deviation within ±1.5 %,
//      high tone 0–5 dB above the low one, level −25…−5 dBFS, white noise 15–30 dB below the tones,
//      tones 50–100 ms, pauses 30–80 ms, through μ-law. Then minutes of speech-like audio.
//   2. Calls: the real host (SQLite, demo data) on a loopback port; N callers at once, each a real
//      WebSocket sending μ-law frames in real time: speaks the ward (scripted recogniser: the
//      recognition time is excluded by construction), keys the date (MMDD) and the time, speaks the
//      name, keys 1 (caller ID), the topic and 1 (confirm). Latency per turn = from the frame that
//      completes the input (keys: the last key's tone has lasted 38 ms, when it becomes detectable;
//      speech: the VAD's 600 ms of closing silence, minus 60 ms) to the first reply media message.
// Usage: dotnet run -c Release --project bench/Talk [-- --calls 50 --digits 20000 --speech-minutes 30 --burst --record]
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;

var calls = Arg("--calls", 50);
var digitCount = Arg("--digits", 20_000);
var speechMinutes = Arg("--speech-minutes", 30);
var burst = args.Contains("--burst");
var record = args.Contains("--record");   // call recordings on (WAV per call under the data folder)
Console.WriteLine($"Talk benchmark; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

// 1. DTMF accuracy.
var random = new Random(20261126);
const string KeySet = "0123456789*#ABCD";
var sw = Stopwatch.StartNew();
int sent = 0, correct = 0, missed = 0, extra = 0;
while (sent < digitCount)
{
    var keys = new string([.. Enumerable.Range(0, 10).Select(_ => KeySet[random.Next(KeySet.Length)])]);
    var audio = new List<short>(Signals.Silence(60, -60, random));
    foreach (var k in keys)
    {
        var level = -25 + (random.NextDouble() * 20);
        audio.AddRange(Signals.Dtmf(k, toneMs: 50 + random.Next(51), pauseMs: 30 + random.Next(51), lowDb: level, twistDb: random.NextDouble() * 5,
            deviation: (random.NextDouble() * 0.03) - 0.015, noiseDb: level - 15 - (random.NextDouble() * 15), random: random));
    }

    audio.AddRange(Signals.Silence(60, -60, random));
    var found = Detect([.. audio]);
    sent += keys.Length;
    var (same, miss, more) = Align(keys, found);
    correct += same;
    missed += miss;
    extra += more;
}

var dtmfSeconds = sw.Elapsed.TotalSeconds;
Console.WriteLine($"1a. DTMF inside the tolerances: {sent:N0} key presses, {correct:N0} detected ({100.0 * correct / sent:0.000} %), {missed} missed, {extra} extra; {dtmfSeconds:0.0} s");

sw.Restart();
var falseDigits = 0;
var speechSeconds = 0.0;
for (var i = 0; speechSeconds < speechMinutes * 60; i++)
{
    var pcm = i % 10 == 9 ? Signals.TrickyVowel(3000, f0: 150 + random.Next(60)) : Signals.SpeechLike(10_000, f0: 80 + random.Next(200), levelDb: -5 - random.Next(25), random: random);
    falseDigits += Detect(pcm).Length;
    speechSeconds += pcm.Length / 8000.0;
}

Console.WriteLine($"1b. speech-like audio: {speechSeconds / 60:0.0} min, {falseDigits} false digits; {sw.Elapsed.TotalSeconds:0.0} s");

// 2. Concurrent calls against the real host.
var data = Directory.CreateTempSubdirectory("osakadx-talk-bench-").FullName;
var recognizer = new ScriptedRecognizer();
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "OsakaDx.slnx")))
{
    root = root.Parent;
}

// The host's content root (its wwwroot and static assets), as the test projects get it from Mvc.Testing.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OSAKADX_HOST", Path.Combine(root?.FullName ?? ".", "src", "Host"));
await using var factory = new WebApplicationFactory<OsakaDx.Host.SharedResource>().WithWebHostBuilder(b =>
{
    b.UseSetting("OsakaDx:DataPath", data);
    b.UseSetting("OsakaDx:Talk:Synthesizer", "tones");
    b.UseSetting("OsakaDx:Talk:Recording:Enabled", record ? "true" : "false");
    b.UseSetting("Logging:LogLevel:Default", "Warning");
    b.ConfigureTestServices(s => s.AddSingleton<IRecognizer>(recognizer));
});
factory.UseKestrel(0);
factory.StartServer();
var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var uri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + MediaStreamEndpoint.Path);

List<(string Office, DateOnly Date)> targets;
await using (var scope = factory.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
    var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
    // Bookable days (inside each service's window) at offices without a residency question.
    targets = [.. (await db.Sessions.Include(s => s.Service).Where(s => s.Date > today && s.Service!.Residency == "").OrderBy(s => s.Date).ToListAsync())
        .Where(s => s.Date <= today.AddDays(s.Service!.OpensDaysBefore) && s.Date >= today.AddDays(s.Service.ClosesDaysBefore))
        .Select(s => (s.Service!.Office, s.Date))];
}

// One warm-up call, not counted: a whole booking (ward → confirm) on a day and time no measured call
// uses, so JIT, EF's query compilation and the connection pools are ready, as on a server that has
// run for a while. (Before session 4 it only pressed 8, and the first burst paid for compiling the
// booking path.)
await BookingCallAsync(targets[^1].Office, targets[^1].Date, 6, "+81661119999");

string[] turnNames = ["ward", "date", "time", "name", "callerid", "topic", "confirm"];
var perTurn = new List<(int Turn, double Ms)>();
var keyLatencies = new List<double>();
var speechLatencies = new List<double>();
var booked = 0;
var failures = new List<string>();
var gate = new object();
sw.Restart();
await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
{
    // Calls arrive at random over the first 5 s (each lasts ~9 s, so all 50 are in progress together);
    // --burst starts them all at the same instant, every caller pressing the same key at the same moment.
    if (!burst)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(new Random(i).Next(5000)));
    }

    var (office, date) = targets[i % targets.Count];
    var slot = 1 + (i / targets.Count % 6);
    try
    {
        var (speech, keys) = await BookingCallAsync(office, date, slot, "+8166000" + (1000 + i).ToString(CultureInfo.InvariantCulture));
        lock (gate)
        {
            keyLatencies.AddRange(keys);
            speechLatencies.AddRange(speech);
            double[] order = [speech[0], keys[0], keys[1], speech[1], keys[2], keys[3], keys[4]];
            perTurn.AddRange(order.Select((ms, t) => (t, ms)));
            booked++;
        }
    }
    catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
    {
        lock (gate)
        {
            failures.Add($"call {i}: {e.Message}");
        }
    }
}));
var callSeconds = sw.Elapsed.TotalSeconds;

int bookedInDb;
await using (var scope = factory.Services.CreateAsyncScope())
{
    bookedInDb = await scope.ServiceProvider.GetRequiredService<TalkDb>().Bookings.CountAsync(b => b.Channel == "phone" && b.Status == BookingStatus.Booked && b.Phone.StartsWith("06600"));
    if (record)
    {
        var recordings = Directory.Exists(Path.Combine(data, "talk", "recordings"))
            ? Directory.EnumerateFiles(Path.Combine(data, "talk", "recordings"), "*.wav", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList()
            : [];
        Console.WriteLine($"   recordings: {recordings.Count} WAV files, {recordings.Sum() / 1024.0 / 1024.0:0.0} MB");
    }
}

Console.WriteLine($"2. {calls} concurrent calls ({(burst ? "all started at once" : "arriving over 5 s")}): {booked} completed, {bookedInDb} phone bookings in the database, {failures.Count} failed; {callSeconds:0.0} s wall");
Print("   key turns   ", keyLatencies);
Print("   speech turns", speechLatencies);
var all = keyLatencies.Concat(speechLatencies).ToList();
Print("   all turns   ", all);
for (var t = 0; t < turnNames.Length; t++)
{
    Print($"     turn {t + 1} {turnNames[t],-8}", [.. perTurn.Where(p => p.Turn == t).Select(p => p.Ms)]);
}
foreach (var f in failures.Take(5))
{
    Console.WriteLine("   " + f);
}

var ok = correct >= sent * 0.99 && falseDigits == 0 && failures.Count == 0 && all.Count > 0 && Percentile(all, 95) <= 300;
Console.WriteLine(ok ? "PASS: DTMF ≥ 99 %, 0 false digits, p95 turn latency ≤ 300 ms" : "FAIL");
try
{
    Directory.Delete(data, true);
}
catch (IOException)
{
    // SQLite WAL still open.
}

return ok ? 0 : 1;

// A caller who books: ward (speech), date MMDD (tones), time (tone), name (speech), caller ID 1, topic 2, confirm 1.
async Task<(List<double> Speech, List<double> Keys)> BookingCallAsync(string office, DateOnly date, int slot, string callerId)
{
    await using var call = await MediaStreamClient.ConnectAsync(uri, callerId, default);
    var wait = TimeSpan.FromSeconds(60);
    var speech = new List<double>();
    var keys = new List<double>();
    await call.NextPromptAsync(wait);
    recognizer.Enqueue(office.Replace("役所", "", StringComparison.Ordinal), 0.95, call.CallSid);
    speech.Add(await Turn(call, Speech(), wait));
    keys.Add(await Turn(call, Keys(date.ToString("MMdd", CultureInfo.InvariantCulture)), wait));
    keys.Add(await Turn(call, Keys(slot.ToString(CultureInfo.InvariantCulture)), wait));
    recognizer.Enqueue("おおさか たろう", 0.95, call.CallSid);
    speech.Add(await Turn(call, Speech(), wait));
    keys.Add(await Turn(call, Keys("1"), wait));
    keys.Add(await Turn(call, Keys("2"), wait));
    keys.Add(await Turn(call, Keys("1"), wait));
    return (speech, keys);
}

// The turn's input, and where it ends (see the header).
static (short[] Audio, int EndSample) Keys(string keys)
{
    var audio = Signals.Keys(keys, toneMs: 70, pauseMs: 50);
    var lastToneStart = (keys.Length - 1) * (120 * 8);
    return ([.. audio, .. Signals.Silence(300, -65)], lastToneStart + DtmfDetector.BlockSize + (3 * DtmfDetector.Hop));
}

static (short[] Audio, int EndSample) Speech()
{
    var words = Signals.SpeechLike(700);
    // The VAD may call the end up to a few frames early (the last syllable fades out), so the clock
    // starts 60 ms before the nominal end of its 600 ms window: speech latencies are overstated by ≤ 60 ms.
    return ([.. words, .. Signals.Silence(900, -65)], words.Length + (540 * 8));
}

static async Task<double> Turn(MediaStreamClient call, (short[] Audio, int EndSample) input, TimeSpan wait)
{
    var before = call.Latencies.Count;
    await call.SendAudioAsync(input.Audio, realTime: true, input.EndSample, default);
    _ = await call.NextPromptAsync(wait) ?? throw new InvalidOperationException("the call ended early");
    return call.Latencies.Count > before ? call.Latencies.Last() : throw new InvalidOperationException("no latency measured");
}

static string Detect(short[] pcm)
{
    var detector = new DtmfDetector();
    var found = new System.Text.StringBuilder();
    detector.Process(MuLaw.Decode(MuLaw.Encode(pcm)), c => found.Append(c));
    return found.ToString();
}

// Edit-distance alignment: matched digits, digits missed, digits added.
static (int Same, int Missed, int Extra) Align(string expected, string found)
{
    var d = new int[expected.Length + 1, found.Length + 1];
    for (var i = 0; i <= expected.Length; i++)
    {
        d[i, 0] = i;
    }

    for (var j = 0; j <= found.Length; j++)
    {
        d[0, j] = j;
    }

    for (var i = 1; i <= expected.Length; i++)
    {
        for (var j = 1; j <= found.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (expected[i - 1] == found[j - 1] ? 0 : 1));
        }
    }

    var errors = d[expected.Length, found.Length];
    var extraDigits = Math.Max(0, found.Length - expected.Length);
    var missedDigits = Math.Max(0, expected.Length - found.Length);
    return (expected.Length - Math.Max(errors - extraDigits, missedDigits), missedDigits, extraDigits);
}

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static void Print(string label, List<double> values) =>
    Console.WriteLine(values.Count == 0 ? $"{label}: none" :
        $"{label}: {values.Count} turns, median {Percentile(values, 50):0.0} ms, p95 {Percentile(values, 95):0.0} ms, max {values.Max():0.0} ms");

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
