using System.Text.Json;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Tests.Kernel;

public class YenTests
{
    [Theory]
    [InlineData(1234567L, "1,234,567円")]
    [InlineData(-1234L, "-1,234円")]
    [InlineData(0L, "0円")]
    [InlineData(999L, "999円")]
    [InlineData(long.MinValue, "-9,223,372,036,854,775,808円")]
    public void ToString_formats_with_separators_and_yen(long value, string expected) =>
        Assert.Equal(expected, new Yen(value).ToString());

    [Theory]
    [InlineData(-1234L, "△1,234")]
    [InlineData(1234L, "1,234")]
    [InlineData(0L, "0")]
    [InlineData(long.MinValue, "△9,223,372,036,854,775,808")]
    public void ToSankakuString_marks_negatives_with_triangle(long value, string expected) =>
        Assert.Equal(expected, new Yen(value).ToSankakuString());

    [Theory]
    [InlineData(1500L, 2L)]
    [InlineData(1499L, 1L)]
    [InlineData(-1500L, -2L)]
    [InlineData(-1499L, -1L)]
    [InlineData(2500L, 3L)]
    [InlineData(499L, 0L)]
    [InlineData(1234567L, 1235L)]
    [InlineData(long.MaxValue, 9223372036854776L)]
    public void ToThousandYen_rounds_half_away_from_zero(long value, long expected) =>
        Assert.Equal(expected, new Yen(value).ToThousandYen());

    [Theory]
    [InlineData(1234567L, "1,235千円")]
    [InlineData(-1234567L, "-1,235千円")]
    [InlineData(400L, "0千円")]
    public void ToThousandYenString(long value, string expected) =>
        Assert.Equal(expected, new Yen(value).ToThousandYenString());

    [Fact]
    public void Arithmetic_and_comparison()
    {
        var a = new Yen(1000);
        var b = new Yen(300);
        Assert.Equal(new Yen(1300), a + b);
        Assert.Equal(new Yen(700), a - b);
        Assert.Equal(new Yen(3000), a * 3);
        Assert.Equal(new Yen(-1000), -a);
        Assert.True(b < a);
        Assert.True(a > b);
        Assert.True(a >= new Yen(1000));
        Assert.True(a <= new Yen(1000));
        Assert.Equal(Yen.Zero, new Yen(0));
        Assert.True(a.CompareTo(b) > 0);
        Assert.Equal(0, ((IComparable)a).CompareTo(new Yen(1000)));
        Assert.True(((IComparable)a).CompareTo(null) > 0);
        Assert.Throws<ArgumentException>(() => ((IComparable)a).CompareTo(1000L));
        Assert.Equal([b, a], new[] { a, b }.Order());
    }

    [Fact]
    public void Arithmetic_overflow_throws_instead_of_wrapping()
    {
        var max = new Yen(long.MaxValue);
        Assert.Throws<OverflowException>(() => max + new Yen(1));
        Assert.Throws<OverflowException>(() => new Yen(long.MinValue) - new Yen(1));
        Assert.Throws<OverflowException>(() => max * 2);
        Assert.Throws<OverflowException>(() => -new Yen(long.MinValue));
    }

    [Fact]
    public void Sum_adds_and_checks_overflow()
    {
        Assert.Equal(new Yen(600), new[] { new Yen(100), new Yen(200), new Yen(300) }.Sum());
        Assert.Equal(Yen.Zero, Array.Empty<Yen>().Sum());
        Assert.Throws<OverflowException>(() => new[] { new Yen(long.MaxValue), new Yen(1) }.Sum());
    }

    [Theory]
    [InlineData("1,234", 1234L)]
    [InlineData("1234", 1234L)]
    [InlineData("1234円", 1234L)]
    [InlineData("¥1,234", 1234L)]
    [InlineData("￥１，２３４", 1234L)]
    [InlineData("１２３４円", 1234L)]
    [InlineData("△1,234", -1234L)]
    [InlineData("▲1,234", -1234L)]
    [InlineData("-1,234", -1234L)]
    [InlineData("－１，２３４円", -1234L)]
    [InlineData("-¥1,234", -1234L)]
    [InlineData("¥-1,234", -1234L)]
    [InlineData("  1,234,567円  ", 1234567L)]
    [InlineData("\u30001234\u3000", 1234L)]
    [InlineData("△ 500", -500L)]
    [InlineData("0", 0L)]
    [InlineData("9,223,372,036,854,775,807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Parse_accepts_common_notations(string text, long expected)
    {
        Assert.Equal(new Yen(expected), Yen.Parse(text));
        Assert.True(Yen.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,234.5")]
    [InlineData("12.0")]
    [InlineData("12,34")]
    [InlineData("1,2345")]
    [InlineData(",123")]
    [InlineData("123,")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("円")]
    [InlineData("--1")]
    [InlineData("1 234")]
    [InlineData("1e3")]
    public void Parse_rejects_garbage(string text)
    {
        Assert.False(Yen.TryParse(text, out var parsed));
        Assert.Equal(Yen.Zero, parsed);
        Assert.Throws<FormatException>(() => Yen.Parse(text));
    }

    [Fact]
    public void Parse_error_message_is_japanese()
    {
        var ex = Assert.Throws<FormatException>(() => Yen.Parse("abc"));
        Assert.Equal("金額の形式が正しくありません: 'abc'", ex.Message);
    }

    [Fact]
    public void Parse_reports_overflow_in_japanese()
    {
        var ex = Assert.Throws<FormatException>(() => Yen.Parse("9223372036854775808"));
        Assert.Equal("金額が大きすぎます: '9223372036854775808'", ex.Message);
        Assert.False(Yen.TryParse("99999999999999999999999", out _));
    }

    [Fact]
    public void TryParse_null_is_false() => Assert.False(Yen.TryParse(null, out _));

    private sealed record Line(string Name, Yen Amount);

    [Fact]
    public void Json_writes_a_number_and_reads_it_back()
    {
        var json = JsonSerializer.Serialize(new Line("委託料", new Yen(-1234567)));
        Assert.Equal("""{"Name":"委託料","Amount":-1234567}""".Replace("委託料", "\\u59D4\\u8A17\\u6599", StringComparison.Ordinal), json);
        Assert.Equal(new Yen(-1234567), JsonSerializer.Deserialize<Line>(json)!.Amount);
        Assert.Equal("42", JsonSerializer.Serialize(new Yen(42)));
        Assert.Equal(new Yen(1234), JsonSerializer.Deserialize<Yen>("\"1,234円\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Yen>("12.5"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Yen>("\"abc\""));
    }
}
