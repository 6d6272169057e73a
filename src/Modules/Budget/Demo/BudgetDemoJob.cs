using OsakaDx.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace OsakaDx.Modules.Budget.Demo;

/// <summary>Background job "budget.demo": regenerates the demo budget (used by `./osakadx budget demo`).</summary>
internal sealed class BudgetDemoJob : IJobHandler
{
    public const string JobKind = "budget.demo";

    public string Kind => JobKind;

    // Regeneration runs in one transaction: after a crash it simply starts again.
    public bool Resumable => false;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = context.PayloadAs<DemoPayload>() ?? new DemoPayload(DemoSize.Small, 2027);
        var generator = context.Services.GetRequiredService<DemoGenerator>();
        var summary = await generator.GenerateAsync(payload.Size, payload.Year,
            (done, total, message) => context.ReportAsync(done, total, message), cancellationToken);
        await context.ReportAsync(context.Job.Total ?? summary.Lines, null, $"事業 {summary.Projects:N0} 件、積算 {summary.Lines:N0} 行を生成しました");
    }
}

public sealed record DemoPayload(DemoSize Size, int Year);
