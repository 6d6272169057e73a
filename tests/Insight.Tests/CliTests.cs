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
