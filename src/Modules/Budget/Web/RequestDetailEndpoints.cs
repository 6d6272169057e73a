// /api/budget additions of the third slice: the 細節 master as CSV, a request's 継続費・債務負担行為・
// 繰越明許費・地方債 entries, and its attachments (list, download, delete; upload is the page's form).
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Budget.Web;

internal static class RequestDetailEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = BudgetPermissions.Policy(BudgetPermissions.Read);
        api.MapGet("/subsetsus.csv", SubSetsusCsvAsync).RequireAuthorization(read);
        api.MapGet("/requests/{id:int}/entries", async (int id, RequestEntryService entries, CancellationToken ct) => TypedResults.Ok(await entries.ListAsync(id, ct))).RequireAuthorization(read);
        api.MapPost("/requests/{id:int}/entries", SaveEntryAsync).RequireAuthorization(read);
        api.MapDelete("/requests/{id:int}/entries/{entryId:int}", DeleteEntryAsync).RequireAuthorization(read);
        api.MapGet("/requests/{id:int}/attachments", async (int id, AttachmentService files, CancellationToken ct) =>
            TypedResults.Ok((await files.ListAsync(id, ct)).Select(a => new { a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAtUtc, a.UploadedBy }))).RequireAuthorization(read);
        api.MapGet("/requests/{id:int}/attachments/{attachmentId:int}", DownloadAsync).RequireAuthorization(read);
        api.MapDelete("/requests/{id:int}/attachments/{attachmentId:int}", DeleteAttachmentAsync).RequireAuthorization(read);
        api.MapGet("/requests/{id:int}/template", async (int id, Template.RequestTemplateService templates, CancellationToken ct) =>
            await templates.ExportAsync(id, ct) is { } xlsx
                ? Results.File(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"予算要求テンプレート_{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.xlsx")
                : Results.NotFound()).RequireAuthorization(read);
    }

    private static async Task<IResult> SubSetsusCsvAsync(string? encoding, SubSetsuService service, CancellationToken ct)
    {
        var sjis = encoding is "sjis" or "shift_jis";
        using var buffer = new MemoryStream();
        await service.ExportCsvAsync(buffer, sjis ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom, ct);
        return TypedResults.File(buffer.ToArray(), sjis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", "細節.csv");
    }

    private static async Task<IResult> SaveEntryAsync(int id, EntryInput input, ClaimsPrincipal principal, OrgDirectory orgs, RequestEntryService entries, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await entries.SaveAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, input, ct));

    private static async Task<IResult> DeleteEntryAsync(int id, int entryId, long version, ClaimsPrincipal principal, OrgDirectory orgs, RequestEntryService entries, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await entries.DeleteAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, entryId, version, ct));

    private static async Task<IResult> DownloadAsync(int id, int attachmentId, AttachmentService files, AuditLog audit, CancellationToken ct)
    {
        if (await files.OpenAsync(id, attachmentId, ct) is not { } file)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, file.Attachment.FileName, entityType: "BudgetAttachment", cancellationToken: ct);
        return TypedResults.PhysicalFile(file.Path, file.Attachment.ContentType, file.Attachment.FileName);
    }

    private static async Task<IResult> DeleteAttachmentAsync(int id, int attachmentId, ClaimsPrincipal principal, OrgDirectory orgs, AttachmentService files, CancellationToken ct) =>
        BudgetEndpoints.ToHttp(await files.DeleteAsync(await BudgetUser.FromPrincipalAsync(principal, orgs, ct), id, attachmentId, ct));
}
