// ./osakadx insight generate | import | anonymize | export-anonymized | rotate-key
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Modules.Insight.Publishing;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Insight.Cli;

internal static class InsightCommands
{
    public static Command Create(ModuleCommandContext context)
    {
        var root = new Command("insight", "全庁データ活用（合成住民データの生成・取込・匿名化・匿名加工データの出力）");
        root.Subcommands.Add(Generate(context));
        root.Subcommands.Add(Import(context));
        root.Subcommands.Add(Anonymize(context));
        root.Subcommands.Add(Export(context));
        root.Subcommands.Add(RotateKey(context));
        root.Subcommands.Add(DatasetCommands.Create(context));
        return root;
    }

    private static Command Generate(ModuleCommandContext context)
    {
        var residents = new Option<int>("--residents") { Description = "現住者の人数（大阪市の実人口は約2,750,000）", DefaultValueFactory = _ => 137_000 };
        var seed = new Option<int>("--seed") { Description = "乱数の種（同じ種と人数なら同じファイルになる）", DefaultValueFactory = _ => 2026 };
        var output = new Option<FileInfo>("--out") { Description = "書き出すCSVファイル", Required = true };
        var sjis = new Option<bool>("--shift-jis") { Description = "Shift_JIS で書き出す（既定は UTF-8）" };
        var command = new Command("generate", "大阪市に似た合成の住民基本台帳データ（CSV）を作る（実在の人は含まない）") { Options = { residents, seed, output, sjis } };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(residents);
            if (n is < 1 or > 10_000_000)
            {
                throw new InvalidOperationException("--residents: 1〜10,000,000 の人数を指定してください。");
            }

            var file = parse.GetValue(output)!;
            var json = parse.GetValue(context.JsonOption);
            var watch = Stopwatch.StartNew();
            var result = await CliOutput.WithProgressAsync(json, "合成住民データ", report => Task.Run(() =>
            {
                using var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                return new PopulationGenerator(new GeneratorOptions(n, parse.GetValue(seed), parse.GetValue(sjis))).Write(stream, (done, total) => report(done, total, null), ct);
            }, ct));
            var summary = new { file = file.FullName, residents = result.Residents, removedRecords = result.RemovedRecords, households = result.Households, rows = result.Rows, seconds = Math.Round(watch.Elapsed.TotalSeconds, 2) };
            if (json)
            {
                CliOutput.WriteJson(summary);
            }
            else
            {
                Console.WriteLine($"{file.FullName} に書き出しました: 現住者 {result.Residents:N0}人、除票 {result.RemovedRecords:N0}件、世帯 {result.Households:N0}（{summary.seconds}秒）。");
            }

            return 0;
        });
        return command;
    }

    private static Command Import(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "住民データのCSV（UTF-8 か Shift_JIS。列は README の「CSVの形式」）" };
        var command = new Command("import", "住民データを隔離ストアに取り込む（個人番号の列があれば拒否、氏名・住所の列は読み捨て。1行でも誤りがあれば何も取り込まない）") { Arguments = { file } };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            await using var session = await context.StartAsync(parse, ct);
            var runs = session.Services.GetRequiredService<InsightRuns>();
            ImportBatch batch;
            try
            {
                batch = await CliOutput.WithProgressAsync(session.Json, "取込", report => runs.ImportAsync(path.FullName, path.Name, n => report(n, null, $"{n:N0}行"), ct));
            }
            catch (ImportRefusedException ex)
            {
                foreach (var e in ex.Errors.Skip(1))
                {
                    Console.Error.WriteLine(e);
                }

                throw new InvalidOperationException($"{path.Name} {ex.Message}（何も取り込んでいません）", ex);
            }

            var result = new { batch.Id, batch.Rows, batch.Residents, removedRecords = batch.RemovedRecords, batch.Encoding, asOf = batch.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), droppedColumns = batch.DroppedColumns.Split(',', StringSplitOptions.RemoveEmptyEntries) };
            if (session.Json)
            {
                CliOutput.WriteJson(result);
            }
            else
            {
                Console.WriteLine($"取込 {batch.Id}: {batch.Rows:N0}行（現住者 {batch.Residents:N0}人、除票 {batch.RemovedRecords:N0}件、{batch.Encoding}、基準日 {result.asOf}）を隔離ストアに取り込みました。"
                    + (result.droppedColumns.Length > 0 ? $" 読み捨てた列: {string.Join("、", result.droppedColumns)}" : ""));
            }

            return 0;
        });
        return command;
    }

    private static Command Anonymize(ModuleCommandContext context)
    {
        var k = new Option<int>("--k") { Description = "k-匿名性の k（同じ準識別子の組合せの人が k 人以上）", DefaultValueFactory = _ => 5 };
        var qi = new Option<string?>("--qi") { Description = "準識別子（カンマ区切り: age,sex,area,nationality,since。既定: age,sex,area,nationality）" };
        var limit = new Option<double>("--suppression-limit") { Description = "削除（抑制）してよいレコードの割合の上限", DefaultValueFactory = _ => 0.05 };
        var l = new Option<int>("--l") { Description = "l-多様性の l（1 = 使わない）", DefaultValueFactory = _ => 1 };
        var sensitive = new Option<string?>("--sensitive") { Description = "l-多様性の機微属性: household（世帯人員）か relationship（続柄）" };
        var threshold = new Option<int>("--threshold") { Description = "集計表で秘匿する小さな値のしきい値（この数未満を「X」）", DefaultValueFactory = _ => 10 };
        var command = new Command("anonymize", "隔離ストアの住民データを匿名化し、匿名加工データと秘匿済みの集計表を公表する（リスク報告を表示）") { Options = { k, qi, limit, l, sensitive, threshold } };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new AnonymizationSettings(parse.GetValue(k), parse.GetValue(qi)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(limit), parse.GetValue(l), parse.GetValue(sensitive), parse.GetValue(threshold));
            if (settings.Validate() is { } invalid)
            {
                throw new InvalidOperationException(invalid);
            }

            await using var session = await context.StartAsync(parse, ct);
            var runs = session.Services.GetRequiredService<InsightRuns>();
            RiskReport report;
            try
            {
                report = (await CliOutput.WithProgressAsync(session.Json, "匿名化", p => runs.AnonymizeAsync(settings, m => p(0, null, m), ct))).Report!;
            }
            catch (AnonymizationFailedException ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }

            if (session.Json)
            {
                CliOutput.WriteJson(report);
            }
            else
            {
                Console.WriteLine(ReportText(report));
            }

            return 0;
        });
        return command;
    }

    internal static string ReportText(RiskReport r) => string.Join(Environment.NewLine,
        $"匿名化 {r.RunId}: {r.Records:N0}人（{r.Seconds}秒）",
        $"  準識別子: {string.Join("、", r.QuasiIdentifiers)}  k = {r.K}" + (r.L > 1 ? $"  l = {r.L}（{r.Sensitive}）" : ""),
        $"  一般化: {string.Join(" / ", r.Node)}",
        $"  k の到達値: {r.KReached}（最大の再識別リスク {r.MaxProsecutorRisk:P1}）  同値クラス {r.Classes:N0}（平均 {r.AverageClassSize}人）",
        $"  処理前にリスクのあった人（k 未満の組合せ）: {r.RecordsAtRiskBefore:N0}人（{r.RecordsAtRiskBeforeShare:P2}）",
        $"  削除（抑制）: {r.Suppressed:N0}人（{r.SuppressionRate:P2}、上限 {r.SuppressionLimit:P1}）" + (r.RemovedRecords > 0 ? $"、うち出力から除いた {r.RemovedRecords:N0}人" : ""),
        $"  情報損失（Loss, 0〜1）: {r.InformationLoss}  識別度（正規化 DM）: {r.Discernibility}  探索したノード: {r.NodesTotal}（条件を満たす {r.NodesSatisfying}）",
        $"  集計表: {r.PublishedCells:N0}セル、1次秘匿 {r.PrimarySuppressed:N0}、2次秘匿 {r.SecondarySuppressed:N0}（{r.CellThreshold}未満を「X」）",
        $"  仮名の鍵: {r.KeyFingerprint}");

    private static Command Export(ModuleCommandContext context)
    {
        var output = new Option<FileInfo>("--out") { Description = "書き出すCSVファイル", Required = true };
        var user = new Option<string>("--as") { Description = "持ち出す職員のユーザー名（insight.export の権限が必要）", Required = true };
        var command = new Command("export-anonymized", "最新の匿名加工データ（k-匿名化した個票）をCSVに書き出す（仮名は含めない）") { Options = { output, user } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var name = parse.GetValue(user)!;
            var users = session.Services.GetRequiredService<UserManager<StaffUser>>();
            var roles = session.Services.GetRequiredService<RoleManager<StaffRole>>();
            var account = await users.FindByNameAsync(name) ?? throw new InvalidOperationException($"--as: 職員「{name}」はいません。");
            var allowed = false;
            foreach (var roleName in await users.GetRolesAsync(account))
            {
                if (await roles.FindByNameAsync(roleName) is { } role && (await roles.GetClaimsAsync(role)).Any(c => c.Type == PlatformClaims.Permission && c.Value == InsightPermissions.Export))
                {
                    allowed = true;
                }
            }

            if (!allowed)
            {
                throw new InvalidOperationException($"--as: 職員「{name}」には匿名加工データを持ち出す権限（{InsightPermissions.Export}）がありません。");
            }

            var published = session.Services.GetRequiredService<PublishedData>();
            var run = await published.CurrentRunAsync(ct) ?? throw new InvalidOperationException("匿名化の実行結果がありません。先に anonymize を実行してください。");
            var file = parse.GetValue(output)!;
            long rows;
            await using (var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write))
            {
                rows = AnonymizedExport.Write(session.Services.GetRequiredService<InsightPaths>().Published(run.Id), stream);
            }

            using (AuditActor.Use(account.Id, name))
            {
                await session.Services.GetRequiredService<InsightRuns>().AuditAsync($"匿名加工データの持ち出し（CLI）: 匿名化 {run.Id}、{rows}行 → {file.Name}", ct);
            }

            if (session.Json)
            {
                CliOutput.WriteJson(new { file = file.FullName, run = run.Id, rows, k = run.K });
            }
            else
            {
                Console.WriteLine($"{file.FullName} に匿名加工データ {rows:N0}行（匿名化 {run.Id}、k = {run.K}）を書き出しました。");
            }

            return 0;
        });
        return command;
    }

    private static Command RotateKey(ModuleCommandContext context)
    {
        var command = new Command("rotate-key", "仮名化の鍵を新しくする（古い鍵は退避。以後の仮名は以前の仮名とつながらない）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var fingerprint = session.Services.GetRequiredService<PseudonymKey>().Rotate(session.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            await session.Services.GetRequiredService<InsightRuns>().AuditAsync($"仮名化の鍵を更新: {fingerprint}", ct);
            Console.WriteLine(session.Json ? $"{{\"keyFingerprint\": \"{fingerprint}\"}}" : $"新しい鍵を作りました（指紋 {fingerprint}）。次の anonymize から使います。");
            return 0;
        });
        return command;
    }
}

/// <summary>The anonymized microdata as CSV: the generalized quasi-identifiers and the other kept columns, no pseudonym.</summary>
internal static class AnonymizedExport
{
    public static readonly string[] Headers = ["年齢", "性別", "地域", "国籍区分", "住民となった年", "世帯人員", "続柄区分"];

    public static long Write(string publishedFile, Stream output)
    {
        using var connection = new DuckDBConnection($"Data Source={publishedFile};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var cmd = connection.CreateCommand();
        // The pseudonym is a linking code (施行規則 第62条 ③): it stays inside; the export leaves it out.
        cmd.CommandText = "SELECT age, sex, area, nationality, since, household_size, relationship FROM microdata";
        using var reader = cmd.ExecuteReader();
        long rows = 0;
        IEnumerable<IReadOnlyList<string?>> Rows()
        {
            while (reader.Read())
            {
                rows++;
                yield return [reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)];
            }
        }

        CsvWriter.Write(output, Headers, Rows(), CsvOutputEncoding.Utf8WithBom);
        return rows;
    }
}
