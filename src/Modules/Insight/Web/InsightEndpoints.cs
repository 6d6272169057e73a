// The JSON API under /api/insight and the file downloads of the pages. Aggregates only, from the
// protected tables (suppressed cells are "X"); every call is logged. The quarantined raw store is
// read by no endpoint.
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Insight.Cli;
using OsakaDx.Modules.Insight.Dashboards;
using OsakaDx.Modules.Insight.Data;
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

        app.MapGet("/insight/csv/{name}", DashboardCsvAsync).RequireAuthorization(InsightPermissions.ViewPolicy).ExcludeFromDescription();
        app.MapGet("/insight/query.csv", QueryCsvAsync).RequireAuthorization(InsightPermissions.ViewPolicy).ExcludeFromDescription();
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
