// The Talk module's one door: トークでつながる行政サービス — consultation reservations that a
// phone call, a text chat or a web form can make (seed section 09). This slice: the reservation
// core and the Japanese date/time understanding; no telephony or speech yet.
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Modules.Talk.Cli;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;
using OsakaDx.Modules.Talk.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Talk;

public sealed class TalkModule : IOsakaDxModule
{
    public string Name => "talk";

    public string DisplayName => "トークでつながる行政サービス";

    public string MenuTitle => "相談予約";

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(TalkPermissions.Staff, "区役所職員（相談予約の確認）", "相談予約の一覧を見て、取り消す", DisplayName),
        new(TalkPermissions.Admin, "相談予約の管理", "相談の種類・会場・日程（枠の長さ・定員）を設定する", DisplayName),
    ];

    public IEnumerable<MenuItem> MenuItems =>
    [
        new("区役所の無料法律相談の予約", "/talk/book", null, 399, "弁護士による無料の法律相談を、区役所と日時を選んで予約します。"),
        new("文字で相談を予約する（チャット）", "/talk/chat", null, 399, "電話の自動応答と同じ受付と文字でやりとりして、法律相談を予約・確認・取り消しします。"),
        new("相談予約の一覧", "/talk/staff", TalkPermissions.Staff, 400, "区役所の無料法律相談などの予約を、会場ごと・日時順に確認します。"),
        new("相談の種類・会場・日程の設定", "/talk/admin/services", TalkPermissions.Admin, 402, "相談ごとの会場、枠の長さと定員、予約の受付期間、対象となる人、相談日の日程を設定します。"),
        new("ブラウザ電話（音声自動応答の試験）", "/talk/staff/phone", TalkPermissions.Staff, 401, "パソコンのマイクとスピーカーで、電話の自動応答に実際の電話と同じ仕組みでつながります。"),
        new("電話自動応答のダッシュボード", "/talk/staff/calls", TalkPermissions.Staff, 401, "通話の件数、職員なしで完了した割合、転送率、平均通話時間、つまずいた場面を見ます。"),
    ];

    public void AddServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModuleDb<TalkDb, SqliteTalkDb, PostgresTalkDb>(TalkDb.Schema);
        builder.Services.AddScoped<ReservationService>();
        builder.Services.AddSingleton<SlotBoard>();
        builder.Services.AddHostedService<TalkWarmup>();
        builder.Services.AddScoped<StaffService>();
        builder.Services.AddScoped<AdminService>();
        builder.Services.AddSingleton<OsakaDx.Modules.Talk.Chat.ChatConversations>();

        // Session 4: web chats persisted in the module database, expired after ChatIdleMinutes.
        var chat = new OsakaDx.Modules.Talk.Chat.ChatOptions();
        builder.Configuration.GetSection("OsakaDx:Talk").Bind(chat);
        builder.Services.AddSingleton(chat);
        builder.Services.AddScoped<OsakaDx.Modules.Talk.Chat.ChatExpiry>();
        builder.Services.AddHostedService<OsakaDx.Modules.Talk.Chat.ChatExpiryService>();

        // Speech: Whisper when a model file is configured; espeak-ng (+ MeCab) when installed, else tones.
        var speech = new SpeechOptions();
        builder.Configuration.GetSection("OsakaDx:Talk").Bind(speech);
        builder.Services.AddSingleton(speech);

        // Call recordings (off by default) and their retention job — see Recordings/Recordings.cs.
        var recording = new OsakaDx.Modules.Talk.Recordings.RecordingOptions();
        builder.Configuration.GetSection(OsakaDx.Modules.Talk.Recordings.RecordingOptions.Section).Bind(recording);
        builder.Services.AddSingleton(recording);
        builder.Services.AddSingleton<OsakaDx.Modules.Talk.Recordings.RecordingStore>();
        builder.Services.AddScoped<OsakaDx.Modules.Talk.Recordings.RecordingRetention>();
        builder.Services.AddSingleton<OsakaDx.Platform.Jobs.IJobHandler, OsakaDx.Modules.Talk.Recordings.RecordingRetentionJob>();
        builder.Services.AddHostedService<OsakaDx.Modules.Talk.Recordings.RecordingRetentionScheduler>();
        builder.Services.AddSingleton<IRecognizer>(sp => WhisperRecognizer.Configured(speech)
            ? new WhisperRecognizer(speech, sp.GetRequiredService<ILogger<WhisperRecognizer>>())
            : new NoRecognizer());
        builder.Services.AddSingleton<ISynthesizer>(_ => new PromptCache(
            speech.Synthesizer switch
            {
                "tones" => new ToneSynthesizer(),
                "espeak" => new EspeakSynthesizer(),
                _ => SpeechTools.EspeakAvailable ? new EspeakSynthesizer() : new ToneSynthesizer(),
            }));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        TalkEndpoints.Map(endpoints);
        MediaStreamEndpoint.Map(endpoints);
        OsakaDx.Modules.Talk.Recordings.RecordingEndpoints.Map(endpoints);
    }

    public Command? CreateCommand(ModuleCommandContext context) => TalkCommands.Create(context);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) => DemoSeed.SeedAsync(services, cancellationToken);
}
