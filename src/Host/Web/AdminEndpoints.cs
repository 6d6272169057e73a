using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OsakaDx.Host.Components;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Host.Web;

/// <summary>File downloads of the admin pages: organization CSV, audit CSV, a finished job's file.</summary>
internal static class AdminEndpoints
{
    /// <summary>The most rows the audit viewer's direct download writes; larger exports go through the background job.</summary>
    public const int MaxAuditRows = 100_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/org/export.csv", ExportOrgAsync)
            .RequireAuthorization(PlatformPermissions.Policy(PlatformPermissions.OrgManage)).ExcludeFromDescription();
        app.MapGet("/admin/audit/export.csv", ExportAuditAsync)
            .RequireAuthorization(PlatformPermissions.Policy(PlatformPermissions.AuditRead)).ExcludeFromDescription();
        app.MapGet("/admin/jobs/{id:guid}/download", DownloadJobAsync).ExcludeFromDescription();
    }

    private static CsvOutputEncoding EncodingOf(string? name) =>
        string.Equals(name, "sjis", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "shift_jis", StringComparison.OrdinalIgnoreCase)
            ? CsvOutputEncoding.ShiftJis
            : CsvOutputEncoding.Utf8WithBom;

    private static string ContentType(CsvOutputEncoding encoding) =>
        encoding == CsvOutputEncoding.ShiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8";

    private static async Task<IResult> ExportOrgAsync(string? encoding, OrgService org, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var target = EncodingOf(encoding);
        using var buffer = new MemoryStream();
        try
        {
            await org.ExportCsvAsync(buffer, target, ct);
        }
        catch (CsvFormatException)
        {
            return Results.LocalRedirect("/admin/org?exporterror=sjis");
        }

        await audit.WriteAsync(AuditCategories.Data, AuditActions.Export, $"組織マスタCSV書き出し（{(target == CsvOutputEncoding.ShiftJis ? "Shift_JIS" : "UTF-8")}）",
            entityType: nameof(OrgUnit), cancellationToken: ct);
        var name = $"組織マスタ_{clock.GetJstNow():yyyyMMdd}.csv";
        return Results.File(buffer.ToArray(), ContentType(target), name);
    }

    private static async Task<IResult> ExportAuditAsync(HttpContext http, PlatformDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var form = AuditFilterForm.FromQuery(http.Request.Query);
        var errors = new FormErrors();
        var filter = form.ToFilter(errors);
        if (errors.Any)
        {
            // The viewer shows what is wrong with the filters.
            return Results.LocalRedirect("/admin/audit" + form.QueryString());
        }

        var target = EncodingOf(http.Request.Query["encoding"]);

        // Written to a temporary file first: Kestrel allows no synchronous writes to the response,
        // and the file is deleted as soon as the download stream is closed.
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        long count = 0;
        try
        {
            var rows = filter.Apply(db.AuditEntries.AsNoTracking()).OrderByDescending(a => a.Id).Take(MaxAuditRows)
                .AsEnumerable()
                .Select(a =>
                {
                    count++;
                    return AuditCsv.Row(a);
                });
            await Task.Run(() => CsvWriter.Write(temp, AuditCsv.Headers, rows, target), ct);
            temp.Position = 0;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }

        await audit.WriteAsync(AuditCategories.Security, AuditActions.Export,
            $"監査ログCSV書き出し {count.ToString(CultureInfo.InvariantCulture)} 件（条件: {form.Describe()}）", entityType: nameof(AuditEntry), cancellationToken: ct);
        return Results.File(temp, ContentType(target), $"監査ログ_{clock.GetJstNow():yyyyMMdd-HHmmss}.csv");
    }

    private static async Task<IResult> DownloadJobAsync(Guid id, ClaimsPrincipal user, PlatformDb db, AuditLog audit, IOptions<PlatformOptions> options, CancellationToken ct)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null || job.Status != JobStatus.Succeeded || string.IsNullOrEmpty(job.ResultFile))
        {
            return Results.NotFound();
        }

        if (job.RequestedBy != user.Identity?.Name && !user.HasClaim(PlatformClaims.Permission, PlatformPermissions.JobsManage))
        {
            return Results.Forbid();
        }

        // The stored path is relative to the data folder; anything that resolves outside it is refused.
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.FullDataPath)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, job.ResultFile));
        if (!full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full))
        {
            return Results.NotFound();
        }

        await audit.WriteAsync(AuditCategories.Security, AuditActions.Export, $"ジョブの結果ファイルをダウンロード: {job.Title}",
            entityType: nameof(JobRecord), entityId: job.Id.ToString(), cancellationToken: ct);
        var contentType = full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "application/octet-stream";
        return Results.File(full, contentType, Path.GetFileName(full));
    }
}

/// <summary>The audit viewer's filters as typed in the query string, shared by the page and the CSV download.</summary>
internal sealed record AuditFilterForm(string? From, string? To, string? Actor, string? Category, string? Action, string? Entity)
{
    public static readonly IReadOnlyList<string> Actions =
    [
        AuditActions.Insert, AuditActions.Update, AuditActions.Delete, AuditActions.SignIn, AuditActions.SignInFailed,
        AuditActions.LockedOut, AuditActions.SignOut, AuditActions.PermissionDenied, AuditActions.PasswordChanged, AuditActions.Export,
    ];

    public static AuditFilterForm FromQuery(IQueryCollection query) => new(
        Clean(query["from"]), Clean(query["to"]), Clean(query["actor"]), Clean(query["category"]), Clean(query["action"]), Clean(query["entity"]));

    /// <summary>The filter, adding a Japanese error per field that cannot be read.</summary>
    public AuditFilter ToFilter(FormErrors errors)
    {
        var from = Date("from", "期間（から）", From, errors);
        var to = Date("to", "期間（まで）", To, errors);
        if (from is not null && to is not null && from > to)
        {
            errors.Add("to", "「期間（まで）」は「期間（から）」と同じ日か、それより後の日にしてください。");
        }

        if (Category is not null && Category is not (AuditCategories.Data or AuditCategories.Security))
        {
            errors.Add("category", "「区分」は一覧から選んでください。");
        }

        if (Action is not null && !Actions.Contains(Action))
        {
            errors.Add("action", "「操作」は一覧から選んでください。");
        }

        return new AuditFilter { From = from, To = to, Actor = Actor, Category = Category, Action = Action, EntityType = Entity };
    }

    public string QueryString(int? page = null) => Components.Pages.Admin.AdminUi.Query(
        ("from", From), ("to", To), ("actor", Actor), ("category", Category), ("action", Action), ("entity", Entity),
        ("page", page?.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The conditions in words, for the audit row of an export.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (From is not null || To is not null)
        {
            parts.Add($"期間 {From ?? ""}〜{To ?? ""}");
        }

        if (Actor is not null)
        {
            parts.Add($"操作者 {Actor}");
        }

        if (Category is not null)
        {
            parts.Add($"区分 {Category}");
        }

        if (Action is not null)
        {
            parts.Add($"操作 {AuditActions.ToJapanese(Action)}");
        }

        if (Entity is not null)
        {
            parts.Add($"対象 {Entity}");
        }

        return parts.Count == 0 ? "なし" : string.Join("、", parts);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Date(string field, string label, string? text, FormErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ||
            DateOnly.TryParseExact(text, "yyyy/M/d", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }

        errors.Add(field, $"「{label}」は 2025-04-01 の形の日付で入力してください（「{text}」）。");
        return null;
    }
}
