using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using OsakaDx.Testing;

namespace OsakaDx.Insight.Tests;

public sealed class PostgresTests
{
    [PostgresFact]
    public async Task The_demo_city_the_anonymization_the_department_dataset_and_the_queries_run_on_PostgreSQL()
    {
        var database = "osakadx_insight_" + Guid.NewGuid().ToString("N");
        var folder = Directory.CreateTempSubdirectory("osakadx-insight-pg-").FullName;
        await using (var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.Server))
        {
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{database}\"";
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
                .UseSetting("OsakaDx:DataPath", folder)
                .UseSetting("OsakaDx:Database", new Npgsql.NpgsqlConnectionStringBuilder(PostgresFactAttribute.Server) { Database = database }.ConnectionString)
                .UseSetting("OsakaDx:Demo", "true")
                .UseSetting("Insight:DemoResidents", "8000")
                .UseSetting("OsakaDx:Jobs:PollInterval", "00:00:00.200"));
            using (factory.CreateClient())
            {
            }

            var watch = Stopwatch.StartNew();
            while (true)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                var job = await scope.ServiceProvider.GetRequiredService<PlatformDb>().Jobs.AsNoTracking().SingleAsync(j => j.Kind == DemoCityJob.JobKind);
                if (job.Status == JobStatus.Succeeded)
                {
                    break;
                }

                Assert.False(job.Status is JobStatus.Failed or JobStatus.Canceled || watch.Elapsed > TimeSpan.FromMinutes(3), $"demo city job {job.Status}: {job.Error}");
                await Task.Delay(200);
            }

            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<InsightDb>();
                Assert.True(db.Database.IsNpgsql());
                var run = await db.Runs.SingleAsync();
                Assert.Equal(RunStatus.Succeeded, run.Status);
                Assert.True(run.KReached >= 5);
                var dataset = await db.Datasets.SingleAsync();
                Assert.Equal(DemoDataset.Title, dataset.Title);
                Assert.NotNull(dataset.PublishedRunId);
                Assert.Equal(RunStatus.Succeeded, (await db.DatasetRuns.SingleAsync()).Status);
                Assert.Equal(1, await db.DatasetUploads.CountAsync());
            }

            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
            var signIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = HostFixture.Token(login),
                ["Input.UserName"] = "bunseki", ["Input.Password"] = "Bunseki-Demo-2025!", ["ReturnUrl"] = "/insight",
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            using var query = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/insight/query?measure=population&rows=ward", UriKind.Relative)));
            Assert.Equal(25, query.RootElement.GetProperty("rows").GetArrayLength()); // the city and 24 wards
            using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/insight/datasets", UriKind.Relative)));
            var id = list.RootElement[0].GetProperty("id").GetInt32();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/insight/datasets/{id}/query?rows=町丁目コード", UriKind.Relative))).StatusCode);

            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<InsightDb>();
                Assert.True(await db.QueryLog.CountAsync(q => q.UserName == "bunseki") >= 2);
            }
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(PostgresFactAttribute.Server);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
