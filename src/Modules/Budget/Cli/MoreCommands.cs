// Fourth slice CLI verbs:
//   ./osakadx budget template --year Y --jigyo CODE --out FILE.xlsx      (the request template; pre-filled from last year when the 事業 has no request yet)
//   ./osakadx budget ceilings export --year Y --out FILE.csv|.xlsx [--plan ID] [--encoding sjis]
//   ./osakadx budget ceilings import FILE.csv|.xlsx [--year Y] [--plan ID]   (same all-or-nothing validator as the page)
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Ceilings;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Budget.Cli;

internal static class MoreCommands
{
    /// <summary>The command line acts as the 財政局 administrator (like `budget import`); the audit log records 「コマンドライン」.</summary>
    private static BudgetUser System => new("コマンドライン", new HashSet<string>([BudgetPermissions.Admin], StringComparer.Ordinal), null);

    public static IEnumerable<Command> Create(ModuleCommandContext context) => [Template(context), Ceilings(context)];

    private static Command Template(ModuleCommandContext context)
    {
        var year = new Option<int>("--year") { Description = "要求の年度（例: 2028）", Required = true };
        var jigyo = new Option<string>("--jigyo") { Description = "事業コード", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "書き出す .xlsx ファイル", Required = true };
        var command = new Command("template", "予算要求テンプレート（.xlsx）を書き出す。その年度の要求がなければ前年度の数字を入れたもの（取り込むと要求を作成）") { Options = { year, jigyo, output } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            await StandardMasters.EnsureAsync(scope.ServiceProvider.GetRequiredService<Data.BudgetDb>(), ct);
            var code = parse.GetValue(jigyo)!;
            var xlsx = await scope.ServiceProvider.GetRequiredService<Template.RequestTemplateService>().ExportForProjectAsync(code, parse.GetValue(year), ct)
                ?? throw new InvalidOperationException($"--jigyo: 事業コード「{code}」の予算事業はありません。");
            var target = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(target.FullName, xlsx, ct);
            Console.WriteLine(session.Json ? JsonSerializer.Serialize(new { file = target.FullName, bytes = xlsx.Length }, CliOutput.JsonOptions) : $"書き出しました: {target.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Ceilings(ModuleCommandContext context)
    {
        var command = new Command("ceilings", "一般財源シーリング（採用済みまたは試算案）の書き出しと取込");

        var year = new Option<int>("--year") { Description = "年度（例: 2027）", Required = true };
        var plan = new Option<int?>("--plan") { Description = "試算案の番号（省略: 採用済みのシーリング）" };
        var output = new Option<FileInfo>("--out") { Description = "書き出すファイル（.csv または .xlsx、拡張子で決まる）", Required = true };
        var encoding = new Option<string>("--encoding") { Description = "CSV の文字コード: utf8（既定）または sjis", DefaultValueFactory = _ => "utf8" };
        var export = new Command("export", "シーリングを CSV または .xlsx に書き出す（所属コード, 所属名, 区, 一般財源シーリング, 要求額, 差引）") { Options = { year, plan, output, encoding } };
        export.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(output)!;
            var extension = target.Extension.ToLowerInvariant();
            if (extension is not (".csv" or ".xlsx"))
            {
                throw new InvalidOperationException($"--out: 「{target.Name}」の拡張子は .csv または .xlsx にしてください。");
            }

            var sjis = parse.GetValue(encoding) switch
            {
                "utf8" or "utf-8" => false,
                "sjis" or "shift_jis" => true,
                var other => throw new InvalidOperationException($"--encoding: 「{other}」は使えません（utf8 または sjis）。"),
            };
            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var view = await scope.ServiceProvider.GetRequiredService<CeilingService>().LoadAsync(parse.GetValue(year), parse.GetValue(plan), ct)
                ?? throw new InvalidOperationException($"--plan: {parse.GetValue(year).ToString(CultureInfo.InvariantCulture)}年度の試算案 {parse.GetValue(plan)?.ToString(CultureInfo.InvariantCulture)} はありません。");
            var bytes = extension == ".csv" ? CeilingService.ToCsv(view, sjis ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom) : CeilingService.ToXlsx(view);
            await File.WriteAllBytesAsync(target.FullName, bytes, ct);
            Console.WriteLine(session.Json ? JsonSerializer.Serialize(new { file = target.FullName, rows = view.Rows.Count, total = view.Total }, CliOutput.JsonOptions) : $"書き出しました: {target.FullName}（{view.Rows.Count}所属）");
            return 0;
        });

        var file = new Argument<FileInfo>("file") { Description = "シーリングの CSV（UTF-8 または Shift_JIS）または .xlsx（列: " + string.Join(",", CeilingService.ImportHeaders) + "）" };
        var importYear = new Option<int>("--year") { Description = "年度（例: 2027）", Required = true };
        var importPlan = new Option<int?>("--plan") { Description = "試算案の番号（省略: 採用済みのシーリング）" };
        var import = new Command("import", "シーリングを取り込む（画面と同じ検査。すべての行が正しいときだけ反映）") { Arguments = { file }, Options = { importYear, importPlan } };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            await using var session = await context.StartAsync(parse, ct);
            await using var scope = session.Services.CreateAsyncScope();
            await using var stream = path.OpenRead();
            var (result, errors, rows) = await scope.ServiceProvider.GetRequiredService<CeilingService>().ImportAsync(System, parse.GetValue(importYear), parse.GetValue(importPlan), stream, path.Name, ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { succeeded = result.Succeeded, rows, errors }, CliOutput.JsonOptions));
            }

            foreach (var e in errors)
            {
                Console.Error.WriteLine(e);
            }

            if (result.Conflict)
            {
                throw new InvalidOperationException(RequestService.ConflictMessage);
            }

            if (!result.Succeeded || errors.Count > 0)
            {
                throw new InvalidOperationException(result.Forbidden ?? $"{errors.Count.ToString(CultureInfo.InvariantCulture)}件の誤りがあるため、何も取り込んでいません。");
            }

            if (!session.Json)
            {
                Console.WriteLine($"取り込みました: {rows.ToString(CultureInfo.InvariantCulture)}所属");
            }

            return 0;
        });

        command.Subcommands.Add(export);
        command.Subcommands.Add(import);
        return command;
    }
}
