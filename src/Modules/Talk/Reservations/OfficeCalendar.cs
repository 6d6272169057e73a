// Days on which the ward offices hold no consultations: weekends, 国民の祝日 (computed from the
// rules of the 祝日法 as amended up to 2020; the equinox days use the usual approximation, valid
// 1980–2099, but are officially fixed each February in the 官報), and 12/29–1/3.
namespace OsakaDx.Modules.Talk.Reservations;

public static class OfficeCalendar
{
    public static bool IsYearEndClosure(DateOnly d) => (d.Month == 12 && d.Day >= 29) || (d.Month == 1 && d.Day <= 3);

    public static bool IsOpen(DateOnly d) =>
        d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday && !IsYearEndClosure(d) && !IsHoliday(d);

    /// <summary>Why the office is closed, or null when open.</summary>
    public static string? ClosedReason(DateOnly d) =>
        IsYearEndClosure(d) ? "年末年始（12月29日〜1月3日）" :
        IsHoliday(d) ? "祝日" :
        d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "土曜・日曜" : null;

    public static bool IsHoliday(DateOnly d)
    {
        if (IsNamedHoliday(d))
        {
            return true;
        }

        // 振替休日: a Monday-or-later weekday after a run of holidays that included a Sunday.
        if (d.DayOfWeek != DayOfWeek.Sunday)
        {
            for (var p = d.AddDays(-1); IsNamedHoliday(p); p = p.AddDays(-1))
            {
                if (p.DayOfWeek == DayOfWeek.Sunday)
                {
                    return true;
                }
            }
        }

        // 国民の休日: a day between two holidays.
        return d.DayOfWeek != DayOfWeek.Sunday && IsNamedHoliday(d.AddDays(-1)) && IsNamedHoliday(d.AddDays(1));
    }

    private static bool IsNamedHoliday(DateOnly d)
    {
        var y = d.Year;
        return (d.Month, d.Day) switch
        {
            (1, 1) or (2, 11) or (4, 29) or (5, 3) or (5, 4) or (5, 5) or (11, 3) or (11, 23) => true,
            (2, 23) => y >= 2020,
            (8, 11) => y >= 2016,
            _ => (d.Month == 1 && d == NthMonday(y, 1, 2))
                || (d.Month == 7 && d == NthMonday(y, 7, 3))
                || (d.Month == 9 && d == NthMonday(y, 9, 3))
                || (d.Month == 10 && d == NthMonday(y, 10, 2))
                || (d.Month == 3 && d.Day == VernalEquinox(y))
                || (d.Month == 9 && d.Day == AutumnalEquinox(y)),
        };
    }

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static int VernalEquinox(int y) => (int)(20.8431 + (0.242194 * (y - 1980)) - ((y - 1980) / 4));

    private static int AutumnalEquinox(int y) => (int)(23.2488 + (0.242194 * (y - 1980)) - ((y - 1980) / 4));
}
