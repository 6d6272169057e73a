using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using Microsoft.Extensions.Configuration;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Search.Querying;

/// <summary>Turns a staff member into search principals, and runs their searches.</summary>
internal sealed class SearchService(ISearchIndex index, SearchDb db, PlatformDb platform, TimeProvider clock, IConfiguration configuration, Ranking.LearnedRanker ranker, Semantic.SemanticRanker semantic, NameSuggestions names)
{
    /// <summary>Shown keys kept per logged search (learning to rank reads them).</summary>
    private const int ShownKept = 20;

    /// <summary>The signed-in user's tokens: their unit and every unit above it, and file-system groups mapped to those units.</summary>
    public async Task<SearchPrincipal> PrincipalForAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var name = user.Identity?.Name ?? "";
        int? org = int.TryParse(user.FindFirst(PlatformClaims.OrgUnit)?.Value, out var id) ? id : null;
        if (org is null && name.Length > 0)
        {
            org = await platform.Users.Where(u => u.UserName == name).Select(u => u.OrgUnitId).FirstOrDefaultAsync(cancellationToken);
        }

        return await PrincipalForOrgAsync(name, org, cancellationToken);
    }

    public async Task<SearchPrincipal?> PrincipalForUserNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await platform.Users.Where(u => u.UserName == userName && u.IsActive).Select(u => new { u.OrgUnitId }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? null : await PrincipalForOrgAsync(userName, user.OrgUnitId, cancellationToken);
    }

    public async Task<SearchPrincipal> PrincipalForOrgAsync(string name, int? orgUnitId, CancellationToken cancellationToken = default)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal) { SearchPrincipal.AllStaff };
        var chain = new List<int>();
        if (orgUnitId is not null)
        {
            var parents = await platform.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToDictionaryAsync(o => o.Id, o => o.ParentId, cancellationToken);
            int? current = orgUnitId;
            while (current is { } c && !chain.Contains(c))
            {
                chain.Add(c);
                current = parents.GetValueOrDefault(c);
            }
        }

        foreach (var org in chain)
        {
            tokens.Add(SearchPrincipal.Org(org));
        }

        var groups = await db.GroupMappings.AsNoTracking().Where(m => chain.Contains(m.OrgUnitId)).ToListAsync(cancellationToken);
        foreach (var g in groups)
        {
            tokens.Add(SearchPrincipal.Group(g.SourceId, g.Gid));
        }

        await Permissions.PrincipalMappings.AddTokensAsync(db, name, chain, tokens, cancellationToken); // NTFS: SIDs mapped to the user, their units, or all staff

        return new SearchPrincipal(name, tokens);
    }

    public SearchResults Search(SearchRequest request, SearchPrincipal principal) => index.Search(request, principal);

    /// <summary>
    /// A staff search as the page, the API and the CLI run it: the synonym dictionary applied, the
    /// department resolved to its sources, the time measured, and one row written to the search log.
    /// </summary>
    public async Task<(SearchResults Results, long LogId)> RunAsync(
        SearchRequest request, SearchPrincipal principal, string surface, string filters, CancellationToken cancellationToken = default)
    {
        request = request with
        {
            Synonyms = await SynonymGroupsAsync(cancellationToken),
            Reranker = request.Baseline ? null : ranker.Active(),
            Semantic = request.Baseline ? null : semantic.Active(),
            NowUtc = clock.GetUtcNow().UtcDateTime,
        };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = index.Search(request, principal);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return (results, 0); // browsing a folder is not a search
        }

        var log = new SearchQueryLog
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserName = principal.Name.Length > 100 ? principal.Name[..100] : principal.Name,
            Query = request.Query.Length > 500 ? request.Query[..500] : request.Query,
            Surface = surface,
            Filters = filters.Length > 1000 ? filters[..1000] : filters,
            Page = request.Page,
            Total = results.Total,
            LatencyMs = Math.Round(elapsed.TotalMilliseconds, 2),
            Shown = string.Join('\n', results.Hits.Take(ShownKept).Select(h => h.Key)),
        };
        db.QueryLog.Add(log);
        await db.SaveChangesAsync(cancellationToken);
        return (results, log.Id);
    }

    /// <summary>Records that the user opened a result of their own logged search; anything else is ignored.</summary>
    public async Task RecordClickAsync(long logId, string userName, string key, int rank, string action, CancellationToken cancellationToken = default)
    {
        if (logId <= 0 || !await db.QueryLog.AnyAsync(l => l.Id == logId && l.UserName == userName, cancellationToken))
        {
            return;
        }

        db.Clicks.Add(new SearchClick { QueryLogId = logId, AtUtc = clock.GetUtcNow().UtcDateTime, Key = key, Rank = Math.Clamp(rank, 0, 10_000), Action = action });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IReadOnlyList<string>>> SynonymGroupsAsync(CancellationToken cancellationToken = default) =>
        (await db.Synonyms.AsNoTracking().Select(s => s.Terms).ToListAsync(cancellationToken))
            .Select(t => (IReadOnlyList<string>)t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(g => g.Count > 1)
            .ToList();

    /// <summary>The sources a department owns (itself or a unit under it): the department filter.</summary>
    public async Task<IReadOnlyCollection<int>> SourcesOfDepartmentAsync(int orgUnitId, CancellationToken cancellationToken = default)
    {
        var parents = await platform.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToDictionaryAsync(o => o.Id, o => o.ParentId, cancellationToken);
        var sources = await db.Sources.AsNoTracking().Where(s => s.OwnerOrgUnitId != null).Select(s => new { s.Id, s.OwnerOrgUnitId }).ToListAsync(cancellationToken);
        return sources.Where(s => IsUnder(s.OwnerOrgUnitId!.Value, orgUnitId, parents)).Select(s => s.Id).ToList();
    }

    private static bool IsUnder(int unit, int ancestor, Dictionary<int, int?> parents)
    {
        int? current = unit;
        for (var guard = 0; current is { } c && guard < 50; guard++)
        {
            if (c == ancestor)
            {
                return true;
            }

            current = parents.GetValueOrDefault(c);
        }

        return false;
    }

    /// <summary>The department facet: hits per source turned into hits per owning unit.</summary>
    public async Task<IReadOnlyList<DepartmentFacet>> DepartmentsAsync(SearchResults results, IReadOnlyDictionary<int, SearchSource> sources, CancellationToken cancellationToken = default)
    {
        var owners = results.Sources
            .Select(f => (Owner: int.TryParse(f.Value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? sources.GetValueOrDefault(id)?.OwnerOrgUnitId : null, f.Count))
            .Where(o => o.Owner is not null)
            .GroupBy(o => o.Owner!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Count));
        if (owners.Count == 0)
        {
            return [];
        }

        var names = await platform.OrgUnits.AsNoTracking().Where(o => owners.Keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return owners.Select(o => new DepartmentFacet(o.Key, names.GetValueOrDefault(o.Key, "（不明な所属）"), o.Value)).OrderByDescending(d => d.Count).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<string?> OrgNameAsync(int orgUnitId, CancellationToken cancellationToken = default) =>
        await platform.OrgUnits.AsNoTracking().Where(o => o.Id == orgUnitId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);

    public IndexDocument? Preview(string key, SearchPrincipal principal) => index.GetVisible(key, principal);

    public IReadOnlyList<SearchHit> Related(string key, SearchPrincipal principal, int limit = 8) => index.Related(key, principal, limit);

    public IReadOnlyList<SearchHit> Similar(string key, SearchPrincipal principal, int limit = 20) => index.Similar(key, principal, limit);

    /// <summary>
    /// The path staff paste into Explorer. A server path under a configured mapping
    /// (OsakaDx:Search:PathMap:N:Local = /mnt/zaisei, :Unc = \\fs01\zaisei) is shown as the share's UNC path.
    /// </summary>
    public string DisplayPath(SearchSource? source, string relativePath)
    {
        var full = FullPath(source, relativePath);
        foreach (var map in configuration.GetSection("OsakaDx:Search:PathMap").GetChildren())
        {
            var local = map["Local"]?.TrimEnd('/', '\\');
            var unc = map["Unc"]?.TrimEnd('\\');
            if (!string.IsNullOrEmpty(local) && !string.IsNullOrEmpty(unc) &&
                (full == local || full.StartsWith(local + "/", StringComparison.Ordinal) || full.StartsWith(local + "\\", StringComparison.Ordinal)))
            {
                return unc + full[local.Length..].Replace('/', '\\');
            }
        }

        return full;
    }

    /// <summary>A file: URL for the path (UNC paths become file://server/share/...), each segment escaped.</summary>
    public string OpenUrl(SearchSource? source, string relativePath)
    {
        var path = DisplayPath(source, relativePath);
        if (path.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return "file://" + string.Join('/', path[2..].Split('\\').Select(Uri.EscapeDataString));
        }

        return "file://" + string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>File and folder names for the search box: from the name index when it is built, else Lucene's name field (same permission filter either way).</summary>
    public IReadOnlyList<Suggestion> Suggest(string text, SearchPrincipal principal, int limit = 8) =>
        names.Suggest(text, principal, limit) ?? index.Suggest(text, principal, limit);

    /// <summary>
    /// For a search with no or few hits: names that contain one of the query's words, or (for a mistyped
    /// word) its longest leading part that some readable name contains, down to 3 characters.
    /// </summary>
    public IReadOnlyList<Suggestion> NamesLike(string query, SearchPrincipal principal, int limit = 5)
    {
        var found = new List<Suggestion>();
        foreach (var word in query.Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries).Where(w => w[0] is not ('-' or '"') && w != "OR").Select(w => w.Trim('"')).Distinct())
        {
            for (var length = word.Length; length >= Math.Min(3, word.Length) && length >= 2; length--)
            {
                var hits = Suggest(word[..length], principal, limit);
                if (hits.Count > 0)
                {
                    found.AddRange(hits);
                    break;
                }
            }
        }

        return found.DistinctBy(s => (s.SourceId, s.RelativePath)).Take(limit).ToList();
    }

    public async Task<Dictionary<int, SearchSource>> SourcesAsync(CancellationToken cancellationToken = default) =>
        await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);

    /// <summary>The path staff paste into Explorer: the source root joined with the relative path, in the root's own separator style.</summary>
    public static string FullPath(SearchSource? source, string relativePath)
    {
        if (source is null)
        {
            return relativePath;
        }

        var root = source.RootPath.TrimEnd('/', '\\');
        var separator = root.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        return root + separator + relativePath.Replace('/', separator);
    }
}

internal sealed record DepartmentFacet(int OrgUnitId, string Name, long Count);
