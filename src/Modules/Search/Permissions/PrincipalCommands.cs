using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Search.Permissions;

/// <summary>./osakadx search import-principals FILE | principals</summary>
internal static class PrincipalCommands
{
    public static Command Import(ModuleCommandContext context)
    {
        var file = new Argument<string>("FILE") { Description = "CSV（見出し SID,種別,対象,名称。種別は ユーザー / 所属 / 全職員。UTF-8 または Shift_JIS）" };
        var command = new Command("import-principals", "NTFS の SID と職員・所属の対応表を CSV で置き換える（誤りが1行でもあれば何も変えない）") { Arguments = { file } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"ファイル {path} が見つかりません。");
            }

            await using var stream = File.OpenRead(path);
            var (count, errors) = await PrincipalMappings.ImportAsync(session.Services.GetRequiredService<SearchDb>(), session.Services.GetRequiredService<PlatformDb>(), stream, ct);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join(" ", errors));
            }

            Console.WriteLine(session.Json ? JsonSerializer.Serialize(new { imported = count }, CliOutput.JsonOptions) : $"SID の対応を {count} 件取り込みました（以前の対応は置き換えました）。ファイルの見え方に反映するには NTFS の検索対象を巡回する必要はありません（検索時に照合します）。");
            return 0;
        });
        return command;
    }

    public static Command List(ModuleCommandContext context)
    {
        var command = new Command("principals", "NTFS の SID と職員・所属の対応表を表示する");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<SearchDb>();
            var platform = session.Services.GetRequiredService<PlatformDb>();
            var units = await platform.OrgUnits.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code + " " + o.Name, ct);
            var rows = (await db.PrincipalMappings.AsNoTracking().OrderBy(m => m.Principal).ThenBy(m => m.Id).ToListAsync(ct))
                .Select(m => new
                {
                    sid = m.Principal,
                    kind = m.Kind switch { PrincipalKind.User => "ユーザー", PrincipalKind.OrgUnit => "所属", _ => "全職員" },
                    target = m.Kind switch { PrincipalKind.User => m.UserName, PrincipalKind.OrgUnit => m.OrgUnitId is { } id ? units.GetValueOrDefault(id) : null, _ => null },
                    label = m.Label,
                })
                .ToList();
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, CliOutput.JsonOptions));
                return 0;
            }

            foreach (var r in rows)
            {
                Console.WriteLine($"{r.sid}\t{r.kind}\t{r.target}\t{r.label}");
            }

            Console.WriteLine($"{rows.Count} 件");
            return 0;
        });
        return command;
    }
}
