// RFC 4180 reading with errors a clerk can act on: every problem names the line in the file
// as a text editor or Excel would count it, even when quoted cells span several lines.
using System.Text;

namespace OsakaDx.Platform.Files;

/// <summary>A CSV file read into memory: header row plus data rows.</summary>
public sealed class CsvTable
{
    internal CsvTable(Encoding detectedEncoding, IReadOnlyList<string> headers, IReadOnlyList<CsvRecord> rows)
    {
        DetectedEncoding = detectedEncoding;
        Headers = headers;
        Rows = rows;
    }

    /// <summary>The encoding the bytes were decoded with (detected or given).</summary>
    public Encoding DetectedEncoding { get; }

    /// <summary>Column names from the first record.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Data records, header excluded.</summary>
    public IReadOnlyList<CsvRecord> Rows { get; }
}

/// <summary>One data record.</summary>
public sealed class CsvRecord
{
    private readonly IReadOnlyDictionary<string, int> columnIndex;

    internal CsvRecord(int lineNumber, IReadOnlyList<string> fields, IReadOnlyDictionary<string, int> columnIndex)
    {
        LineNumber = lineNumber;
        Fields = fields;
        this.columnIndex = columnIndex;
    }

    /// <summary>1-based physical line where the record starts; the header is line 1.</summary>
    public int LineNumber { get; }

    /// <summary>Field values in header order.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The value in the column with this header.</summary>
    /// <exception cref="KeyNotFoundException">No such header.</exception>
    public string this[string header] =>
        columnIndex.TryGetValue(header, out var index)
            ? Fields[index]
            : throw new KeyNotFoundException($"見出し「{header}」の列はありません。");

    /// <summary>The value in the column with this header, or false when there is no such column.</summary>
    public bool TryGetValue(string header, out string value)
    {
        if (columnIndex.TryGetValue(header, out var index))
        {
            value = Fields[index];
            return true;
        }

        value = string.Empty;
        return false;
    }
}

/// <summary>Reads RFC 4180 CSV (comma separated, "" escapes, CRLF or LF, quoted line breaks).</summary>
public static class CsvReader
{
    /// <summary>Reads the whole stream; the encoding is detected when not given and a BOM is ignored.</summary>
    /// <exception cref="CsvFormatException">Empty file, unterminated quote, duplicate headers or a ragged row.</exception>
    public static CsvTable Read(Stream stream, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        encoding ??= CsvEncodingDetector.Detect(bytes);
        var text = Decode(bytes, encoding);
        var records = Parse(text);
        if (records.Count == 0)
        {
            throw new CsvFormatException(1, "ファイルが空です。");
        }

        var (headerLine, headers) = records[0];
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Length; i++)
        {
            if (!columnIndex.TryAdd(headers[i], i))
            {
                throw new CsvFormatException(headerLine, $"見出し「{headers[i]}」が重複しています。");
            }
        }

        var rows = new List<CsvRecord>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != headers.Length)
            {
                throw new CsvFormatException(line, $"列の数が見出し（{headers.Length}列）と合いません（{fields.Length}列）");
            }

            rows.Add(new CsvRecord(line, fields, columnIndex));
        }

        return new CsvTable(encoding, headers, rows);
    }

    private static string Decode(byte[] bytes, Encoding encoding)
    {
        var start = encoding.CodePage == Encoding.UTF8.CodePage && bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        string text;
        try
        {
            text = encoding.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            // LF (0x0A) never occurs inside a multi-byte character in UTF-8 or Shift_JIS,
            // so counting it in the raw bytes gives the line the bad byte is on.
            var index = Math.Clamp(start + ex.Index, start, bytes.Length);
            var line = bytes.AsSpan(0, index).Count((byte)'\n') + 1;
            throw new CsvFormatException(line, $"文字コード（{encoding.WebName}）として読めないバイトがあります。", innerException: ex);
        }

        return text.StartsWith('\uFEFF') ? text[1..] : text;
    }

    private static List<(int Line, string[] Fields)> Parse(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;

        while (i < text.Length)
        {
            if (fields.Count == 0)
            {
                // Blank lines carry no record; skipping them keeps a stray empty line in an
                // exported file from being reported as a ragged row.
                while (i < text.Length && text[i] is '\r' or '\n')
                {
                    i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                }

                if (i == text.Length)
                {
                    break;
                }

                recordLine = line;
            }

            var fieldStartLine = line;
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new CsvFormatException(fieldStartLine, "引用符（\"）が閉じられていません。");
                    }

                    var c = text[i];
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                    i++;
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    throw new CsvFormatException(line, "引用符（\"）で囲まれた値の後に余分な文字があります。");
                }
            }
            else
            {
                // A quote inside an unquoted value is kept as written, as Excel does.
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    field.Append(text[i]);
                    i++;
                }
            }

            fields.Add(field.ToString());
            field.Clear();

            if (i < text.Length && text[i] == ',')
            {
                i++;
                if (i == text.Length)
                {
                    // "a,b," at the very end: the trailing comma still introduces an empty last field.
                    fields.Add(string.Empty);
                }
                else
                {
                    continue;
                }
            }

            if (i < text.Length)
            {
                i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            }

            records.Add((recordLine, fields.ToArray()));
            fields.Clear();
            line++;
        }

        return records;
    }
}
