using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
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
        api.MapGet("/", SearchAsync).WithName("SearchFiles").WithSummary("ファイルとフォルダを検索する（読めるものだけ）");
        api.MapGet("/suggest", SuggestAsync).WithName("SuggestFileNames").WithSummary("ファイル名・フォルダ名の候補（入力途中の補完用）");
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        HttpContext http, SearchService service, string? q, string? type, string? from, string? to, string? folder, string? sort, int? page, int? size)
    {
        var (request, errors) = SearchInput.ToRequest(q, type, from, to, folder, sort, page, Math.Clamp(size ?? 20, 1, 100));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Field, e => new[] { e.Message }));
        }

        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        var results = service.Search(request, principal);
        var sources = await service.SourcesAsync(http.RequestAborted);
        return TypedResults.Ok(SearchResponse.From(results, sources));
    }

    private static async Task<Ok<IEnumerable<SuggestionResponse>>> SuggestAsync(HttpContext http, SearchService service, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Ok(Enumerable.Empty<SuggestionResponse>());
        }

        var principal = await service.PrincipalForAsync(http.User, http.RequestAborted);
        var sources = await service.SourcesAsync(http.RequestAborted);
        return TypedResults.Ok(service.Suggest(q, principal).Select(s => new SuggestionResponse(s.Name, SearchService.FullPath(sources.GetValueOrDefault(s.SourceId), s.RelativePath), s.IsFolder)));
    }
}

internal sealed record SuggestionResponse(string Name, string Path, bool IsFolder);

internal sealed record SearchResponse(long Total, IReadOnlyList<SearchResponse.Hit> Results, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string? Error)
{
    public static SearchResponse From(SearchResults results, IReadOnlyDictionary<int, Data.SearchSource> sources) => new(
        results.Total,
        results.Hits.Select(h => new Hit(
            SearchService.FullPath(sources.GetValueOrDefault(h.SourceId), h.RelativePath), h.Name, h.Type, h.IsFolder, h.Size,
            new DateTimeOffset(h.ModifiedUtc, TimeSpan.Zero).ToJst(), h.Score, h.SnippetHtml)).ToList(),
        new Dictionary<string, IReadOnlyList<FacetValue>> { ["type"] = results.Types, ["year"] = results.Years, ["folder"] = results.Folders },
        results.Error);

    internal sealed record Hit(string Path, string Name, string Type, bool IsFolder, long Size, DateTimeOffset Modified, float Score, string Snippet);
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
