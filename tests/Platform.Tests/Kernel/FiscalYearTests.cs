using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Kernel;

public class FiscalYearTests
{
    [Fact]
    public void Dates_and_navigation()
    {
        var fy = new FiscalYear(2025);
        Assert.Equal(new DateOnly(2025, 4, 1), fy.StartDate);
        Assert.Equal(new DateOnly(2026, 3, 31), fy.EndDate);
        Assert.True(fy.Contains(new DateOnly(2025, 4, 1)));
        Assert.True(fy.Contains(new DateOnly(2026, 3, 31)));
        Assert.False(fy.Contains(new DateOnly(2025, 3, 31)));
        Assert.False(fy.Contains(new DateOnly(2026, 4, 1)));
        Assert.Equal(new FiscalYear(2026), fy.Next());
        Assert.Equal(new FiscalYear(2024), fy.Previous());
        Assert.True(fy < fy.Next());
        Assert.True(fy.Next() > fy);
        Assert.True(fy <= new FiscalYear(2025));
        Assert.True(fy >= new FiscalYear(2025));
        Assert.Equal(0, ((IComparable)fy).CompareTo(new FiscalYear(2025)));
    }

    [Fact]
    public void Leap_year_end_is_still_march_31() =>
        Assert.Equal(new DateOnly(2024, 3, 31), new FiscalYear(2023).EndDate);

    [Theory]
    [InlineData(2026, 3, 31, 2025)]
    [InlineData(2026, 4, 1, 2026)]
    [InlineData(2026, 1, 1, 2025)]
    [InlineData(2025, 12, 31, 2025)]
    public void FromDate(int y, int m, int d, int expected) =>
        Assert.Equal(new FiscalYear(expected), FiscalYear.FromDate(new DateOnly(y, m, d)));

    [Fact]
    public void FromDate_offset_uses_the_japanese_date()
    {
        // 15:30 UTC on March 31 is already April 1 in Tokyo.
        Assert.Equal(new FiscalYear(2026), FiscalYear.FromDate(new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new FiscalYear(2025), FiscalYear.FromDate(new DateTimeOffset(2026, 3, 31, 14, 59, 59, TimeSpan.Zero)));
        // 00:30 in New York on April 1 is 13:30 in Tokyo on April 1.
        Assert.Equal(new FiscalYear(2026), FiscalYear.FromDate(new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(-4))));
    }

    [Theory]
    [InlineData(1867)]
    [InlineData(0)]
    [InlineData(9999)]
    public void Constructor_validates_range(int year)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(year));
        Assert.Contains("年度は1868から9998の範囲", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_edges_are_usable()
    {
        Assert.Equal(new DateOnly(1868, 4, 1), new FiscalYear(1868).StartDate);
        Assert.Equal(new DateOnly(9999, 3, 31), new FiscalYear(9998).EndDate);
    }

    [Theory]
    [InlineData(2025, "2025年度", "令和7年度")]
    [InlineData(2019, "2019年度", "令和元年度")]
    [InlineData(2020, "2020年度", "令和2年度")]
    [InlineData(2018, "2018年度", "平成30年度")]
    [InlineData(1989, "1989年度", "平成元年度")]
    [InlineData(1988, "1988年度", "昭和63年度")]
    [InlineData(1868, "1868年度", "明治元年度")]
    public void Strings(int year, string plain, string wareki)
    {
        var fy = new FiscalYear(year);
        Assert.Equal(plain, fy.ToString());
        Assert.Equal(wareki, fy.ToWarekiString());
        Assert.Equal(fy, FiscalYear.Parse(plain));
        Assert.Equal(fy, FiscalYear.Parse(wareki));
    }

    [Theory]
    [InlineData("2025年度", 2025)]
    [InlineData("2025", 2025)]
    [InlineData("２０２５年度", 2025)]
    [InlineData("令和7年度", 2025)]
    [InlineData("令和７年度", 2025)]
    [InlineData("R7", 2025)]
    [InlineData("r7", 2025)]
    [InlineData("R7年度", 2025)]
    [InlineData("Ｒ７年度", 2025)]
    [InlineData("令和元年度", 2019)]
    [InlineData("平成31年度", 2019)]
    [InlineData("平成30年度", 2018)]
    [InlineData("H30", 2018)]
    [InlineData(" 2025 年度 ", 2025)]
    public void Parse_accepts(string text, int expected)
    {
        Assert.Equal(new FiscalYear(expected), FiscalYear.Parse(text));
        Assert.True(FiscalYear.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed.StartYear);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("25")]
    [InlineData("元年度")]
    [InlineData("令和0年度")]
    [InlineData("X7")]
    [InlineData("2025年")]
    [InlineData("2025.5")]
    public void Parse_rejects_malformed(string text)
    {
        var ex = Assert.Throws<FormatException>(() => FiscalYear.Parse(text));
        Assert.Equal($"年度の形式が正しくありません: '{text}'", ex.Message);
        Assert.False(FiscalYear.TryParse(text, out _));
    }

    [Fact]
    public void Parse_rejects_era_years_that_never_existed()
    {
        var ex = Assert.Throws<FormatException>(() => FiscalYear.Parse("平成32年度"));
        Assert.Equal("平成32年度は存在しません: '平成32年度'", ex.Message);
    }

    [Fact]
    public void Parse_rejects_years_out_of_range()
    {
        var ex = Assert.Throws<FormatException>(() => FiscalYear.Parse("1800"));
        Assert.Equal("年度は1868から9998の範囲で指定してください: '1800'", ex.Message);
    }
}
