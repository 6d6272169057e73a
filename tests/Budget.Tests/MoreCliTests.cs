using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OsakaDx.Platform.Files;

namespace OsakaDx.Budget.Tests;

/// <summary>./osakadx budget ceilings export/import and budget template, run as a real process (the host built beside the tests) on the tiny demo.</summary>
public sealed class MoreCliTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("osakadx-budget-cli-").FullName;

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8 };
        start.Environment["OsakaDx__Budget__DemoSize"] = "Tiny";
        start.Environment["OsakaDx__Budget__DemoYear"] = "2027";
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
    public async Task Ceilings_export_and_import_all_or_nothing_and_a_template_from_last_year()
    {
        var csv = Path.Combine(data, "ceilings.csv");
        var (code, _, stderr) = await RunAsync("budget", "ceilings", "export", "--year", "2027", "--out", csv);
        Assert.True(code == 0, stderr);
        var lines = (await File.ReadAllLinesAsync(csv)).ToList();
        Assert.StartsWith("所属コード,所属名,区,一般財源シーリング", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        var first = lines[1].Split(',');
        var raised = long.Parse(first[3], System.Globalization.CultureInfo.InvariantCulture) + 1_000_000;

        // One bad line: exit 1, one 「エラー:」 line, the line and column named, nothing imported.
        var bad = Path.Combine(data, "bad.csv");
        await File.WriteAllLinesAsync(bad, ["所属コード,一般財源シーリング", $"{first[0]},{raised}", "ZZ9,100"], new UTF8Encoding(false));
        (code, _, stderr) = await RunAsync("budget", "ceilings", "import", bad, "--year", "2027");
        Assert.Equal(1, code);
        Assert.Contains("3行目「所属コード」列: 「ZZ9」という所属", stderr, StringComparison.Ordinal);
        Assert.Contains("エラー: 1件の誤りがあるため、何も取り込んでいません。", stderr, StringComparison.Ordinal);

        var good = Path.Combine(data, "good.csv");
        await File.WriteAllLinesAsync(good, ["所属コード,一般財源シーリング", $"{first[0]},{raised}"], new UTF8Encoding(false));
        string stdout;
        (code, stdout, stderr) = await RunAsync("budget", "ceilings", "import", good, "--year", "2027", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(1, JsonDocument.Parse(stdout).RootElement.GetProperty("rows").GetInt32());

        var xlsx = Path.Combine(data, "ceilings.xlsx");
        (code, _, stderr) = await RunAsync("budget", "ceilings", "export", "--year", "2027", "--out", xlsx);
        Assert.True(code == 0, stderr);
        var sheet = XlsxReader.Read(File.OpenRead(xlsx)).Sheets[0];
        Assert.Contains(sheet.Cells, c => c.Row == 2 && c.Column == 4 && c.Text == raised.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A template for next year of a 事業 with no request yet: pre-filled from this year's request.
        var template = Path.Combine(data, "template.xlsx");
        (code, _, stderr) = await RunAsync("budget", "template", "--year", "2028", "--jigyo", "NO-SUCH", "--out", template);
        Assert.Equal(1, code);
        Assert.StartsWith("エラー: --jigyo: 事業コード「NO-SUCH」の予算事業はありません。", stderr.Trim(), StringComparison.Ordinal);
        (code, _, stderr) = await RunAsync("budget", "template", "--year", "2028", "--jigyo", "B01-001", "--out", template);
        Assert.True(code == 0, stderr);
        var book = XlsxReader.Read(File.OpenRead(template));
        Assert.Equal(["調書", "積算", "継続費", "債務負担行為", "繰越明許費", "地方債"], book.Sheets.Select(s => s.Name));
        Assert.Contains(book.Sheets[0].Cells, c => c.Column == 2 && c.Text == "2028");
        Assert.True(book.Sheets[1].Cells.Count(c => c.Column == 3) > 1, "the 積算 sheet should carry last year's lines");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing process is not worth failing a test over.
        }
    }
}
