using Microsoft.Extensions.Time.Testing;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Kernel;

public class JstClockTests
{
    [Fact]
    public void Utc_evening_of_march_31_is_april_1_in_japan()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero));

        var now = clock.GetJstNow();
        Assert.Equal(TimeSpan.FromHours(9), now.Offset);
        Assert.Equal(new DateTime(2026, 4, 1, 0, 30, 0), now.DateTime);
        Assert.Equal(new DateOnly(2026, 4, 1), clock.GetJstToday());
        Assert.Equal(new FiscalYear(2026), FiscalYear.FromDate(clock.GetJstToday()));
        Assert.Equal(new FiscalYear(2026), FiscalYear.FromDate(clock.GetUtcNow()));
    }

    [Fact]
    public void Today_follows_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 14, 59, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 3, 31), clock.GetJstToday());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateOnly(2026, 4, 1), clock.GetJstToday());
    }

    [Fact]
    public void ToJst_keeps_the_instant()
    {
        var utc = new DateTimeOffset(2025, 12, 31, 20, 0, 0, TimeSpan.Zero);
        var jst = utc.ToJst();
        Assert.Equal(utc, jst);
        Assert.Equal(TimeSpan.FromHours(9), jst.Offset);
        Assert.Equal(new DateTime(2026, 1, 1, 5, 0, 0), jst.DateTime);
    }

    [Fact]
    public void Jst_zone_is_plus_nine_without_daylight_saving()
    {
        Assert.Equal(TimeSpan.FromHours(9), JstClock.Jst.BaseUtcOffset);
        Assert.Equal(TimeSpan.FromHours(9), JstClock.Jst.GetUtcOffset(new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
    }
}
