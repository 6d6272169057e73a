// /talk/admin/calls/{id}/recording.wav — the recording of one call, for talk.admin only. Plays in an
// <audio controls> element (range requests, no JavaScript needed) or downloads with ?download=1.
// Every access is written to the audit log (a player's follow-up range requests are not counted again).
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Talk.Recordings;

public static class RecordingEndpoints
{
    public static string Url(int callId, bool download = false) => $"/talk/admin/calls/{callId}/recording.wav" + (download ? "?download=1" : "");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/talk/admin/calls/{id:int}/recording.wav", async (int id, string? download, HttpContext http, TalkDb db, RecordingStore store, AuditLog audit, CancellationToken ct) =>
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
            var full = call?.RecordingFile is { } file ? store.Resolve(file) : null;
            if (call is null || full is null || !File.Exists(full))
            {
                return Results.NotFound();
            }

            var attachment = download == "1";
            var range = http.Request.Headers.Range.ToString();
            if (attachment || string.IsNullOrEmpty(range) || range.StartsWith("bytes=0-", StringComparison.Ordinal))
            {
                await audit.WriteAsync(AuditCategories.Data, attachment ? AuditActions.Export : "read",
                    $"通話録音の{(attachment ? "ダウンロード" : "再生")}（{call.StartedAtUtc.AddHours(9):yyyy-MM-dd HH:mm} の通話）",
                    entityType: nameof(CallRecord), entityId: id.ToString(System.Globalization.CultureInfo.InvariantCulture), module: "talk", cancellationToken: ct);
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.File(full, "audio/wav", attachment ? $"通話録音_{call.StartedAtUtc.AddHours(9):yyyyMMdd_HHmm}_{id}.wav" : null, enableRangeProcessing: true);
        }).RequireAuthorization(TalkPermissions.AdminPolicy).ExcludeFromDescription();
    }
}
