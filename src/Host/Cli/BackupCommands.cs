using System.CommandLine;
using Microsoft.Data.Sqlite;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Host.Cli;

/// <summary>
/// Backup and restore of the embedded data folder: every SQLite database is copied with SQLite's
/// online backup (a consistent snapshot even while `serve` runs), everything else (indexes, keys,
/// exports) as files. With PostgreSQL the database is backed up with pg_dump instead (docs/operations.md).
/// </summary>
internal static class BackupCommands
{
    private const string Marker = "osakadx-backup.txt";

    public static IEnumerable<Command> Create(ModuleCommandContext context)
    {
        var outOpt = new Option<DirectoryInfo>("--out") { Description = "バックアップ先のフォルダ（空か存在しないこと）", Required = true };
        var backup = new Command("backup", "データフォルダをバックアップする（SQLite はオンラインで一貫した複製を作る）") { Options = { outOpt } };
        backup.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var options = RequireEmbedded(session);
            var target = parse.GetValue(outOpt)!;
            if (target.Exists && target.EnumerateFileSystemInfos().Any())
            {
                throw new CliFailure($"--out: フォルダ「{target.FullName}」は空ではありません。空のフォルダか新しい名前を指定してください。");
            }

            var result = Backup(options.FullDataPath, target.FullName);
            Report(session, $"バックアップしました: データベース {result.Databases} 個、ファイル {result.Files} 個 → {target.FullName}", new { result.Databases, result.Files, folder = target.FullName });
            return 0;
        });

        var fromOpt = new Option<DirectoryInfo>("--from") { Description = "backup で作ったフォルダ", Required = true };
        var restore = new Command("restore", "バックアップからデータフォルダを戻す（現在の内容は置き換わる。serve を止めてから実行する）") { Options = { fromOpt } };
        restore.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(fromOpt)!;
            if (!File.Exists(Path.Combine(source.FullName, Marker)))
            {
                throw new CliFailure($"--from: 「{source.FullName}」は OsakaDx のバックアップではありません（{Marker} がありません）。");
            }

            await using var session = await context.StartAsync(parse, ct);
            var options = RequireEmbedded(session);
            SqliteConnection.ClearAllPools();
            var result = Restore(source.FullName, options.FullDataPath);
            Report(session, $"戻しました: データベース {result.Databases} 個、ファイル {result.Files} 個 ← {source.FullName}", new { result.Databases, result.Files, folder = source.FullName });
            return 0;
        });

        return [backup, restore];
    }

    internal static (int Databases, int Files) Backup(string dataPath, string target)
    {
        Directory.CreateDirectory(target);
        int databases = 0, files = 0;
        foreach (var file in Directory.EnumerateFiles(dataPath, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dataPath, file);
            if (relative.EndsWith("-wal", StringComparison.Ordinal) || relative.EndsWith("-shm", StringComparison.Ordinal))
            {
                continue; // the online backup below already folds the write-ahead log in
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (relative.EndsWith(".db", StringComparison.Ordinal))
            {
                CopyDatabase(file, destination);
                databases++;
            }
            else
            {
                File.Copy(file, destination);
                files++;
            }
        }

        File.WriteAllText(Path.Combine(target, Marker), $"OsakaDx backup {DateTimeOffset.UtcNow:O}\n");
        return (databases, files);
    }

    internal static (int Databases, int Files) Restore(string source, string dataPath)
    {
        int databases = 0, files = 0;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative == Marker)
            {
                continue;
            }

            var destination = Path.Combine(dataPath, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (relative.EndsWith(".db", StringComparison.Ordinal))
            {
                // Into the live database through SQLite, so its WAL and open handles stay consistent.
                CopyDatabase(file, destination);
                databases++;
            }
            else
            {
                File.Copy(file, destination, overwrite: true);
                files++;
            }
        }

        return (databases, files);
    }

    /// <summary>SQLite's online backup: a consistent copy even while another connection writes.</summary>
    private static void CopyDatabase(string source, string destination)
    {
        using var from = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False");
        using var to = new SqliteConnection($"Data Source={destination};Pooling=False");
        from.Open();
        from.BackupDatabase(to);
    }

    private static PlatformOptions RequireEmbedded(CliSession session)
    {
        var options = session.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
        if (options.UsesPostgres)
        {
            throw new CliFailure("PostgreSQL を使っているときは pg_dump / pg_restore でバックアップしてください（docs/operations.md）。インデックスなどのファイルはデータフォルダを複製します。");
        }

        return options;
    }

    private static void Report(CliSession session, string human, object json)
    {
        if (session.Json)
        {
            CliOutput.WriteJson(json);
        }
        else
        {
            Console.WriteLine(human);
        }
    }
}
