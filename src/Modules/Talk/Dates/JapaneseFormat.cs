using System.Globalization;

namespace OsakaDx.Modules.Talk.Dates;

/// <summary>How dates and times are read back: 「3月5日（木）」「午後2時30分」.</summary>
public static class JapaneseFormat
{
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    public static string Date(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日（{Weekdays[(int)d.DayOfWeek]}）");

    public static string Weekday(DateOnly d) => Weekdays[(int)d.DayOfWeek];

    public static string Time(TimeOnly t)
    {
        var half = t.Hour < 12 ? "午前" : "午後";
        var h = t.Hour % 12 == 0 && t.Hour == 12 ? 12 : t.Hour % 12;
        return string.Create(CultureInfo.InvariantCulture, $"{half}{h}時") + (t.Minute == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{t.Minute}分"));
    }
}
