// ./osakadx budget demo | import FILE | sheet --year Y --project CODE --out FILE
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Budget.Demo;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;
using Spectre.Console;

namespace OsakaDx.Modules.Budget.Cli;

internal static class BudgetCommands
{
    public static Command Create(ModuleCommandContext context) =>
        new("budget", "予算編成: デモデータ、予算事業の取込、予算事業別調書") { Subcommands = { DemoCommand(context), Import(context), Sheet(context) } };

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
        var file = new Argument<FileInfo>("file") { Description = "予算事業の CSV（UTF-8 または Shift_JIS。列: " + string.Join(",", ProjectService.CsvHeaders) + "）" };
        var command = new Command("import", "予算事業を CSV から取り込む（すべての行が正しいときだけ反映）") { Arguments = { file } };
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
            var result = await scope.ServiceProvider.GetRequiredService<ProjectService>().ImportCsvAsync(stream, ct);
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
}
