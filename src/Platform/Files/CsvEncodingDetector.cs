// Files reaching the city come from Excel on Japanese Windows (Shift_JIS) as often as from
// modern tools (UTF-8), and nobody labels them; guessing right is the user's expectation.
using System.Text;

namespace OsakaDx.Platform.Files;

/// <summary>Tells UTF-8 from Shift_JIS (code page 932) for CSV files.</summary>
public static class CsvEncodingDetector
{
    private static readonly Lazy<bool> ProviderRegistered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>UTF-8 without a byte order mark on output; replaces nothing silently on input.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Windows-31J (CP932), which includes NEC and IBM extensions such as ① and 髙. It throws on
    /// bytes or characters it cannot map, because a silent '?' in a name or amount is worse than an error.
    /// </summary>
    public static Encoding ShiftJis => GetShiftJis(EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>
    /// UTF-8 when the bytes start with a UTF-8 BOM or are entirely valid UTF-8, otherwise Shift_JIS.
    /// Pass the whole content: a sample cut in the middle of a character can look invalid.
    /// </summary>
    public static Encoding Detect(ReadOnlySpan<byte> bytes)
    {
        // Real Shift_JIS Japanese text is almost never valid UTF-8 (its lead bytes 0x81-0x9F
        // are UTF-8 continuation bytes), so strict validation is a reliable discriminator.
        if (bytes is [0xEF, 0xBB, 0xBF, ..] || System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Utf8;
        }

        return ShiftJis;
    }

    /// <summary>CP932 with the given fallbacks, registering the code page provider on first use.</summary>
    internal static Encoding GetShiftJis(EncoderFallback encoderFallback, DecoderFallback decoderFallback)
    {
        _ = ProviderRegistered.Value;
        return Encoding.GetEncoding(932, encoderFallback, decoderFallback);
    }
}
