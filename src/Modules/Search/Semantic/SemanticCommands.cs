using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Search.Semantic;

/// <summary>./osakadx search embed | eval-semantic</summary>
internal static class SemanticCommands
{
    public static Command Embed(ModuleCommandContext context)
    {
        var command = new Command("embed", "設定した埋め込みモデルで、まだ意味ベクトルのない文書を計算する（serve 中は巡回後に自動で行う）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var ranker = session.Services.GetRequiredService<SemanticRanker>();
            if (!ranker.Configured)
            {
                throw new InvalidOperationException("埋め込みモデルが設定されていません（OsakaDx:Search:Semantic:ModelPath と TokenizerPath）。");
            }

            var result = await session.Services.GetRequiredService<SemanticService>().EmbedMissingAsync(
                (done, total) => Console.Error.Write($"\r意味ベクトル {done:N0} / {total:N0}"), ct);
            Console.Error.WriteLine();
            if (result.Error is not null)
            {
                throw new InvalidOperationException(result.Error);
            }

            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
                return 0;
            }

            Console.WriteLine($"文書 {result.Documents:N0} 件: 計算済み {result.Cached:N0} 件、今回計算 {result.Computed:N0} 件、不要になったベクトルの削除 {result.Pruned:N0} 件");
            return 0;
        });
        return command;
    }

    public static Command Evaluate(ModuleCommandContext context)
    {
        var command = new Command("eval-semantic", "意味による並べ替えをクリックされた検索で評価する（auto では基本の並び順を下回らないときだけ使う）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var ranker = session.Services.GetRequiredService<SemanticRanker>();
            if (!ranker.Configured)
            {
                throw new InvalidOperationException("埋め込みモデルが設定されていません（OsakaDx:Search:Semantic:ModelPath と TokenizerPath）。");
            }

            var result = await session.Services.GetRequiredService<SemanticService>().EvaluateAsync(ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
                return 0;
            }

            static string N(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "—";
            Console.WriteLine($"評価した検索: {result.Searches:N0} 件、モデル {result.ModelId}");
            Console.WriteLine($"nDCG@10 基本 {N(result.BaseNdcg)} / 意味の混合 {N(result.SemanticNdcg)}（重み {ranker.Options.Weight.ToString("0.00", CultureInfo.InvariantCulture)}、モード {ranker.Options.Mode}）");
            Console.WriteLine(result.Reason);
            return 0;
        });
        return command;
    }
}
