using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OsakaDx.Carbon.Tests;

/// <summary>./osakadx carbon … run as a real process (the host built beside the tests).</summary>
public sealed class CliTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("osakadx-carbon-cli-").FullName;

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
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
    public async Task Calc_prints_the_totals_of_a_bill_file_as_json()
    {
        var file = Path.Combine(data, "bills.csv");
        await File.WriteAllTextAsync(file, "年月,種別,数量,単位\r\n2025-04,電気,\"10,000\",kWh\r\n2025-04,都市ガス,1000,m3\r\n2025-05,ガソリン,1000,L\r\n2026-03,LPG,500,kg\r\n", Encoding.UTF8);
        var (code, stdout, stderr) = await RunAsync("carbon", "calc", file, "--menu", "fps_menu_c", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2025, json.RootElement.GetProperty("fiscalYear").GetInt32());

        // 2.05 (gas) + 2.29 (gasoline) + 1.495 (LPG) = 5.835 t; electricity 4.29 t (代替値) and 1.67 t (FPS C).
        Assert.Equal(5.835m, json.RootElement.GetProperty("scope1TCo2").GetDecimal());
        Assert.Equal(4.29m, json.RootElement.GetProperty("scope2LocationTCo2").GetDecimal());
        Assert.Equal(1.67m, json.RootElement.GetProperty("scope2MarketTCo2").GetDecimal());
    }

    [Fact]
    public async Task Import_factors_refuses_a_bad_file_with_its_line_and_a_non_zero_exit()
    {
        var file = Path.Combine(data, "factors.csv");
        await File.WriteAllTextAsync(file,
            "キー,名称,区分,スコープ,単位,係数(t-CO2/単位),年度,出典URL,公表日,資料区分,照合,備考\r\n" +
            "city_gas,都市ガス,燃料,1,千m3,2.05,2026,https://example.jp/a,2026,P,未照合,\r\n" +
            "lpg,LPG,燃料,1,t,abc,2026,https://example.jp/a,2026,S,未照合,\r\n", Encoding.UTF8);
        var (code, _, stderr) = await RunAsync("carbon", "import-factors", file);
        Assert.Equal(1, code);
        Assert.Contains("3行目「係数(t-CO2/単位)」列: 係数「abc」を数値として読めません。", stderr, StringComparison.Ordinal);
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
            // SQLite's WAL may linger for a moment; the OS cleans the temp folder.
        }
    }
}
