using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Recordings;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// The host for the softphone: tone prompts (short, with their words as marks), a scripted recogniser
/// standing in for Whisper, recordings on; and a Chromium whose microphone is Chromium's fake device
/// playing a file of speech-like sound (the page's mute button decides when the "caller" speaks).
/// </summary>
public sealed class SoftphoneHost : BrowserHost, IAsyncLifetime
{
    private IPlaywright? playwright;

    public ScriptedRecognizer Recognizer { get; } = new();

    public IBrowser? PhoneBrowser { get; private set; }

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["OsakaDx:Talk:Synthesizer"] = "tones",
        ["OsakaDx:Talk:Recording:Enabled"] = "true",
        ["OsakaDx:Talk:Recording:RetentionDays"] = "30",
    };

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<IRecognizer>(Recognizer));

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!BrowserEnvironment.IsAvailable)
        {
            return;
        }

        var microphone = Path.Combine(DataPath, "fake-microphone.wav");
        await File.WriteAllBytesAsync(microphone, CallRecorder.Wav(Signals.SpeechLike(4000, random: new Random(7))));
        playwright = await Playwright.CreateAsync();
        PhoneBrowser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args =
            [
                .. BrowserEnvironment.ChromiumArguments,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphone,
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async Task<IPage> NewPhonePageAsync()
    {
        var context = await PhoneBrowser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP", TimezoneId = "Asia/Tokyo", BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public new async Task DisposeAsync()
    {
        if (PhoneBrowser is not null)
        {
            await PhoneBrowser.CloseAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Collection)]
public sealed class SoftphoneTests : ICollectionFixture<SoftphoneHost>
{
    public const string Collection = "Softphone";
}

/// <summary>
/// Ward staff demonstrate the phone line in the browser: the page's microphone and keypad speak the
/// Twilio Media Streams protocol to the same endpoint a carrier uses; a slot is booked with keypad
/// tones mixed into the audio (no dtmf events), checked in the database, and the call's recording
/// can be played by the administrator only.
/// </summary>
[Collection(SoftphoneTests.Collection)]
public sealed class TalkJourneySoftphoneTests(SoftphoneHost host)
{
    private static readonly LocatorAssertionsToContainTextOptions Wait = new() { Timeout = 30_000 };

    [BrowserFact]
    public async Task Staff_book_a_slot_on_the_browser_softphone_with_keypad_tones()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        SessionDay session;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var s = await db.Sessions.Include(x => x.Service).Where(x => x.Service!.Office == "平野区役所" && x.Date > today).OrderBy(x => x.Date).FirstAsync();
            session = new SessionDay(s.Id, s.Date);
        }

        var page = await host.NewPhonePageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "kuyakusho", "Kuyaku-Demo-2025!");
        await Menu.OpenAsync(page, "相談予約", "ブラウザ電話（音声自動応答の試験）");
        await AxeAssert.NoSeriousViolationsAsync(page);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        var transcript = page.Locator("#softphone-transcript");
        var mute = page.Locator("#softphone-mute");
        await page.GetByLabel("発信者番号（任意。電話番号の確認に使われます）").FillAsync("06-6200-1234");
        await mute.ClickAsync();   // the caller keeps quiet until spoken to
        Assert.Equal("true", await mute.GetAttributeAsync("aria-pressed"));
        await page.GetByRole(AriaRole.Button, new() { Name = "電話をかける" }).ClickAsync();

        await Assertions.Expect(transcript).ToContainTextAsync("この通話は、内容の確認のため録音します", Wait);
        await Assertions.Expect(transcript).ToContainTextAsync("どちらの区役所", Wait);
        await SpeakAsync(page, "平野区でお願いします");
        await Assertions.Expect(transcript).ToContainTextAsync("聞き取り：平野区でお願いします", Wait);
        await Assertions.Expect(transcript).ToContainTextAsync("平野区役所ですね", Wait);

        // The date as MMDD on the keypad: three keys clicked, the last one typed on the keyboard.
        var mmdd = session.Date.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var key in mmdd[..3])
        {
            await page.Locator($"[data-key='{key}']").ClickAsync();
        }

        await page.Keyboard.PressAsync(mmdd[3].ToString());
        await Assertions.Expect(transcript).ToContainTextAsync("ボタン：" + mmdd, Wait);
        await Assertions.Expect(transcript).ToContainTextAsync("3番 午後2時", Wait);
        await page.GetByRole(AriaRole.Button, new() { Name = "3", Exact = true }).ClickAsync();
        await Assertions.Expect(transcript).ToContainTextAsync("午後2時ですね", Wait);

        await SpeakAsync(page, "ひらの たろうです");
        await Assertions.Expect(transcript).ToContainTextAsync("0 6 6 2 0 0 1 2 3 4 でよろしいですか", Wait);
        await page.GetByRole(AriaRole.Button, new() { Name = "1", Exact = true }).ClickAsync();
        await Assertions.Expect(transcript).ToContainTextAsync("2番 相続", Wait);
        await page.GetByRole(AriaRole.Button, new() { Name = "2", Exact = true }).ClickAsync();
        await Assertions.Expect(transcript).ToContainTextAsync("確認します。平野区役所", Wait);
        await page.GetByRole(AriaRole.Button, new() { Name = "1", Exact = true }).ClickAsync();
        await Assertions.Expect(transcript).ToContainTextAsync("ご予約を承りました", Wait);
        // The line hangs up after the last prompt has played.
        await Assertions.Expect(page.Locator("#softphone-status")).ToContainTextAsync("通話が終わりました", Wait);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "36-talk-softphone");
        Assert.Empty(errors);

        // In the database: the booking (channel softphone) and the call record with its keys and recording.
        CallRecord record;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            CallRecord? found = null;
            for (var i = 0; i < 100 && found is null; i++)
            {
                found = await db.Calls.Include(c => c.Events).AsNoTracking().FirstOrDefaultAsync(c => c.Channel == "softphone" && c.Reference != null);
                if (found is null)
                {
                    await Task.Delay(100);
                }
            }

            record = found ?? throw new TimeoutException("No softphone call record.");
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == record.Reference);
            Assert.Equal(session.Id, booking.SessionId);
            Assert.Equal(new TimeOnly(14, 0), booking.SlotStart);
            Assert.Equal("0662001234", booking.Phone);
            Assert.Equal("softphone", booking.Channel);
            Assert.Equal(CallOutcome.Booked, record.Outcome);
            Assert.Contains(record.Events, e => e.Kind == "keys" && e.Text == mmdd);
            Assert.Equal(2, record.SpeechTurns);
            Assert.NotNull(record.RecordingFile);
            var wav = await File.ReadAllBytesAsync(scope.ServiceProvider.GetRequiredService<RecordingStore>().Resolve(record.RecordingFile!)!);
            Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
            Assert.True(wav.Length > 44 + (8000 * 2 * 5), $"recording of {wav.Length} bytes is shorter than the call");
        }

        // The dashboard counts it; ward staff see that a recording exists but may not play it.
        await page.GotoAsync("/talk/staff/calls");
        Assert.StartsWith("1 件（保存中）", await page.Locator("#recorded-calls").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/talk/staff/calls/{record.Id}");
        Assert.Contains("管理者だけ", await page.Locator("#recording-state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("audio").CountAsync());
        var refused = await page.APIRequest.GetAsync(RecordingEndpoints.Url(record.Id), new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);

        // The administrator plays it (<audio controls>, no script needed) and downloads it.
        var admin = await host.NewPageAsync();
        await using var adminContext = admin.Context;
        await Session.SignInAsync(admin, "soudan-kanri", "Soudan-Kanri-2025!");
        await admin.GotoAsync($"/talk/staff/calls/{record.Id}");
        Assert.Equal(RecordingEndpoints.Url(record.Id), await admin.Locator("#recording audio").GetAttributeAsync("src"));
        await AxeAssert.NoSeriousViolationsAsync(admin);
        var audio = await admin.APIRequest.GetAsync(RecordingEndpoints.Url(record.Id, download: true));
        Assert.Equal(200, audio.Status);
        Assert.StartsWith("audio/wav", audio.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(await audio.BodyAsync(), 0, 4));
    }

    [BrowserFact]
    public async Task Without_JavaScript_the_softphone_points_to_the_chat_and_the_web_form()
    {
        await using var noJs = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP", TimezoneId = "Asia/Tokyo", BaseURL = host.BaseUrl.ToString(), JavaScriptEnabled = false,
        });
        var page = await noJs.NewPageAsync();
        await Session.SignInAsync(page, "kuyakusho", "Kuyaku-Demo-2025!");
        await page.GotoAsync("/talk/staff/phone");
        var banner = page.Locator("#softphone-nojs");
        Assert.Contains("JavaScript とマイクが必要です", await banner.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/talk/chat", await banner.GetByRole(AriaRole.Link, new() { Name = "文字で相談を予約する（チャット）" }).GetAttributeAsync("href"));
        Assert.Equal("/talk/book", await banner.GetByRole(AriaRole.Link, new() { Name = "画面で予約する" }).GetAttributeAsync("href"));
        Assert.False(await page.Locator("#softphone").IsVisibleAsync());
    }

    private async Task SpeakAsync(IPage page, string words)
    {
        // The recogniser stands for Whisper: the next utterance the server's VAD cuts is "heard" as these words.
        host.Recognizer.Enqueue(words);
        var mute = page.Locator("#softphone-mute");
        await mute.ClickAsync();
        Assert.Equal("false", await mute.GetAttributeAsync("aria-pressed"));
        await page.WaitForTimeoutAsync(1000);
        await mute.ClickAsync();
    }

    private sealed record SessionDay(int Id, DateOnly Date);
}
