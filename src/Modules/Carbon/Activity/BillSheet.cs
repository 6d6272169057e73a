// A bill file as rows of named cells, from CSV (UTF-8 or Shift_JIS) or from the first worksheet
// of an Excel .xlsx file, so that both go through the same checks with the same line numbers.
using System.Globalization;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Carbon.Activity;

/// <summary>One data row: its line (row number in the file, header = 1) and cells by header.</summary>
public sealed record BillSheetRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string header] => Cells.TryGetValue(header, out var v) ? v : "";

    public bool Has(string header) => Cells.ContainsKey(header);
}

public static class BillSheet
{
    /// <summary>Reads CSV or XLSX (recognized by the ZIP signature "PK").</summary>
    /// <exception cref="CsvFormatException">The file cannot be read; the message names the line.</exception>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<BillSheetRow> Rows) Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            return ReadXlsx(bytes);
        }

        var table = CsvReader.Read(new MemoryStream(bytes));
        var rows = table.Rows.Select(r => new BillSheetRow(r.LineNumber,
            table.Headers.Select((h, i) => (h, r.Fields[i])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal))).ToList();
        return (table.Headers, rows);
    }

    private static (IReadOnlyList<string> Headers, IReadOnlyList<BillSheetRow> Rows) ReadXlsx(byte[] bytes)
    {
        XlsxTable table;
        try
        {
            table = XlsxReader.Read(new MemoryStream(bytes)).First.Table();
        }
        catch (XlsxFormatException ex)
        {
            throw new CsvFormatException(ex.Message, ex);
        }

        if (table.Headers.Count == 0)
        {
            throw new CsvFormatException(1, "ファイルが空です。");
        }

        var rows = table.Rows
            .Select(r => new BillSheetRow(r.Line, table.Headers.ToDictionary(
                h => h,
                // Only the 年月 column reads a date cell as a month: 2025/4 typed in Excel is stored as a date serial.
                h => h == "年月" && r.Cell(h)?.Date is { } date ? date.ToString("yyyy-MM", CultureInfo.InvariantCulture) : r[h],
                StringComparer.Ordinal)))
            .ToList();
        return (table.Headers, rows);
    }
}
