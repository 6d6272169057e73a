using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Search.Querying;

/// <summary>Turns a staff member into search principals, and runs their searches.</summary>
internal sealed class SearchService(ISearchIndex index, SearchDb db, PlatformDb platform)
{
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

        return new SearchPrincipal(name, tokens);
    }

    public SearchResults Search(SearchRequest request, SearchPrincipal principal) => index.Search(request, principal);

    public IReadOnlyList<Suggestion> Suggest(string text, SearchPrincipal principal, int limit = 8) => index.Suggest(text, principal, limit);

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
