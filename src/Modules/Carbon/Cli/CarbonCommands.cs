// ./osakadx carbon import-factors FILE | calc FILE [--year FY] | demo
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Activity;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Carbon.Cli;

internal static class CarbonCommands
{
    public static Command Create(ModuleCommandContext context, CarbonModule module)
    {
        var root = new Command("carbon", "温室効果ガス排出量の可視化（排出係数の取込・排出量の計算・デモデータ）");
        root.Subcommands.Add(ImportFactors(context));
        root.Subcommands.Add(Calc(context));
        root.Subcommands.Add(Demo(context, module));
        return root;
    }

    private static Command ImportFactors(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "排出係数のCSV（見出し: " + string.Join(",", FactorCatalog.Headers) + "）" };
        var label = new Option<string?>("--label") { Description = "係数版の名前（例: 令和8年提出用 公式一覧）" };
        var year = new Option<int?>("--year") { Description = "この係数版を使う年度（西暦、4月始まり。既定: ファイルの年度列の最大値）" };
        var command = new Command("import-factors", "排出係数のCSVまたはExcel（.xlsx）を新しい係数版として取り込む（1行でも誤りがあれば何も取り込まない）") { Arguments = { file }, Options = { label, year } };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            await using var session = await context.StartAsync(parse, ct);
            var catalog = session.Services.GetRequiredService<FactorCatalog>();
            FactorSet set;
            try
            {
                await using var stream = path.OpenRead();
                set = await catalog.ImportAsync(stream, parse.GetValue(label) ?? "", parse.GetValue(year), path.Name, $"cli:{Environment.UserName}", ct);
            }
            catch (CsvFormatException ex)
            {
                throw new InvalidOperationException($"{path.Name} {ex.Message}（何も取り込んでいません）", ex);
            }

            var result = new { factorSetId = set.Id, label = set.Label, fiscalYear = set.TargetFiscalYear, factors = set.Factors.Count, gaps = set.Factors.Count(f => f.Value is null) };
            if (session.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
            }
            else
            {
                Console.WriteLine($"係数版 {result.factorSetId}「{result.label}」（{result.fiscalYear}年度向け）を取り込みました: {result.factors} 件（うち値なし GAP {result.gaps} 件）。");
            }

            return 0;
        });
        return command;
    }

    private static Command Calc(ModuleCommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "活動量のCSV（見出し: 事業所,年月,種別,数量,単位。事業所は省略可）" };
        var year = new Option<int?>("--year") { Description = "計算する年度（西暦、4月始まり。既定: ファイルの行がすべて同じ年度ならその年度）" };
        var menu = new Option<string?>("--menu") { Description = "マーケット基準に使う電気の係数キー（例: fps_menu_c。既定: 代替値）" };
        var command = new Command("calc", "活動量のCSVから Scope 1・Scope 2（ロケーション基準・マーケット基準）の排出量を計算する（データベースには保存しない）") { Arguments = { file }, Options = { year, menu } };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new InvalidOperationException($"ファイル「{path.FullName}」がありません。");
            }

            IReadOnlyList<ActivityService.BillRow> rows;
            await using (var stream = path.OpenRead())
            {
                var (read, errors) = ActivityService.ReadBills(stream);
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException($"{path.Name} {errors[0]}" + (errors.Count > 1 ? $"（ほか {errors.Count - 1} 件）" : ""));
                }

                rows = read;
            }

            var years = rows.Select(r => r.FiscalYear).Distinct().Order().ToList();
            var fy = parse.GetValue(year) ?? (years.Count == 1 ? years[0] : throw new InvalidOperationException($"ファイルに複数の年度（{string.Join("、", years)}）があります。--year で選んでください。"));
            var selected = rows.Where(r => r.FiscalYear == fy).ToList();
            if (selected.Count == 0)
            {
                throw new InvalidOperationException($"{fy}年度の行がありません。");
            }

            await using var session = await context.StartAsync(parse, ct);
            var catalog = session.Services.GetRequiredService<FactorCatalog>();
            var chosen = await catalog.ChooseAsync(fy, ct) ?? throw new InvalidOperationException($"{fy}年度（またはその前年度）向けの係数版がありません。");
            var factors = await catalog.FactorsAsync(chosen.Set.Id, ct);
            var sites = selected.Select(r => r.Site).Distinct().ToList();
            var siteIds = sites.Select((s, i) => (s, i + 1)).ToDictionary(p => p.s, p => p.Item2);
            var menuKey = parse.GetValue(menu);
            IReadOnlyList<EmissionLine> lines;
            try
            {
                lines = Calculator.Calculate(
                    selected.Select(r => new ActivityInput(siteIds[r.Site], r.Month, r.Kind.Key, r.Quantity, r.Unit)),
                    factors, siteIds.Values.ToDictionary(i => i, _ => menuKey));
            }
            catch (CalculationException ex)
            {
                throw new InvalidOperationException(ex.Message, ex);
            }

            var totals = EmissionTotals.Of(lines);
            var byKind = lines.GroupBy(l => (l.ActivityKey, l.Method)).Select(g => new
            {
                activity = ActivityKind.Find(g.Key.ActivityKey)!.Label,
                scope = g.First().Scope,
                method = g.Key.Method,
                factorKey = g.First().FactorKey,
                tCo2 = g.Aggregate(Emission.Zero, (s, l) => s + l.Emission).Tonnes,
            }).ToList();
            var result = new
            {
                fiscalYear = fy,
                factorSetId = chosen.Set.Id,
                factorSet = chosen.Set.Label,
                provisional = chosen.Provisional,
                rows = selected.Count,
                scope1TCo2 = totals.Scope1.Tonnes,
                scope2LocationTCo2 = totals.Scope2Location.Tonnes,
                scope2MarketTCo2 = totals.Scope2Market.Tonnes,
                byActivity = byKind,
            };
            if (session.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
                return 0;
            }

            Console.WriteLine($"{fy}年度 {selected.Count} 行（係数版 {chosen.Set.Id}「{chosen.Set.Label}」{(chosen.Provisional ? "・暫定適用" : "")}）");
            Console.WriteLine($"  Scope 1                       {totals.Scope1.ToTonnesString(),14} t-CO2");
            Console.WriteLine($"  Scope 2（ロケーション基準）   {totals.Scope2Location.ToTonnesString(),14} t-CO2");
            Console.WriteLine($"  Scope 2（マーケット基準）     {totals.Scope2Market.ToTonnesString(),14} t-CO2");
            Console.WriteLine("  ※ Scope 2 の2つの値は同じ電気の別の計算方法です。足し合わせないでください。");
            foreach (var k in byKind)
            {
                var method = k.method.Length == 0 ? "" : k.method == Calculator.Location ? "（ロケーション基準）" : "（マーケット基準）";
                Console.WriteLine($"    Scope {k.scope} {k.activity}{method}: {k.tCo2.ToString("#,##0.000", CultureInfo.InvariantCulture)} t-CO2（係数 {k.factorKey}）");
            }

            return 0;
        });
        return command;
    }

    private static Command Demo(ModuleCommandContext context, CarbonModule module)
    {
        var command = new Command("demo", "排出量の可視化のデモデータ（事業者・事業所・2年分の活動量・ツアー・デモアカウント）を作成する（何度実行しても同じ結果）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            await module.SeedDemoAsync(session.Services, ct);
            var db = session.Services.GetRequiredService<CarbonDb>();
            var result = new { businesses = db.Businesses.Count(), tours = db.Tours.Count(), accounts = DemoSeed.Accounts.Select(a => new { user = a.User, password = a.Password, a.Name }) };
            if (session.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
            }
            else
            {
                Console.WriteLine($"デモデータを用意しました（事業者 {result.businesses} 者、ツアー {result.tours} 件）。");
                foreach (var a in DemoSeed.Accounts)
                {
                    Console.WriteLine($"  {a.User,-10} / {a.Password}  {a.Name}");
                }
            }

            return 0;
        });
        return command;
    }
}
