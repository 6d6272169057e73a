using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;
using OsakaDx.Platform.Organization;
using OsakaDx.Platform.Seed;
using Spectre.Console;

namespace OsakaDx.Host.Cli;

/// <summary>The platform's own verbs: seed, migrate, users, org, audit, jobs.</summary>
internal static class PlatformCommands
{
    public static IEnumerable<Command> Create(ModuleCommandContext context, IReadOnlyList<IOsakaDxModule> modules)
    {
        yield return Seed(context);
        yield return Migrate(context);
        yield return Users(context);
        yield return Org(context);
        yield return Audit(context);
        yield return Jobs(context);
        yield return Modules(modules);
        foreach (var command in BackupCommands.Create(context))
        {
            yield return command;
        }
    }

    private static Command Seed(ModuleCommandContext context)
    {
        var demo = new Command("demo", "デモ用の組織・職員アカウント・各モジュールのデモデータを作成する（何度実行しても同じ結果）");
        demo.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            await PlatformSeeder.SeedDemoAsync(session.Services, ct);
            var db = session.Services.GetRequiredService<PlatformDb>();
            var result = new { users = await db.Users.CountAsync(ct), orgUnits = await db.OrgUnits.CountAsync(ct) };
            if (session.Json)
            {
                CliOutput.WriteJson(result);
            }
            else
            {
                Console.WriteLine($"デモデータを用意しました（職員 {result.users} 人、組織 {result.orgUnits} 件）。");
                foreach (var a in PlatformSeeder.DemoAccounts)
                {
                    Console.WriteLine($"  {a.User,-8} / {a.Password}  {a.Name}（{PlatformSeeder.RoleDisplayName(a.Role)}）");
                }
            }

            return 0;
        });
        return new Command("seed", "データを用意する") { Subcommands = { demo } };
    }

    private static Command Migrate(ModuleCommandContext context)
    {
        var command = new Command("migrate", "データベースを最新の形に更新する（serve の起動時にも自動で行う）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var dbs = session.Services.GetServices<ModuleDatabase>().Select(d => d.Schema).ToList();
            if (session.Json)
            {
                CliOutput.WriteJson(new { migrated = dbs });
            }
            else
            {
                Console.WriteLine($"データベースは最新です: {string.Join(", ", dbs)}");
            }

            return 0;
        });
        return command;
    }

    private static Command Users(ModuleCommandContext context)
    {
        var list = new Command("list", "職員アカウントの一覧");
        list.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<PlatformDb>();
            var rows = await (from u in db.Users
                              orderby u.UserName
                              select new
                              {
                                  user = u.UserName,
                                  name = u.DisplayName,
                                  active = u.IsActive,
                                  roles = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).ToList(),
                              }).ToListAsync(ct);
            if (session.Json)
            {
                CliOutput.WriteJson(rows);
                return 0;
            }

            var table = new Table().AddColumns("ユーザー名", "氏名", "ロール", "状態");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.user ?? ""), Markup.Escape(r.name), Markup.Escape(string.Join(", ", r.roles)), r.active ? "有効" : "無効");
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var userOpt = new Option<string>("--user") { Description = "ユーザー名（半角英数字）", Required = true };
        var nameOpt = new Option<string>("--name") { Description = "氏名", Required = true };
        var roleOpt = new Option<string[]>("--role") { Description = "ロール名（admin, auditor, staff など。複数可）", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [PlatformSeeder.StaffRole] };
        var orgOpt = new Option<string?>("--org") { Description = "所属コード" };
        var create = new Command("create", "職員アカウントを作成する（パスワードは標準入力から1行読む）") { Options = { userOpt, nameOpt, roleOpt, orgOpt } };
        create.SetAction(async (parse, ct) =>
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                throw new CliFailure("パスワードを標準入力から1行で渡してください（例: echo 'パスワード' | ./osakadx users create ...）。");
            }

            await using var session = await context.StartAsync(parse, ct);
            var users = session.Services.GetRequiredService<UserManager<StaffUser>>();
            var db = session.Services.GetRequiredService<PlatformDb>();
            int? orgId = null;
            if (parse.GetValue(orgOpt) is { Length: > 0 } code)
            {
                orgId = await db.OrgUnits.Where(o => o.Code == code).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct)
                    ?? throw new CliFailure($"--org: 所属コード「{code}」は組織マスタにありません。");
            }

            foreach (var role in parse.GetValue(roleOpt)!)
            {
                if (!await db.Roles.AnyAsync(r => r.Name == role, ct))
                {
                    throw new CliFailure($"--role: ロール「{role}」はありません。");
                }
            }

            var user = new StaffUser
            {
                UserName = parse.GetValue(userOpt),
                DisplayName = parse.GetValue(nameOpt)!,
                OrgUnitId = orgId,
                CreatedAtUtc = session.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
                LockoutEnabled = true,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new CliFailure(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            result = await users.AddToRolesAsync(user, parse.GetValue(roleOpt)!);
            if (!result.Succeeded)
            {
                throw new CliFailure(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            if (session.Json)
            {
                CliOutput.WriteJson(new { user = user.UserName, id = user.Id });
            }
            else
            {
                Console.WriteLine($"職員アカウント「{user.UserName}」を作成しました。");
            }

            return 0;
        });

        var unlockUser = new Option<string>("--user") { Description = "ユーザー名", Required = true };
        var unlock = new Command("unlock", "ロックされたアカウントのロックを解除する") { Options = { unlockUser } };
        unlock.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var users = session.Services.GetRequiredService<UserManager<StaffUser>>();
            var user = await users.FindByNameAsync(parse.GetValue(unlockUser)!) ?? throw new CliFailure($"--user: 「{parse.GetValue(unlockUser)}」という職員はいません。");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            Console.WriteLine(session.Json ? "{\"unlocked\": true}" : $"「{user.UserName}」のロックを解除しました。");
            return 0;
        });

        return new Command("users", "職員アカウント") { Subcommands = { list, create, unlock } };
    }

    private static Command Org(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV ファイル（UTF-8 または Shift_JIS。列: " + string.Join(",", OrgService.CsvHeaders) + "）" };
        var import = new Command("import", "組織マスタを CSV から取り込む（すべての行が正しいときだけ反映）") { Arguments = { file } };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliFailure($"ファイルがありません: {path.FullName}");
            }

            await using var session = await context.StartAsync(parse, ct);
            await using var stream = path.OpenRead();
            var result = await session.Services.GetRequiredService<OrgService>().ImportCsvAsync(stream, ct);
            if (session.Json)
            {
                CliOutput.WriteJson(result);
            }
            else if (result.Succeeded)
            {
                Console.WriteLine($"取り込みました: 追加 {result.Inserted} 件、変更 {result.Updated} 件。");
            }

            if (!result.Succeeded)
            {
                foreach (var error in result.Errors.Skip(1))
                {
                    Console.Error.WriteLine(error);
                }

                throw new CliFailure($"取り込みを中止しました（何も変更していません）。{result.Errors.Count} 件の誤り: {result.Errors[0]}");
            }

            return 0;
        });

        var outOpt = new Option<FileInfo?>("--out") { Description = "書き出し先（省略時は標準出力）" };
        var encOpt = new Option<string>("--encoding") { Description = "utf8bom（既定）, utf8, sjis", DefaultValueFactory = _ => "utf8bom" };
        var export = new Command("export", "組織マスタを CSV に書き出す（取り込みと同じ形式）") { Options = { outOpt, encOpt } };
        export.SetAction(async (parse, ct) =>
        {
            var encoding = ParseEncoding(parse.GetValue(encOpt)!);
            await using var session = await context.StartAsync(parse, ct);
            var target = parse.GetValue(outOpt);
            await using var stream = target is null ? Console.OpenStandardOutput() : target.Create();
            await session.Services.GetRequiredService<OrgService>().ExportCsvAsync(stream, encoding, ct);
            return 0;
        });

        return new Command("org", "組織マスタ（局・室・区役所・部・課）") { Subcommands = { import, export } };
    }

    internal static CsvOutputEncoding ParseEncoding(string value) => value.ToLowerInvariant() switch
    {
        "utf8bom" or "utf-8-bom" => CsvOutputEncoding.Utf8WithBom,
        "utf8" or "utf-8" => CsvOutputEncoding.Utf8,
        "sjis" or "shift_jis" or "cp932" => CsvOutputEncoding.ShiftJis,
        _ => throw new CliFailure($"--encoding: 「{value}」は使えません（utf8bom, utf8, sjis のいずれか）。"),
    };

    private static Command Audit(ModuleCommandContext context)
    {
        var outOpt = new Option<FileInfo>("--out") { Description = "書き出し先の CSV ファイル", Required = true };
        var fromOpt = new Option<DateOnly?>("--from") { Description = "この日から（日本時間、yyyy-MM-dd）" };
        var toOpt = new Option<DateOnly?>("--to") { Description = "この日まで（日本時間、yyyy-MM-dd）" };
        var encOpt = new Option<string>("--encoding") { Description = "utf8bom（既定）, utf8, sjis", DefaultValueFactory = _ => "utf8bom" };
        var export = new Command("export", "監査ログを CSV に書き出す（バックグラウンド処理として記録し、進捗を表示）") { Options = { outOpt, fromOpt, toOpt, encOpt } };
        export.SetAction(async (parse, ct) =>
        {
            var encoding = ParseEncoding(parse.GetValue(encOpt)!);
            await using var session = await context.StartAsync(parse, ct);
            var filter = new AuditFilter { From = parse.GetValue(fromOpt), To = parse.GetValue(toOpt) };
            var queue = session.Services.GetRequiredService<JobService>();
            var job = await queue.EnqueueAsync(AuditExportJob.JobKind, "監査ログのCSV書き出し", new AuditExportJob.Request(filter, encoding), ct);
            var done = await CliOutput.RunJobAsync(session, job.Id, "監査ログ書き出し", ct);
            if (done.Status != JobStatus.Succeeded)
            {
                throw new CliFailure(done.Error ?? done.Message ?? "書き出しに失敗しました。");
            }

            var options = session.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
            var produced = Path.Combine(options.FullDataPath, done.ResultFile!);
            var target = parse.GetValue(outOpt)!;
            File.Copy(produced, target.FullName, overwrite: true);
            if (session.Json)
            {
                CliOutput.WriteJson(new { file = target.FullName, rows = done.Done, job = done.Id });
            }
            else
            {
                Console.WriteLine($"{done.Done} 件を書き出しました: {target.FullName}");
            }

            return 0;
        });
        return new Command("audit", "監査ログ") { Subcommands = { export } };
    }

    private static Command Jobs(ModuleCommandContext context)
    {
        var list = new Command("list", "バックグラウンド処理の一覧（新しい順に50件）");
        list.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<PlatformDb>();
            var jobs = await db.Jobs.AsNoTracking().OrderByDescending(j => j.CreatedAtUtc).Take(50).ToListAsync(ct);
            if (session.Json)
            {
                CliOutput.WriteJson(jobs.Select(j => new { j.Id, j.Kind, j.Title, status = j.Status.ToString(), j.Done, j.Total, j.Message, j.Error, j.CreatedAtUtc, j.FinishedAtUtc }));
                return 0;
            }

            var table = new Table().AddColumns("ID", "処理", "状態", "進捗", "メッセージ");
            foreach (var j in jobs)
            {
                table.AddRow(j.Id.ToString()[..8], Markup.Escape(j.Title), j.Status.ToJapanese(), j.Total is > 0 ? $"{j.Done}/{j.Total}" : j.Done.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(j.Error ?? j.Message ?? ""));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("jobs", "バックグラウンド処理") { Subcommands = { list } };
    }

    private static Command Modules(IReadOnlyList<IOsakaDxModule> modules)
    {
        var command = new Command("modules", "組み込まれているモジュールの一覧");
        command.SetAction(parse =>
        {
            if (parse.GetValue(OsakaDxCli.JsonOption))
            {
                CliOutput.WriteJson(modules.Select(m => new { m.Name, m.DisplayName }));
            }
            else if (modules.Count == 0)
            {
                Console.WriteLine("組み込まれているモジュールはまだありません。");
            }
            else
            {
                foreach (var m in modules)
                {
                    Console.WriteLine($"{m.Name,-10} {m.DisplayName}");
                }
            }

            return 0;
        });
        return command;
    }
}
