using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

[Collection(HostGroup.Name)]
public sealed class ReservationTests(HostFixture host)
{
    private static int serviceCounter;

    [Fact]
    public async Task DemoHasLegalConsultationAtAll24WardOffices()
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        Assert.Equal(24, await db.Services.CountAsync(s => s.Kind == "legal"));
        var sessions = await db.Sessions.Where(s => s.Service!.Kind == "legal").ToListAsync();
        Assert.NotEmpty(sessions);
        Assert.All(sessions, s => Assert.True(OfficeCalendar.IsOpen(s.Date)));
    }

    [Fact]
    public async Task BooksAndCancelsWithAReferenceNumber()
    {
        var session = await NewSessionAsync(capacity: 1);
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var service = scope.ServiceProvider.GetRequiredService<ReservationService>();
        var first = await service.BookAsync(Request(session, "おおさか たろう"), default);
        Assert.True(first.Succeeded, first.Error);
        Assert.Matches("^[0-9]{8}$", first.Booking!.Reference);

        var full = await service.BookAsync(Request(session, "なにわ はなこ"), default);
        Assert.False(full.Succeeded);
        Assert.Contains("満席", full.Error, StringComparison.Ordinal);

        Assert.NotNull(await service.CancelAsync(first.Booking.Reference, "06-0000-0000", default));
        Assert.Null(await service.CancelAsync(first.Booking.Reference, "0612345678", default));
        Assert.NotNull(await service.CancelAsync(first.Booking.Reference, "06-1234-5678", default));

        var again = await service.BookAsync(Request(session, "なにわ はなこ"), default);
        Assert.True(again.Succeeded, again.Error);
        var slots = await service.AvailabilityAsync(session.ServiceId, session.Date, session.Date, default);
        Assert.Equal(6, slots.Count);
        Assert.Equal(0, slots.Single(s => s.Start == new TimeOnly(14, 0)).Free);
    }

    [Fact]
    public async Task RefusesClosedDaysPastDaysAndBadInput()
    {
        var closed = await NewSessionAsync(capacity: 1, date: new DateOnly(2026, 12, 29));
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var service = scope.ServiceProvider.GetRequiredService<ReservationService>();
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)) < closed.Date;
        var outcome = await service.BookAsync(Request(closed, "おおさか たろう"), default);
        Assert.False(outcome.Succeeded);
        if (year)
        {
            Assert.Contains("年末年始", outcome.Error, StringComparison.Ordinal);
        }

        var open = await NewSessionAsync(capacity: 1);
        Assert.False((await service.BookAsync(Request(open, "") , default)).Succeeded);
        Assert.False((await service.BookAsync(Request(open, "おおさか") with { Phone = "12345" }, default)).Succeeded);
        Assert.False((await service.BookAsync(Request(open, "おおさか") with { Topic = "株" }, default)).Succeeded);
        Assert.False((await service.BookAsync(Request(open, "おおさか") with { SlotStart = new TimeOnly(13, 10) }, default)).Succeeded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ParallelRequestsForTheLastSeatsNeverDoubleBook(int capacity)
    {
        var session = await NewSessionAsync(capacity);
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var (scope, actor) = host.Scope($"caller{i}");
            await using var _ = scope;
            using var __ = actor;
            start.Wait();
            return await scope.ServiceProvider.GetRequiredService<ReservationService>().BookAsync(Request(session, $"でんわ {i}"), default);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Equal(capacity, outcomes.Count(o => o.Succeeded));
        var (check, checkActor) = host.Scope();
        await using var c = check;
        using var ca = checkActor;
        var db = check.ServiceProvider.GetRequiredService<TalkDb>();
        Assert.Equal(capacity, await db.Bookings.CountAsync(b => b.SessionId == session.Id && b.SlotStart == new TimeOnly(14, 0) && b.Status == BookingStatus.Booked));
    }

    private static BookingRequest Request(ConsultationSession session, string name) =>
        new(session.Id, new TimeOnly(14, 0), name, "06-1234-5678", "相続", "web");

    private async Task<ConsultationSession> NewSessionAsync(int capacity, DateOnly? date = null)
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        var day = date ?? NextOpenDay();
        var service = new ConsultationService { Kind = "test", Name = "テスト相談", Office = $"テスト会場{Interlocked.Increment(ref serviceCounter)}" };
        var session = new ConsultationSession { Service = service, Date = day, Start = new TimeOnly(13, 0), End = new TimeOnly(16, 0), SlotMinutes = 30, Capacity = capacity };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    private static DateOnly NextOpenDay()
    {
        var d = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(3);
        while (!OfficeCalendar.IsOpen(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }
}
