// /api/budget: requests (read, save, transitions, 査定), aggregates, and the file downloads the
// pages link to (pivot CSV/Excel, 事業 CSV, 予算事業別調書). Same permissions as the pages.
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Execution;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Budget.Web;

public sealed record RequestSummary(int Id, string ProjectCode, string ProjectName, int OrgUnitId, int Year, string Status, long Cost, long? Assessed, long Version);

public sealed record TransitionBody(WorkflowAction Action, long Version);

internal static class BudgetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/budget").WithTags("予算編成");
        api.MapGet("/requests", ListAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/requests/{id:int}", GetAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapPut("/requests/{id:int}", SaveAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapPost("/requests/{id:int}/transitions", TransitionAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapPost("/requests/{id:int}/assessment", AssessAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/pivot", PivotAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/projects.csv", ExportProjectsAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/sheet", SheetAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/stages", StagesAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapPost("/stages/{id:int}/close", CloseStageAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/compare", CompareAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/book", BookAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/execution.csv", ExecutionCsvAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/execution", ExecutionAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        api.MapGet("/accounting.csv", AccountingAsync).RequireAuthorization(BudgetPermissions.Policy(BudgetPermissions.Read));
        RequestDetailEndpoints.Map(api);
        CycleEndpoints.Map(api);
        MoreEndpoints.Map(api);
        RevenueEndpoints.Map(api);
        RestorationEndpoints.Map(api);
    }

    private static async Task<Ok<List<RequestSummary>>> ListAsync(int year, int? org, BudgetDb db, ClaimsPrincipal principal, OrgDirectory orgs, CancellationToken ct)
    {
        var query = db.Requests.AsNoTracking().Where(r => r.Year == year);
        if (await Assignments.ExaminerScope.ReadableAsync(db, await BudgetUser.FromPrincipalAsync(principal, orgs, ct), year, ct) is { } readable)
        {
            // An examiner lists only the 所属 in their charge.
            query = query.Where(r => readable.Contains(r.Project!.OrgUnitId));
        }

        if (org is { } o)
        {
            query = query.Where(r => r.Project!.OrgUnitId == o);
        }

        var rows = await query.OrderBy(r => r.Project!.Code).Select(r => new
        {
            r.Id, r.Project!.Code, r.Project.Name, r.Project.OrgUnitId, r.Year, r.Status, r.Version,
            Cost = r.Lines.Sum(l => l.Amount),
            Assessed = r.Status >= RequestStatus.Assessed ? r.Lines.Sum(l => l.AssessedAmount ?? 0) : (long?)null,
        }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new RequestSummary(r.Id, r.Code, r.Name, r.OrgUnitId, r.Year, RequestService.StatusName(r.Status), r.Cost, r.Assessed, r.Version)).ToList());
    }

    private static async Task<Results<Ok<object>, NotFound, ProblemHttpResult>> GetAsync(int id, RequestService requests, BudgetDb db, ClaimsPrincipal principal, OrgDirectory orgs, CancellationToken ct)
    {
        if (await requests.LoadAsync(id, ct) is not { } view)
        {
            return TypedResults.NotFound();
        }

        if (!await Assignments.ExaminerScope.CanReadAsync(db, await BudgetUser.FromPrincipalAsync(principal, orgs, ct), view.Project.OrgUnitId, view.Request.Year, ct))
        {
            return TypedResults.Problem(Assignments.ExaminerScope.NotInCharge, statusCode: StatusCodes.Status403Forbidden, title: "この操作は許可されていません");
        }

        var r = view.Request;
        var funding = new Funding(r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds);
        return TypedResults.Ok<object>(new
        {
            r.Id, project = view.Project.Code, projectName = view.Project.Name, org = view.OrgName, r.Year, status = RequestService.StatusName(r.Status), r.Version,
            r.Purpose, r.LegalBasis, cost = view.Cost, assessed = view.AssessedCost, previousInitial = view.PreviousInitial,
            funding = new { national = funding.National, prefectural = funding.Prefectural, bonds = funding.Bonds, otherSpecific = funding.OtherSpecific, general = funding.GeneralFunds(view.Cost) },
            ceiling = new { requested = view.Ceiling.GeneralFundsRequested, limit = view.Ceiling.Limit, remaining = view.Ceiling.Remaining },
            lines = r.Lines.Select(l => new
            {
                l.Id, l.Version, l.SetsuId, l.SubSetsuId, l.Item, l.UnitPrice, l.Quantity, l.Times, l.Amount,
                l.SubsidySource, l.SubsidyNumerator, l.SubsidyDenominator, l.SubsidyAmount, l.AssessedAmount, l.AssessComment,
            }),
        });
    }

    private static async Task<IResult> SaveAsync(int id, DraftInput input, ClaimsPrincipal principal, OrgDirectory orgs, RequestService requests, CancellationToken ct) =>
        ToHttp(await requests.SaveDraftAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input, ct));

    private static async Task<IResult> TransitionAsync(int id, TransitionBody body, ClaimsPrincipal principal, OrgDirectory orgs, RequestService requests, CancellationToken ct) =>
        ToHttp(await requests.TransitionAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, body.Version, body.Action, ct));

    private static async Task<IResult> AssessAsync(int id, AssessInput input, ClaimsPrincipal principal, OrgDirectory orgs, RequestService requests, CancellationToken ct) =>
        ToHttp(await requests.AssessAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input, ct));

    internal static IResult ToHttp(BudgetResult result)
    {
        if (result.Forbidden is { } reason)
        {
            return TypedResults.Problem(reason, statusCode: StatusCodes.Status403Forbidden, title: "この操作は許可されていません");
        }

        if (result.Conflict)
        {
            return TypedResults.Problem(RequestService.ConflictMessage, statusCode: StatusCodes.Status409Conflict, title: "更新が競合しました");
        }

        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "入力内容に誤りがあります");
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> PivotAsync(int year, string? by, string? stage, int? stageId, string? format, string? side, PivotService pivots, Revenue.RevenueAggregates revenue, BudgetDb db, AuditLog audit, CancellationToken ct)
    {
        var revenueSide = side == "revenue";
        if (revenueSide && (!TryDimension(by, out var rd) || !Revenue.RevenueAggregates.SupportsDimension(rd)))
        {
            return TypedResults.Problem("歳入（side=revenue）の by は account・kan・kou・moku・org・funding のいずれかを指定してください。", statusCode: 400);
        }

        if (side is not (null or "" or "expenditure" or "revenue") || !TryDimension(by, out var dimension) || !TryStage(stage, out var s))
        {
            return TypedResults.Problem("by は org・account・kan・kou・moku・setsu・project・nature・purpose・funding、stage は request・assessed のいずれかを指定してください。", statusCode: 400);
        }

        if (stageId is { } sid && !await db.Stages.AnyAsync(x => x.Id == sid && x.Year == year && x.ClosedAtUtc != null, ct))
        {
            return TypedResults.Problem("stageId はこの年度の締め切った段階を指定してください。", statusCode: 404);
        }

        var pivot = revenueSide ? await revenue.PivotAsync(year, dimension, s, stageId, ct) : await pivots.PivotAsync(year, dimension, s, stageId, ct);
        var name = $"予算集計_{year.ToString(CultureInfo.InvariantCulture)}_{PivotService.DimensionName(dimension)}別_{pivot.Source}";
        switch (format)
        {
            case "csv":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, $"{name}.csv", entityType: "BudgetPivot", cancellationToken: ct);
                return TypedResults.File(PivotService.ToCsv(pivot, CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", name + ".csv");
            case "xlsx":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, $"{name}.xlsx", entityType: "BudgetPivot", cancellationToken: ct);
                return TypedResults.File(PivotService.ToXlsx(pivot), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            default:
                return TypedResults.Ok(pivot);
        }
    }

    public static bool TryDimension(string? text, out PivotDimension dimension)
    {
        dimension = text switch
        {
            null or "" or "org" => PivotDimension.Org,
            "kan" => PivotDimension.Kan,
            "setsu" => PivotDimension.Setsu,
            "funding" => PivotDimension.Funding,
            "account" => PivotDimension.Account,
            "kou" => PivotDimension.Kou,
            "moku" => PivotDimension.Moku,
            "project" => PivotDimension.Project,
            "nature" => PivotDimension.Nature,
            "purpose" => PivotDimension.Purpose,
            _ => (PivotDimension)(-1),
        };
        return Enum.IsDefined(dimension);
    }

    public static bool TryStage(string? text, out PivotStage stage)
    {
        stage = text switch
        {
            null or "" or "request" => PivotStage.Request,
            "assessed" => PivotStage.Assessed,
            _ => (PivotStage)(-1),
        };
        return Enum.IsDefined(stage);
    }

    private static async Task<IResult> ExportProjectsAsync(string? encoding, ProjectService projects, AuditLog audit, CancellationToken ct)
    {
        var target = string.Equals(encoding, "sjis", StringComparison.OrdinalIgnoreCase) ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom;
        using var buffer = new MemoryStream();
        await projects.ExportCsvAsync(buffer, target, ct);
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, "予算事業CSV書き出し", entityType: nameof(Project), cancellationToken: ct);
        return TypedResults.File(buffer.ToArray(), target == CsvOutputEncoding.ShiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", "予算事業.csv");
    }

    private static async Task<IResult> SheetAsync(int year, string project, ProjectSheetService sheets, AuditLog audit, CancellationToken ct)
    {
        if (await sheets.BuildAsync(year, project, ct) is not { } sheet)
        {
            return TypedResults.Problem($"{year.ToString(CultureInfo.InvariantCulture)}年度の事業「{project}」の予算要求はありません。", statusCode: 404);
        }

        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, sheet.FileName, entityType: nameof(BudgetRequest), cancellationToken: ct);
        return TypedResults.File(sheet.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet.FileName);
    }

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<Ok<object>> StagesAsync(int year, StageService stages, CancellationToken ct)
    {
        var cycle = await stages.CycleAsync(year, ct);
        var list = await stages.ListAsync(year, ct);
        var milestones = await stages.MilestonesAsync(year, ct);
        return TypedResults.Ok<object>(new
        {
            year, policy = cycle?.Policy, policyVersion = cycle?.Version,
            stages = list.Select(s => new { s.Id, code = StageService.Code(s.Kind, s.Round), s.Name, s.Deadline, closed = s.Closed, s.ClosedAtUtc, s.ClosedBy, s.Version }),
            milestones = milestones.Select(m => new { stage = m.Stage.Name, m.Total, m.General, m.GeneralFunds, change = m.ChangeFromPrevious }),
        });
    }

    public sealed record CloseBody(long Version);

    private static async Task<IResult> CloseStageAsync(int id, CloseBody body, ClaimsPrincipal principal, OrgDirectory orgs, StageService stages, CancellationToken ct) =>
        ToHttp(await stages.CloseAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, body.Version, ct));

    private static async Task<(StageView? Stage, IResult? Error)> StageAsync(int year, string? text, StageService stages, CancellationToken ct)
    {
        if (!StageService.TryParseStage(text, out var kind, out var round))
        {
            return (null, TypedResults.Problem($"段階「{text}」は読めません（要求・課長査定・内示・復活要求・局長査定・市長査定・確定・補正1 など）。", statusCode: 400));
        }

        var stage = await stages.FindAsync(year, kind, round, ct);
        return stage is { Closed: true }
            ? (stage, null)
            : (null, TypedResults.Problem($"{year.ToString(CultureInfo.InvariantCulture)}年度の「{StageService.Name(kind, round)}」はまだ締め切られていないため、記録がありません。", statusCode: 404));
    }

    private static async Task<IResult> CompareAsync(int year, string? a, string? b, string? by, string? format, StageService stages, CompareService comparer, AuditLog audit, CancellationToken ct)
    {
        var (sa, ea) = await StageAsync(year, a, stages, ct);
        if (ea is not null)
        {
            return ea;
        }

        var (sb, eb) = await StageAsync(year, b, stages, ct);
        if (eb is not null)
        {
            return eb;
        }

        if (!CompareService.TryParseDimension(by ?? "project", out var dimension))
        {
            return TypedResults.Problem("by は project・setsu・funding・org・kan のいずれかを指定してください。", statusCode: 400);
        }

        var comparison = await comparer.CompareAsync(sa!, sb!, dimension, ct);
        var name = $"段階比較_{year.ToString(CultureInfo.InvariantCulture)}_{sa!.Name}_{sb!.Name}_{CompareService.DimensionName(dimension)}別";
        switch (format)
        {
            case "csv":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".csv", entityType: "BudgetStage", cancellationToken: ct);
                return TypedResults.File(CompareService.ToCsv(comparison, CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", name + ".csv");
            case "xlsx":
                await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name + ".xlsx", entityType: "BudgetStage", cancellationToken: ct);
                return TypedResults.File(CompareService.ToXlsx(comparison), XlsxType, name + ".xlsx");
            default:
                return TypedResults.Ok(new { a = sa.Name, b = sb.Name, by = CompareService.DimensionName(dimension), comparison.TotalA, comparison.TotalB, rows = comparison.Rows });
        }
    }

    private static async Task<IResult> BookAsync(int year, string? stage, string? format, StageService stages, BudgetBookService books, AuditLog audit, CancellationToken ct)
    {
        var (s, error) = await StageAsync(year, stage ?? "確定", stages, ct);
        if (error is not null)
        {
            return error;
        }

        var book = await books.BuildAsync(s!.Id, ct);
        var pdf = string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase);
        var name = $"予算書_{year.ToString(CultureInfo.InvariantCulture)}_{s.Name}.{(pdf ? "pdf" : "xlsx")}";
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name, entityType: "BudgetStage", cancellationToken: ct);
        return pdf ? TypedResults.File(BudgetBookService.ToPdf(book!), "application/pdf", name) : TypedResults.File(BudgetBookService.ToXlsx(book!), XlsxType, name);
    }

    private static async Task<IResult> ExecutionAsync(int year, int? org, ExecutionService execution, CancellationToken ct) =>
        TypedResults.Ok(await execution.StatusAsync(year, org, ct));

    private static async Task<IResult> ExecutionCsvAsync(int year, int? org, ExecutionService execution, AuditLog audit, CancellationToken ct)
    {
        var status = await execution.StatusAsync(year, org, ct);
        var name = $"執行状況_{year.ToString(CultureInfo.InvariantCulture)}_{(org is null ? "所属別" : "事業別")}.csv";
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name, entityType: nameof(ExecutionRecord), cancellationToken: ct);
        return TypedResults.File(ExecutionService.StatusToCsv(status, org is null ? "所属" : "事業", CsvOutputEncoding.Utf8WithBom), "text/csv; charset=utf-8", name);
    }

    private static async Task<IResult> AccountingAsync(int year, string? encoding, ExecutionService execution, AuditLog audit, CancellationToken ct)
    {
        var target = string.Equals(encoding, "sjis", StringComparison.OrdinalIgnoreCase) ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom;
        if (await execution.ExportAccountingAsync(year, target, ct) is not { } export)
        {
            return TypedResults.Problem($"{year.ToString(CultureInfo.InvariantCulture)}年度は「確定」が締め切られていないため、財務会計へ渡す予算はまだありません。", statusCode: 404);
        }

        var name = $"予算_財務会計連携_{year.ToString(CultureInfo.InvariantCulture)}_{export.StageName}.csv";
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, name, entityType: "BudgetStage", cancellationToken: ct);
        return TypedResults.File(export.Csv, "text/csv; charset=" + (target == CsvOutputEncoding.ShiftJis ? "shift_jis" : "utf-8"), name);
    }
}
