// The JSON API under /api/carbon and the file downloads of the pages. Same authorization as the
// pages: a business's data only for its members and carbon.admin; tours in public when published.
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Businesses;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Dashboard;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Modules.Carbon.Tours;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Carbon.Web;

internal static class CarbonEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/carbon").WithTags("carbon");
        api.MapGet("/factor-sets", FactorSetsAsync).RequireAuthorization();
        api.MapGet("/factor-sets/{id:int}/factors", FactorsAsync).RequireAuthorization();
        // Signed in; the handler checks membership (or the city's access to a business that shares its data).
        api.MapGet("/businesses/{id:int}/activity", ActivityAsync).RequireAuthorization();
        api.MapGet("/businesses/{id:int}/results", ResultsAsync).RequireAuthorization();
        api.MapGet("/tours", ToursAsync).AllowAnonymous();

        app.MapGet("/carbon/b/{id:int}/export.csv", (int id, int fy, ClaimsPrincipal user, HttpContext http, CancellationToken ct) => ExportAsync(id, fy, user, http, xlsx: false, ct))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/carbon/b/{id:int}/export.xlsx", (int id, int fy, ClaimsPrincipal user, HttpContext http, CancellationToken ct) => ExportAsync(id, fy, user, http, xlsx: true, ct))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/carbon/b/{id:int}/eegs.xlsx", (int id, int fy, ClaimsPrincipal user, HttpContext http, CancellationToken ct) => ReportAsync(id, fy, user, http, pdf: false, ct))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/carbon/b/{id:int}/report.pdf", (int id, int fy, ClaimsPrincipal user, HttpContext http, CancellationToken ct) => ReportAsync(id, fy, user, http, pdf: true, ct))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/carbon/factors/{id:int}/export.csv", FactorCsvAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/carbon/bills-template.csv", () => Results.File(
            CsvWriter.WriteToArray(Activity.ActivityService.BillHeaders, [["本社", "2025-04", "電気", "12345", "kWh"], ["本社", "2025-04", "都市ガス", "820", "m3"]], CsvOutputEncoding.Utf8WithBom),
            "text/csv; charset=utf-8", "請求書取込_見本.csv")).RequireAuthorization(CarbonPermissions.BusinessPolicy).ExcludeFromDescription();
    }

    private static async Task<IResult> FactorSetsAsync(CarbonDb db, FactorCatalog catalog, CancellationToken ct)
    {
        await catalog.EnsureEmbeddedAsync(ct);
        var sets = await db.FactorSets.AsNoTracking().OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Label, s.TargetFiscalYear, s.Source, s.ImportedAtUtc, factors = s.Factors.Count }).ToListAsync(ct);
        return Results.Ok(sets);
    }

    private static async Task<IResult> FactorsAsync(int id, CarbonDb db, CancellationToken ct)
    {
        if (!await db.FactorSets.AnyAsync(s => s.Id == id, ct))
        {
            return Results.Problem(title: "係数版がありません。", statusCode: StatusCodes.Status404NotFound);
        }

        var factors = await db.Factors.AsNoTracking().Where(f => f.FactorSetId == id).OrderBy(f => f.Id).ToListAsync(ct);
        return Results.Ok(factors.Select(f => new
        {
            f.Key, f.Name, f.Category, f.Scope, unit = f.UnitCode, valueTCo2PerUnit = f.Value, f.FiscalYear, f.SourceUrl, f.PublishedOn,
            status = FactorCatalog.StatusCode(f.Status), statusLabel = FactorCatalog.StatusLabel(f.Status), f.Verified, f.Note,
        }));
    }

    private static async Task<IResult> ActivityAsync(int id, int fy, ClaimsPrincipal user, BusinessAccess access, CarbonDb db, CancellationToken ct)
    {
        if (!await access.CanAccessAsync(user, id, ct))
        {
            return Results.Problem(title: "この事業者のデータは見られません。", statusCode: StatusCodes.Status403Forbidden);
        }

        var rows = await (from l in db.Lines.AsNoTracking()
                          join s in db.Sheets on l.ActivitySheetId equals s.Id
                          join site in db.Sites on s.SiteId equals site.Id
                          where site.BusinessId == id && s.FiscalYear == fy
                          orderby site.Name, l.Month, l.ActivityKey
                          select new { site = site.Name, month = l.Month, activity = l.ActivityKey, quantity = l.Quantity, unit = l.UnitCode }).ToListAsync(ct);
        return Results.Ok(rows);
    }

    private static async Task<IResult> ResultsAsync(int id, int fy, ClaimsPrincipal user, BusinessAccess access, CalculationService calc, CancellationToken ct)
    {
        if (!await access.CanAccessAsync(user, id, ct))
        {
            return Results.Problem(title: "この事業者のデータは見られません。", statusCode: StatusCodes.Status403Forbidden);
        }

        var run = await calc.LatestAsync(id, fy, withLines: true, ct);
        if (run is null)
        {
            return Results.Problem(title: $"{fy}年度の計算結果はまだありません。", statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Ok(new
        {
            runId = run.Id,
            fiscalYear = run.FiscalYear,
            factorSetId = run.FactorSetId,
            factorSet = run.FactorSetLabel,
            provisional = run.Provisional,
            calculatedAtUtc = run.CalculatedAtUtc,
            scope1TCo2 = new Emission(run.Scope1Grams).Tonnes,
            scope2LocationTCo2 = new Emission(run.Scope2LocationGrams).Tonnes,
            scope2MarketTCo2 = new Emission(run.Scope2MarketGrams).Tonnes,
            scope3TCo2 = new Emission(run.Scope3Grams).Tonnes,
            lines = run.Lines.Select(l => new { l.SiteId, l.Month, l.ActivityKey, l.Scope, l.Category, l.Method, l.Quantity, l.FactorKey, l.FactorValue, tCo2 = new Emission(l.Grams).Tonnes }),
        });
    }

    private static async Task<IResult> ToursAsync(CarbonDb db, FactorCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var tours = await db.Tours.AsNoTracking().Include(t => t.Legs).Include(t => t.Items).Where(t => t.IsPublished).OrderBy(t => t.Id).ToListAsync(ct);
        var chosen = await catalog.ChooseAsync(FiscalYearNow(clock), ct);
        var factors = chosen is null ? [] : await catalog.FactorsAsync(chosen.Value.Set.Id, ct);
        return Results.Ok(tours.Select(t =>
        {
            var r = TourFootprint.Calculate(t, factors);
            return new { t.Id, t.Title, t.Days, t.Nights, expo = t.IsExpo, perParticipantKgCo2 = r.Chosen.Kilograms, conventionalKgCo2 = r.Conventional.Kilograms, reductionPercent = r.ReductionPercent };
        }));
    }

    internal static int FiscalYearNow(TimeProvider clock) => OsakaDx.Platform.Kernel.FiscalYear.FromDate(OsakaDx.Platform.Kernel.JstClock.GetJstToday(clock)).StartYear;

    private static async Task<IResult> ExportAsync(int id, int fy, ClaimsPrincipal user, HttpContext http, bool xlsx, CancellationToken ct)
    {
        var sp = http.RequestServices;
        var access = sp.GetService(typeof(BusinessAccess)) as BusinessAccess;
        if (access is null || !await access.CanAccessAsync(user, id, ct))
        {
            // A status, not a challenge: the user is signed in, the business is not theirs.
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var report = await DashboardLoader.LoadAsync(sp, id, fy, ct);
        if (report is null)
        {
            return Results.NotFound();
        }

        var audit = (AuditLog)sp.GetService(typeof(AuditLog))!;
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, $"排出量 {fy}年度 {(xlsx ? "Excel" : "CSV")} 書き出し: {report.Business.Name}",
            entityType: nameof(Business), entityId: id.ToString(CultureInfo.InvariantCulture), cancellationToken: ct);
        var name = $"排出量_{report.Business.Name}_{fy}年度";
        return xlsx
            ? Results.File(report.ToXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : Results.File(report.ToCsv(), "text/csv; charset=utf-8", name + ".csv");
    }

    private static async Task<IResult> ReportAsync(int id, int fy, ClaimsPrincipal user, HttpContext http, bool pdf, CancellationToken ct)
    {
        var sp = http.RequestServices;
        var access = (BusinessAccess)sp.GetService(typeof(BusinessAccess))!;
        if (!await access.CanAccessAsync(user, id, ct))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var report = await DashboardLoader.LoadAsync(sp, id, fy, ct);
        if (report is null)
        {
            return Results.NotFound();
        }

        var factors = await ((FactorCatalog)sp.GetService(typeof(FactorCatalog))!).FactorsAsync(report.Run.FactorSetId, ct);
        var audit = (AuditLog)sp.GetService(typeof(AuditLog))!;
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, $"排出量 {fy}年度 {(pdf ? "年次報告PDF" : "温対法様式Excel")} 書き出し: {report.Business.Name}",
            entityType: nameof(Business), entityId: id.ToString(CultureInfo.InvariantCulture), cancellationToken: ct);
        var clock = (TimeProvider)sp.GetService(typeof(TimeProvider))!;
        return pdf
            ? Results.File(Reports.CarbonReports.AnnualPdf(report, factors, clock.GetUtcNow().UtcDateTime), "application/pdf", $"排出量年次報告_{report.Business.Name}_{fy}年度.pdf")
            : Results.File(Reports.CarbonReports.EegsXlsx(report, factors), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"エネルギー起源CO2_{report.Business.Name}_{fy}年度.xlsx");
    }

    private static async Task<IResult> FactorCsvAsync(int id, CarbonDb db, CancellationToken ct)
    {
        var set = await db.FactorSets.AsNoTracking().Include(s => s.Factors).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (set is null)
        {
            return Results.NotFound();
        }

        var bytes = CsvWriter.WriteToArray(FactorCatalog.Headers, FactorCatalog.ToRows(set.Factors.OrderBy(f => f.Id)), CsvOutputEncoding.Utf8WithBom);
        return Results.File(bytes, "text/csv; charset=utf-8", $"排出係数_{set.Id.ToString(CultureInfo.InvariantCulture)}.csv");
    }
}
