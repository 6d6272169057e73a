// Reads a department's CSV (UTF-8 or Shift_JIS), refuses 個人識別符号, drops name and address
// columns at the door, detects each column's type and names every line that does not fit it.
// All or nothing: the quarantined store is written only when the whole file is good.
using System.Globalization;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Insight.Datasets;

internal sealed record UploadResult(string TempStore, string Sha256, string Encoding, long Rows, IReadOnlyList<DatasetColumn> Columns, IReadOnlyList<string> Dropped);

internal sealed class DatasetUploadRefusedException(IReadOnlyList<string> errors, long errorCount)
    : Exception(errors.Count == 0 ? "取り込めません。" : errors[0] + (errorCount > 1 ? $"（ほか {errorCount - 1} 件の誤り）" : ""))
{
    public IReadOnlyList<string> Errors => errors;
}

internal static class DatasetUploader
{
    public const long MaxBytes = 200L << 20;

    private const int MaxReported = 20;

    /// <summary>Header words that mark a name or address column (dropped at the door, like the register import).</summary>
    private static readonly string[] NameLike = ["氏名", "名前", "フリガナ", "ふりがな", "カナ氏名", "住所", "電話", "メール", "本籍"];

    /// <summary>Header words that refuse the whole file (個人識別符号).</summary>
    private static readonly string[] RefusedLike = ["個人番号", "マイナンバー", "住民票コード", "基礎年金番号", "被保険者番号", "旅券番号", "運転免許"];

    public static UploadResult Read(Stream input, string quarantineFolder)
    {
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            input.CopyTo(buffer);
            if (buffer.Length > MaxBytes)
            {
                throw new DatasetUploadRefusedException([$"ファイルが大きすぎます（上限 {MaxBytes >> 20} MB）。"], 1);
            }

            bytes = buffer.ToArray();
        }

        var encoding = CsvEncodingDetector.Detect(bytes);
        CsvTable table;
        try
        {
            table = CsvReader.Read(new MemoryStream(bytes), encoding);
        }
        catch (CsvFormatException ex)
        {
            throw new DatasetUploadRefusedException([ex.Message], 1);
        }

        var headers = table.Headers.Select(h => h.Trim()).ToArray();
        var refused = headers.Where(h => ResidentLayout.RefusedColumns.Contains(h, StringComparer.Ordinal) || RefusedLike.Any(r => h.Contains(r, StringComparison.Ordinal))).ToList();
        if (refused.Count > 0)
        {
            throw new DatasetUploadRefusedException(
                [$"1行目「{string.Join("」「", refused)}」列: 個人識別符号（個人番号・住民票コードなど）を含むファイルは取り込めません。この列を削除してから登録してください。"], 1);
        }

        var empty = Array.FindIndex(headers, h => h.Length == 0);
        if (empty >= 0)
        {
            throw new DatasetUploadRefusedException([$"1行目 {empty + 1}列目: 見出しが空です。"], 1);
        }

        if (table.Rows.Count == 0)
        {
            throw new DatasetUploadRefusedException(["2行目: データの行がありません。"], 1);
        }

        var dropped = new List<string>();
        var kept = new List<int>();
        for (var c = 0; c < headers.Length; c++)
        {
            if (ResidentLayout.DroppedColumns.Contains(headers[c], StringComparer.Ordinal) || NameLike.Any(n => headers[c].Contains(n, StringComparison.Ordinal)))
            {
                dropped.Add(headers[c]);
            }
            else
            {
                kept.Add(c);
            }
        }

        if (kept.Count == 0)
        {
            throw new DatasetUploadRefusedException(["1行目: 氏名・住所などの列のほかに、使える列がありません。"], 1);
        }

        var errors = new List<string>();
        long errorCount = 0;
        void Error(string message)
        {
            errorCount++;
            if (errors.Count < MaxReported)
            {
                errors.Add(message);
            }
        }

        var columns = new List<DatasetColumn>();
        var values = new string[kept.Count][];
        for (var k = 0; k < kept.Count; k++)
        {
            var c = kept[k];
            var name = headers[c];
            var column = new string[table.Rows.Count];
            for (var r = 0; r < table.Rows.Count; r++)
            {
                column[r] = table.Rows[r].Fields[c].Trim();
            }

            if (LooksLikeMyNumber(column))
            {
                throw new DatasetUploadRefusedException(
                    [$"「{name}」列: 個人番号（マイナンバー）と思われる12桁の番号が入っています。個人識別符号を含むファイルは取り込めません。"], 1);
            }

            var type = DetectType(column);
            for (var r = 0; r < column.Length; r++)
            {
                if (column[r].Length == 0)
                {
                    continue;
                }

                if (Normalize(column[r], type) is { } normalized)
                {
                    column[r] = normalized;
                }
                else
                {
                    Error($"{table.Rows[r].LineNumber}行目「{name}」列: {ColumnTypes.Label(type)}として読めません（「{Shorten(column[r])}」）。");
                }
            }

            values[k] = column;
            var distinct = column.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).LongCount();
            var blanks = column.LongCount(v => v.Length == 0);
            columns.Add(new DatasetColumn(name, type, distinct, blanks, DefaultRole(type, distinct, table.Rows.Count)));
        }

        if (errorCount > 0)
        {
            throw new DatasetUploadRefusedException(errors, errorCount);
        }

        InsightPaths.EnsurePrivateDirectory(quarantineFolder);
        var temp = Path.Combine(quarantineFolder, $"upload-{Guid.NewGuid():N}.duckdb");
        try
        {
            using (var connection = new DuckDBConnection($"Data Source={temp}"))
            {
                connection.Open();
                using (var create = connection.CreateCommand())
                {
                    create.CommandText = $"CREATE TABLE raw ({string.Join(", ", Enumerable.Range(0, kept.Count).Select(i => $"c{i} VARCHAR"))})";
                    create.ExecuteNonQuery();
                }

                using var appender = connection.CreateAppender("raw");
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    var row = appender.CreateRow();
                    for (var k = 0; k < kept.Count; k++)
                    {
                        row.AppendValue(values[k][r]);
                    }

                    row.EndRow();
                }
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new UploadResult(temp, Convert.ToHexStringLower(SHA256.HashData(bytes)), encoding.WebName, table.Rows.Count, columns, dropped);
    }

    private static string Shorten(string v) => v.Length > 20 ? v[..20] + "…" : v;

    private static string DefaultRole(string type, long distinct, long rows) =>
        type == ColumnTypes.Text && distinct > rows * 0.9 && rows >= 20 ? ColumnRoles.Identifier
        : ColumnTypes.IsNumber(type) && distinct > 50 ? ColumnRoles.Measure
        : ColumnRoles.QuasiIdentifier;

    /// <summary>
    /// The column's type: the narrowest type that at least 90% of the non-empty values fit; the
    /// rest are then reported as bad lines (a typo in a number column names its line, instead of
    /// silently turning the column into text).
    /// </summary>
    internal static string DetectType(string[] column)
    {
        var present = column.Where(v => v.Length > 0).ToList();
        if (present.Count == 0)
        {
            return ColumnTypes.Text;
        }

        double Share(Func<string, bool> fits) => present.Count(fits) / (double)present.Count;
        if (present.All(v => v.All(char.IsAsciiDigit)) && present.Select(v => v.Length).Distinct().Count() == 1 && (present[0].Length >= 6 || present.Any(v => v.Length > 1 && v[0] == '0')))
        {
            return ColumnTypes.Code;
        }

        if (Share(v => Normalize(v, ColumnTypes.Date) is not null) >= 0.9)
        {
            return ColumnTypes.Date;
        }

        if (Share(v => Normalize(v, ColumnTypes.Integer) is not null) >= 0.9)
        {
            return ColumnTypes.Integer;
        }

        return Share(v => Normalize(v, ColumnTypes.Decimal) is not null) >= 0.9 ? ColumnTypes.Decimal : ColumnTypes.Text;
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyyMMdd"];

    /// <summary>The value in the stored form of its type (dates yyyy-MM-dd, numbers invariant), or null when it does not fit.</summary>
    internal static string? Normalize(string value, string type) => type switch
    {
        ColumnTypes.Date => DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        ColumnTypes.Integer => long.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
        ColumnTypes.Decimal => decimal.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) ? m.ToString(CultureInfo.InvariantCulture) : null,
        _ => value,
    };

    /// <summary>
    /// A column of 12-digit numbers most of which carry a valid 個人番号 check digit
    /// (番号法施行令 第8条) is taken for My Numbers: about 1 in 10 random numbers pass, so a
    /// majority passing is no accident.
    /// </summary>
    internal static bool LooksLikeMyNumber(string[] column)
    {
        var present = column.Where(v => v.Length > 0).ToList();
        if (present.Count == 0 || !present.All(v => v.Length == 12 && v.All(char.IsAsciiDigit)))
        {
            return false;
        }

        return present.Count(IsMyNumber) * 2 > present.Count;
    }

    internal static bool IsMyNumber(string digits)
    {
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = digits[11 - n] - '0';
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }

        var remainder = sum % 11;
        var check = remainder <= 1 ? 0 : 11 - remainder;
        return digits[11] - '0' == check;
    }
}
