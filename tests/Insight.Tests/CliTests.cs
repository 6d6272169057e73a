using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

/// <summary>./osakadx insight … run as a real process (the host built beside the tests).</summary>
public sealed class CliTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("osakadx-insight-cli-").FullName;

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8 };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OsakaDx.Host.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(data);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Generate_import_anonymize_and_export_from_the_command_line()
    {
        var city = Path.Combine(data, "city.csv");
        var (code, stdout, stderr) = await RunAsync("insight", "generate", "--residents", "8000", "--seed", "3", "--out", city, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(8000, JsonDocument.Parse(stdout).RootElement.GetProperty("residents").GetInt32());

        (code, _, stderr) = await RunAsync("insight", "import", city);
        Assert.True(code == 0, stderr);

        (code, stdout, stderr) = await RunAsync("insight", "anonymize", "--k", "5", "--json");
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var k = report.RootElement.GetProperty("kReached").GetInt32();
        Assert.True(k >= 5);

        var export = Path.Combine(data, "anon.csv");
        (code, _, stderr) = await RunAsync("insight", "export-anonymized", "--out", export, "--as", "bunseki");
        Assert.Equal(1, code);
        Assert.StartsWith("エラー: --as: 職員「bunseki」には匿名加工データを持ち出す権限", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(export));

        (code, _, stderr) = await RunAsync("insight", "export-anonymized", "--out", export, "--as", "tokei");
        Assert.True(code == 0, stderr);
        await using var file = File.OpenRead(export);
        var table = CsvReader.Read(file);
        Assert.Equal(k, table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["地域"], r["国籍区分"])).Min(g => g.Count()));
    }

    [Fact]
    public async Task A_file_with_a_my_number_column_fails_with_one_error_line()
    {
        var file = Path.Combine(data, "bad.csv");
        await File.WriteAllTextAsync(file, "個人番号,住民ID,生年月日\r\n123456789012,R1,1980-01-01\r\n", new UTF8Encoding(false));
        var (code, stdout, stderr) = await RunAsync("insight", "import", file);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("エラー: bad.csv 1行目「個人番号」列: 個人識別符号", stderr, StringComparison.Ordinal);
        Assert.Contains("何も取り込んでいません", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Department_datasets_from_the_command_line_are_visible_only_to_their_departments()
    {
        var file = Path.Combine(data, "kenshin.csv");
        await File.WriteAllBytesAsync(file, OsakaDx.Modules.Insight.Datasets.SampleDataset.Bytes(2500, 4));
        var (code, stdout, stderr) = await RunAsync("insight", "dataset", "upload", file, "--title", "健診（CLI）", "--updated", "2026-03-31", "--as", "bunseki", "--json");
        Assert.True(code == 0, stderr);
        var id = JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetInt32();

        (code, stdout, stderr) = await RunAsync("insight", "dataset", "list", "--as", "fukushi", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(0, JsonDocument.Parse(stdout).RootElement.GetArrayLength());
        (code, _, stderr) = await RunAsync("insight", "dataset", "anonymize", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as", "fukushi");
        Assert.Equal(1, code);
        Assert.StartsWith($"エラー: 部署データ {id} が見つかりません", stderr, StringComparison.Ordinal);

        string[] roles = ["受診者番号=id", "年齢=qi:band:5,10", "性別=qi", "町丁目コード=qi:prefix:6", "受診日=qi:date", "判定=sensitive", "BMI=measure", "腹囲=measure"];
        var args = new List<string> { "insight", "dataset", "anonymize", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as", "bunseki", "--share", "B18", "--json" };
        foreach (var r in roles)
        {
            args.Add("--column");
            args.Add(r);
        }

        (code, stdout, stderr) = await RunAsync([.. args]);
        Assert.True(code == 0, stderr);
        var k = JsonDocument.Parse(stdout).RootElement.GetProperty("kReached").GetInt32();
        Assert.True(k >= 5);

        (code, stdout, stderr) = await RunAsync("insight", "dataset", "query", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rows", "町丁目コード", "--cols", "性別", "--as", "tokei");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("町丁目コード,", stdout, StringComparison.Ordinal);

        var export = Path.Combine(data, "kenshin-anon.csv");
        (code, _, stderr) = await RunAsync("insight", "dataset", "export", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", export, "--as", "tokei");
        Assert.True(code == 0, stderr);
        await using var stream = File.OpenRead(export);
        var table = CsvReader.Read(stream);
        Assert.Equal(k, table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["町丁目コード"], r["受診日"])).Min(g => g.Count()));
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
