using System.CommandLine;
using OsakaDx.Host.Web;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Host.Cli;

internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(IReadOnlyList<IOsakaDxModule> modules)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"待ち受けるアドレス（既定: {DefaultUrls}）",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Web プラットフォームを起動する（初回はデータベースとデモデータを作成）") { Options = { urls } };
        command.SetAction((parse, ct) => ServeAsync(["--urls", parse.GetValue(urls)!], modules, parse, ct));
        return command;
    }

    public static async Task<int> ServeAsync(string[] args, IReadOnlyList<IOsakaDxModule> modules, ParseResult? parse, CancellationToken cancellationToken)
    {
        var app = PlatformWebHost.Build(args, modules, b => OsakaDxCli.ApplyCommonOptions(b, parse, jobsInline: false));
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var where = options.UsesPostgres ? "PostgreSQL" : $"SQLite（{options.FullDataPath}）";
            Console.WriteLine($"OsakaDx を起動しました: {string.Join(", ", app.Urls)}  データ: {where}{(options.IsDemo ? "  デモモード" : "")}");
        });
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
