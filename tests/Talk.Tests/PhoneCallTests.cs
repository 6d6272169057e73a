using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Talk.Tests;

/// <summary>The real host on a loopback port, the tone synthesiser and a scripted recogniser: calls over a real WebSocket.</summary>
public sealed class PhoneHost : IDisposable
{
    public PhoneHost()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("OsakaDx:DataPath", DataPath);
            b.UseSetting("OsakaDx:Talk:Synthesizer", "tones");
            b.UseSetting("OsakaDx:Talk:AudioLeadMs", "0");
            b.UseSetting("OsakaDx:Talk:Recording:Enabled", "true");   // every call here is recorded (RecordingTests)
            b.ConfigureTestServices(s => s.AddSingleton<IRecognizer>(Recognizer));
        });
        Factory.UseKestrel(0);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpBase = new Uri(address.TrimEnd('/') + "/");
        MediaStream = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + MediaStreamEndpoint.Path);
    }

    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-talk-phone-").FullName;

    public WebApplicationFactory<Program> Factory { get; }

    public ScriptedRecognizer Recognizer { get; } = new();

    public Uri MediaStream { get; }

    /// <summary>The host's HTTP address on Kestrel (for clients of the pages next to the phone endpoint).</summary>
    public Uri HttpBase { get; }

    public void Dispose()
    {
        Factory.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL file for a moment.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PhoneGroup : ICollectionFixture<PhoneHost>
{
    public const string Name = "phone";
}

/// <summary>
/// A caller on a telephone: the test plays the carrier (Twilio Media Streams over a real WebSocket to
/// the real host) and the caller, who speaks where words are needed (the scripted recogniser stands
/// for Whisper) and presses keys — as μ-law tones in the audio, no dtmf events — for the rest.
/// </summary>
[Collection(PhoneGroup.Name)]
public sealed class PhoneCallTests
{
    private readonly PhoneHost host;

    public PhoneCallTests(PhoneHost host)
    {
        this.host = host;
        host.Recognizer.Clear();
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private static async Task Speak(MediaStreamClient call) =>
        await call.SendAudioAsync([.. Signals.SpeechLike(700, random: new Random(3)), .. Signals.Silence(800, noiseDb: -65)], realTime: false, null, default);

    private static async Task Press(MediaStreamClient call, string keys) =>
        await call.SendAudioAsync([.. Signals.Keys(keys), .. Signals.Silence(200, noiseDb: -65)], realTime: false, null, default);

    private async Task<T> WithDb<T>(Func<TalkDb, Task<T>> query)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TalkDb>());
    }

    private async Task<CallRecord> RecordOf(string callSid)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = await WithDb(db => db.Calls.Include(c => c.Events).AsNoTracking().FirstOrDefaultAsync(c => c.CallSid == callSid));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No call record for {callSid}.");
    }

    [Fact]
    public async Task ACallerBooksASlotWithKeypadTones()
    {
        var session = await WithDb(db => db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == "平野区役所" && s.Date > Today).OrderBy(s => s.Date).FirstAsync());
        await using var call = await MediaStreamClient.ConnectAsync(host.MediaStream, "+81662001234", default);

        Assert.Contains("どちらの区役所", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        host.Recognizer.Enqueue("平野区でお願いします");
        await Speak(call);
        Assert.Contains("平野区役所ですね", await call.NextPromptAsync(Wait), StringComparison.Ordinal);

        await Press(call, session.Date.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture));
        var times = await call.NextPromptAsync(Wait);
        Assert.Contains(JapaneseFormat.Date(session.Date), times, StringComparison.Ordinal);
        Assert.Contains("3番 午後2時", times, StringComparison.Ordinal);

        await Press(call, "3");
        Assert.Contains("午後2時ですね", await call.NextPromptAsync(Wait), StringComparison.Ordinal);

        host.Recognizer.Enqueue("ひらの たろうです");
        await Speak(call);
        var callerId = await call.NextPromptAsync(Wait);
        Assert.Contains("ひらの たろう様", callerId, StringComparison.Ordinal);
        Assert.Contains("0 6 6 2 0 0 1 2 3 4 でよろしいですか", callerId, StringComparison.Ordinal);

        await Press(call, "1");
        Assert.Contains("2番 相続", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        await Press(call, "2");
        var readBack = await call.NextPromptAsync(Wait);
        Assert.Contains("確認します。平野区役所", readBack, StringComparison.Ordinal);
        Assert.Contains("相続", readBack, StringComparison.Ordinal);
        await Press(call, "1");
        var done = await call.NextPromptAsync(Wait);
        Assert.Contains("ご予約を承りました", done, StringComparison.Ordinal);

        // The server hangs up after the last prompt has played.
        Assert.Null(await call.NextPromptAsync(Wait));
        var record = await RecordOf(call.CallSid);
        Assert.Equal(CallOutcome.Booked, record.Outcome);
        Assert.Equal("phone", record.Channel);
        Assert.Equal("scripted", record.Recognizer);
        Assert.Equal(2, record.SpeechTurns);
        Assert.Equal(5, record.KeyTurns);
        Assert.Contains(record.Events, e => e.Kind == "keys" && e.Text == session.Date.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(record.Events, e => e.Kind == "heard" && e.Text == "平野区でお願いします" && e.Confidence > 0.9);

        var booking = await WithDb(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == record.Reference));
        Assert.Equal(session.Id, booking.SessionId);
        Assert.Equal(new TimeOnly(14, 0), booking.SlotStart);
        Assert.Equal("0662001234", booking.Phone);
        Assert.Equal("相続", booking.Topic);
        Assert.Equal("phone", booking.Channel);
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Contains(BookingDialogueDigits(booking.Reference), done, StringComparison.Ordinal);
    }

    private static string BookingDialogueDigits(string reference) => OsakaDx.Modules.Talk.Dialogue.BookingDialogue.ReadDigits(reference);

    [Fact]
    public async Task CancelsByReferenceNumberWithSignalledKeys()
    {
        string reference;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        using (AuditActor.Use(null, "test"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var session = await db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == "旭区役所" && s.Date > Today).OrderBy(s => s.Date).FirstAsync();
            var outcome = await scope.ServiceProvider.GetRequiredService<ReservationService>().BookAsync(new(session.Id, new TimeOnly(13, 30), "あさひ いちろう", "06-6957-0001", "近隣", "web"), default);
            reference = outcome.Booking!.Reference;
        }

        await using var call = await MediaStreamClient.ConnectAsync(host.MediaStream, null, default);
        await call.NextPromptAsync(Wait);
        foreach (var key in "9")
        {
            await call.SendDtmfEventAsync(key, default);
        }

        Assert.Contains("予約番号8桁", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        foreach (var key in reference)
        {
            await call.SendDtmfEventAsync(key, default);
        }

        Assert.Contains("電話番号をお願いします", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        foreach (var key in "0669570001#")
        {
            await call.SendDtmfEventAsync(key, default);
        }

        var found = await call.NextPromptAsync(Wait);
        Assert.Contains("旭区役所", found, StringComparison.Ordinal);
        Assert.Contains("取り消してよろしいですか", found, StringComparison.Ordinal);
        await call.SendDtmfEventAsync('1', default);
        Assert.Contains("取り消しました", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        var record = await RecordOf(call.CallSid);
        Assert.Equal(CallOutcome.Cancelled, record.Outcome);
        Assert.Equal(BookingStatus.Cancelled, await WithDb(db => db.Bookings.Where(b => b.Reference == reference).Select(b => b.Status).SingleAsync()));
    }

    [Fact]
    public async Task SpeakingOverAPromptClearsIt()
    {
        // Marks are not echoed: the greeting is still "playing" when the caller speaks.
        await using var call = await MediaStreamClient.ConnectAsync(host.MediaStream, null, default, echoMarks: false);
        await call.NextPromptAsync(Wait);
        host.Recognizer.Enqueue("北区");
        await Speak(call);
        call.EchoMarks = true;
        Assert.Contains("北区役所ですね", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        Assert.Equal(1, call.Clears);
        await call.HangUpAsync(default);
        var record = await RecordOf(call.CallSid);
        Assert.Equal(CallOutcome.Abandoned, record.Outcome);
        Assert.Contains(record.Events, e => e.Kind == "barge-in" && e.Text == "speech");
    }

    [Fact]
    public async Task AnUnsureRecognitionIsConfirmedFirst()
    {
        await using var call = await MediaStreamClient.ConnectAsync(host.MediaStream, null, default);
        await call.NextPromptAsync(Wait);
        host.Recognizer.Enqueue("西区", confidence: 0.3);
        await Speak(call);
        Assert.Contains("「西区」とおっしゃいましたか", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        await Press(call, "1");
        Assert.Contains("西区役所ですね", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesRemoteCarriersWithoutTheToken()
    {
        using var client = host.Factory.CreateClient();
        // The in-memory test client has no remote address: it stands for loopback, so it reaches the
        // endpoint but is not a WebSocket.
        var response = await client.GetAsync(MediaStreamEndpoint.Path);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
