using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Jobs;
using Spectre.Console;

namespace OsakaDx.Platform.Modules;

/// <summary>
/// How every CLI verb, the platform's and the modules', prints: JSON for scripts (camelCase,
/// Japanese unescaped), a progress bar for people on a terminal, nothing else on stdout.
/// </summary>
public static class CliOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Progress bar on the terminal (human mode); silent with --json or when output is redirected.</summary>
    public static async Task<T> WithProgressAsync<T>(bool json, string title, Func<Action<double, double?, string?>, Task<T>> work)
    {
        if (json || Console.IsOutputRedirected)
        {
            return await work((_, _, _) => { });
        }

        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                result = await work((done, total, message) =>
                {
                    if (total is > 0)
                    {
                        task.MaxValue = total.Value;
                    }

                    task.Value = done;
                    if (message is not null)
                    {
                        task.Description = Markup.Escape($"{title}: {message}");
                    }
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Runs an enqueued job in this process with a progress bar, the way CLI verbs do long work.</summary>
    public static Task<JobRecord> RunJobAsync(CliSession session, Guid jobId, string title, CancellationToken cancellationToken)
    {
        var runner = session.Services.GetRequiredService<JobRunner>();
        return WithProgressAsync(session.Json, title, report => runner.ExecuteAsync(jobId, j => report(j.Done, j.Total, j.Message), cancellationToken));
    }
}
