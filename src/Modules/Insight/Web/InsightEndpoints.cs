// The JSON API under /api/insight and the file downloads of the pages. Aggregates only, from the
// protected tables (suppressed cells are "X"); every call is logged. The quarantined raw store is
// read by no endpoint.
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Cli;
using OsakaDx.Modules.Insight.Dashboards;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Platform.Data;
using OsakaDx.Modules.Insight.Publishing;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Insight.Web;

internal static class InsightEndpoints
{
    private const string NotReady = "公表できる集計がまだありません（匿名化の処理中か、未実行です）。";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/insight").WithTags("insight");
        api.MapGet("/status", StatusAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        api.MapGet("/dashboard/{name}", DashboardAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        api.MapGet("/query", QueryAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        api.MapGet("/runs", RunsAsync).RequireAuthorization(InsightPermissions.AdminPolicy);

        api.MapGet("/datasets", DatasetListAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        api.MapGet("/datasets/{id:int}", DatasetAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        api.MapGet("/datasets/{id:int}/query", DatasetQueryAsync).RequireAuthorization(InsightPermissions.ViewPolicy);
        app.MapGet("/insight/datasets/{id:int}/query.csv", DatasetQueryCsvAsync).RequireAuthorization(InsightPermissions.ViewPolicy).ExcludeFromDescription();
        app.MapGet("/insight/datasets/{id:int}/export.csv", DatasetExportAsync).RequireAuthorization(InsightPermissions.ExportPolicy).ExcludeFromDescription();

        app.MapGet("/insight/csv/{name}", DashboardCsvAsync).RequireAuthorization(InsightPermissions.ViewPolicy).ExcludeFromDescription();
        app.MapGet("/insight/query.csv", QueryCsvAsync).RequireAuthorization(InsightPermissions.ViewPolicy).ExcludeFromDescription();
        app.MapGet("/insight/runs/{id:int}/report.pdf", ReportPdfAsync).RequireAuthorization(InsightPermissions.AdminPolicy).ExcludeFromDescription();
        app.MapGet("/insight/export.csv", ExportAsync).RequireAuthorization(InsightPermissions.ExportPolicy).ExcludeFromDescription();
    }

    private static async Task<IResult> StatusAsync(PublishedData published, CancellationToken ct)
    {
        var run = await published.CurrentRunAsync(ct);
        return run is null
            ? Results.Ok(new { ready = false, message = NotReady })
            : Results.Ok(new { ready = true, run = run.Id, finishedAtUtc = run.FinishedAtUtc, run.K, threshold = run.CellThreshold, suppressed = CrossTab.Suppressed });
    }

    private static async Task<IResult> DashboardAsync(string name, string? ward, ClaimsPrincipal user, PublishedData published, UsageLog log, CancellationToken ct)
    {
        var set = await published.CurrentAsync(ct);
        if (set is null)
        {
            return Results.Problem(title: NotReady, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var table = DashboardTables.Get(set, name, DashboardTables.Area(ward));
        if (table is null)
        {
            return Results.Problem(title: $"表「{name}」はありません（{string.Join(", ", DashboardTables.All.Select(t => t.Name))}）。", statusCode: StatusCodes.Status404NotFound);
        }

        await log.LogAsync(user, "api", $"dashboard/{name} {DashboardTables.Area(ward)}", ct);
        return Results.Ok(ToJson(table));
    }

    private static async Task<IResult> QueryAsync(HttpContext http, ClaimsPrincipal user, PublishedData published, UsageLog log, CancellationToken ct)
    {
        var set = await published.CurrentAsync(ct);
        if (set is null)
        {
            return Results.Problem(title: NotReady, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var query = InsightQuery.From(k => http.Request.Query[k].FirstOrDefault());
        var (table, errors) = query.Run(set);
        if (table is null)
        {
            return Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "集計の条件に誤りがあります。");
        }

        await log.LogAsync(user, "api", "query " + query.ToQueryString(), ct);
        return Results.Ok(ToJson(table));
    }

    private static async Task<IResult> RunsAsync(InsightDb db, CancellationToken ct)
    {
        var runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        return Results.Ok(runs.Select(r => new
        {
            r.Id, r.Status, r.ImportBatchId, r.K, r.L, r.QuasiIdentifiers, r.SuppressionLimit, r.CellThreshold, r.StartedAtUtc, r.FinishedAtUtc, r.Error,
            report = r.ReportJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(r.ReportJson),
        }));
    }

    private static async Task<IResult> DashboardCsvAsync(string name, string? ward, ClaimsPrincipal user, PublishedData published, UsageLog log, CancellationToken ct)
    {
        var set = await published.CurrentAsync(ct);
        var table = set is null ? null : DashboardTables.Get(set, name, DashboardTables.Area(ward));
        if (table is null)
        {
            return Results.NotFound();
        }

        await log.LogAsync(user, "csv", $"dashboard/{name} {DashboardTables.Area(ward)}", ct);
        return Csv(table, $"{name}.csv");
    }

    private static async Task<IResult> QueryCsvAsync(HttpContext http, ClaimsPrincipal user, PublishedData published, UsageLog log, CancellationToken ct)
    {
        var set = await published.CurrentAsync(ct);
        if (set is null)
        {
            return Results.NotFound();
        }

        var query = InsightQuery.From(k => http.Request.Query[k].FirstOrDefault());
        var (table, errors) = query.Run(set);
        if (table is null)
        {
            return Results.Problem(title: string.Join(" ", errors.Select(e => e.Message)), statusCode: StatusCodes.Status400BadRequest);
        }

        await log.LogAsync(user, "csv", "query " + query.ToQueryString(), ct);
        return Csv(table, "集計.csv");
    }

    private static async Task<IResult> ExportAsync(ClaimsPrincipal user, PublishedData published, InsightPaths paths, UsageLog log, CancellationToken ct)
    {
        var run = await published.CurrentRunAsync(ct);
        if (run is null || !File.Exists(paths.Published(run.Id)))
        {
            return Results.NotFound();
        }

        using var buffer = new MemoryStream();
        var rows = AnonymizedExport.Write(paths.Published(run.Id), buffer);
        await log.LogAsync(user, "export", $"匿名加工データの持ち出し: 匿名化 {run.Id}、{rows}行", ct);
        return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", $"匿名加工データ_匿名化{run.Id}.csv");
    }

    /// <summary>The risk report of a run as a PDF, for the 審議会 file or the 個人情報ファイル簿.</summary>
    private static async Task<IResult> ReportPdfAsync(int id, InsightDb db, CancellationToken ct)
    {
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run?.ReportJson is null)
        {
            return Results.NotFound();
        }

        var batch = await db.Imports.AsNoTracking().FirstOrDefaultAsync(b => b.Id == run.ImportBatchId, ct);
        var r = JsonSerializer.Deserialize<RiskReport>(run.ReportJson, OsakaDx.Platform.Modules.CliOutput.JsonOptions)!;
        string P(double v) => v.ToString("P2", System.Globalization.CultureInfo.InvariantCulture);
        string N(long v) => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        var pdf = new PdfReport($"匿名化リスク報告（匿名化 {run.Id}）") { Author = "OsakaDx 全庁データ活用" }
            .Heading($"匿名化リスク報告（匿名化 {run.Id}）")
            .Paragraph("住民基本台帳の抽出を、直接識別子の削除、鍵付きハッシュによる仮名化、一般化と局所的な削除による k-匿名化で加工した結果です。集計表は小さな値を秘匿（1次・2次）して公表しています。")
            .Heading("設定", 2)
            .KeyValues(
            [
                new("k", r.K.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("準識別子", string.Join("、", r.QuasiIdentifiers)),
                new("l-多様性", r.L > 1 ? $"l = {r.L}（{r.Sensitive}）" : "なし"),
                new("削除の上限", P(r.SuppressionLimit)),
                new("集計表のしきい値", $"{r.CellThreshold}未満を「X」"),
                new("元データ", batch is null ? $"取込 {run.ImportBatchId}" : $"取込 {batch.Id}: {batch.FileName}（{N(batch.Rows)}行、SHA-256 {batch.Sha256}、基準日 {batch.AsOf:yyyy-MM-dd}）"),
                new("仮名の鍵（指紋）", r.KeyFingerprint),
            ])
            .Heading("結果", 2)
            .Table(
                [new PdfColumn("項目", 2), new PdfColumn("値", 3, PdfAlign.Right)],
                [
                    PdfRow.Of("対象者", $"{N(r.Records)}人"),
                    PdfRow.Of("一般化", string.Join(" / ", r.Node)),
                    PdfRow.Of("k の到達値", r.KReached.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    PdfRow.Of("最大の再識別リスク（1/k）", P(r.MaxProsecutorRisk)),
                    PdfRow.Of("処理前にリスクのあった人", $"{N(r.RecordsAtRiskBefore)}人（{P(r.RecordsAtRiskBeforeShare)}）"),
                    PdfRow.Of("削除した人", $"{N(r.Suppressed)}人（{P(r.SuppressionRate)}）"),
                    PdfRow.Of("出力から除いた人", $"{N(r.RemovedRecords)}人"),
                    PdfRow.Of("同値クラス", $"{N(r.Classes)}（平均 {r.AverageClassSize}人）"),
                    PdfRow.Of("情報損失（0〜1）", r.InformationLoss.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)),
                    PdfRow.Of("探索したノード", $"{r.NodesTotal}（条件を満たす {r.NodesSatisfying}）"),
                    PdfRow.Of("集計表のセル", $"{N(r.PublishedCells)}（1次秘匿 {N(r.PrimarySuppressed)}、2次秘匿 {N(r.SecondarySuppressed)}）"),
                ], "リスク報告");
        return Results.File(pdf.ToBytes(), "application/pdf", $"匿名化リスク報告_{run.Id}.pdf");
    }

    private const string DatasetMissing = "部署データが見つかりません（または見る権限がありません）。";

    private static async Task<IResult> DatasetListAsync(ClaimsPrincipal principal, DatasetService datasets, PlatformDb platform, CancellationToken ct)
    {
        var user = await InsightUser.FromPrincipalAsync(principal, platform, ct);
        var orgs = await platform.OrgUnits.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var list = await datasets.ListAsync(user, ct);
        return Results.Ok(list.Select(d => new
        {
            d.Id, d.Title, d.Description, owner = orgs.GetValueOrDefault(d.OwnerOrgUnitId), updatedOn = d.SourceUpdatedOn,
            sharedWith = DatasetService.SharedIds(d).Select(i => orgs.GetValueOrDefault(i)), publishedRun = d.PublishedRunId, d.K,
        }));
    }

    private static async Task<IResult> DatasetAsync(int id, ClaimsPrincipal principal, DatasetService datasets, PlatformDb platform, CancellationToken ct)
    {
        var user = await InsightUser.FromPrincipalAsync(principal, platform, ct);
        var d = await datasets.FindAsync(user, id, ct);
        if (d is null)
        {
            return Results.Problem(title: DatasetMissing, statusCode: StatusCodes.Status404NotFound);
        }

        var uploads = await datasets.UploadsAsync(id, ct);
        var runs = await datasets.RunsAsync(id, ct);
        var set = datasets.Published(d);
        return Results.Ok(new
        {
            d.Id, d.Title, d.Description, d.OwnerOrgUnitId, updatedOn = d.SourceUpdatedOn, sharedWith = DatasetService.SharedIds(d), d.K, d.L, d.SuppressionLimit, threshold = d.CellThreshold,
            columns = DatasetColumn.Parse(d.ColumnsJson).Select(c => new { c.Name, c.Type, c.Distinct, c.Empty, c.Role, c.Generalization }),
            dimensions = set?.Cube(DatasetAnonymizer.CountCube).Dimensions.Select(x => new { key = x.Key, codes = x.Codes.Select((code, i) => new { code, label = x.Labels[i] }) }),
            measures = set is null ? null : DatasetQuery.Measures(set).Select(m => m.Key),
            uploads = uploads.Select(u => new { u.Id, u.FileName, u.Sha256, u.Encoding, u.Rows, droppedColumns = u.DroppedColumns.Split(',', StringSplitOptions.RemoveEmptyEntries), u.UploadedBy, u.UploadedAtUtc }),
            runs = runs.Select(r => new
            {
                r.Id, r.Status, r.UploadId, r.K, r.L, r.SuppressionLimit, r.CellThreshold, r.RequestedBy, r.StartedAtUtc, r.FinishedAtUtc, r.Error,
                report = r.ReportJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(r.ReportJson),
            }),
        });
    }

    private static async Task<IResult> DatasetQueryAsync(int id, HttpContext http, DatasetService datasets, PlatformDb platform, CancellationToken ct)
    {
        var user = await InsightUser.FromPrincipalAsync(http.User, platform, ct);
        var query = DatasetQuery.From(http.Request.Query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.FirstOrDefault())));
        var (table, errors, notFound) = await datasets.QueryAsync(user, id, query, "api", ct);
        if (notFound)
        {
            return Results.Problem(title: DatasetMissing, statusCode: StatusCodes.Status404NotFound);
        }

        return table is null
            ? Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "集計の条件に誤りがあります。")
            : Results.Ok(ToJson(table));
    }

    private static async Task<IResult> DatasetQueryCsvAsync(int id, HttpContext http, DatasetService datasets, PlatformDb platform, CancellationToken ct)
    {
        var user = await InsightUser.FromPrincipalAsync(http.User, platform, ct);
        var query = DatasetQuery.From(http.Request.Query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.FirstOrDefault())));
        var (table, errors, notFound) = await datasets.QueryAsync(user, id, query, "csv", ct);
        return notFound ? Results.NotFound()
            : table is null ? Results.Problem(title: string.Join(" ", errors.Select(e => e.Message)), statusCode: StatusCodes.Status400BadRequest)
            : Csv(table, "部署データ集計.csv");
    }

    private static async Task<IResult> DatasetExportAsync(int id, ClaimsPrincipal principal, DatasetService datasets, PlatformDb platform, CancellationToken ct)
    {
        var user = await InsightUser.FromPrincipalAsync(principal, platform, ct);
        using var buffer = new MemoryStream();
        var rows = await datasets.ExportAsync(user, id, buffer, ct);
        return rows is null ? Results.NotFound() : Results.File(buffer.ToArray(), "text/csv; charset=utf-8", $"部署データ{id}_匿名加工データ.csv");
    }

    private static IResult Csv(CrossTab table, string fileName)
    {
        var (headers, rows) = table.ToCsv();
        return Results.File(CsvWriter.WriteToArray(headers, rows, CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", fileName);
    }

    internal static object ToJson(CrossTab table) => new
    {
        title = table.Title,
        rowDimension = table.RowLabel,
        columnDimension = table.ColumnLabel,
        unit = table.Unit,
        suppressedMark = CrossTab.Suppressed,
        columns = table.ColumnCodes.Select((c, i) => new { code = c, label = table.ColumnLabels[i] }),
        rows = table.RowCodes.Select((code, r) => new
        {
            code,
            label = table.RowLabels[r],
            values = Enumerable.Range(0, table.ColumnCodes.Count).Select(c => table.Cells[r, c] is { } v ? (object)v : CrossTab.Suppressed).ToArray(),
        }),
    };
}
