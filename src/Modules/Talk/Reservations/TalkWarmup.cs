// At host start (session 4, burst latency): load the in-memory slot view for every active
// service, run the read queries of a booking once (EF compiles each query shape on first use,
// which under load took hundreds of milliseconds inside the first callers' turns), and synthesise
// the fixed prompts every call begins with into the prompt cache. Failures are logged, never fatal.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Speech;

namespace OsakaDx.Modules.Talk.Reservations;

internal sealed class TalkWarmup(IServiceScopeFactory scopes, SlotBoard board, ISynthesizer synthesizer, TimeProvider clock, ILogger<TalkWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // After the host has started (migrations run before hosted services in the CLI's serve).
            await Task.Yield();
            var services = await board.ActiveServicesAsync();
            foreach (var service in services)
            {
                await board.SlotsAsync(service.Id);
            }

            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<TalkDb>();
            var reservations = sp.GetRequiredService<ReservationService>();
            if (services.Count > 0)
            {
                var first = services[0];
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));
                await reservations.BookableAsync(first, today, today.AddDays(7), stoppingToken);
                await reservations.AlreadyThisYearAsync(first, today, "warmup", null, stoppingToken);
                await reservations.FindAsync("00000000", stoppingToken);
                await db.Sessions.AsNoTracking().Include(s => s.Service).FirstOrDefaultAsync(s => s.Id == -1, stoppingToken);
                await db.Bookings.AsNoTracking().Where(b => b.SessionId == -1 && b.SlotStart == TimeOnly.MinValue && b.Seat != null).Select(b => b.Seat!.Value).ToListAsync(stoppingToken);
                await db.EligibilityClaims.Include(c => c.Booking).FirstOrDefaultAsync(c => c.Kind == "" && c.FiscalYear == 0 && c.PersonKey == "", stoppingToken);
            }

            foreach (var speech in new[] { true, false })
            {
                var dialogue = new BookingDialogue(db, reservations, clock, "phone") { SpeechAvailable = speech };
                await synthesizer.SynthesizeAsync(dialogue.Start(), stoppingToken);
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            logger.LogWarning(ex, "相談予約の準備（空き枠の読み込み・音声の用意）に失敗しました。最初の通話で行います。");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
