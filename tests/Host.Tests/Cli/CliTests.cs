using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Seed;

namespace OsakaDx.Host.Tests.Cli;

/// <summary>
/// The command line as ./osakadx runs it: the built host dll in its own process (`dotnet OsakaDx.Host.dll ...`)
/// on a temp data folder, with exit codes, stdout and stderr checked.
/// </summary>
public sealed class CliTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("osakadx-cli-").FullName;

    static CliTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose()
    {
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Org_export_writes_shift_jis_csv()
    {
        var file = Path.Combine(data, "org.csv");
        var run = await RunAsync("--data", data, "org", "export", "--encoding", "sjis", "--out", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.False(bytes.AsSpan().StartsWith("\uFEFF"u8), "Shift_JIS has no BOM");
        var text = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("コード,名称,よみ,種別,上位コード,表示順,電話,有効", lines[0]);
        Assert.Contains("W01,北区役所,きたくやくしょ,区役所,,200,,1", lines);
        Assert.Contains(lines, l => l.StartsWith("B18-01,DX推進担当,", StringComparison.Ordinal) && l.Contains(",B18,", StringComparison.Ordinal));

        await using var stream = new MemoryStream(bytes);
        var table = CsvReader.Read(stream);
        Assert.Equal(932, table.DetectedEncoding.CodePage);
        Assert.True(table.Rows.Count > 40);
    }

    [Fact]
    public async Task Failing_command_exits_1_with_one_japanese_error_line()
    {
        var run = await RunAsync("--data", data, "org", "import", Path.Combine(data, "missing.csv"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("エラー:", line, StringComparison.Ordinal);
        Assert.Contains("missing.csv", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_then_restore_brings_back_the_data_as_it_was()
    {
        var backup = Path.Combine(data, "..", Path.GetFileName(data) + "-backup");
        try
        {
            Assert.Equal(0, (await RunAsync("--data", data, "seed", "demo")).ExitCode);
            var taken = await RunAsync("--data", data, "--json", "backup", "--out", backup);
            Assert.True(taken.ExitCode == 0, taken.ToString());
            var databases = Directory.GetFiles(data, "*.db", SearchOption.AllDirectories).Length;
            Assert.True(databases >= 1);
            Assert.Equal(databases, JsonDocument.Parse(taken.Stdout).RootElement.GetProperty("databases").GetInt32());

            // A change after the backup: a new organization unit.
            var csv = Path.Combine(data, "new.csv");
            await File.WriteAllTextAsync(csv, "コード,名称,種別\r\nZ99,復元テスト課,課\r\n");
            Assert.Equal(0, (await RunAsync("--data", data, "org", "import", csv)).ExitCode);
            Assert.Contains("Z99,", (await RunAsync("--data", data, "org", "export")).Stdout, StringComparison.Ordinal);

            var restored = await RunAsync("--data", data, "restore", "--from", backup);
            Assert.True(restored.ExitCode == 0, restored.ToString());

            var export = (await RunAsync("--data", data, "org", "export")).Stdout;
            Assert.DoesNotContain("Z99,", export, StringComparison.Ordinal);
            Assert.Contains("W01,北区役所", export, StringComparison.Ordinal);
            Assert.Equal(1, (await RunAsync("--data", data, "restore", "--from", data)).ExitCode); // not a backup folder
        }
        finally
        {
            if (Directory.Exists(backup))
            {
                Directory.Delete(backup, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Modules_json_is_valid_json()
    {
        var run = await RunAsync("modules", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task Seed_demo_json_prints_counts_and_is_idempotent()
    {
        var first = await RunAsync("--data", data, "seed", "demo", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using var doc = JsonDocument.Parse(first.Stdout);
        Assert.True(doc.RootElement.GetProperty("users").GetInt32() >= PlatformSeeder.DemoAccounts.Count); // modules add their own demo staff
        var org = doc.RootElement.GetProperty("orgUnits").GetInt32();
        Assert.True(org > 40, $"{org} org units");

        var second = await RunAsync("--data", data, "seed", "demo", "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static async Task<Run> RunAsync(params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must not inherit a data folder, database or environment from the test run.
        foreach (var name in new[] { "OSAKADX_DATA", "OSAKADX_DB", "OSAKADX_DEMO", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A verb that never ends (e.g. the web server started by mistake): stop it, report what it printed.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"osakadx {string.Join(' ', args)} did not exit within 2 minutes.\nstdout: {await stdout}\nstderr: {await stderr}");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
