// ./osakadx insight dataset upload | list | anonymize | query | export: department datasets from
// the command line, acting as a named staff member (--as), with the same visibility rules as the
// pages and the API (a dataset of another department that was not shared is "not found").
using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Insight.Cli;

internal static class DatasetCommands
{
    public static Command Create(ModuleCommandContext context)
    {
        var root = new Command("dataset", "部署データ（各部署のCSV）の登録・一覧・匿名化・集計・出力");
        root.Subcommands.Add(Upload(context));
        root.Subcommands.Add(List(context));
        root.Subcommands.Add(Anonymize(context));
        root.Subcommands.Add(Query(context));
        root.Subcommands.Add(Export(context));
        return root;
    }

    private static Option<string> As() => new("--as") { Description = "操作する職員のユーザー名（その職員の所属と権限で動きます）", Required = true };

    private static async Task<(CliSession Session, InsightUser User, IDisposable Actor)> StartAsync(ModuleCommandContext context, ParseResult parse, Option<string> asOption, CancellationToken ct)
    {
        var session = await context.StartAsync(parse, ct);
        try
        {
            var name = parse.GetValue(asOption)!;
            var user = await InsightUser.FromAccountAsync(session.Services, name, ct);
            var account = await session.Services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OsakaDx.Platform.Identity.StaffUser>>().FindByNameAsync(name);
            return (session, user, AuditActor.Use(account!.Id, name));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static Command Upload(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "部署データのCSV（UTF-8 か Shift_JIS、1行目が見出し）" };
        var title = new Option<string?>("--title") { Description = "名前（新しく登録するとき必須）" };
        var description = new Option<string?>("--description") { Description = "説明" };
        var updated = new Option<string?>("--updated") { Description = "データの更新日（yyyy-MM-dd。新しく登録するとき必須）" };
        var dataset = new Option<int?>("--dataset") { Description = "この番号の部署データのファイルを差し替える" };
        var asUser = As();
        var command = new Command("upload", "部署データのCSVを隔離して登録する（個人番号の列があれば拒否、氏名・住所の列は読み捨て。1行でも誤りがあれば何も登録しない）")
        {
            Arguments = { file }, Options = { title, description, updated, dataset, asUser },
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            DateOnly? on = null;
            if (parse.GetValue(updated) is { } u)
            {
                on = DateOnly.TryParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new InvalidOperationException("--updated: yyyy-MM-dd で指定してください。");
            }

            var (session, user, actor) = await StartAsync(context, parse, asUser, ct);
            await using (session)
            using (actor)
            {
                var service = session.Services.GetRequiredService<DatasetService>();
                Dataset? result;
                IReadOnlyList<string> errors;
                await using (var stream = path.OpenRead())
                {
                    (result, errors) = await service.UploadAsync(user, parse.GetValue(dataset), stream, path.Name, parse.GetValue(title), parse.GetValue(description), on, ct);
                }

                if (result is null)
                {
                    foreach (var e in errors.Skip(1))
                    {
                        Console.Error.WriteLine(e);
                    }

                    throw new InvalidOperationException(errors[0] + (errors.Count > 1 ? $"（ほか {errors.Count - 1} 件）" : "") + "（何も登録していません）");
                }

                var columns = DatasetColumn.Parse(result.ColumnsJson);
                if (session.Json)
                {
                    CliOutput.WriteJson(new { result.Id, result.Title, upload = result.CurrentUploadId, columns = columns.Select(c => new { c.Name, c.Type, c.Distinct, c.Empty, c.Role }) });
                }
                else
                {
                    Console.WriteLine($"部署データ {result.Id}「{result.Title}」: ファイル {result.CurrentUploadId} を隔離して登録しました。列: "
                        + string.Join("、", columns.Select(c => $"{c.Name}（{ColumnTypes.Label(c.Type)}、{c.Distinct:N0}種類、既定の役割 {ColumnRoles.Label(c.Role)}）")));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command List(ModuleCommandContext context)
    {
        var asUser = As();
        var command = new Command("list", "見られる部署データ（自所属のものと共有されたもの）を一覧する") { Options = { asUser } };
        command.SetAction(async (parse, ct) =>
        {
            var (session, user, actor) = await StartAsync(context, parse, asUser, ct);
            await using (session)
            using (actor)
            {
                var list = await session.Services.GetRequiredService<DatasetService>().ListAsync(user, ct);
                var orgs = await session.Services.GetRequiredService<PlatformDb>().OrgUnits.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
                if (session.Json)
                {
                    CliOutput.WriteJson(list.Select(d => new { d.Id, d.Title, owner = orgs.GetValueOrDefault(d.OwnerOrgUnitId), updatedOn = d.SourceUpdatedOn, publishedRun = d.PublishedRunId, d.K }));
                }
                else if (list.Count == 0)
                {
                    Console.WriteLine("見られる部署データはありません。");
                }
                else
                {
                    foreach (var d in list)
                    {
                        Console.WriteLine($"{d.Id}\t{d.Title}\t{orgs.GetValueOrDefault(d.OwnerOrgUnitId)}\t更新日 {d.SourceUpdatedOn:yyyy-MM-dd}\t{(d.PublishedRunId is { } r ? $"公表中（匿名化 {r}）" : "未匿名化")}");
                    }
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Anonymize(ModuleCommandContext context)
    {
        var id = new Argument<int>("ID") { Description = "部署データの番号" };
        var column = new Option<string[]>("--column") { Description = "列の役割: 列名=qi[:一般化] | sensitive | measure | id | drop（例: 年齢=qi:band:5,10、町丁目コード=qi:prefix:6、診断=sensitive）。何度でも指定可", AllowMultipleArgumentsPerToken = false };
        var k = new Option<int?>("--k") { Description = "k-匿名性の k" };
        var l = new Option<int?>("--l") { Description = "l-多様性の l（1 = 使わない）" };
        var limit = new Option<double?>("--suppression-limit") { Description = "削除してよい行の割合の上限（例: 0.05）" };
        var threshold = new Option<int?>("--threshold") { Description = "集計表で秘匿するしきい値（この数未満を「X」）" };
        var share = new Option<string?>("--share") { Description = "共有する部署の所属コード（カンマ区切り。空文字で共有をやめる）" };
        var asUser = As();
        var command = new Command("anonymize", "列の役割と設定を保存し、部署データを匿名化して公表する（リスク報告を表示）") { Arguments = { id }, Options = { column, k, l, limit, threshold, share, asUser } };
        command.SetAction(async (parse, ct) =>
        {
            var (session, user, actor) = await StartAsync(context, parse, asUser, ct);
            await using (session)
            using (actor)
            {
                var service = session.Services.GetRequiredService<DatasetService>();
                var datasetId = parse.GetValue(id);
                var d = await service.FindAsync(user, datasetId, ct) ?? throw new InvalidOperationException($"部署データ {datasetId} が見つかりません（または見る権限がありません）。");
                var columns = DatasetColumn.Parse(d.ColumnsJson);
                var roles = columns.Select(c => (c.Role, c.Generalization)).ToList();
                foreach (var spec in parse.GetValue(column) ?? [])
                {
                    var eq = spec.IndexOf('=', StringComparison.Ordinal);
                    var name = eq < 0 ? spec : spec[..eq];
                    var i = columns.FindIndex(c => c.Name == name.Trim());
                    if (eq < 0 || i < 0)
                    {
                        throw new InvalidOperationException($"--column: 「{spec}」: 列名=役割 の形で、ファイルにある列名を書いてください（列: {string.Join("、", columns.Select(c => c.Name))}）。");
                    }

                    var role = spec[(eq + 1)..].Split(':', 2);
                    roles[i] = (role[0].Trim(), role.Length > 1 ? role[1].Trim() : "");
                }

                var shared = DatasetService.SharedIds(d).ToList();
                if (parse.GetValue(share) is { } codes)
                {
                    var orgs = await session.Services.GetRequiredService<PlatformDb>().OrgUnits.AsNoTracking().Where(o => o.ParentId == null).ToListAsync(ct);
                    shared = [];
                    foreach (var code in codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        shared.Add(orgs.FirstOrDefault(o => o.Code == code)?.Id ?? throw new InvalidOperationException($"--share: 所属コード「{code}」の局・室・区役所はありません。"));
                    }
                }

                var saved = await service.SaveSettingsAsync(user, datasetId, new DatasetSettingsInput(d.Version, roles, parse.GetValue(k) ?? d.K, parse.GetValue(l) ?? d.L,
                    parse.GetValue(limit) ?? d.SuppressionLimit, parse.GetValue(threshold) ?? d.CellThreshold, shared), ct);
                if (!saved.Succeeded)
                {
                    foreach (var e in saved.Errors.Skip(1))
                    {
                        Console.Error.WriteLine(e);
                    }

                    throw new InvalidOperationException(saved.Errors[0]);
                }

                var (run, outcome) = await service.StartRunAsync(user, datasetId, enqueue: false, ct);
                if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException(outcome.Errors[0]);
                }

                var report = System.Text.Json.JsonSerializer.Deserialize<DatasetReport>(run!.ReportJson!, CliOutput.JsonOptions)!;
                if (session.Json)
                {
                    CliOutput.WriteJson(report);
                }
                else
                {
                    Console.WriteLine(string.Join(Environment.NewLine,
                        $"部署データ {datasetId} 匿名化 {report.RunId}: {report.Records:N0}件（{report.Seconds}秒）",
                        $"  準識別子: {string.Join("、", report.QuasiIdentifiers)}  k = {report.K}" + (report.L > 1 ? $"  l = {report.L}（{report.Sensitive}）" : ""),
                        $"  一般化: {string.Join(" / ", report.Node)}",
                        $"  k の到達値: {report.KReached}  同値クラス {report.Classes:N0}  処理前にリスクのあった行: {report.RecordsAtRiskBefore:N0}",
                        $"  削除: {report.Suppressed:N0}件（{report.SuppressionRate:P2}）" + (report.RemovedRecords > 0 ? $"、うち出力から除いた {report.RemovedRecords:N0}件" : ""),
                        $"  情報損失: {report.InformationLoss}  探索したノード: {report.NodesTotal}（条件を満たす {report.NodesSatisfying}）",
                        $"  集計表: {report.PublishedCells:N0}セル、1次秘匿 {report.PrimarySuppressed:N0}、2次秘匿 {report.SecondarySuppressed:N0}"));
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Query(ModuleCommandContext context)
    {
        var id = new Argument<int>("ID") { Description = "部署データの番号" };
        var rows = new Option<string?>("--rows") { Description = "行にする列（準識別子）" };
        var cols = new Option<string?>("--cols") { Description = "列にする列（準識別子、任意）" };
        var measure = new Option<string?>("--measure") { Description = "count（件数、既定）か数量の列名（合計）" };
        var filter = new Option<string[]>("--filter") { Description = "条件: 列名=コード（API の dimensions に出るコード）。何度でも指定可" };
        var asUser = As();
        var command = new Command("query", "部署データの秘匿済み集計をCSVで表示する（「X」は秘匿）") { Arguments = { id }, Options = { rows, cols, measure, filter, asUser } };
        command.SetAction(async (parse, ct) =>
        {
            var (session, user, actor) = await StartAsync(context, parse, asUser, ct);
            await using (session)
            using (actor)
            {
                var parameters = new List<KeyValuePair<string, string?>> { new("rows", parse.GetValue(rows)), new("cols", parse.GetValue(cols)), new("measure", parse.GetValue(measure)) };
                foreach (var f in parse.GetValue(filter) ?? [])
                {
                    var eq = f.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new InvalidOperationException($"--filter: 「{f}」は 列名=コード の形で書いてください。");
                    }

                    parameters.Add(new(DatasetQuery.FilterPrefix + f[..eq], f[(eq + 1)..]));
                }

                var (table, errors, _) = await session.Services.GetRequiredService<DatasetService>().QueryAsync(user, parse.GetValue(id), DatasetQuery.From(parameters), "cli", ct);
                if (table is null)
                {
                    throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
                }

                var (headers, body) = table.ToCsv();
                using var stdout = Console.OpenStandardOutput();
                OsakaDx.Platform.Files.CsvWriter.Write(stdout, headers, body, OsakaDx.Platform.Files.CsvOutputEncoding.Utf8);
                return 0;
            }
        });
        return command;
    }

    private static Command Export(ModuleCommandContext context)
    {
        var id = new Argument<int>("ID") { Description = "部署データの番号" };
        var output = new Option<FileInfo>("--out") { Description = "書き出すCSVファイル", Required = true };
        var asUser = As();
        var command = new Command("export", "部署データの匿名加工データ（k-匿名化した行）をCSVに書き出す（insight.export の権限と、そのデータを見る権限が必要）") { Arguments = { id }, Options = { output, asUser } };
        command.SetAction(async (parse, ct) =>
        {
            var (session, user, actor) = await StartAsync(context, parse, asUser, ct);
            await using (session)
            using (actor)
            {
                if (!user.Can(InsightPermissions.Export))
                {
                    throw new InvalidOperationException($"--as: 職員「{user.Name}」には匿名加工データを持ち出す権限（{InsightPermissions.Export}）がありません。");
                }

                var file = parse.GetValue(output)!;
                long? rows;
                await using (var stream = new MemoryStream())
                {
                    rows = await session.Services.GetRequiredService<DatasetService>().ExportAsync(user, parse.GetValue(id), stream, ct);
                    if (rows is null)
                    {
                        throw new InvalidOperationException($"部署データ {parse.GetValue(id)} が見つからないか、まだ匿名化されていません。");
                    }

                    await File.WriteAllBytesAsync(file.FullName, stream.ToArray(), ct);
                }

                Console.WriteLine(session.Json ? $"{{\"file\": {System.Text.Json.JsonSerializer.Serialize(file.FullName)}, \"rows\": {rows}}}" : $"{file.FullName} に匿名加工データ {rows:N0}行を書き出しました。");
                return 0;
            }
        });
        return command;
    }
}
