// Budgets, reports and most deadlines are keyed by the Japanese fiscal year (年度), April to March.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using OsakaDx.Platform.Text;

namespace OsakaDx.Platform.Kernel;

/// <summary>A fiscal year (年度) running from April 1 of <see cref="StartYear"/> to March 31 of the next year.</summary>
public readonly partial record struct FiscalYear(int StartYear) : IComparable<FiscalYear>, IComparable
{
    /// <summary>明治元年, the first year the Japanese calendar helpers can name.</summary>
    public const int MinStartYear = 1868;

    /// <summary>
    /// Last supported year. 9998 rather than 9999: fiscal year 9999 would end on 10000-03-31,
    /// which <see cref="DateOnly"/> cannot represent.
    /// </summary>
    public const int MaxStartYear = 9998;

    /// <summary>Calendar year in which the fiscal year begins: 2025 for 2025年度.</summary>
    public int StartYear { get; } = StartYear is >= MinStartYear and <= MaxStartYear
        ? StartYear
        : throw new ArgumentOutOfRangeException(nameof(StartYear), StartYear, $"年度は{MinStartYear}から{MaxStartYear}の範囲で指定してください。");

    /// <summary>April 1 of <see cref="StartYear"/>.</summary>
    public DateOnly StartDate => new(StartYear, 4, 1);

    /// <summary>March 31 of the following year.</summary>
    public DateOnly EndDate => new(StartYear + 1, 3, 31);

    /// <summary>The fiscal year a date belongs to: 2026-03-31 → 2025年度, 2026-04-01 → 2026年度.</summary>
    public static FiscalYear FromDate(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);

    /// <summary>The fiscal year of the instant's date in Japan, whatever its offset.</summary>
    public static FiscalYear FromDate(DateTimeOffset instant) =>
        FromDate(DateOnly.FromDateTime(instant.ToJst().DateTime));

    /// <summary>Whether the date falls between <see cref="StartDate"/> and <see cref="EndDate"/>.</summary>
    public bool Contains(DateOnly date) => date >= StartDate && date <= EndDate;

    /// <summary>The following fiscal year.</summary>
    public FiscalYear Next() => new(StartYear + 1);

    /// <summary>The preceding fiscal year.</summary>
    public FiscalYear Previous() => new(StartYear - 1);

    /// <summary>"2025年度".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StartYear}年度");

    /// <summary>"令和7年度", "令和元年度", "平成30年度".</summary>
    /// <remarks>
    /// The era is the one in force at the end of the calendar year <see cref="StartYear"/>. For
    /// fiscal years during which the era changed this picks the new era: FY2019 is 「令和元年度」
    /// although it began on 平成31年4月1日. Documents written before 2019-05-01 said 「平成31年度」,
    /// but after the change the government and the city refer to that year as 「令和元年度」, and
    /// everything this system prints is printed after the change. Parsing still accepts 「平成31年度」.
    /// </remarks>
    public string ToWarekiString()
    {
        var era = Wareki.GetEra(new DateOnly(StartYear, 12, 31));
        var year = era.ToEraYear(StartYear);
        return year == 1
            ? $"{era.Name}元年度"
            : string.Create(CultureInfo.InvariantCulture, $"{era.Name}{year}年度");
    }

    /// <summary>Parses "2025年度", "2025", "令和7年度", "R7", "R7年度", "令和元年度", "平成30年度", "H30".</summary>
    /// <exception cref="FormatException">The text does not name a supported fiscal year.</exception>
    public static FiscalYear Parse(string text) =>
        TryParseCore(text, out var year, out var error) ? year : throw new FormatException(error);

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out FiscalYear result) =>
        TryParseCore(text, out result, out _);

    /// <inheritdoc />
    public int CompareTo(FiscalYear other) => StartYear.CompareTo(other.StartYear);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        FiscalYear other => CompareTo(other),
        _ => throw new ArgumentException("FiscalYear 以外の値とは比較できません。", nameof(obj)),
    };

    public static bool operator <(FiscalYear left, FiscalYear right) => left.StartYear < right.StartYear;

    public static bool operator >(FiscalYear left, FiscalYear right) => left.StartYear > right.StartYear;

    public static bool operator <=(FiscalYear left, FiscalYear right) => left.StartYear <= right.StartYear;

    public static bool operator >=(FiscalYear left, FiscalYear right) => left.StartYear >= right.StartYear;

    private static bool TryParseCore(string? text, out FiscalYear result, out string error)
    {
        result = default;
        error = $"年度の形式が正しくありません: '{text}'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(JapaneseText.Nfkc(text).Trim());
        if (!match.Success)
        {
            return false;
        }

        int startYear;
        var yearText = match.Groups["year"].Value;
        if (match.Groups["era"].Success)
        {
            var era = Wareki.FindEra(match.Groups["era"].Value);
            var eraYear = yearText == "元" ? 1 : int.Parse(yearText, CultureInfo.InvariantCulture);
            if (era is null || eraYear < 1)
            {
                return false;
            }

            startYear = era.ToGregorianYear(eraYear);

            // 平成31年度 is a real name (FY2019 before the change); 平成32年度 never existed.
            var lastYear = era.EndDate?.Year ?? int.MaxValue;
            if (startYear > lastYear)
            {
                error = $"{era.Name}{eraYear}年度は存在しません: '{text}'";
                return false;
            }
        }
        else
        {
            if (yearText == "元")
            {
                return false;
            }

            startYear = int.Parse(yearText, CultureInfo.InvariantCulture);
        }

        if (startYear is < MinStartYear or > MaxStartYear)
        {
            error = $"年度は{MinStartYear}から{MaxStartYear}の範囲で指定してください: '{text}'";
            return false;
        }

        result = new FiscalYear(startYear);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<era>明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(?<year>元|[0-9]{1,2})|(?<year>[0-9]{4}))\s*(?:年度)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
