using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Search.Querying;

/// <summary>/api/search: the same search, permissions and filters as the page, as JSON.</summary>
internal static class SearchApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/search").RequireAuthorization(PlatformPermissions.Policy(SearchModule.UsePermission)).WithTags("ファイル検索");
        api.MapGet("/", SearchAsync).WithName("SearchFiles").WithSummary("ファイルとフォルダを検索する（読めるものだけ。類似ファイルはまとめ、もしかして・同義語を含む）");
        api.MapGet("/suggest", SuggestAsync).WithName("SuggestFileNames").WithSummary("ファイル名・フォルダ名の候補（入力途中の補完用）");
        api.MapGet("/document", DocumentAsync).WithName("SearchDocument").WithSummary("1件の抽出テキスト・関連文書・類似ファイル（読める場合だけ）");
        api.MapGet("/stats", StatsAsync).WithName("SearchStats").WithSummary("検索の利用状況（管理者）")
            .RequireAuthorization(PlatformPermissions.Policy(SearchModule.AdminPermission));

        // Result links go through here so that clicks are logged (learning to rank, click-through), then on to the file or the preview.
        var pages = endpoints.MapGroup("/search").RequireAuthorization(PlatformPermissions.Policy(SearchModule.UsePermission)).ExcludeFromDescription();
        pages.MapGet("/open", OpenAsync);
        pages.MapGet("/admin/analytics.csv", AnalyticsCsvAsync).RequireAuthorization(PlatformPermissions.Policy(SearchModule.AdminPermission));
        pages.MapGet("/admin/principals.csv", PrincipalsCsvAsync).RequireAuthorization(PlatformPermissions.Policy(SearchModule.AdminPermission));
    }

    private static async Task<FileContentHttpResult> PrincipalsCsvAsync(HttpContext http, SearchDb db, OsakaDx.Platform.Data.PlatformDb platform, string? encoding)
    {
        var rows = await Permissions.PrincipalMappings.ListAsync(db, platform, http.RequestAborted);
        return CsvFile((stream, target) => Permissions.PrincipalMappings.WriteCsv(rows, stream, target), encoding, "SID対応表.csv");
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        HttpContext http, SearchService service, string? q, string? type, string? from, string? to, string? folder, string? dept, string? sort, int? page, int? size)
    {
        var (request, errors) = SearchInput.ToRequest(q, type, from, to, folder, sort, page, Math.Clamp(size ?? 20, 1, 100));
        var department = SearchInput.ParseDepartment(dept, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Field, e => new[] { e.Message }));
        }

        if (department is { } d)
        {
            request = request with { Sources = await service.SourcesOfDepartmentAsync(d, http.RequestAborted) };
        }

        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        var (results, logId) = await service.RunAsync(request, principal, "api", http.Request.QueryString.Value ?? "", http.RequestAborted);
        var sources = await service.SourcesAsync(http.RequestAborted);
        var departments = await service.DepartmentsAsync(results, sources, http.RequestAborted);
        return TypedResults.Ok(SearchResponse.From(results, sources, service, departments, logId));
    }

    private static async Task<Ok<IEnumerable<SuggestionResponse>>> SuggestAsync(HttpContext http, SearchService service, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Ok(Enumerable.Empty<SuggestionResponse>());
        }

        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        var sources = await service.SourcesAsync(http.RequestAborted);
        return TypedResults.Ok(service.Suggest(q, principal).Select(s => new SuggestionResponse(s.Name, service.DisplayPath(sources.GetValueOrDefault(s.SourceId), s.RelativePath), s.IsFolder)));
    }

    private static async Task<Results<Ok<DocumentResponse>, NotFound>> DocumentAsync(HttpContext http, SearchService service, string? key)
    {
        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        if (string.IsNullOrEmpty(key) || service.Preview(key, principal) is not { } doc)
        {
            return TypedResults.NotFound(); // the same answer for "no such file" and "not yours"
        }

        var sources = await service.SourcesAsync(http.RequestAborted);
        SearchResponse.Hit Line(SearchHit h) => SearchResponse.ToHit(h, sources, service);
        return TypedResults.Ok(new DocumentResponse(
            key, service.DisplayPath(sources.GetValueOrDefault(doc.SourceId), doc.RelativePath), doc.Name, doc.Type, doc.Size,
            new DateTimeOffset(doc.ModifiedUtc, TimeSpan.Zero).ToJst(), doc.Content,
            service.Related(key, principal).Select(Line).ToList(), service.Similar(key, principal).Select(Line).ToList()));
    }

    private static async Task<Ok<AnalyticsReport>> StatsAsync(HttpContext http, SearchAnalytics analytics) =>
        TypedResults.Ok(await analytics.ComputeAsync(http.RequestAborted));

    private static async Task<IResult> OpenAsync(HttpContext http, SearchService service, string? key, long? log, int? rank, string? to)
    {
        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        if (string.IsNullOrEmpty(key) || service.Preview(key, principal) is not { } doc)
        {
            return TypedResults.NotFound();
        }

        var preview = to != "file";
        await service.RecordClickAsync(log ?? 0, principal.Name, key, rank ?? 0, preview ? "preview" : "open", http.RequestAborted);
        if (preview)
        {
            return TypedResults.Redirect("/search/preview?key=" + Uri.EscapeDataString(key) + (log is > 0 ? "&log=" + log.Value.ToString(CultureInfo.InvariantCulture) : ""));
        }

        var sources = await service.SourcesAsync(http.RequestAborted);
        return TypedResults.Redirect(service.OpenUrl(sources.GetValueOrDefault(doc.SourceId), doc.RelativePath));
    }

    private static async Task<FileContentHttpResult> AnalyticsCsvAsync(HttpContext http, SearchAnalytics analytics, string? encoding)
    {
        var report = await analytics.ComputeAsync(http.RequestAborted);
        return CsvFile((stream, target) => SearchAnalytics.WriteCsv(report, stream, target), encoding, "検索利用状況.csv");
    }

    /// <summary>A CSV download in UTF-8 with BOM, or Shift_JIS for <c>?encoding=sjis</c> (older Excel).</summary>
    private static FileContentHttpResult CsvFile(Action<Stream, OsakaDx.Platform.Files.CsvOutputEncoding> write, string? encoding, string fileName)
    {
        var sjis = encoding == "sjis";
        using var buffer = new MemoryStream();
        write(buffer, sjis ? OsakaDx.Platform.Files.CsvOutputEncoding.ShiftJis : OsakaDx.Platform.Files.CsvOutputEncoding.Utf8WithBom);
        return TypedResults.File(buffer.ToArray(), sjis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", fileName);
    }
}

internal sealed record DocumentResponse(
    string Key, string Path, string Name, string Type, long Size, DateTimeOffset Modified, string Text,
    IReadOnlyList<SearchResponse.Hit> Related, IReadOnlyList<SearchResponse.Hit> Similar);

internal sealed record SuggestionResponse(string Name, string Path, bool IsFolder);

internal sealed record SearchResponse(
    long Total,
    IReadOnlyList<SearchResponse.Hit> Results,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    IReadOnlyList<DepartmentFacet> Departments,
    string? DidYouMean,
    long DidYouMeanTotal,
    IReadOnlyList<string> Synonyms,
    long Collapsed,
    long LogId,
    string? Error)
{
    public static SearchResponse From(SearchResults results, IReadOnlyDictionary<int, Data.SearchSource> sources, SearchService service, IReadOnlyList<DepartmentFacet> departments, long logId) => new(
        results.Total,
        results.Hits.Select(h => ToHit(h, sources, service)).ToList(),
        new Dictionary<string, IReadOnlyList<FacetValue>> { ["type"] = results.Types, ["year"] = results.Years, ["folder"] = results.Folders },
        departments,
        results.DidYouMean,
        results.DidYouMeanTotal,
        results.Expansions,
        results.Collapsed,
        logId,
        results.Error);

    public static Hit ToHit(SearchHit h, IReadOnlyDictionary<int, Data.SearchSource> sources, SearchService service) => new(
        h.Key, service.DisplayPath(sources.GetValueOrDefault(h.SourceId), h.RelativePath), h.Name, h.Type, h.IsFolder, h.Size,
        new DateTimeOffset(h.ModifiedUtc, TimeSpan.Zero).ToJst(), h.Score, h.SnippetHtml,
        h.Similar.Select(s => ToHit(s, sources, service)).ToList());

    internal sealed record Hit(string Key, string Path, string Name, string Type, bool IsFolder, long Size, DateTimeOffset Modified, float Score, string Snippet, IReadOnlyList<Hit> Similar);
}

/// <summary>Query-string input of the page and the API, checked the same way.</summary>
internal static class SearchInput
{
    public static (SearchRequest Request, List<(string Field, string Message)> Errors) ToRequest(
        string? q, string? type, string? from, string? to, string? folder, string? sort, int? page, int pageSize = 20)
    {
        var errors = new List<(string, string)>();
        var fromUtc = ParseDate(from, "from", "更新日（から）", errors);
        var toUtc = ParseDate(to, "to", "更新日（まで）", errors)?.AddDays(1);
        if (fromUtc is not null && toUtc is not null && fromUtc >= toUtc)
        {
            errors.Add(("to", "「更新日（まで）」は「更新日（から）」以降の日付にしてください。"));
        }

        var request = new SearchRequest(q?.Trim() ?? "")
        {
            Type = string.IsNullOrWhiteSpace(type) ? null : type,
            ModifiedFromUtc = fromUtc,
            ModifiedToUtc = toUtc,
            Folder = string.IsNullOrWhiteSpace(folder) ? null : folder,
            Sort = sort == "date" ? SearchSort.Newest : SearchSort.Relevance,
            Page = Math.Clamp(page ?? 1, 1, 500),
            PageSize = pageSize,
        };
        return (request, errors);
    }

    /// <summary>The department filter: an OrgUnit id.</summary>
    public static int? ParseDepartment(string? dept, List<(string Field, string Message)> errors)
    {
        if (string.IsNullOrWhiteSpace(dept))
        {
            return null;
        }

        if (!int.TryParse(dept, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            errors.Add(("dept", $"「所属」は一覧から選んでください（「{dept}」）。"));
            return null;
        }

        return id;
    }

    /// <summary>A JST calendar date (2025-04-01, 2025/4/1 or full-width digits) as the UTC instant of its midnight in Japan.</summary>
    private static DateTime? ParseDate(string? text, string field, string label, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalized = text.Normalize(System.Text.NormalizationForm.FormKC).Trim().Replace('/', '-');
        if (!DateOnly.TryParseExact(normalized, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add((field, $"「{label}」は 2025-04-01 の形の日付で入力してください（「{text}」）。"));
            return null;
        }

        return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).UtcDateTime;
    }
}
