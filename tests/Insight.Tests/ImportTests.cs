using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

public sealed class ImportTests : IDisposable
{
    private const string Header = "住民ID,生年月日,性別,区コード,町丁目コード,世帯番号,続柄,国籍区分,住民となった日,住民となった事由,最終転居日,消除日,消除事由";
    private const string Good1 = "R1,1980-04-01,1,271021,271021001,H1,世帯主,1,1980-04-01,出生,,,";
    private const string Good2 = "R2,1982-05-02,2,271021,271021001,H1,妻,1,2010-06-01,転入,2022-01-10,,";

    private readonly string data = Directory.CreateTempSubdirectory("osakadx-insight-import-").FullName;
    private readonly InsightPaths paths;

    public ImportTests() => paths = PipelineFixture.NewPaths(data);

    private string Write(string content, Encoding? encoding = null)
    {
        var file = Path.Combine(data, $"{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(file, (encoding ?? new UTF8Encoding(false)).GetBytes(content));
        return file;
    }

    [Fact]
    public void A_file_with_a_my_number_column_is_refused_and_nothing_is_stored()
    {
        var file = Write($"{Header},個人番号\r\n{Good1},123456789012\r\n");
        var ex = Assert.Throws<ImportRefusedException>(() => new RawImporter(paths).Import(file));
        Assert.Contains("1行目「個人番号」列", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(paths.RawStore));
        Assert.Empty(Directory.EnumerateFiles(paths.Quarantine));
    }

    [Fact]
    public void Names_are_dropped_at_the_door_and_never_reach_the_raw_store()
    {
        var file = Write($"氏名,カナ氏名,{Header}\r\n大阪 太郎,オオサカ タロウ,{Good1}\r\n大阪 花子,オオサカ ハナコ,{Good2}\r\n");
        var summary = new RawImporter(paths).Import(file);
        Assert.Equal(2, summary.Rows);
        Assert.Equal(["氏名", "カナ氏名"], summary.DroppedColumns);
        using var c = new DuckDBConnection($"Data Source={paths.RawStore};ACCESS_MODE=READ_ONLY");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_name = 'raw_residents'";
        var columns = (string)cmd.ExecuteScalar()!;
        Assert.DoesNotContain("name", columns, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("太郎", Encoding.UTF8.GetString(File.ReadAllBytes(paths.RawStore)), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(paths.Quarantine));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.RawStore));
        }
    }

    [Fact]
    public void Bad_lines_are_reported_by_line_and_column_and_the_previous_store_is_kept()
    {
        new RawImporter(paths).Import(Write($"{Header}\r\n{Good1}\r\n"));
        var before = SHA256.HashData(File.ReadAllBytes(paths.RawStore));
        var file = Write($"{Header}\r\n{Good1}\r\nR3,1990-01-01,3,271021,271021001,H2,世帯主,1,1990-01-01,出生,,,\r\nR4,1990-13-01,1,271021,271021001,H3,世帯主,1,1990-01-01,出生,,,\r\nR5,1990-01-01,1,999999,271021001,H4,世帯主,1,1990-01-01,出生,,,\r\nR6,1990-01-01,1,271021\r\n");
        var ex = Assert.Throws<ImportRefusedException>(() => new RawImporter(paths).Import(file));
        Assert.True(ex.ErrorCount == 4, string.Join(" / ", ex.Errors));
        Assert.Equal("3行目「性別」列: 1（男）か2（女）で指定してください（値: 3）。", ex.Errors[0]);
        Assert.StartsWith("4行目「生年月日」列", ex.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("5行目「区コード」列", ex.Errors[2], StringComparison.Ordinal);
        Assert.StartsWith("6行目: 列の数が見出し（13列）と合いません（4列）", ex.Errors[3], StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(paths.RawStore)));
    }

    [Fact]
    public void A_person_twice_and_a_missing_column_are_refused()
    {
        var twice = Assert.Throws<ImportRefusedException>(() => new RawImporter(paths).Import(Write($"{Header}\r\n{Good1}\r\n{Good1}\r\n")));
        Assert.Contains("「住民ID」列: 「R1」が複数の行にあります（最初は2行目）", twice.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ImportRefusedException>(() => new RawImporter(paths).Import(Write("住民ID,生年月日\r\nR1,1980-01-01\r\n")));
        Assert.StartsWith("1行目: 必要な列「性別」「区コード」", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_jis_is_detected_and_read()
    {
        var file = Write($"{Header}\r\n{Good1}\r\n{Good2}\r\n", CsvEncodingDetector.ShiftJis);
        var summary = new RawImporter(paths).Import(file);
        Assert.Equal("shift_jis", summary.Encoding);
        Assert.Equal(2, summary.Residents);
        Assert.Equal(new DateOnly(2022, 1, 10), summary.AsOf);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
