// Money in the city's books is always whole yen; a long avoids the rounding surprises of
// double and the ambiguity of decimal (which would happily carry 0.5円).
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OsakaDx.Platform.Text;

namespace OsakaDx.Platform.Kernel;

/// <summary>An amount of money in whole yen.</summary>
[JsonConverter(typeof(YenJsonConverter))]
public readonly record struct Yen(long Value) : IComparable<Yen>, IComparable
{
    /// <summary>0円.</summary>
    public static Yen Zero => default;

    /// <summary>"1,234,567円", "-1,234円".</summary>
    public override string ToString() => FormatNumber(Value) + "円";

    /// <summary>Accounting style used in 決算書: negatives as "△1,234", others as "1,234".</summary>
    public string ToSankakuString() =>
        Value < 0 ? "△" + FormatNumber(Value)[1..] : FormatNumber(Value);

    /// <summary>Amount in thousands of yen, rounded half away from zero (1,500円 → 2).</summary>
    public long ToThousandYen() =>
        // decimal holds every long exactly, so the division cannot lose precision before rounding.
        (long)Math.Round(Value / 1000m, MidpointRounding.AwayFromZero);

    /// <summary>"1,235千円".</summary>
    public string ToThousandYenString() => FormatNumber(ToThousandYen()) + "千円";

    /// <inheritdoc />
    public int CompareTo(Yen other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Yen other => CompareTo(other),
        _ => throw new ArgumentException("Yen 以外の値とは比較できません。", nameof(obj)),
    };

    /// <summary>Parses "1,234", "1234円", "¥1,234", "￥１，２３４", "△1,234", "▲1,234", "-1,234".</summary>
    /// <exception cref="FormatException">The text is not a whole-yen amount.</exception>
    public static Yen Parse(string text)
    {
        if (TryParseCore(text, out var yen, out var error))
        {
            return yen;
        }

        throw new FormatException(error);
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Yen result) =>
        TryParseCore(text, out result, out _);

    public static Yen operator +(Yen left, Yen right) => new(checked(left.Value + right.Value));

    public static Yen operator -(Yen left, Yen right) => new(checked(left.Value - right.Value));

    public static Yen operator *(Yen left, long right) => new(checked(left.Value * right));

    public static Yen operator -(Yen value) => new(checked(-value.Value));

    public static bool operator <(Yen left, Yen right) => left.Value < right.Value;

    public static bool operator >(Yen left, Yen right) => left.Value > right.Value;

    public static bool operator <=(Yen left, Yen right) => left.Value <= right.Value;

    public static bool operator >=(Yen left, Yen right) => left.Value >= right.Value;

    /// <summary>Named alternative to the + operator.</summary>
    public static Yen Add(Yen left, Yen right) => left + right;

    /// <summary>Named alternative to the - operator.</summary>
    public static Yen Subtract(Yen left, Yen right) => left - right;

    /// <summary>Named alternative to the * operator.</summary>
    public static Yen Multiply(Yen left, long right) => left * right;

    /// <summary>Named alternative to the unary - operator.</summary>
    public static Yen Negate(Yen value) => -value;

    private static string FormatNumber(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    private static bool TryParseCore(string? text, out Yen result, out string error)
    {
        result = default;
        error = $"金額の形式が正しくありません: '{text}'";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // NFKC turns full-width digits, "，" and "￥" into their ASCII forms and "－" into "-".
        var s = JapaneseText.Nfkc(text).Trim().AsSpan();
        var negative = false;
        var sawYenSign = false;

        // Sign and currency sign appear in either order in real spreadsheets: "-¥1,234", "¥-1,234".
        for (var i = 0; i < 2 && s.Length > 0; i++)
        {
            if (!negative && s[0] is '-' or '△' or '▲' or '\u2212')
            {
                negative = true;
                s = s[1..].TrimStart();
            }
            else if (!sawYenSign && s[0] is '¥' or '\\')
            {
                // "\" is how ¥ appears when Shift_JIS text is shown with a Western font.
                sawYenSign = true;
                s = s[1..].TrimStart();
            }
        }

        if (s.EndsWith("円", StringComparison.Ordinal))
        {
            s = s[..^1].TrimEnd();
        }

        if (!TryParseGroupedDigits(s, out var magnitude))
        {
            return false;
        }

        // long.MinValue has no positive counterpart, so compare the magnitude before negating.
        if (magnitude > (negative ? 1UL + long.MaxValue : long.MaxValue))
        {
            error = $"金額が大きすぎます: '{text}'";
            return false;
        }

        result = new Yen(negative ? (long)(0UL - magnitude) : (long)magnitude);
        return true;
    }

    // Accepts "1234" or correctly grouped "1,234,567"; "12,34" is rejected because a misplaced
    // comma usually means a decimal point typed the European way.
    private static bool TryParseGroupedDigits(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (s.IsEmpty || !char.IsAsciiDigit(s[0]))
        {
            return false;
        }

        var grouped = s.Contains(',');
        var digitsSinceComma = 0;
        var firstGroup = true;
        foreach (var c in s)
        {
            if (c == ',')
            {
                if ((firstGroup && digitsSinceComma is < 1 or > 3) || (!firstGroup && digitsSinceComma != 3))
                {
                    return false;
                }

                firstGroup = false;
                digitsSinceComma = 0;
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            digitsSinceComma++;

            // Saturate instead of wrapping; the caller reports anything above long range as too large.
            value = value > 1_000_000_000_000_000_000UL ? ulong.MaxValue : (value * 10) + (ulong)(c - '0');
        }

        return !grouped || digitsSinceComma == 3;
    }
}

/// <summary>Aggregation helpers for <see cref="Yen"/>.</summary>
public static class YenExtensions
{
    /// <summary>Total of the amounts; throws <see cref="OverflowException"/> rather than wrapping.</summary>
    public static Yen Sum(this IEnumerable<Yen> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var total = Yen.Zero;
        foreach (var yen in source)
        {
            total += yen;
        }

        return total;
    }
}

/// <summary>Writes <see cref="Yen"/> as a plain JSON number; also reads numeric strings from lenient clients.</summary>
public sealed class YenJsonConverter : JsonConverter<Yen>
{
    /// <inheritdoc />
    public override Yen Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var value) => new Yen(value),
            JsonTokenType.String when Yen.TryParse(reader.GetString(), out var yen) => yen,
            _ => throw new JsonException("金額は整数で指定してください。"),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Yen value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Value);
    }
}
