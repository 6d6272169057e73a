// Official documents of the city are dated in the Japanese calendar (和暦); these rules are
// fixed by law, so they live here once instead of in every form and report.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using OsakaDx.Platform.Text;

namespace OsakaDx.Platform.Kernel;

/// <summary>A Japanese era (元号) such as 令和.</summary>
/// <param name="Name">"令和".</param>
/// <param name="Letter">Romaji initial used in short dates: 'R'.</param>
/// <param name="StartDate">First day of the era.</param>
/// <param name="EndDate">Last day of the era; null for the current one.</param>
public sealed record Era(string Name, char Letter, DateOnly StartDate, DateOnly? EndDate)
{
    /// <summary>Whether <paramref name="date"/> falls within this era.</summary>
    public bool Contains(DateOnly date) => date >= StartDate && (EndDate is null || date <= EndDate);

    /// <summary>Year within the era for a Gregorian year (the era's first year is 1).</summary>
    public int ToEraYear(int gregorianYear) => gregorianYear - StartDate.Year + 1;

    /// <summary>Gregorian year for a year within the era.</summary>
    public int ToGregorianYear(int eraYear) => StartDate.Year + eraYear - 1;
}

/// <summary>Formats and parses dates in the Japanese calendar (和暦).</summary>
public static partial class Wareki
{
    /// <summary>明治 (from 1868-10-23) to 令和, oldest first.</summary>
    public static IReadOnlyList<Era> Eras { get; } =
    [
        new("明治", 'M', new DateOnly(1868, 10, 23), new DateOnly(1912, 7, 29)),
        new("大正", 'T', new DateOnly(1912, 7, 30), new DateOnly(1926, 12, 24)),
        new("昭和", 'S', new DateOnly(1926, 12, 25), new DateOnly(1989, 1, 7)),
        new("平成", 'H', new DateOnly(1989, 1, 8), new DateOnly(2019, 4, 30)),
        new("令和", 'R', new DateOnly(2019, 5, 1), null),
    ];

    /// <summary>The era in force on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before 明治 (1868-10-23).</exception>
    public static Era GetEra(DateOnly date) =>
        TryGetEra(date, out var era)
            ? era
            : throw new ArgumentOutOfRangeException(nameof(date), date, "明治より前の日付は和暦で表せません。");

    /// <summary>Like <see cref="GetEra"/> but returns false for dates before 明治.</summary>
    public static bool TryGetEra(DateOnly date, [NotNullWhen(true)] out Era? era)
    {
        for (var i = Eras.Count - 1; i >= 0; i--)
        {
            if (Eras[i].Contains(date))
            {
                era = Eras[i];
                return true;
            }
        }

        era = null;
        return false;
    }

    /// <summary>Finds an era by its name ("令和") or letter ("R", case-insensitive).</summary>
    public static Era? FindEra(string nameOrLetter)
    {
        ArgumentNullException.ThrowIfNull(nameOrLetter);
        foreach (var era in Eras)
        {
            if (era.Name == nameOrLetter
                || (nameOrLetter.Length == 1 && char.ToUpperInvariant(nameOrLetter[0]) == era.Letter))
            {
                return era;
            }
        }

        return null;
    }

    /// <summary>"令和7年4月1日"; the first year of an era is written 「元年」: "令和元年5月1日".</summary>
    public static string Format(DateOnly date)
    {
        var era = GetEra(date);
        var year = era.ToEraYear(date.Year);
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{yearText}年{date.Month}月{date.Day}日");
    }

    /// <summary>"R7.4.1" (the first year is "1" here, as on forms with a short date box).</summary>
    public static string FormatShort(DateOnly date)
    {
        var era = GetEra(date);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Letter}{era.ToEraYear(date.Year)}.{date.Month}.{date.Day}");
    }

    /// <summary>Parses "令和7年4月1日", "令和元年5月1日", "R7.4.1", "H31.4.30" (full-width digits too).</summary>
    /// <exception cref="FormatException">Malformed text or a date the era never had, e.g. 平成31年5月1日.</exception>
    public static DateOnly Parse(string text) =>
        TryParseCore(text, out var date, out var error) ? date : throw new FormatException(error);

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DateOnly result) =>
        TryParseCore(text, out result, out _);

    private static bool TryParseCore(string? text, out DateOnly result, out string error)
    {
        result = default;
        error = $"和暦の日付の形式が正しくありません: '{text}'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = JapaneseText.Nfkc(text).Trim();
        var match = LongForm().Match(normalized);
        if (!match.Success)
        {
            match = ShortForm().Match(normalized);
        }

        if (!match.Success)
        {
            return false;
        }

        var era = FindEra(match.Groups["era"].Value);
        var yearText = match.Groups["year"].Value;
        var eraYear = yearText == "元" ? 1 : int.Parse(yearText, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (era is null || eraYear < 1)
        {
            return false;
        }

        var year = era.ToGregorianYear(eraYear);
        if (month is < 1 or > 12 || day < 1 || year > DateOnly.MaxValue.Year || day > DateTime.DaysInMonth(year, month))
        {
            error = $"存在しない日付です: '{text}'";
            return false;
        }

        var date = new DateOnly(year, month, day);
        if (!era.Contains(date))
        {
            error = $"{era.Name}の期間外の日付です: '{text}'";
            return false;
        }

        result = date;
        return true;
    }

    [GeneratedRegex(@"^(?<era>明治|大正|昭和|平成|令和)\s*(?<year>元|[0-9]{1,4})\s*年\s*(?<month>[0-9]{1,2})\s*月\s*(?<day>[0-9]{1,2})\s*日$", RegexOptions.CultureInvariant)]
    private static partial Regex LongForm();

    [GeneratedRegex(@"^(?<era>[MTSHRmtshr])\s*(?<year>[0-9]{1,4})[./-](?<month>[0-9]{1,2})[./-](?<day>[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();
}
