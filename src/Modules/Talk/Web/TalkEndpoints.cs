// /api/talk: the date/time understanding, for the chat and phone front ends and for scripts.
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Talk.Dates;

namespace OsakaDx.Modules.Talk.Web;

internal static class TalkEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/talk");
        api.MapGet("/parse-datetime", (string text, string? today, TimeProvider clock) =>
        {
            var baseDay = today is null
                ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9))
                : DateOnly.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
            if (baseDay is null)
            {
                return Results.BadRequest(new { error = "today は YYYY-MM-DD で指定してください。" });
            }

            var r = JapaneseDateTimeParser.Parse(text, baseDay.Value);
            return Results.Ok(new
            {
                date = r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                time = r.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                afternoonAssumed = r.AfternoonAssumed,
            });
        });
    }
}
