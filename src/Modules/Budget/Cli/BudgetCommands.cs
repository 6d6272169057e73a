// ./osakadx budget demo | import FILE | sheet --year Y --project CODE --out FILE | book --year Y --stage S --out FILE
// | export-accounting --year Y --out FILE | import-execution FILE --year Y --as-of DATE
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Budget.Demo;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Execution;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;
using Spectre.Console;

namespace OsakaDx.Modules.Budget.Cli;

internal static class BudgetCommands
{
    public static Command Create(ModuleCommandContext context)
    {
        var command = new Command("budget", "予算編成: デモデータ、予算事業の取込、予算事業別調書") { Subcommands = { DemoCommand(context), Import(context), Sheet(context), Book(context), ExportAccounting(context), ImportExecution(context) } };
        foreach (var more in MoreCommands.Create(context))
        {
            command.Subcommands.Add(more);
        }

        return command;
    }

    private static Command DemoCommand(ModuleCommandContext context)
    {
        var size = new Option<string>("--size") { Description = "small（約1,200事業）または osaka（約5,000事業・10万積算行）", DefaultValueFactory = _ => "small" };
        var year = new Option<int?>("--year") { Description = "要求の年度（既定: 来年度）" };
        var command = new Command("demo", "予算のデモデータを作り直す（予算事業・要求・積算・シーリングを置き換える。デモモードのみ）") { Options = { size, year } };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = parse.GetValue(size) switch
            {
                "small" => DemoSize.Small,
                "osaka" => DemoSize.Osaka,
                "tiny" => DemoSize.Tiny,
                var other => throw new InvalidOperationException($"--size: 「{other}」は使えません（small または osaka）。"),
            };
            await using var session = await context.StartAsync(parse, ct);
            var services = session.Services;
            if (!services.GetRequiredService<IOptions<PlatformOptions>>().Value.IsDemo)
            {
                throw new InvalidOperationException("デモモードではないため、予算のデモデータは作れません。");
            }

            var targetYear = parse.GetValue(year) ?? BudgetOptions.DefaultYear(services.GetRequiredService<TimeProvider>());
            JobRecord job;
            await using (var scope = services.CreateAsyncScope())
            {
                job = await scope.ServiceProvider.GetRequiredService<JobService>().EnqueueAsync(BudgetDemoJob.JobKind, $"予算デモデータの生成（{chosen}、{targetYear}年度）", new DemoPayload(chosen, targetYear), ct);
            }

            var finished = await CliOutput.RunJobAsync(session, job.Id, "予算デモデータ", ct);

            if (finished.Status != JobStatus.Succeeded)
            {
                throw new InvalidOperationException($"デモデータを作れませんでした: {finished.Error ?? finished.Message}");
            }

            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { job = finished.Id, size = chosen.ToString(), year = targetYear, message = finished.Message }, CliOutput.JsonOptions));
            }
            else
            {
                Console.WriteLine($"{finished.Message}（{targetYear}年度の要求と前年度の当初）。");
                Console.WriteLine("デモ職員: " + string.Join("、", BudgetModule.DemoAccounts.Select(a => $"{a.User} / {a.Password}")));
            }

            return 0;
        });
        return command;
    }

    private static Command Import(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "予算事業の CSV（UTF-8 または Shift_JIS。列: " + string.Join(",", ProjectService.CsvHeaders) + "）、または細節の CSV（列: " + string.Join(",", SubSetsuService.CsvHeaders) + "）" };
        var command = new Command("import", "予算事業または細節を CSV から取り込む（見出しで判別。すべての行が正しいときだけ反映）") { Arguments = { file } };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            await StandardMasters.EnsureAsync(scope.ServiceProvider.GetRequiredService<Data.BudgetDb>(), ct);
            await using var stream = path.OpenRead();
            if (path.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                return await SubSetsuCli.ImportTemplateAsync(scope.ServiceProvider, stream, session.Json, ct);
            }

            var result = await SubSetsuCli.IsSubSetsuCsvAsync(stream, ct)
                ? await SubSetsuCli.ImportAsync(scope.ServiceProvider, stream, ct)
                : await scope.ServiceProvider.GetRequiredService<ProjectService>().ImportCsvAsync(stream, ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
            }
            else if (result.Succeeded)
            {
                Console.WriteLine($"取り込みました: 追加 {result.Inserted} 件、変更 {result.Updated} 件");
            }
            else
            {
                foreach (var e in result.Errors)
                {
                    Console.Error.WriteLine(e);
                }
            }

            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{result.Errors.Count}件の誤りがあるため、何も取り込んでいません。");
            }

            return 0;
        });
        return command;
    }

    private static Command Sheet(ModuleCommandContext context)
    {
        var year = new Option<int>("--year") { Description = "年度（例: 2027）", Required = true };
        var project = new Option<string>("--project") { Description = "事業コード", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "書き出す .xlsx ファイル", Required = true };
        var command = new Command("sheet", "予算事業別調書（.xlsx、千円単位）を書き出す") { Options = { year, project, output } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var sheet = await scope.ServiceProvider.GetRequiredService<ProjectSheetService>().BuildAsync(parse.GetValue(year), parse.GetValue(project)!, ct)
                ?? throw new InvalidOperationException($"{parse.GetValue(year)}年度の事業「{parse.GetValue(project)}」の予算要求はありません。");
            var target = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(target.FullName, sheet.Content, ct);
            Console.WriteLine(session.Json ? JsonSerializer.Serialize(new { file = target.FullName, bytes = sheet.Content.Length }, CliOutput.JsonOptions) : $"書き出しました: {target.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Book(ModuleCommandContext context)
    {
        var year = new Option<int>("--year") { Description = "年度（例: 2027）", Required = true };
        var stage = new Option<string>("--stage") { Description = "段階: 要求・課長査定・内示・復活要求・局長査定・市長査定・確定・補正1…（request, chief, naiji, revival, director, mayor, adopted, supplementary-1）", DefaultValueFactory = _ => "確定" };
        var output = new Option<FileInfo>("--out") { Description = "書き出すファイル（.xlsx または .pdf、拡張子で決まる）", Required = true };
        var command = new Command("book", "予算書（第1表・第4表・歳入歳出予算事項別明細書、千円単位）を締め切った段階から書き出す") { Options = { year, stage, output } };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(output)!;
            var extension = target.Extension.ToLowerInvariant();
            if (extension is not (".xlsx" or ".pdf"))
            {
                throw new InvalidOperationException($"--out: 「{target.Name}」の拡張子は .xlsx または .pdf にしてください。");
            }

            var text = parse.GetValue(stage);
            if (!StageService.TryParseStage(text, out var kind, out var round))
            {
                throw new InvalidOperationException($"--stage: 「{text}」は段階の名前ではありません（要求・課長査定・内示・復活要求・局長査定・市長査定・確定・補正1 など）。");
            }

            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var y = parse.GetValue(year);
            var found = await scope.ServiceProvider.GetRequiredService<StageService>().FindAsync(y, kind, round, ct);
            if (found is not { Closed: true })
            {
                throw new InvalidOperationException($"{y}年度の「{StageService.Name(kind, round)}」はまだ締め切られていないため、予算書は作れません。");
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var book = await scope.ServiceProvider.GetRequiredService<BudgetBookService>().BuildAsync(found.Id, ct);
            var bytes = extension == ".pdf" ? BudgetBookService.ToPdf(book!) : BudgetBookService.ToXlsx(book!);
            await File.WriteAllBytesAsync(target.FullName, bytes, ct);
            Console.WriteLine(session.Json
                ? JsonSerializer.Serialize(new { file = target.FullName, bytes = bytes.Length, stage = found.Name, rows = book!.Expenditure.Count, milliseconds = watch.ElapsedMilliseconds }, CliOutput.JsonOptions)
                : $"書き出しました: {target.FullName}（{y}年度 {found.Name}、歳出明細 {book!.Expenditure.Count:N0} 行、{watch.ElapsedMilliseconds:N0} ms）");
            return 0;
        });
        return command;
    }

    private static Command ExportAccounting(ModuleCommandContext context)
    {
        var year = new Option<int>("--year") { Description = "年度（例: 2027）", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "書き出す CSV ファイル", Required = true };
        var encoding = new Option<string>("--encoding") { Description = "utf8（BOM付き）または sjis", DefaultValueFactory = _ => "utf8" };
        var command = new Command("export-accounting", "確定した予算（補正後は最新の補正）を財務会計システム向け CSV（事業×節、円）で書き出す") { Options = { year, output, encoding } };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(encoding) switch
            {
                "utf8" => CsvOutputEncoding.Utf8WithBom,
                "sjis" => CsvOutputEncoding.ShiftJis,
                var other => throw new InvalidOperationException($"--encoding: 「{other}」は使えません（utf8 または sjis）。"),
            };
            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var y = parse.GetValue(year);
            var export = await scope.ServiceProvider.GetRequiredService<ExecutionService>().ExportAccountingAsync(y, target, ct)
                ?? throw new InvalidOperationException($"{y}年度は「確定」が締め切られていないため、財務会計へ渡す予算はまだありません。");
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, export.Csv, ct);
            Console.WriteLine(session.Json ? JsonSerializer.Serialize(new { file = file.FullName, stage = export.StageName, bytes = export.Csv.Length }, CliOutput.JsonOptions)
                : $"書き出しました: {file.FullName}（{y}年度 {export.StageName}）");
            return 0;
        });
        return command;
    }

    private static Command ImportExecution(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "執行データの CSV（列: " + string.Join(",", ExecutionService.ImportHeaders) + "）" };
        var year = new Option<int>("--year") { Description = "執行データの年度（例: 2026）", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "基準日（例: 2026-10-31）", Required = true };
        var command = new Command("import-execution", "財務会計システムの執行データを取り込む（その年度の執行データを置き換える。すべての行が正しいときだけ反映）") { Arguments = { file }, Options = { year, asOf } };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            if (!DateOnly.TryParseExact(parse.GetValue(asOf), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new InvalidOperationException($"--as-of: 「{parse.GetValue(asOf)}」は日付として読めません（例: 2026-10-31）。");
            }

            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            await using var stream = path.OpenRead();
            var result = await scope.ServiceProvider.GetRequiredService<ExecutionService>().ImportAsync(parse.GetValue(year), date, stream, path.Name, "cli", ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
            }
            else if (result.Succeeded)
            {
                Console.WriteLine($"取り込みました: {result.Rows} 行");
            }
            else
            {
                foreach (var e in result.Errors)
                {
                    Console.Error.WriteLine(e);
                }
            }

            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{result.Errors.Count}件の誤りがあるため、何も取り込んでいません。");
            }

            return 0;
        });
        return command;
    }
}
