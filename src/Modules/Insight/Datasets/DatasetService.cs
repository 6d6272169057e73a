// Department datasets end to end: upload (into the quarantine), column roles and settings
// (owner department only, optimistic concurrency), the anonymization run with lineage, sharing,
// and the read side (queries on the protected aggregates, the k-anonymous export). Who may see a
// dataset is decided here and only here: the owner department and the departments it is shared
// with (a user's org unit or any unit above it); everyone else gets "not found", in lists, pages,
// the API and the CLI alike.
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Publishing;
using OsakaDx.Modules.Insight.Web;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Insight.Datasets;

/// <summary>A staff member as Insight sees them: name, org unit, the units above it, permissions.</summary>
internal sealed record InsightUser(string Name, int? OrgUnitId, int? DepartmentId, IReadOnlySet<int> Units, IReadOnlySet<string> Permissions)
{
    public bool Can(string permission) => Permissions.Contains(permission);

    public static async Task<InsightUser> FromPrincipalAsync(ClaimsPrincipal principal, PlatformDb platform, CancellationToken cancellationToken = default)
    {
        int? org = int.TryParse(principal.FindFirstValue(PlatformClaims.OrgUnit), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null;
        var permissions = principal.FindAll(PlatformClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return await CreateAsync(principal.Identity?.Name ?? "", org, permissions, platform, cancellationToken);
    }

    /// <summary>For the CLI's --as: the account's org unit and the permissions of its roles.</summary>
    public static async Task<InsightUser> FromAccountAsync(IServiceProvider services, string userName, CancellationToken cancellationToken = default)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var roles = services.GetRequiredService<RoleManager<StaffRole>>();
        var account = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"--as: 職員「{userName}」はいません。");
        var permissions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var roleName in await users.GetRolesAsync(account))
        {
            if (await roles.FindByNameAsync(roleName) is { } role)
            {
                permissions.UnionWith((await roles.GetClaimsAsync(role)).Where(c => c.Type == PlatformClaims.Permission).Select(c => c.Value));
            }
        }

        return await CreateAsync(userName, account.OrgUnitId, permissions, services.GetRequiredService<PlatformDb>(), cancellationToken);
    }

    private static async Task<InsightUser> CreateAsync(string name, int? org, HashSet<string> permissions, PlatformDb platform, CancellationToken cancellationToken)
    {
        var parents = await platform.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
        var units = new HashSet<int>();
        int? department = null;
        for (var u = org; u is { } id && units.Add(id); u = parents.GetValueOrDefault(id))
        {
            department = id;
        }

        return new InsightUser(name, org, department, units, permissions);
    }
}

internal sealed record DatasetSettingsInput(long Version, IReadOnlyList<(string Role, string Generalization)> Columns, int K, int L, double SuppressionLimit, int Threshold, IReadOnlyList<int> SharedWith);

internal sealed record DatasetOutcome(bool Succeeded, IReadOnlyList<string> Errors, bool NotFound = false, bool Conflict = false)
{
    public static readonly DatasetOutcome Ok = new(true, []);

    public static DatasetOutcome Fail(params string[] errors) => new(false, errors);

    public static readonly DatasetOutcome Missing = new(false, ["部署データが見つかりません（または見る権限がありません）。"], NotFound: true);

    public static readonly DatasetOutcome Stale = new(false, ["ほかの人がこの間に変更しました。画面を読み込み直してから、もう一度変更してください。"], Conflict: true);
}

internal sealed class DatasetService(InsightDb db, PlatformDb platform, InsightPaths paths, PublishedCache cache, UsageLog usage, TimeProvider clock, AuditLog audit, IServiceProvider services)
{
    public const string Refused = "部署データを登録できるのは、「部署データの登録」の権限を持つ所属の職員です。";

    public static bool Sees(InsightUser user, Dataset d) =>
        user.Units.Contains(d.OwnerOrgUnitId) || SharedIds(d).Any(user.Units.Contains);

    public static bool Owns(InsightUser user, Dataset d) => user.Units.Contains(d.OwnerOrgUnitId) && user.Can(InsightPermissions.Dataset);

    public static IReadOnlyList<int> SharedIds(Dataset d) =>
        d.SharedOrgUnitIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

    public async Task<List<Dataset>> ListAsync(InsightUser user, CancellationToken cancellationToken = default)
    {
        var all = await db.Datasets.AsNoTracking().OrderByDescending(d => d.UpdatedAtUtc).ToListAsync(cancellationToken);
        return all.Where(d => Sees(user, d)).ToList();
    }

    public async Task<Dataset?> FindAsync(InsightUser user, int id, CancellationToken cancellationToken = default)
    {
        var d = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return d is not null && Sees(user, d) ? d : null;
    }

    public Task<List<DatasetUpload>> UploadsAsync(int id, CancellationToken cancellationToken = default) =>
        db.DatasetUploads.AsNoTracking().Where(u => u.DatasetId == id).OrderByDescending(u => u.Id).ToListAsync(cancellationToken);

    public Task<List<DatasetRun>> RunsAsync(int id, CancellationToken cancellationToken = default) =>
        db.DatasetRuns.AsNoTracking().Where(r => r.DatasetId == id).OrderByDescending(r => r.Id).Take(20).ToListAsync(cancellationToken);

    /// <summary>
    /// Registers a new dataset (datasetId null) or a new version of its file. The file is checked
    /// whole before anything is written; errors name the line and column.
    /// </summary>
    public async Task<(Dataset? Dataset, IReadOnlyList<string> Errors)> UploadAsync(InsightUser user, int? datasetId, Stream file, string fileName, string? title, string? description, DateOnly? updatedOn, CancellationToken cancellationToken = default)
    {
        if (!user.Can(InsightPermissions.Dataset) || user.DepartmentId is null)
        {
            return (null, [Refused]);
        }

        Dataset? dataset = null;
        if (datasetId is { } id)
        {
            dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (dataset is null || !Sees(user, dataset))
            {
                return (null, [DatasetOutcome.Missing.Errors[0]]);
            }

            if (!Owns(user, dataset))
            {
                return (null, ["ファイルを差し替えられるのは、この部署データを持つ所属の職員だけです。"]);
            }
        }

        var errors = new List<string>();
        title = title?.Trim();
        if (dataset is null && string.IsNullOrEmpty(title))
        {
            errors.Add("「名前」を入力してください。");
        }
        else if (title?.Length > 200)
        {
            errors.Add("「名前」は200文字以内にしてください。");
        }

        if (description?.Trim().Length > 2000)
        {
            errors.Add("「説明」は2000文字以内にしてください。");
        }

        if (dataset is null && updatedOn is null)
        {
            errors.Add("「データの更新日」を yyyy-MM-dd で入力してください。");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        UploadResult upload;
        try
        {
            upload = await Task.Run(() => DatasetUploader.Read(file, Path.Combine(paths.Quarantine, "datasets")), cancellationToken);
        }
        catch (DatasetUploadRefusedException ex)
        {
            return (null, ex.Errors.Select(e => $"{fileName} {e}").ToList());
        }

        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (dataset is null)
            {
                dataset = new Dataset { OwnerOrgUnitId = user.DepartmentId.Value, CreatedBy = user.Name, CreatedAtUtc = now };
                db.Datasets.Add(dataset);
            }

            dataset.Title = string.IsNullOrEmpty(title) ? dataset.Title : title;
            dataset.Description = description?.Trim() ?? dataset.Description;
            dataset.SourceUpdatedOn = updatedOn ?? dataset.SourceUpdatedOn;
            dataset.UpdatedAtUtc = now;
            // Roles chosen before are kept for columns of the same name and type.
            var previous = DatasetColumn.Parse(dataset.ColumnsJson).ToDictionary(c => (c.Name, c.Type), c => c);
            dataset.ColumnsJson = DatasetColumn.ToJson(upload.Columns.Select(c => previous.TryGetValue((c.Name, c.Type), out var p) ? c with { Role = p.Role, Generalization = p.Generalization } : c));
            await db.SaveChangesAsync(cancellationToken);
            var record = new DatasetUpload
            {
                DatasetId = dataset.Id, FileName = fileName, Sha256 = upload.Sha256, Encoding = upload.Encoding, Rows = upload.Rows,
                DroppedColumns = string.Join(",", upload.Dropped), UploadedBy = user.Name, UploadedAtUtc = now,
            };
            db.DatasetUploads.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            var target = paths.DatasetRaw(dataset.Id, record.Id);
            File.Move(upload.TempStore, target, overwrite: true);
            dataset.CurrentUploadId = record.Id;
            await db.SaveChangesAsync(cancellationToken);
            return (dataset, []);
        }
        finally
        {
            File.Delete(upload.TempStore);
        }
    }

    /// <summary>Column roles, anonymization settings and sharing (owner department only, stale saves refused).</summary>
    public async Task<DatasetOutcome> SaveSettingsAsync(InsightUser user, int id, DatasetSettingsInput input, CancellationToken cancellationToken = default)
    {
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !Sees(user, dataset))
        {
            return DatasetOutcome.Missing;
        }

        if (!Owns(user, dataset))
        {
            return DatasetOutcome.Fail("設定を変えられるのは、この部署データを持つ所属の職員だけです。");
        }

        if (dataset.Version != input.Version)
        {
            return DatasetOutcome.Stale;
        }

        var columns = DatasetColumn.Parse(dataset.ColumnsJson);
        if (input.Columns.Count != columns.Count)
        {
            return DatasetOutcome.Fail("列の数がファイルと合いません。画面を読み込み直してください。");
        }

        var chosen = columns.Select((c, i) => c with { Role = input.Columns[i].Role, Generalization = (input.Columns[i].Generalization ?? "").Trim() }).ToList();
        var errors = DatasetSettings.Validate(chosen, input.K, input.L, input.SuppressionLimit, input.Threshold);
        var departments = await platform.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => o.Id).ToListAsync(cancellationToken);
        var bad = input.SharedWith.Where(s => !departments.Contains(s)).ToList();
        if (bad.Count > 0)
        {
            errors.Add("「共有する部署」は一覧から選んでください。");
        }

        if (errors.Count > 0)
        {
            return new DatasetOutcome(false, errors);
        }

        // Normalized generalization specs are stored (what the run will use).
        dataset.ColumnsJson = DatasetColumn.ToJson(chosen.Select(c => c.Role == ColumnRoles.QuasiIdentifier ? c with { Generalization = Generalization.Parse(c.Name, c.Type, c.Generalization).Value!.Spec } : c with { Generalization = "" }));
        dataset.K = input.K;
        dataset.L = input.L;
        dataset.SuppressionLimit = input.SuppressionLimit;
        dataset.CellThreshold = input.Threshold;
        dataset.SharedOrgUnitIds = string.Join(",", input.SharedWith.Where(s => s != dataset.OwnerOrgUnitId).Distinct().Order());
        dataset.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        db.Entry(dataset).Property(d => d.Version).OriginalValue = input.Version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return DatasetOutcome.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DatasetOutcome.Stale;
        }
    }

    /// <summary>Records a run (lineage first) and either runs it now (CLI) or leaves it to the job runner (pages).</summary>
    public async Task<(DatasetRun? Run, DatasetOutcome Outcome)> StartRunAsync(InsightUser user, int id, bool enqueue, CancellationToken cancellationToken = default)
    {
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !Sees(user, dataset))
        {
            return (null, DatasetOutcome.Missing);
        }

        if (!Owns(user, dataset))
        {
            return (null, DatasetOutcome.Fail("匿名化を実行できるのは、この部署データを持つ所属の職員だけです。"));
        }

        var columns = DatasetColumn.Parse(dataset.ColumnsJson);
        var errors = DatasetSettings.Validate(columns, dataset.K, dataset.L, dataset.SuppressionLimit, dataset.CellThreshold);
        if (errors.Count > 0 || dataset.CurrentUploadId is null)
        {
            return (null, new DatasetOutcome(false, errors.Count > 0 ? errors : ["ファイルがまだありません。"]));
        }

        var run = new DatasetRun
        {
            DatasetId = id, UploadId = dataset.CurrentUploadId.Value, Status = RunStatus.Running, K = dataset.K, L = dataset.L,
            SuppressionLimit = dataset.SuppressionLimit, CellThreshold = dataset.CellThreshold, SettingsJson = dataset.ColumnsJson,
            RequestedBy = user.Name, StartedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.DatasetRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        if (enqueue)
        {
            await services.GetRequiredService<JobService>().EnqueueAsync(DatasetRunJob.JobKind, $"部署データ「{dataset.Title}」の匿名化", new DatasetRunJob.Payload(run.Id), cancellationToken);
            return (run, DatasetOutcome.Ok);
        }

        var outcome = await ExecuteAsync(run.Id, cancellationToken);
        return (await db.DatasetRuns.AsNoTracking().FirstAsync(r => r.Id == run.Id, cancellationToken), outcome);
    }

    /// <summary>The job's work: read the quarantined upload, anonymize, publish, record the report.</summary>
    public async Task<DatasetOutcome> ExecuteAsync(int runId, CancellationToken cancellationToken = default)
    {
        var run = await db.DatasetRuns.FirstAsync(r => r.Id == runId, cancellationToken);
        var dataset = await db.Datasets.FirstAsync(d => d.Id == run.DatasetId, cancellationToken);
        try
        {
            var columns = DatasetColumn.Parse(run.SettingsJson);
            var report = await Task.Run(() => DatasetAnonymizer.Run(dataset.Id, run.Id, paths.DatasetRaw(dataset.Id, run.UploadId), paths.DatasetPublished(dataset.Id, run.Id), columns, run.K, run.L, run.SuppressionLimit, run.CellThreshold), cancellationToken);
            run.Status = RunStatus.Succeeded;
            run.Records = report.Records;
            run.KReached = report.KReached;
            run.SuppressionRate = report.SuppressionRate;
            run.InformationLoss = report.InformationLoss;
            run.ReportJson = JsonSerializer.Serialize(report, CliOutput.JsonOptions);
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            var previous = dataset.PublishedRunId;
            dataset.PublishedRunId = run.Id;
            await db.SaveChangesAsync(CancellationToken.None);
            if (previous is { } p && p < run.Id - 2)
            {
                TryDelete(paths.DatasetPublished(dataset.Id, p));
            }

            await audit.WriteAsync(AuditCategories.Data, "dataset-anonymize", $"部署データ {dataset.Id}「{dataset.Title}」匿名化 {run.Id}: 取込 {run.UploadId}、k到達 {report.KReached}、{report.Records}件", module: "insight", cancellationToken: CancellationToken.None);
            return DatasetOutcome.Ok;
        }
        catch (Exception ex) when (ex is AnonymizationFailedException or IOException or DuckDB.NET.Data.DuckDBException or FormatException)
        {
            run.Status = RunStatus.Failed;
            run.Error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            TryDelete(paths.DatasetPublished(dataset.Id, run.Id));
            return DatasetOutcome.Fail(ex.Message);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Still open in this process's cache; harmless.
        }
    }

    /// <summary>The published tables of the dataset's current run, or null when none.</summary>
    public PublishedSet? Published(Dataset d) =>
        d.PublishedRunId is { } run && File.Exists(paths.DatasetPublished(d.Id, run))
            ? cache.GetFile(paths.DatasetPublished(d.Id, run), d.CellThreshold)
            : null;

    /// <summary>A query on a dataset's protected aggregates; logged (query log and audit) when answered.</summary>
    public async Task<(CrossTab? Table, IReadOnlyList<(string Field, string Message)> Errors, bool NotFound)> QueryAsync(InsightUser user, int id, DatasetQuery query, string channel, CancellationToken cancellationToken = default)
    {
        var d = await FindAsync(user, id, cancellationToken);
        if (d is null || !user.Can(InsightPermissions.View))
        {
            return (null, [("dataset", DatasetOutcome.Missing.Errors[0])], true);
        }

        var set = Published(d);
        if (set is null)
        {
            return (null, [("dataset", "この部署データはまだ匿名化されていません。")], false);
        }

        var (table, errors) = query.Run(set, d.Title);
        if (table is not null)
        {
            await usage.LogAsync(user.Name, user.OrgUnitId, "dataset", $"dataset {d.Id} {channel} {query.ToQueryString()}", cancellationToken);
        }

        return (table, errors, false);
    }

    /// <summary>The k-anonymous microdata of the current run (needs insight.export and sight of the dataset); logged.</summary>
    public async Task<long?> ExportAsync(InsightUser user, int id, Stream output, CancellationToken cancellationToken = default)
    {
        var d = await FindAsync(user, id, cancellationToken);
        if (d?.PublishedRunId is not { } run || !user.Can(InsightPermissions.Export) || !File.Exists(paths.DatasetPublished(d.Id, run)))
        {
            return null;
        }

        var rows = DatasetAnonymizer.Export(paths.DatasetPublished(d.Id, run), output);
        await usage.LogAsync(user.Name, user.OrgUnitId, "export", $"部署データ {d.Id} の匿名加工データの持ち出し: 匿名化 {run}、{rows}行", cancellationToken);
        return rows;
    }
}

/// <summary>The dataset anonymization as a platform job (the pages enqueue it; the CLI runs it in place).</summary>
internal sealed class DatasetRunJob : IJobHandler
{
    public const string JobKind = "insight.dataset-anonymize";

    public string Kind => JobKind;

    public bool Resumable => false;

    public sealed record Payload(int RunId);

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = context.PayloadAs<Payload>() ?? throw new InvalidOperationException("payload");
        await context.ReportAsync(0, 1, "匿名化しています");
        var outcome = await context.Services.GetRequiredService<DatasetService>().ExecuteAsync(payload.RunId, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Errors[0]);
        }

        await context.ReportAsync(1, 1, "完了");
    }
}
