using System.Diagnostics;
using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The issue's crash test, with the real command line: `osakadx search crawl --wait` in its own
/// process over a few thousand files, killed with SIGKILL mid-crawl, files changed while it is
/// down, then run again. Afterwards catalogue == index == disk, nothing twice, nothing missing,
/// and Lucene's CheckIndex finds no corruption.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int FileCount = 3000;
    private readonly string temp = System.IO.Directory.CreateTempSubdirectory("osakadx-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public async Task A_crawl_killed_with_SIGKILL_and_rerun_leaves_catalogue_index_and_disk_identical()
    {
        var data = Path.Combine(temp, "data");
        var root = Path.Combine(temp, "share");
        for (var i = 0; i < FileCount; i++)
        {
            // ~2 KB each, so that the source's 1 MB/s read limit makes the crawl last long enough to be killed.
            var path = Path.Combine(root, $"局{i % 7}", $"課{i % 5}", $"文書{i:0000}.txt");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, $"管理番号 KEY{i:0000}X の文書。" + string.Concat(Enumerable.Repeat("予算要求の説明資料です。", 80)));
        }

        var add = await RunAsync(["--data", data, "search", "add-source", "共有", root, "--throttle-mb", "1", "--no-watch"], TimeSpan.FromMinutes(2));
        Assert.True(add.ExitCode == 0, add.ToString());

        // First run: killed (SIGKILL) after its second index commit, well before the end. The test
        // watches the index folder's commit points (segments_N), not the database, so that it
        // never takes a lock the crawler needs.
        var catalogue = Path.Combine(data, "search.db");
        var indexPath = Path.Combine(data, "search", "index");
        var before = Generation(indexPath);
        using (var crawl = Start(["--data", data, "search", "crawl", "共有", "--wait"]))
        {
            var output = new StringBuilder();
            crawl.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            crawl.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            crawl.BeginOutputReadLine();
            crawl.BeginErrorReadLine();
            var watch = Stopwatch.StartNew();
            var seen = new List<string>();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline && !crawl.HasExited && Generation(indexPath) < before + 2)
            {
                seen.Add($"{watch.Elapsed.TotalSeconds:0.0}s:{Generation(indexPath)}");
                await Task.Delay(200);
            }

            Assert.False(crawl.HasExited, $"the crawl ended before it could be killed (index generation {before} → {Generation(indexPath)}; {string.Join(" ", seen.TakeLast(30))}); output: {output}");
            crawl.Kill(); // SIGKILL on Linux: no finally blocks, no flushes, no disposal
            await crawl.WaitForExitAsync();
            Assert.NotEqual(0, crawl.ExitCode);
        }

        var killedAt = CountCatalogue(catalogue);
        Assert.True(killedAt is > 0 and < FileCount, $"after the kill: {killedAt} rows");

        // While it was down: some files deleted, some added, one renamed.
        for (var i = 0; i < 20; i++)
        {
            File.Delete(Path.Combine(root, $"局{i % 7}", $"課{i % 5}", $"文書{i:0000}.txt"));
            await File.WriteAllTextAsync(Path.Combine(root, "新規", $"追加{i:00}.txt").Also(p => System.IO.Directory.CreateDirectory(Path.GetDirectoryName(p)!)), $"追加の文書 NEW{i:00}Y");
        }

        File.Move(Path.Combine(root, $"局{2999 % 7}", $"課{2999 % 5}", "文書2999.txt"), Path.Combine(root, $"局{2999 % 7}", "改名後.txt"));

        // Second run, same command: resumes the killed job and finishes.
        var rerun = await RunAsync(["--data", data, "--json", "search", "crawl", "共有", "--wait"], TimeSpan.FromMinutes(5));
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("\"succeeded\"", rerun.Stdout, StringComparison.Ordinal);

        var disk = DiskItems(root);
        var rows = CatalogueRows(catalogue);
        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(disk.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));

        using (var directory = FSDirectory.Open(indexPath))
        {
            var check = new CheckIndex(directory).DoCheckIndex();
            Assert.True(check.Clean, "CheckIndex found problems in the index");
            using var reader = DirectoryReader.Open(directory);
            var keys = new List<string>();
            var live = MultiFields.GetLiveDocs(reader);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is null || live.Get(doc))
                {
                    keys.Add(reader.Document(doc).Get("key", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count()); // no duplicates
            var prefix = $"{SourceId(catalogue)}:";
            var ours = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList(); // the fresh data folder also holds the demo sources
            Assert.Equal(disk.Select(p => prefix + p).Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
        }

        // And through the command line's own search: a surviving file once, a deleted one never, the renamed and the new ones found.
        Assert.Contains("\"total\": 1", (await RunAsync(["--data", data, "--json", "search", "query", "KEY1234X"], TimeSpan.FromMinutes(2))).Stdout, StringComparison.Ordinal);
        Assert.Contains("\"total\": 0", (await RunAsync(["--data", data, "--json", "search", "query", "KEY0003X"], TimeSpan.FromMinutes(2))).Stdout, StringComparison.Ordinal);
        Assert.Contains("改名後.txt", (await RunAsync(["--data", data, "--json", "search", "query", "KEY2999X"], TimeSpan.FromMinutes(2))).Stdout, StringComparison.Ordinal);
        Assert.Contains("\"total\": 1", (await RunAsync(["--data", data, "--json", "search", "query", "NEW07Y"], TimeSpan.FromMinutes(2))).Stdout, StringComparison.Ordinal);
    }

    /// <summary>The newest commit point of a Lucene index (segments_N, N in base 36); 0 before the first.</summary>
    private static long Generation(string indexPath) =>
        System.IO.Directory.Exists(indexPath)
            ? System.IO.Directory.GetFiles(indexPath, "segments_*").Select(f => ParseBase36(Path.GetFileName(f)["segments_".Length..])).DefaultIfEmpty(0).Max()
            : 0;

    private static long ParseBase36(string text) =>
        text.Aggregate(0L, (n, c) => (n * 36) + (char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10));

    private static List<string> DiskItems(string root) =>
        System.IO.Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToList();

    private static long CountCatalogue(string file)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM Catalog c JOIN Sources s ON s.Id = c.SourceId WHERE s.Name = '共有'";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not migrated yet
        }
    }

    private static long SourceId(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Sources WHERE Name = '共有'";
        return (long)command.ExecuteScalar()!;
    }

    private static List<string> CatalogueRows(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT RelativePath FROM Catalog c JOIN Sources s ON s.Id = c.SourceId WHERE s.Name = '共有'";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static Process Start(IEnumerable<string> args)
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

        foreach (var name in new[] { "OSAKADX_DATA", "OSAKADX_DB", "OSAKADX_DEMO", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        return Process.Start(start)!;
    }

    private static async Task<Run> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"osakadx {string.Join(' ', args)} did not exit in time.\nstdout: {await stdout}\nstderr: {await stderr}");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }
}

internal static class ObjectExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
