// Rule-based understanding of the dates and times residents say on the phone or type in a chat:
// 今日, 明日, 明後日, 来週の火曜日, 今度の金曜, 3月5日, 5日, ついたち, 令和8年1月10日, 午後2時半,
// 十四時, and a bare 2時 meaning 14:00 when that falls inside the afternoon session hours.
using System.Globalization;
using System.Text.RegularExpressions;

namespace OsakaDx.Modules.Talk.Dates;

/// <summary>What was understood. Null parts were not said.</summary>
public sealed record DateTimeUnderstanding(DateOnly? Date, TimeOnly? Time, bool AfternoonAssumed, string Normalized)
{
    public bool IsEmpty => Date is null && Time is null;
}

public static partial class JapaneseDateTimeParser
{
    /// <summary>Default afternoon session hours (法律相談: first slot 13:00, last reception 16:00).</summary>
    public static readonly TimeOnly SessionStart = new(13, 0);
    public static readonly TimeOnly SessionEnd = new(16, 0);

    public static DateTimeUnderstanding Parse(string utterance, DateOnly today) => Parse(utterance, today, SessionStart, SessionEnd);

    public static DateTimeUnderstanding Parse(string utterance, DateOnly today, TimeOnly sessionStart, TimeOnly sessionEnd)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var s = JapaneseNumbers.Normalize(utterance);
        var date = ParseDate(s, today);
        var (time, assumed) = ParseTime(s, sessionStart, sessionEnd);
        return new DateTimeUnderstanding(date, time, assumed, s);
    }

    private static DateOnly? ParseDate(string s, DateOnly today)
    {
        // Era or western year with month and day.
        var m = FullDate().Match(s);
        if (m.Success)
        {
            var year = Int(m.Groups["y"].Value);
            year = m.Groups["era"].Value switch
            {
                "令和" or "R" or "r" => 2018 + year,
                "平成" or "H" or "h" => 1988 + year,
                _ => year,
            };
            return Make(year, Int(m.Groups["m"].Value), Int(m.Groups["d"].Value));
        }

        m = MonthDay().Match(s);
        if (m.Success)
        {
            var month = Int(m.Groups["m"].Value);
            var day = Int(m.Groups["d"].Value);
            if (!Valid(today.Year, month, day) && !Valid(today.Year + 1, month, day))
            {
                return null;
            }

            // No year: the next such day on or after today.
            var candidate = Make(today.Year, month, day);
            return candidate is { } c && c >= today ? c : Make(today.Year + 1, month, day);
        }

        m = Slash().Match(s);
        if (m.Success)
        {
            var month = Int(m.Groups["m"].Value);
            var day = Int(m.Groups["d"].Value);
            var candidate = Make(today.Year, month, day);
            return candidate is { } c && c >= today ? c : Make(today.Year + 1, month, day);
        }

        m = RelativeMonthDay().Match(s);
        if (m.Success)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(m.Groups["rel"].Value == "来月" ? 1 : 0);
            var day = Int(m.Groups["d"].Value);
            return day <= DateTime.DaysInMonth(first.Year, first.Month) ? first.AddDays(day - 1) : null;
        }

        m = NthWeekday().Match(s);
        if (m.Success)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(m.Groups["rel"].Value == "来月" ? 1 : 0);
            var weekday = Weekday(m.Groups["w"].Value);
            var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
            var result = first.AddDays(offset + (7 * (Int(m.Groups["n"].Value) - 1)));
            return result.Month == first.Month ? result : null;
        }

        m = DayOnly().Match(s);
        if (m.Success)
        {
            // Just a day: this month if still to come, else the next month that has that day.
            var day = Int(m.Groups["d"].Value);
            if (day is < 1 or > 31)
            {
                return null;
            }

            var month = new DateOnly(today.Year, today.Month, 1);
            for (var i = 0; i < 3; i++, month = month.AddMonths(1))
            {
                if (day <= DateTime.DaysInMonth(month.Year, month.Month))
                {
                    var candidate = month.AddDays(day - 1);
                    if (candidate >= today)
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        m = WeekdayExpr().Match(s);
        if (m.Success)
        {
            var weekday = Weekday(m.Groups["w"].Value);
            var mondayThisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var index = ((int)weekday + 6) % 7; // Monday = 0 … Sunday = 6
            switch (m.Groups["rel"].Value)
            {
                case "今週":
                    return mondayThisWeek.AddDays(index);
                case "来週":
                    return mondayThisWeek.AddDays(7 + index);
                case "再来週":
                    return mondayThisWeek.AddDays(14 + index);
                default:
                    // 今度の / 次の / bare: the next one after today.
                    var ahead = ((int)weekday - (int)today.DayOfWeek + 7) % 7;
                    return today.AddDays(ahead == 0 ? 7 : ahead);
            }
        }

        if (s.Contains("3日後", StringComparison.Ordinal))
        {
            return today.AddDays(3);
        }

        if (s.Contains("明後日", StringComparison.Ordinal))
        {
            return today.AddDays(2);
        }

        if (s.Contains("明日", StringComparison.Ordinal))
        {
            return today.AddDays(1);
        }

        if (s.Contains("今日", StringComparison.Ordinal) || s.Contains("本日", StringComparison.Ordinal))
        {
            return today;
        }

        return null;
    }

    private static (TimeOnly? Time, bool Assumed) ParseTime(string s, TimeOnly sessionStart, TimeOnly sessionEnd)
    {
        if (s.Contains("正午", StringComparison.Ordinal))
        {
            return (new TimeOnly(12, 0), false);
        }

        var m = Clock().Match(s);
        int hour;
        int minute;
        string qualifier;
        if (m.Success)
        {
            hour = Int(m.Groups["h"].Value);
            minute = Int(m.Groups["mi"].Value);
            qualifier = "";
        }
        else
        {
            m = HourExpr().Match(s);
            if (!m.Success)
            {
                return (null, false);
            }

            hour = Int(m.Groups["h"].Value);
            minute = m.Groups["half"].Success ? 30 : m.Groups["mi"].Success ? Int(m.Groups["mi"].Value) : 0;
            qualifier = m.Groups["q"].Value;
        }

        if (hour > 24 || minute > 59)
        {
            return (null, false);
        }

        var assumed = false;
        if (qualifier.StartsWith("午後", StringComparison.Ordinal) || qualifier.StartsWith('昼')
            || qualifier.StartsWith("夕方", StringComparison.Ordinal) || qualifier.StartsWith('夜'))
        {
            if (hour < 12)
            {
                hour += 12;
            }
        }
        else if (qualifier.Length == 0 && hour is >= 1 and < 12)
        {
            var pm = new TimeOnly(hour + 12, minute);
            if (pm >= sessionStart && pm <= sessionEnd)
            {
                hour += 12;
                assumed = true;
            }
        }

        return hour == 24 ? (new TimeOnly(0, minute), false) : (new TimeOnly(hour, minute), assumed);
    }

    private static DayOfWeek Weekday(string kanji) => kanji switch
    {
        "月" => DayOfWeek.Monday,
        "火" => DayOfWeek.Tuesday,
        "水" => DayOfWeek.Wednesday,
        "木" => DayOfWeek.Thursday,
        "金" => DayOfWeek.Friday,
        "土" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static bool Valid(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static DateOnly? Make(int year, int month, int day) =>
        year is >= 1 and <= 9999 && Valid(year, month, day) ? new DateOnly(year, month, day) : null;

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<era>令和|平成|R|r|H|h)?(?<y>\d{1,4})年の?(?<m>\d{1,2})月の?(?<d>\d{1,2})日")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(?<m>\d{1,2})月の?(?<d>\d{1,2})日")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"(?<![\d:])(?<m>\d{1,2})/(?<d>\d{1,2})(?![\d/])")]
    private static partial Regex Slash();

    [GeneratedRegex(@"(?<rel>来月|今月)の?(?<d>\d{1,2})日")]
    private static partial Regex RelativeMonthDay();

    [GeneratedRegex(@"(?<rel>来月|今月)?の?第(?<n>[1-5])(?<w>[月火水木金土日])曜")]
    private static partial Regex NthWeekday();

    [GeneratedRegex(@"(?<![\d月年])(?<d>\d{1,2})日(?!後|間)")]
    private static partial Regex DayOnly();

    [GeneratedRegex(@"(?<rel>今週|再来週|来週|今度|次)?の?(?<w>[月火水木金土日])曜")]
    private static partial Regex WeekdayExpr();

    [GeneratedRegex(@"(?<![\d/])(?<h>\d{1,2}):(?<mi>\d{2})")]
    private static partial Regex Clock();

    [GeneratedRegex(@"(?<q>午前|午後|朝の?|昼の?|夕方の?|夜の?)?(?<h>\d{1,2})時(?:(?<half>半)|(?<mi>\d{1,2})分)?")]
    private static partial Regex HourExpr();
}
