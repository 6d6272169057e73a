// Demo data: 法律相談 at each of the 24 区役所, one weekday a week each, for the next eight weeks
// (closed days skipped), 13:00–16:00 in 30-minute slots with two lawyers. Idempotent.
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Talk.Data;

public static class DemoSeed
{
    public static readonly IReadOnlyList<string> Wards =
    [
        "北区", "都島区", "福島区", "此花区", "中央区", "西区", "港区", "大正区", "天王寺区", "浪速区", "西淀川区", "淀川区",
        "東淀川区", "東成区", "生野区", "旭区", "城東区", "鶴見区", "阿倍野区", "住之江区", "住吉区", "東住吉区", "平野区", "西成区",
    ];

    /// <summary>Offices whose demo 法律相談 has eligibility rules: (residency, 在勤・在学 allowed, once per fiscal year).</summary>
    public static readonly IReadOnlyDictionary<string, (string Residency, bool AllowCommuters, bool OncePerFiscalYear)> RuleWards =
        new Dictionary<string, (string, bool, bool)>
        {
            ["阿倍野区"] = ("ward", false, true),
            ["淀川区"] = ("city", true, true),
        };

    public const string StaffRole = "talk-staff";

    public const string AdminRole = "talk-admin";

    /// <summary>Demo administrator of the consultation services and calendars (talk.admin and talk.staff).</summary>
    public static readonly (string User, string Password, string Name) AdminAccount = ("soudan-kanri", "Soudan-Kanri-2025!", "相談 かんり（市民局 相談事業担当）");

    /// <summary>Demo ward office clerk who sees the bookings.</summary>
    public static readonly (string User, string Password, string Name) StaffAccount = ("kuyakusho", "Kuyaku-Demo-2025!", "北 まどか（北区役所 区民相談）");

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.GetRequiredService<IOptions<PlatformOptions>>().Value.IsDemo)
        {
            throw new InvalidOperationException("デモモードではないため、デモデータは作成できません（OsakaDx:Demo=true で起動してください）。");
        }

        using var actor = AuditActor.Use(null, "seed:demo");
        await EnsureStaffAsync(services);
        var db = services.GetRequiredService<TalkDb>();
        if (!await db.Calls.AnyAsync(cancellationToken))
        {
            await SeedCallsAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
        }

        if (await db.Services.AnyAsync(cancellationToken))
        {
            return;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(9));
        for (var i = 0; i < Wards.Count; i++)
        {
            var service = new ConsultationService
            {
                Kind = "legal", Name = "法律相談", Office = Wards[i] + "役所", SlotMinutes = 30, Capacity = 2, OpensDaysBefore = 28, ClosesDaysBefore = 1,
                Description = "弁護士による無料の法律相談です（1回30分）。",
            };
            if (RuleWards.TryGetValue(Wards[i], out var rule))
            {
                // Demo of the eligibility rules at a few offices (the city's real rules are to be confirmed per office).
                (service.Residency, service.AllowCommuters, service.OncePerFiscalYear) = rule;
                service.Description += rule.Residency == "ward" ? $"{Wards[i]}内にお住まいの方が対象で、お一人につき年度に1回までです。" : "大阪市内にお住まい・お勤め・通学の方が対象で、お一人につき年度に1回までです。";
            }

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

        // A few bookings so that the staff list has something to show.
        var first = await db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == "北区役所").OrderBy(s => s.Date).FirstAsync(cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var demo = new[] { ("13:00", "よどや たろう", "相続", "phone"), ("13:30", "てんま はなこ", "離婚", "web"), ("14:00", "うめだ じろう", "金銭", "chat") };
        for (var i = 0; i < demo.Length; i++)
        {
            var (time, name, topic, channel) = demo[i];
            db.Bookings.Add(new Booking
            {
                Reference = (90000001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), SessionId = first.Id, SlotStart = TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
                Seat = 1, Status = BookingStatus.Booked, NameKana = name, Phone = "06-6000-000" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Topic = topic, Channel = channel, CreatedAtUtc = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Two weeks of made-up call records so that the dashboard has something to show (marked demo-… in CallSid).</summary>
    private static async Task SeedCallsAsync(TalkDb db, TimeProvider clock, CancellationToken ct)
    {
        var random = new Random(609);
        var now = clock.GetUtcNow().UtcDateTime;
        (CallOutcome Outcome, string Step, int Weight)[] kinds =
        [
            (CallOutcome.Booked, "Done", 45), (CallOutcome.Checked, "Done", 8), (CallOutcome.Cancelled, "Done", 7),
            (CallOutcome.Transferred, "Date", 10), (CallOutcome.Transferred, "Ward", 6), (CallOutcome.Transferred, "Name", 4),
            (CallOutcome.Abandoned, "Time", 8), (CallOutcome.Abandoned, "Phone", 7), (CallOutcome.Abandoned, "Ward", 5),
        ];
        var total = kinds.Sum(k => k.Weight);
        for (var day = 14; day >= 1; day--)
        {
            var count = 3 + random.Next(8);
            for (var i = 0; i < count; i++)
            {
                var pick = random.Next(total);
                var kind = kinds.First(k => (pick -= k.Weight) < 0);
                var start = now.Date.AddDays(-day).AddHours(random.Next(24)).AddMinutes(random.Next(60));
                var seconds = kind.Outcome == CallOutcome.Booked ? 120 + random.Next(120) : 30 + random.Next(120);
                var failures = kind.Outcome is CallOutcome.Transferred ? 3 : random.Next(2);
                var call = new CallRecord
                {
                    CallSid = $"demo-{day}-{i}", Channel = i % 5 == 4 ? "chat" : "phone", Recognizer = i % 5 == 4 ? "text" : "whisper",
                    StartedAtUtc = start, EndedAtUtc = start.AddSeconds(seconds), Outcome = kind.Outcome, LastStep = kind.Step,
                    Failures = failures, SpeechTurns = 3 + random.Next(3), KeyTurns = 2 + random.Next(4),
                    CallbackRequested = kind.Outcome == CallOutcome.Transferred && random.Next(2) == 0,
                };
                call.CallbackNumber = call.CallbackRequested ? "0660000" + random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                call.Events.Add(new CallEvent { AtMs = 0, Kind = "prompt", Text = "こちらは大阪市の区役所の無料法律相談の予約窓口です。（デモの記録）" });
                call.Events.Add(new CallEvent { AtMs = 9000, Kind = "heard", Text = "北区でお願いします", Confidence = 0.8 + (random.NextDouble() * 0.19) });
                db.Calls.Add(call);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task EnsureStaffAsync(IServiceProvider services)
    {
        await EnsureAccountAsync(services, StaffRole, "相談予約：区役所職員", "相談予約の一覧を見て、取り消す", [TalkPermissions.Staff], StaffAccount);
        await EnsureAccountAsync(services, AdminRole, "相談予約：管理", "相談の種類・会場・日程を設定する", [TalkPermissions.Staff, TalkPermissions.Admin], AdminAccount);
    }

    private static async Task EnsureAccountAsync(IServiceProvider services, string roleName, string title, string description, string[] permissions, (string User, string Password, string Name) who)
    {
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        if (await roles.FindByNameAsync(roleName) is null)
        {
            var role = new StaffRole(roleName, title, description);
            Check(await roles.CreateAsync(role));
            foreach (var permission in permissions)
            {
                Check(await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, permission)));
            }
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByNameAsync(who.User) is null)
        {
            var account = new StaffUser
            {
                UserName = who.User, Email = $"{who.User}@demo.osakadx.invalid", EmailConfirmed = true, DisplayName = who.Name,
                IsDemo = true, CreatedAtUtc = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, LockoutEnabled = true,
            };
            Check(await users.CreateAsync(account, who.Password));
            Check(await users.AddToRoleAsync(account, roleName));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
