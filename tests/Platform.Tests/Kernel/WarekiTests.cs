using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Kernel;

public class WarekiTests
{
    [Theory]
    [InlineData(2025, 4, 1, "令和", "令和7年4月1日", "R7.4.1")]
    [InlineData(2019, 5, 1, "令和", "令和元年5月1日", "R1.5.1")]
    [InlineData(2019, 4, 30, "平成", "平成31年4月30日", "H31.4.30")]
    [InlineData(1989, 1, 8, "平成", "平成元年1月8日", "H1.1.8")]
    [InlineData(1989, 1, 7, "昭和", "昭和64年1月7日", "S64.1.7")]
    [InlineData(1926, 12, 25, "昭和", "昭和元年12月25日", "S1.12.25")]
    [InlineData(1926, 12, 24, "大正", "大正15年12月24日", "T15.12.24")]
    [InlineData(1912, 7, 30, "大正", "大正元年7月30日", "T1.7.30")]
    [InlineData(1912, 7, 29, "明治", "明治45年7月29日", "M45.7.29")]
    [InlineData(1868, 10, 23, "明治", "明治元年10月23日", "M1.10.23")]
    public void Format_and_era_boundaries(int y, int m, int d, string era, string full, string shortForm)
    {
        var date = new DateOnly(y, m, d);
        Assert.Equal(era, Wareki.GetEra(date).Name);
        Assert.Equal(full, Wareki.Format(date));
        Assert.Equal(shortForm, Wareki.FormatShort(date));
        Assert.Equal(date, Wareki.Parse(full));
        Assert.Equal(date, Wareki.Parse(shortForm));
    }

    [Fact]
    public void Dates_before_meiji_are_out_of_range()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Wareki.GetEra(new DateOnly(1868, 10, 22)));
        Assert.Contains("明治より前", ex.Message, StringComparison.Ordinal);
        Assert.False(Wareki.TryGetEra(new DateOnly(1800, 1, 1), out var era));
        Assert.Null(era);
    }

    [Theory]
    [InlineData("令和7年4月1日", 2025, 4, 1)]
    [InlineData("令和元年5月1日", 2019, 5, 1)]
    [InlineData("R7.4.1", 2025, 4, 1)]
    [InlineData("r7.4.1", 2025, 4, 1)]
    [InlineData("R07.04.01", 2025, 4, 1)]
    [InlineData("R7/4/1", 2025, 4, 1)]
    [InlineData("H31.4.30", 2019, 4, 30)]
    [InlineData("平成31年4月30日", 2019, 4, 30)]
    [InlineData("令和７年１２月３１日", 2025, 12, 31)]
    [InlineData(" 令和 7 年 4 月 1 日 ", 2025, 4, 1)]
    [InlineData("㋿7年4月1日", 2025, 4, 1)]
    [InlineData("令和6年2月29日", 2024, 2, 29)]
    public void Parse_accepts(string text, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), Wareki.Parse(text));
        Assert.True(Wareki.TryParse(text, out var parsed));
        Assert.Equal(new DateOnly(y, m, d), parsed);
    }

    [Fact]
    public void Parse_rejects_dates_after_the_era_ended()
    {
        var ex = Assert.Throws<FormatException>(() => Wareki.Parse("平成31年5月1日"));
        Assert.Equal("平成の期間外の日付です: '平成31年5月1日'", ex.Message);
        Assert.False(Wareki.TryParse("H32.1.1", out _));
    }

    [Fact]
    public void Parse_rejects_dates_before_the_era_began()
    {
        var ex = Assert.Throws<FormatException>(() => Wareki.Parse("令和元年4月30日"));
        Assert.Equal("令和の期間外の日付です: '令和元年4月30日'", ex.Message);
    }

    [Theory]
    [InlineData("令和7年2月29日")]
    [InlineData("令和7年13月1日")]
    [InlineData("R7.4.31")]
    [InlineData("R7.0.1")]
    public void Parse_rejects_impossible_calendar_dates(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Wareki.Parse(text));
        Assert.Equal($"存在しない日付です: '{text}'", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-04-01")]
    [InlineData("令和0年1月1日")]
    [InlineData("X7.4.1")]
    [InlineData("令和7年4月")]
    [InlineData("令和七年四月一日")]
    public void Parse_rejects_malformed(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Wareki.Parse(text));
        Assert.StartsWith("和暦の日付の形式が正しくありません", ex.Message, StringComparison.Ordinal);
        Assert.False(Wareki.TryParse(text, out _));
    }

    [Fact]
    public void Eras_are_contiguous()
    {
        for (var i = 1; i < Wareki.Eras.Count; i++)
        {
            Assert.Equal(Wareki.Eras[i].StartDate, Wareki.Eras[i - 1].EndDate!.Value.AddDays(1));
        }

        Assert.Null(Wareki.Eras[^1].EndDate);
        Assert.Equal("令和", Wareki.FindEra("r")!.Name);
        Assert.Equal("平成", Wareki.FindEra("平成")!.Name);
        Assert.Null(Wareki.FindEra("X"));
    }
}
