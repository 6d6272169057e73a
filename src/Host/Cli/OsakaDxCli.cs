using System.CommandLine;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using OsakaDx.Host.Web;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Modules;
using Spectre.Console;

namespace OsakaDx.Host.Cli;

/// <summary>
/// ./osakadx: `serve` runs the web platform; every other verb starts the platform's services on
/// the chosen data folder, does its work and exits. Human output by default, --json for scripts,
/// a non-zero exit code and a one-line reason on failure.
/// </summary>
internal static class OsakaDxCli
{
    public static readonly Option<string?> DataOption = new("--data")
    {
        Description = "データフォルダ（既定: 環境変数 OSAKADX_DATA、なければ ./data）",
        Recursive = true,
    };

    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "結果を JSON で標準出力に書く（スクリプト向け）",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IOsakaDxModule> modules)
    {
        // Arguments meant for ASP.NET (tests pass --environment, --contentRoot ...) go to the host untouched;
        // the CLI's own global options (--data DIR org export, --json ...) may come before the command.
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && !IsCliOption(args[0]) && !args.Contains("--help") && !args.Contains("-h") && !args.Contains("--version"))
        {
            return await ServeCommand.ServeAsync(args, modules, null, CancellationToken.None);
        }

        var root = new RootCommand("大阪市 OsakaDx — Re-Design おおさか の業務システムを一つにしたプラットフォーム")
        {
            Options = { DataOption, JsonOption },
        };
        var context = new ModuleCommandContext(JsonOption, (parse, ct) => StartSessionAsync(parse, modules, ct));
        root.Subcommands.Add(ServeCommand.Create(modules));
        foreach (var command in PlatformCommands.Create(context, modules))
        {
            root.Subcommands.Add(command);
        }

        foreach (var module in modules)
        {
            if (module.CreateCommand(context) is { } command)
            {
                root.Subcommands.Add(command);
            }
        }

        var parseResult = root.Parse(args);
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliFailure ex)
        {
            return Fail(ex.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("中断しました。");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
        {
            return Fail(ex.Message);
        }
    }

    private static bool IsCliOption(string arg)
    {
        var name = arg.Split('=', 2)[0];
        return name == DataOption.Name || name == JsonOption.Name;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"エラー: {message.ReplaceLineEndings(" ")}");
        return 1;
    }

    /// <summary>Builds the platform (no web server), migrates, and sets the audit actor to the OS user.</summary>
    public static async Task<CliSession> StartSessionAsync(ParseResult parse, IReadOnlyList<IOsakaDxModule> modules, CancellationToken cancellationToken)
    {
        var app = PlatformWebHost.Build([], modules, b => ApplyCommonOptions(b, parse, jobsInline: true));
        await PlatformWebHost.PrepareAsync(app.Services, cancellationToken);
        var actor = AuditActor.Use(null, $"cli:{Environment.UserName}");
        return new CliSession(app.Services, parse.GetValue(JsonOption), async () =>
        {
            actor.Dispose();
            await app.DisposeAsync();
        });
    }

    public static void ApplyCommonOptions(WebApplicationBuilder builder, ParseResult? parse, bool jobsInline)
    {
        if (parse?.GetValue(DataOption) is { Length: > 0 } data)
        {
            builder.Configuration["OsakaDx:DataPath"] = data;
        }

        if (jobsInline)
        {
            builder.Configuration["OsakaDx:Jobs:Enabled"] = "false";
            // A verb's stdout is its result (--json is read by scripts): logs go to stderr, warnings and up only.
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }
}

/// <summary>A failure the user can act on: printed as one line, exit code 1.</summary>
internal sealed class CliFailure(string message) : Exception(message);
