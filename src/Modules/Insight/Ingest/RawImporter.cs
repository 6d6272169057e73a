// ./osakadx insight import FILE: validates a resident-register extract and loads it into the
// quarantined raw store. All or nothing: any bad line and the previous raw store stays as it was.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Insight.Ingest;

internal sealed record ImportSummary(long Rows, long Residents, long Removed, string Encoding, string Sha256, DateOnly AsOf, IReadOnlyList<string> DroppedColumns);

/// <summary>The file was refused; nothing was written. Messages name the line and column.</summary>
internal sealed class ImportRefusedException(IReadOnlyList<string> errors, long errorCount)
    : Exception(errors.Count == 0 ? "取り込めません。" : errors[0] + (errorCount > 1 ? $"（ほか {errorCount - 1} 件の誤り）" : ""))
{
    public IReadOnlyList<string> Errors => errors;

    public long ErrorCount => errorCount;
}

internal sealed class RawImporter(InsightPaths paths)
{
    private const int MaxReported = 20;

    public ImportSummary Import(string file, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var encoding = DetectEncoding(file);
        InsightPaths.EnsurePrivateDirectory(paths.Quarantine);
        var temp = Path.Combine(paths.Quarantine, $"import-{Guid.NewGuid():N}.duckdb");
        try
        {
            var summary = Load(file, encoding, temp, progress, cancellationToken);
            File.Move(temp, paths.RawStore, overwrite: true);
            SetPrivate(paths.RawStore);
            return summary;
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + ".wal");
        }
    }

    private static Encoding DetectEncoding(string file)
    {
        // Detect on the first 4 MB cut at a line feed, which never falls inside a UTF-8 or Shift_JIS character.
        var buffer = new byte[4 << 20];
        int read;
        using (var stream = File.OpenRead(file))
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }

        var span = buffer.AsSpan(0, read);
        if (read == buffer.Length && span.LastIndexOf((byte)'\n') is > 0 and var lf)
        {
            span = span[..(lf + 1)];
        }

        return CsvEncodingDetector.Detect(span);
    }

    private static ImportSummary Load(string file, Encoding encoding, string target, Action<long>? progress, CancellationToken cancellationToken)
    {
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

        using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new StreamReader(source, encoding, detectEncodingFromByteOrderMarks: false, 1 << 20);
        var lineNumber = 1;
        string? header;
        try
        {
            header = reader.ReadLine();
        }
        catch (DecoderFallbackException ex)
        {
            throw new ImportRefusedException([$"1行目: 文字コード（{encoding.WebName}）として読めないバイトがあります。"], 1) { Source = ex.Source };
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            throw new ImportRefusedException(["1行目: ファイルが空です。"], 1);
        }

        var headers = SplitLine(header.TrimStart('\uFEFF'), 1, out var headerError);
        if (headerError is not null)
        {
            throw new ImportRefusedException([headerError], 1);
        }

        var trimmed = headers.Select(h => h.Trim()).ToArray();
        var refused = trimmed.Where(h => ResidentLayout.RefusedColumns.Contains(h, StringComparer.Ordinal)).ToList();
        if (refused.Count > 0)
        {
            throw new ImportRefusedException(
                [$"1行目「{string.Join("」「", refused)}」列: 個人識別符号（個人番号・住民票コードなど）を含むファイルは取り込めません。この列を削除した抽出を作り直してください。"], 1);
        }

        var index = new int[ResidentLayout.Columns.Count];
        var missing = new List<string>();
        for (var c = 0; c < ResidentLayout.Columns.Count; c++)
        {
            index[c] = Array.IndexOf(trimmed, ResidentLayout.Columns[c]);
            if (index[c] < 0)
            {
                missing.Add(ResidentLayout.Columns[c]);
            }
        }

        if (missing.Count > 0)
        {
            throw new ImportRefusedException([$"1行目: 必要な列「{string.Join("」「", missing)}」がありません。"], 1);
        }

        var duplicates = trimmed.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ImportRefusedException([$"1行目: 見出し「{string.Join("」「", duplicates)}」が重複しています。"], 1);
        }

        var dropped = trimmed.Where(h => !ResidentLayout.Columns.Contains(h, StringComparer.Ordinal)).ToList();

        using var connection = new DuckDBConnection($"Data Source={target}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE raw_residents (
                    line INTEGER NOT NULL, person_id VARCHAR NOT NULL, birth_date DATE NOT NULL, sex TINYINT NOT NULL,
                    ward_code VARCHAR NOT NULL, chocho_code VARCHAR NOT NULL, household_id VARCHAR NOT NULL, relationship VARCHAR NOT NULL,
                    nationality TINYINT NOT NULL, resident_since DATE NOT NULL, since_reason VARCHAR NOT NULL,
                    last_move DATE, removed_date DATE, removed_reason VARCHAR);
                CREATE TABLE raw_meta (key VARCHAR, value VARCHAR);
                """;
            create.ExecuteNonQuery();
        }

        long rows = 0, residents = 0, removedRows = 0;
        var maxDate = DateOnly.MinValue;
        using (var appender = connection.CreateAppender("raw_residents"))
        {
            while (true)
            {
                string? line;
                lineNumber++;
                try
                {
                    line = reader.ReadLine();
                }
                catch (DecoderFallbackException)
                {
                    throw new ImportRefusedException([$"{lineNumber}行目: 文字コード（{encoding.WebName}）として読めないバイトがあります。"], 1);
                }

                if (line is null)
                {
                    break;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                var fields = SplitLine(line, lineNumber, out var splitError);
                if (splitError is not null)
                {
                    Error(splitError);
                    continue;
                }

                if (fields.Length != headers.Length)
                {
                    Error($"{lineNumber}行目: 列の数が見出し（{headers.Length}列）と合いません（{fields.Length}列）。");
                    continue;
                }

                string F(int column) => fields[index[column]].Trim();
                var ok = true;
                void Bad(string column, string message)
                {
                    Error($"{lineNumber}行目「{column}」列: {message}");
                    ok = false;
                }

                var id = F(0);
                if (id.Length is 0 or > 40)
                {
                    Bad(ResidentLayout.PersonId, "空欄か長すぎます（40文字まで）。");
                }

                var birth = ParseDate(F(1));
                if (birth is null)
                {
                    Bad(ResidentLayout.BirthDate, $"日付（例: 1980-04-01）ではありません（値: {Show(F(1))}）。");
                }

                var sex = ResidentLayout.ParseSex(F(2));
                if (sex is null)
                {
                    Bad(ResidentLayout.Sex, $"1（男）か2（女）で指定してください（値: {Show(F(2))}）。");
                }

                var ward = F(3);
                var wardKnown = OsakaGeography.FindWard(ward) is not null;
                if (!wardKnown)
                {
                    Bad(ResidentLayout.WardCode, $"大阪市の区コード（6桁、例: 271021）ではありません（値: {Show(ward)}）。");
                }

                var chocho = F(4);
                if (wardKnown && (chocho.Length != 9 || !chocho.StartsWith(ward, StringComparison.Ordinal) || !chocho.All(char.IsAsciiDigit)))
                {
                    Bad(ResidentLayout.ChochoCode, $"区コードに3桁を続けた9桁のコードではありません（値: {Show(chocho)}）。");
                }

                var household = F(5);
                if (household.Length is 0 or > 40)
                {
                    Bad(ResidentLayout.HouseholdId, "空欄か長すぎます（40文字まで）。");
                }

                var relationship = F(6);
                if (!ResidentLayout.Relationships.Contains(relationship, StringComparer.Ordinal))
                {
                    Bad(ResidentLayout.Relationship, $"「{string.Join("」「", ResidentLayout.Relationships)}」のいずれかで指定してください（値: {Show(relationship)}）。");
                }

                var nationality = ResidentLayout.ParseNationality(F(7));
                if (nationality is null)
                {
                    Bad(ResidentLayout.Nationality, $"1（日本人）か2（外国人）で指定してください（値: {Show(F(7))}）。");
                }

                var since = ParseDate(F(8));
                if (since is null || (birth is not null && since < birth))
                {
                    Bad(ResidentLayout.ResidentSince, $"生年月日以降の日付で指定してください（値: {Show(F(8))}）。");
                }

                var sinceReason = F(9);
                if (!ResidentLayout.SinceReasons.Contains(sinceReason, StringComparer.Ordinal))
                {
                    Bad(ResidentLayout.ResidentSinceReason, $"「出生」「転入」「その他」のいずれかで指定してください（値: {Show(sinceReason)}）。");
                }

                DateOnly? lastMove = null;
                if (F(10).Length > 0 && ((lastMove = ParseDate(F(10))) is null || (since is not null && lastMove < since)))
                {
                    Bad(ResidentLayout.LastMoveDate, $"住民となった日以降の日付か空欄にしてください（値: {Show(F(10))}）。");
                }

                DateOnly? removed = null;
                if (F(11).Length > 0 && ((removed = ParseDate(F(11))) is null || (since is not null && removed < since)))
                {
                    Bad(ResidentLayout.RemovedDate, $"住民となった日以降の日付か空欄にしてください（値: {Show(F(11))}）。");
                }

                var removedReason = F(12);
                if (removed is null ? removedReason.Length > 0 : !ResidentLayout.RemovedReasons.Contains(removedReason, StringComparer.Ordinal))
                {
                    Bad(ResidentLayout.RemovedReason, removed is null ? "消除日が空欄のときは空欄にしてください。" : $"「死亡」か「転出」で指定してください（値: {Show(removedReason)}）。");
                }

                if (!ok || errorCount > 0)
                {
                    // After the first error nothing more is written; the rest is only checked.
                    continue;
                }

                appender.CreateRow()
                    .AppendValue(lineNumber).AppendValue(id).AppendValue(birth!.Value).AppendValue((sbyte)sex!.Value)
                    .AppendValue(ward).AppendValue(chocho).AppendValue(household).AppendValue(relationship)
                    .AppendValue((sbyte)nationality!.Value).AppendValue(since!.Value).AppendValue(sinceReason)
                    .AppendValue(lastMove).AppendValue(removed).AppendValue(removed is null ? null : removedReason)
                    .EndRow();
                rows++;
                if (removed is null)
                {
                    residents++;
                }
                else
                {
                    removedRows++;
                }

                maxDate = Max(maxDate, since!.Value, lastMove, removed);
                if ((rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(rows);
                }
            }
        }

        if (errorCount > 0)
        {
            throw new ImportRefusedException(errors, errorCount);
        }

        if (rows == 0)
        {
            throw new ImportRefusedException(["2行目: データの行がありません。"], 1);
        }

        using (var check = connection.CreateCommand())
        {
            check.CommandText = "SELECT min(line), person_id FROM raw_residents GROUP BY person_id HAVING count(*) > 1 ORDER BY 1 LIMIT 1";
            using var r = check.ExecuteReader();
            if (r.Read())
            {
                throw new ImportRefusedException([$"「住民ID」列: 「{r.GetString(1)}」が複数の行にあります（最初は{r.GetInt32(0)}行目）。1人1行にしてください。"], 1);
            }
        }

        var sha = Sha256(file);
        using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "INSERT INTO raw_meta VALUES ('as_of', $asof), ('sha256', $sha)";
            meta.Parameters.Add(new DuckDBParameter("asof", maxDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            meta.Parameters.Add(new DuckDBParameter("sha", sha));
            meta.ExecuteNonQuery();
        }

        progress?.Invoke(rows);
        return new ImportSummary(rows, residents, removedRows, encoding.WebName, sha, maxDate, dropped);
    }

    private static DateOnly Max(DateOnly current, DateOnly a, DateOnly? b, DateOnly? c)
    {
        var m = current > a ? current : a;
        if (b is { } vb && vb > m)
        {
            m = vb;
        }

        return c is { } vc && vc > m ? vc : m;
    }

    private static string Show(string value) => value.Length == 0 ? "空欄" : value.Length > 20 ? value[..20] + "…" : value;

    private static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Splits one line: plain commas, or RFC 4180 quoting within the line ("" escapes).</summary>
    internal static string[] SplitLine(string line, int lineNumber, out string? error)
    {
        error = null;
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = $"{lineNumber}行目: 引用符（\"）が閉じられていません（値の中の改行には対応していません）。";
                        return [];
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    error = $"{lineNumber}行目: 引用符（\"）で囲まれた値の後に余分な文字があります。";
                    return [];
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // the comma
            if (i == line.Length)
            {
                fields.Add("");
                return [.. fields];
            }
        }
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void SetPrivate(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
