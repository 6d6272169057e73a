// /talk/media-stream: the WebSocket a carrier or PBX gateway opens for each call, speaking the Twilio
// Media Streams protocol (TwiML: <Connect><Stream url="wss://…/talk/media-stream?token=…">, with
// <Parameter name="from" value="{{From}}"/> for the caller ID). The WebSocket middleware is added on
// this branch only, so the rest of the platform is unchanged. A carrier must present the shared
// token (OsakaDx:Talk:PhoneToken); without one configured only loopback connections are accepted
// (a gateway on the same machine, the tests, the benchmark).
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OsakaDx.Modules.Talk.Calls;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Recordings;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Talk.Telephony;

public static class MediaStreamEndpoint
{
    public const string Path = "/talk/media-stream";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var pipeline = endpoints.CreateApplicationBuilder()
            .UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) })
            .Use(_ => HandleAsync)
            .Build();
        endpoints.Map(Path, pipeline).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<SpeechOptions>();
        if (!Allowed(context, options) && !await SoftphoneAllowedAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket (Twilio Media Streams) only.", context.RequestAborted);
            return;
        }

        var channel = context.Request.Query["channel"] == "softphone" ? "softphone" : "phone";
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        using var actor = AuditActor.Use(null, "talk-" + channel);
        var sp = scope.ServiceProvider;
        var clock = sp.GetRequiredService<TimeProvider>();
        var db = sp.GetRequiredService<TalkDb>();
        var dialogue = new BookingDialogue(db, sp.GetRequiredService<ReservationService>(), clock, channel);
        var log = new CallLog(channel, clock);
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("OsakaDx.Talk.Phone");
        var recording = sp.GetRequiredService<RecordingOptions>();
        var recorder = recording.Enabled ? new CallRecorder(recording.MaxSeconds) : null;
        var call = new MediaStreamCall(socket, dialogue, log, sp.GetRequiredService<IRecognizer>(), sp.GetRequiredService<ISynthesizer>(), options, logger,
            recorder, transcriptMarks: channel == "softphone");
        try
        {
            await call.RunAsync(context.RequestAborted);
        }
        finally
        {
            log.Update(dialogue);
            if (recorder is not null && recorder.Length > TimeSpan.Zero)
            {
                try
                {
                    log.Recorded(await sp.GetRequiredService<RecordingStore>().SaveAsync(log.CallSid, log.StartedAtUtc, CallRecorder.Wav(recorder.Mix()), CancellationToken.None));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    logger.LogError(e, "Could not store the recording of call {Call}", log.CallSid);   // the record is still saved
                }
            }

            try
            {
                await log.SaveAsync(db, CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                logger.LogError(e, "Could not save the record of call {Call}", log.CallSid);
            }
        }
    }

    /// <summary>The browser softphone of a signed-in talk.staff user, from a page of this same site.</summary>
    private static async Task<bool> SoftphoneAllowedAsync(HttpContext context)
    {
        if (context.Request.Query["channel"] != "softphone" || context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return false;   // cross-site WebSocket: a cookie alone is not enough
        }

        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(context.User, TalkPermissions.StaffPolicy)).Succeeded;
    }

    private static bool Allowed(HttpContext context, SpeechOptions options)
    {
        if (!string.IsNullOrEmpty(options.PhoneToken))
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Query["token"].ToString());
            return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(options.PhoneToken));
        }

        var remote = context.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote);
    }
}
