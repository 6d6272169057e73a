using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Testing;

namespace OsakaDx.Talk.Tests;

/// <summary>
/// Two (or twelve) simultaneous bookings by the same person for a once-per-fiscal-year service: the
/// query alone let several through; the claim row written with the booking lets exactly one.
/// On real SQLite files and, in CI, on PostgreSQL.
/// </summary>
public sealed class OncePerYearRaceTests
{
    private const int Callers = 12;

    [Fact]
    public async Task SimultaneousBookingsBySamePersonGiveOneBookingOnSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-talk-race-").FullName;
        await using var h = await TalkHarness.StartAsync(folder, seed: false);
        await ProveAsync(h);
    }

    [PostgresFact]
    public async Task SimultaneousBookingsBySamePersonGiveOneBookingOnPostgres()
    {
        var database = await TalkHarness.CreatePostgresDatabaseAsync();
        try
        {
            var folder = Directory.CreateTempSubdirectory("osakadx-talk-race-pg-").FullName;
            await using var h = await TalkHarness.StartAsync(folder, database, seed: false);
            Assert.True(await h.WithAsync(sp => Task.FromResult(sp.GetRequiredService<TalkDb>().Database.IsNpgsql())));
            await ProveAsync(h);
        }
        finally
        {
            await TalkHarness.DropPostgresDatabaseAsync(database);
        }
    }

    private static async Task ProveAsync(TalkHarness h)
    {
        var (service, sessions) = await h.OncePerYearServiceAsync(3);

        // Every caller is the same person (the name written differently, the phone with and without
        // hyphens), each on another day or time, all released at the same instant.
        var start = new ManualResetEventSlim();
        var names = new[] { "おおさか たろう", "オオサカ タロウ", "おおさかたろう" };
        var tasks = Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var session = sessions[i % sessions.Count];
            return await h.WithAsync(sp => sp.GetRequiredService<ReservationService>().BookAsync(
                new BookingRequest(session.Id, new TimeOnly(13, 0).AddMinutes(30 * (i % 6)), names[i % names.Length], i % 2 == 0 ? "06-6111-2222" : "0661112222", "相続", "web"), default));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o =>
        {
            Assert.True(o.Ineligible, o.Error);
            Assert.Contains("年度に1回まで", o.Error, StringComparison.Ordinal);
        });
        var winner = outcomes.Single(o => o.Succeeded).Booking!;
        var personKey = Person.Key("おおさか たろう", "0661112222");
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<TalkDb>();
            Assert.Equal(1, await db.Bookings.CountAsync(b => b.PersonKey == personKey && b.Status == BookingStatus.Booked));
            var claim = await db.EligibilityClaims.SingleAsync(c => c.PersonKey == personKey);
            Assert.Equal(winner.Id, claim.BookingId);
            Assert.Equal(service.Kind, claim.Kind);
            return 0;
        });

        // A change moves the claim to the new booking; cancelling the old one then frees nothing.
        var changed = await h.WithAsync(sp => sp.GetRequiredService<ReservationService>().BookAsync(
            new BookingRequest(sessions[^1].Id, new TimeOnly(15, 30), "おおさか たろう", "0661112222", "相続", "phone", Replaces: winner.Reference), default));
        Assert.True(changed.Succeeded, changed.Error);
        Assert.Null(await h.WithAsync(sp => sp.GetRequiredService<ReservationService>().CancelAsync(winner.Reference, "0661112222", default)));
        var again = await h.WithAsync(sp => sp.GetRequiredService<ReservationService>().BookAsync(
            new BookingRequest(sessions[0].Id, new TimeOnly(14, 0), "おおさか たろう", "0661112222", "相続", "chat"), default));
        Assert.True(again.Ineligible, again.Error);

        // Cancelling the live booking frees the turn: one new booking goes through, then no more.
        Assert.Null(await h.WithAsync(sp => sp.GetRequiredService<ReservationService>().CancelAsync(changed.Booking!.Reference, "06-6111-2222", default)));
        Assert.Equal(0, await h.WithAsync(sp => sp.GetRequiredService<TalkDb>().EligibilityClaims.CountAsync(c => c.PersonKey == personKey)));
        var second = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => h.WithAsync(sp => sp.GetRequiredService<ReservationService>().BookAsync(
            new BookingRequest(sessions[i % sessions.Count].Id, new TimeOnly(14, 30), "おおさか たろう", "0661112222", "相続", "api"), default)))));
        Assert.Single(second, o => o.Succeeded);
    }
}
