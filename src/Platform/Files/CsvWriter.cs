// Output CSV is opened by clerks in Excel, so it must survive that: the right encoding for
// the recipient, CRLF, and no cell that Excel would execute as a formula.
using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace OsakaDx.Platform.Files;

/// <summary>Byte encodings a CSV can be written in.</summary>
public enum CsvOutputEncoding
{
    /// <summary>UTF-8 with a BOM: what Excel needs to open UTF-8 by double click.</summary>
    Utf8WithBom,

    /// <summary>UTF-8 without BOM, for other systems.</summary>
    Utf8,

    /// <summary>Windows-31J (CP932) for older systems that only read Shift_JIS.</summary>
    ShiftJis,
}

/// <summary>Writes RFC 4180 CSV with CRLF line endings.</summary>
public static partial class CsvWriter
{
    private static readonly SearchValues<char> CharactersNeedingQuotes = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> JisOnlyCharacters = SearchValues.Create("\u301C\u2016\u2212\u2014\u00A2\u00A3\u00AC");

    /// <summary>Writes the header and rows; the stream is left open.</summary>
    /// <exception cref="CsvFormatException">A row has the wrong number of cells, or a cell cannot be written in Shift_JIS.</exception>
    public static void Write(Stream stream, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, CsvOutputEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);

        var target = encoding switch
        {
            CsvOutputEncoding.Utf8WithBom or CsvOutputEncoding.Utf8 =>
                new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            CsvOutputEncoding.ShiftJis =>
                CsvEncodingDetector.GetShiftJis(EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "未対応の文字コードです。"),
        };

        if (encoding == CsvOutputEncoding.Utf8WithBom)
        {
            stream.Write([0xEF, 0xBB, 0xBF]);
        }

        var line = 1;
        var builder = new StringBuilder();
        WriteRecord(stream, builder, target, encoding, headers, headers, ref line);
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new CsvFormatException(line, $"列の数が見出し（{headers.Count}列）と合いません（{row.Count}列）");
            }

            WriteRecord(stream, builder, target, encoding, headers, row, ref line);
        }
    }

    /// <summary>Writes to a byte array; convenient for HTTP downloads and tests.</summary>
    public static byte[] WriteToArray(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, CsvOutputEncoding encoding)
    {
        using var buffer = new MemoryStream();
        Write(buffer, headers, rows, encoding);
        return buffer.ToArray();
    }

    /// <summary>Quotes and guards one value as it will appear in the file.</summary>
    public static string EscapeField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // Excel evaluates cells starting with these as formulas (CSV injection); an apostrophe
        // makes it show the text instead. Plain negative numbers are data, not formulas.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !NegativeNumber().IsMatch(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(CharactersNeedingQuotes) >= 0 || value[0] == ' ' || value[^1] == ' '
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static void WriteRecord(
        Stream stream,
        StringBuilder builder,
        Encoding target,
        CsvOutputEncoding encoding,
        IReadOnlyList<string> headers,
        IReadOnlyList<string?> cells,
        ref int line)
    {
        builder.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var cell = cells[i];
            if (encoding == CsvOutputEncoding.ShiftJis)
            {
                cell = ToShiftJisVariants(cell);
            }

            builder.Append(EscapeField(cell));
        }

        builder.Append("\r\n");
        var text = builder.ToString();
        byte[] bytes;
        try
        {
            bytes = target.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            var column = FindUnencodableColumn(target, cells);
            throw new CsvFormatException(
                line,
                $"文字「{UnencodableText(ex)}」はShift_JISで書き込めません。",
                column is null ? null : headers[column.Value],
                ex);
        }

        stream.Write(bytes);
        line += CountLineBreaks(text.AsSpan(0, text.Length - 2)) + 1;
    }

    // Same rule as the reader: CRLF, LF and a lone CR each end a physical line.
    private static int CountLineBreaks(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    private static int? FindUnencodableColumn(Encoding target, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            try
            {
                target.GetByteCount(ToShiftJisVariants(cells[i]) ?? string.Empty);
            }
            catch (EncoderFallbackException)
            {
                return i;
            }
        }

        return null;
    }

    private static string UnencodableText(EncoderFallbackException ex) =>
        ex.CharUnknownHigh != '\0'
            ? string.Concat(ex.CharUnknownHigh.ToString(), ex.CharUnknownLow.ToString())
            : ex.CharUnknown.ToString();

    // Text typed on macOS or the web uses the JIS code points for these characters, while
    // Windows Shift_JIS (CP932) only has the look-alikes; without this, "〜" (the usual
    // range mark in 「4月〜6月」) would be rejected although every Japanese PC can show it.
    private static string? ToShiftJisVariants(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny(JisOnlyCharacters) < 0)
        {
            return value;
        }

        return value
            .Replace('\u301C', '\uFF5E') // 〜 wave dash → ～
            .Replace('\u2016', '\u2225') // ‖ → ∥
            .Replace('\u2212', '\uFF0D') // − minus sign → －
            .Replace('\u2014', '\u2015') // — em dash → ―
            .Replace('\u00A2', '\uFFE0') // ¢ → ￠
            .Replace('\u00A3', '\uFFE1') // £ → ￡
            .Replace('\u00AC', '\uFFE2'); // ¬ → ￢
    }

    [GeneratedRegex(@"^-[0-9][0-9,]*(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NegativeNumber();
}
