// Orchestration with lineage: an import becomes an ImportBatch row, an anonymization an
// AnonymizationRun row pointing at the batch it read, with its settings and its risk report.
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Insight.Anonymization;

internal sealed class InsightRuns(InsightDb db, InsightPaths paths, RawImporter importer, AnonymizationService anonymizer, TimeProvider clock, AuditActor actor, AuditLog audit)
{
    public async Task<ImportBatch> ImportAsync(string file, string displayName, Action<long>? progress, CancellationToken cancellationToken)
    {
        var summary = await Task.Run(() => importer.Import(file, progress, cancellationToken), cancellationToken);
        var batch = new ImportBatch
        {
            FileName = displayName, Sha256 = summary.Sha256, Encoding = summary.Encoding, Rows = summary.Rows, Residents = summary.Residents,
            RemovedRecords = summary.Removed, AsOf = summary.AsOf, DroppedColumns = string.Join(",", summary.DroppedColumns),
            ImportedAtUtc = clock.GetUtcNow().UtcDateTime, ImportedBy = actor.Current.Name,
        };
        db.Imports.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        return batch;
    }

    public async Task<(AnonymizationRun Run, RiskReport? Report)> AnonymizeAsync(AnonymizationSettings settings, Action<string>? progress, CancellationToken cancellationToken)
    {
        if (settings.Validate() is { } invalid)
        {
            throw new AnonymizationFailedException(invalid);
        }

        var batch = await db.Imports.OrderByDescending(b => b.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new AnonymizationFailedException("取り込まれた住民データがありません。先に import を実行してください。");
        var run = new AnonymizationRun
        {
            ImportBatchId = batch.Id, K = settings.K, L = settings.L, SensitiveAttribute = settings.Sensitive, QuasiIdentifiers = string.Join(",", settings.Qis),
            SuppressionLimit = settings.SuppressionLimit, CellThreshold = settings.CellThreshold, StartedAtUtc = clock.GetUtcNow().UtcDateTime,
            RequestedBy = actor.Current.Name, Status = RunStatus.Running,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var report = await Task.Run(() => anonymizer.Run(run.Id, settings, progress, cancellationToken), cancellationToken);
            run.Status = RunStatus.Succeeded;
            run.Node = string.Join(" / ", report.Node);
            run.Records = report.Records;
            run.KReached = report.KReached;
            run.SuppressionRate = report.SuppressionRate;
            run.InformationLoss = report.InformationLoss;
            run.KeyFingerprint = report.KeyFingerprint;
            run.ReportJson = JsonSerializer.Serialize(report, CliOutput.JsonOptions);
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            RemoveOldPublished(run.Id);
            return (run, report);
        }
        catch (Exception ex) when (ex is AnonymizationFailedException or IOException or DuckDB.NET.Data.DuckDBException)
        {
            run.Status = RunStatus.Failed;
            run.Error = ex.Message;
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            File.Delete(paths.Published(run.Id));
            throw new AnonymizationFailedException(ex.Message);
        }
    }

    /// <summary>Keeps the published files of the last three successful runs (pages may still read the previous one).</summary>
    private void RemoveOldPublished(int current)
    {
        var folder = Path.GetDirectoryName(paths.Published(current))!;
        foreach (var file in Directory.EnumerateFiles(folder, "run-*.duckdb"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(file)[4..], System.Globalization.CultureInfo.InvariantCulture, out var id) && id < current - 2)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Still open in this process's cache; removed next time.
                }
            }
        }
    }

    public Task AuditAsync(string what, CancellationToken cancellationToken) =>
        audit.WriteAsync(AuditCategories.Data, "insight", what, module: "insight", cancellationToken: cancellationToken);
}

/// <summary>
/// Demo city as a background job, so `./osakadx serve` starts at once: generate a scaled city
/// (default 1:20, about 137,000 residents), import it, anonymize with the defaults.
/// </summary>
internal sealed class DemoCityJob : IJobHandler
{
    public const string JobKind = "insight.demo-city";

    public string Kind => JobKind;

    public bool Resumable => false;

    public sealed record Payload(int Residents, int Seed);

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = context.PayloadAs<Payload>() ?? new Payload(137_000, 2026);
        if (await context.Services.GetRequiredService<InsightDb>().Imports.AnyAsync(cancellationToken))
        {
            // Real (or earlier) data is already there: the demo city never replaces it.
            await context.ReportAsync(1, 1, "取込済みのデータがあるため、デモの市は作りませんでした");
            return;
        }

        var runs = context.Services.GetRequiredService<InsightRuns>();
        var paths = context.Services.GetRequiredService<InsightPaths>();
        InsightPaths.EnsurePrivateDirectory(paths.Quarantine);
        var file = Path.Combine(paths.Quarantine, $"demo-{Guid.NewGuid():N}.csv");
        try
        {
            await context.ReportAsync(0, 3, "住民データ（合成）を生成しています");
            await using (var stream = File.Create(file))
            {
                new PopulationGenerator(new GeneratorOptions(payload.Residents, payload.Seed)).Write(stream, cancellationToken: cancellationToken);
            }

            await context.ReportAsync(1, 3, "取り込んでいます");
            await runs.ImportAsync(file, $"合成データ（{payload.Residents:N0}人, seed {payload.Seed}）", null, cancellationToken);
            await context.ReportAsync(2, 3, "匿名化しています");
            await runs.AnonymizeAsync(new AnonymizationSettings(), null, cancellationToken);
            await Datasets.DemoDataset.CreateAsync(context.Services, cancellationToken);
            await context.ReportAsync(3, 3, "完了");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
