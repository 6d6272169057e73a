namespace OsakaDx.Host.Web;

/// <summary>
/// Migrates the databases (and seeds demo data on an empty demo platform) before any other hosted
/// service starts and before the server takes requests: StartingAsync runs ahead of every StartAsync.
/// </summary>
internal sealed class PlatformStartup(IServiceProvider services, ILogger<PlatformStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("データベースを準備しています");
        await PlatformWebHost.PrepareAsync(services, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
