using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

public sealed class CalendarTests
{
    [Theory]
    [InlineData(2026, 1, 1)]
    [InlineData(2026, 1, 12)] // 成人の日
    [InlineData(2026, 2, 11)]
    [InlineData(2026, 2, 23)]
    [InlineData(2026, 3, 20)] // 春分の日
    [InlineData(2026, 4, 29)]
    [InlineData(2026, 5, 6)] // 振替休日 (5/3 was a Sunday)
    [InlineData(2026, 7, 20)] // 海の日
    [InlineData(2026, 8, 11)]
    [InlineData(2026, 9, 21)] // 敬老の日
    [InlineData(2026, 9, 22)] // 国民の休日
    [InlineData(2026, 9, 23)] // 秋分の日
    [InlineData(2026, 10, 12)] // スポーツの日
    [InlineData(2026, 11, 3)]
    [InlineData(2026, 11, 23)]
    [InlineData(2027, 1, 11)]
    [InlineData(2027, 3, 22)] // 振替休日 (春分の日 3/21 is a Sunday)
    public void Holidays(int y, int m, int d) => Assert.True(OfficeCalendar.IsHoliday(new DateOnly(y, m, d)));

    [Theory]
    [InlineData(2026, 11, 26, true)]
    [InlineData(2026, 12, 28, true)]
    [InlineData(2026, 12, 29, false)]
    [InlineData(2026, 12, 31, false)]
    [InlineData(2027, 1, 1, false)]
    [InlineData(2027, 1, 4, true)]
    [InlineData(2026, 11, 28, false)] // Saturday
    [InlineData(2026, 11, 23, false)] // 勤労感謝の日
    [InlineData(2026, 5, 7, true)]
    public void OfficeOpen(int y, int m, int d, bool open) => Assert.Equal(open, OfficeCalendar.IsOpen(new DateOnly(y, m, d)));
}
