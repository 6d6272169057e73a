using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Masters;

/// <summary>
/// Creates the standard masters (節, 会計, 款・項・目) when the server starts, in demo and in
/// production alike: hosted services start after the platform has migrated every database.
/// </summary>
internal sealed class MasterStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await StandardMasters.EnsureAsync(scope.ServiceProvider.GetRequiredService<BudgetDb>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
