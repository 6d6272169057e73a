// Demo data: 法律相談 at each of the 24 区役所, one weekday a week each, for the next eight weeks
// (closed days skipped), 13:00–16:00 in 30-minute slots with two lawyers. Idempotent.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Talk.Data;

public static class DemoSeed
{
    public static readonly IReadOnlyList<string> Wards =
    [
        "北区", "都島区", "福島区", "此花区", "中央区", "西区", "港区", "大正区", "天王寺区", "浪速区", "西淀川区", "淀川区",
        "東淀川区", "東成区", "生野区", "旭区", "城東区", "鶴見区", "阿倍野区", "住之江区", "住吉区", "東住吉区", "平野区", "西成区",
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        using var actor = AuditActor.Use(null, "seed:demo");
        var db = services.GetRequiredService<TalkDb>();
        if (await db.Services.AnyAsync(cancellationToken))
        {
            return;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(9));
        for (var i = 0; i < Wards.Count; i++)
        {
            var service = new ConsultationService { Kind = "legal", Name = "法律相談", Office = Wards[i] + "役所" };
            db.Services.Add(service);
            var weekday = (DayOfWeek)((i % 5) + 1);
            for (var d = today.AddDays(1); d <= today.AddDays(56); d = d.AddDays(1))
            {
                if (d.DayOfWeek == weekday && OfficeCalendar.IsOpen(d))
                {
                    db.Sessions.Add(new ConsultationSession
                    {
                        Service = service, Date = d, Start = new TimeOnly(13, 0), End = new TimeOnly(16, 0), SlotMinutes = 30, Capacity = 2,
                    });
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
