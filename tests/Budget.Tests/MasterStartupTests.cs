using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Budget.Tests;

public sealed class MasterStartupTests
{
    private sealed class ProductionHost(string dataPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OsakaDx:DataPath", dataPath);
            builder.UseSetting("OsakaDx:Demo", "false");
            builder.UseSetting("OsakaDx:Jobs:Enabled", "false");
        }
    }

    [Fact]
    public async Task Outside_demo_mode_the_server_starts_with_the_standard_masters_and_no_demo_budget()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-budget-prod-").FullName;
        try
        {
            await using (var host = new ProductionHost(folder))
            {
                using var client = host.CreateClient();
                Assert.True((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode);
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
                Assert.Equal(27, await db.Setsus.CountAsync(s => s.ToYear == null));
                Assert.Equal(28, await db.Setsus.CountAsync(s => s.ToYear == 2019));
                Assert.Equal(14, await db.Accounts.CountAsync());
                Assert.Equal(0, await db.Projects.CountAsync());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
