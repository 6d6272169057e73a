using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Recordings;
using OsakaDx.Modules.Talk.Telephony;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Testing;

namespace OsakaDx.Talk.Tests;

/// <summary>Call recordings on the phone host (recording switched on there): written by a protocol call, admin-only access, retention.</summary>
[Collection(PhoneGroup.Name)]
public sealed class RecordingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly PhoneHost host;

    public RecordingTests(PhoneHost host)
    {
        this.host = host;
        host.Recognizer.Clear();
    }

    private async Task<CallRecord> RecordOf(string callSid)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<TalkDb>().Calls.AsNoTracking().FirstOrDefaultAsync(c => c.CallSid == callSid);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No call record for {callSid}.");
    }

    private string FullPath(string relative)
    {
        using var scope = host.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RecordingStore>().Resolve(relative)!;
    }

    [Fact]
    public async Task ARecordedCallIsAnnouncedAndBothSidesAreStoredAsWav()
    {
        await using var call = await MediaStreamClient.ConnectAsync(host.MediaStream, null, default);
        var greeting = await call.NextPromptAsync(Wait);
        Assert.StartsWith(RecordingOptions.Announcement, greeting, StringComparison.Ordinal);
        host.Recognizer.Enqueue("北区");
        await call.SendAudioAsync([.. Signals.SpeechLike(700, random: new Random(3)), .. Signals.Silence(800, noiseDb: -65)], realTime: false, null, default);
        Assert.Contains("北区役所ですね", await call.NextPromptAsync(Wait), StringComparison.Ordinal);
        await call.SendAudioAsync(Signals.Silence(400, noiseDb: -65), realTime: false, null, default);
        await call.HangUpAsync(default);

        var record = await RecordOf(call.CallSid);
        Assert.NotNull(record.RecordingFile);
        Assert.Null(record.RecordingDeletedAtUtc);
        var wav = await File.ReadAllBytesAsync(FullPath(record.RecordingFile!));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(8000, BitConverter.ToInt32(wav, 24));     // 8 kHz
        Assert.Equal(16, BitConverter.ToInt16(wav, 34));       // PCM16
        Assert.Equal(1, BitConverter.ToInt16(wav, 22));        // mono
        var samples = (wav.Length - 44) / 2;
        Assert.InRange(samples, 8000 * 19 / 10, 8000 * 5);     // the 1.9 s the caller sent, plus the last prompt
        var pcm = new short[samples];
        Buffer.BlockCopy(wav, 44, pcm, 0, samples * 2);
        // The greeting's tone is at the start (before the caller spoke), the caller's voice after it.
        Assert.True(Rms(pcm.AsSpan(0, 800)) > 1000, "the system's prompt is missing from the recording");
        Assert.True(Rms(pcm.AsSpan(8000 * 3 / 10, 8000 * 4 / 10)) > 1000, "the caller's voice is missing from the recording");
    }

    private static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (var s in pcm)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / pcm.Length);
    }

    [Fact]
    public void TheMixDropsPromptAudioClearedByABargeIn()
    {
        var recorder = new CallRecorder();
        recorder.Inbound(new short[800]);                          // 100 ms of line
        recorder.Outbound(Enumerable.Repeat((byte)0x10, 1600).ToArray());  // 200 ms prompt queued at once
        recorder.Inbound(new short[400]);                          // 50 ms later the caller speaks…
        recorder.Cleared();                                        // …and the rest of the prompt is dropped
        var mixed = recorder.Mix();
        Assert.Equal(1200, mixed.Length);
        Assert.NotEqual(0, mixed[850]);
        recorder.Outbound(Enumerable.Repeat((byte)0x10, 160).ToArray());
        Assert.Equal(1360, recorder.Mix().Length);                 // the next prompt starts "now", not after the dropped audio
    }

    [Fact]
    public async Task OnlyTalkAdministratorsMayListenAndEachAccessIsAudited()
    {
        int id;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        using (AuditActor.Use(null, "test"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var file = await scope.ServiceProvider.GetRequiredService<RecordingStore>().SaveAsync("CAaccess", DateTime.UtcNow, CallRecorder.Wav(new short[8000]), default);
            var call = new CallRecord { CallSid = "CAaccess-" + Guid.NewGuid().ToString("N")[..8], Channel = "phone", Recognizer = "none", StartedAtUtc = DateTime.UtcNow, EndedAtUtc = DateTime.UtcNow, RecordingFile = file };
            db.Calls.Add(call);
            await db.SaveChangesAsync();
            id = call.Id;
        }

        var url = new Uri(RecordingEndpoints.Url(id), UriKind.Relative);
        using (var anonymous = Client())
        {
            using var challenged = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Found, challenged.StatusCode);
            Assert.Contains("/account/login", challenged.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using (var staff = await SignInAsync("kuyakusho", "Kuyaku-Demo-2025!"))
        {
            using var refused = await staff.GetAsync(url);   // signed in without talk.admin: the platform's "denied" page
            Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
            Assert.StartsWith("/account/denied", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
            var page = await staff.GetStringAsync(new Uri($"/talk/staff/calls/{id}", UriKind.Relative));
            Assert.Contains("再生は相談予約の管理者だけ", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<audio", page, StringComparison.Ordinal);
        }

        using var admin = await SignInAsync("soudan-kanri", "Soudan-Kanri-2025!");
        var detail = await admin.GetStringAsync(new Uri($"/talk/staff/calls/{id}", UriKind.Relative));
        Assert.Contains($"<audio controls preload=\"none\" src=\"{RecordingEndpoints.Url(id)}\"", detail, StringComparison.Ordinal);
        using var response = await admin.GetAsync(new Uri(RecordingEndpoints.Url(id, download: true), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(44 + 16000, (await response.Content.ReadAsByteArrayAsync()).Length);

        await using var check = host.Factory.Services.CreateAsyncScope();
        var audit = await check.ServiceProvider.GetRequiredService<PlatformDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Module == "talk" && a.EntityType == nameof(CallRecord) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync();
        var download = Assert.Single(audit, a => a.Action == AuditActions.Export);
        Assert.Equal("soudan-kanri", download.Actor);
        Assert.Contains("ダウンロード", download.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRetentionJobDeletesRecordingsOlderThanThePeriodAndSaysSo()
    {
        // The fake clock stands still at "now": the calls other tests recorded moments ago are kept.
        var now = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        int oldId, newId;
        string oldFile, newFile;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        using (AuditActor.Use(null, "test"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var store = scope.ServiceProvider.GetRequiredService<RecordingStore>();
            var old = now.UtcDateTime.AddDays(-31);
            var recent = now.UtcDateTime.AddDays(-29);
            oldFile = await store.SaveAsync("CAold", old, CallRecorder.Wav(new short[800]), default);
            newFile = await store.SaveAsync("CAnew", recent, CallRecorder.Wav(new short[800]), default);
            var a = new CallRecord { CallSid = "CAold-" + Guid.NewGuid().ToString("N")[..8], Channel = "phone", Recognizer = "none", StartedAtUtc = old, EndedAtUtc = old, RecordingFile = oldFile };
            var b = new CallRecord { CallSid = "CAnew-" + Guid.NewGuid().ToString("N")[..8], Channel = "phone", Recognizer = "none", StartedAtUtc = recent, EndedAtUtc = recent, RecordingFile = newFile };
            db.Calls.AddRange(a, b);
            await db.SaveChangesAsync();
            (oldId, newId) = (a.Id, b.Id);

            var retention = new RecordingRetention(db, store, new RecordingOptions { Enabled = true, RetentionDays = 30 }, clock,
                scope.ServiceProvider.GetRequiredService<AuditLog>(), NullLogger<RecordingRetention>.Instance);
            var result = await retention.PruneAsync(default);
            Assert.Equal(1, result.Deleted);
            Assert.Equal(now.UtcDateTime.AddDays(-30), result.CutoffUtc);
        }

        Assert.False(File.Exists(FullPath(oldFile)));
        Assert.True(File.Exists(FullPath(newFile)));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var gone = await db.Calls.AsNoTracking().SingleAsync(c => c.Id == oldId);
            Assert.Null(gone.RecordingFile);
            Assert.Equal(now.UtcDateTime, gone.RecordingDeletedAtUtc);
            Assert.NotNull((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == newId)).RecordingFile);
            Assert.True(await scope.ServiceProvider.GetRequiredService<PlatformDb>().AuditEntries.AnyAsync(
                e => e.Module == "talk" && e.Action == AuditActions.Delete && e.Detail!.Contains("保存期間（30日）経過により削除")));
        }

        using var admin = await SignInAsync("soudan-kanri", "Soudan-Kanri-2025!");
        var detail = await admin.GetStringAsync(new Uri($"/talk/staff/calls/{oldId}", UriKind.Relative));
        Assert.Contains(RecordingOptions.DeletedNote, detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri(RecordingEndpoints.Url(oldId), UriKind.Relative))).StatusCode);
    }

    // A plain client on Kestrel: the factory's own client would follow redirects at the socket level.
    private HttpClient Client() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = host.HttpBase };

    private async Task<HttpClient> SignInAsync(string user, string password)
    {
        var client = Client();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Forms.Token(login),
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
            ["ReturnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
