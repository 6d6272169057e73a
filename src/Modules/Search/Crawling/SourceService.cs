using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>Registering sources and asking for crawls: shared by the admin pages, the API and the CLI.</summary>
internal sealed class SourceService(SearchDb db, JobService jobs, TimeProvider clock)
{
    public sealed record NewSource(string Name, string RootPath, int? OwnerOrgUnitId, SourceVisibility Visibility, long MaxFileBytes, IReadOnlyList<(long Gid, int OrgUnitId)> Groups);

    /// <summary>Checks and saves a source; returns (field, message) errors and saves nothing when there are any.</summary>
    /// <param name="validateOnly">Check and report, but save nothing (the caller found errors of its own).</param>
    public async Task<(SearchSource? Source, List<(string Field, string Message)> Errors)> AddAsync(NewSource input, bool validateOnly = false, CancellationToken cancellationToken = default)
    {
        var errors = new List<(string, string)>();
        var name = input.Name.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (name.Length == 0)
        {
            errors.Add(("Name", "「表示名」を入力してください。"));
        }
        else if (name.Length > 100)
        {
            errors.Add(("Name", $"「表示名」は100文字以内で入力してください（現在{name.Length}文字）。"));
        }
        else if (await db.Sources.AnyAsync(s => s.Name == name, cancellationToken))
        {
            errors.Add(("Name", $"表示名「{name}」の検索対象は既に登録されています。"));
        }

        var root = input.RootPath.Trim();
        if (root.Length == 0)
        {
            errors.Add(("RootPath", "「フォルダのパス」を入力してください。"));
        }
        else if (!Path.IsPathFullyQualified(root))
        {
            errors.Add(("RootPath", $"「フォルダのパス」は絶対パスで入力してください（「{root}」）。例：/mnt/share/zaisei"));
        }
        else if (!Directory.Exists(root))
        {
            errors.Add(("RootPath", $"フォルダ「{root}」が見つからないか、読み取れません。共有がマウントされているか確認してください。"));
        }
        else
        {
            root = Path.GetFullPath(root);
        }

        if (input.Visibility == SourceVisibility.OwningDepartment && input.OwnerOrgUnitId is null)
        {
            errors.Add(("OwnerOrgUnitId", "「所管所属のみ」にするときは「所管所属」を選んでください。"));
        }

        if (input.MaxFileBytes <= 0)
        {
            errors.Add(("MaxFileMb", "「1ファイルの上限」は1以上の整数（MB）で入力してください。"));
        }

        if (errors.Count > 0 || validateOnly)
        {
            return (null, errors);
        }

        var source = new SearchSource
        {
            Name = name,
            RootPath = root,
            OwnerOrgUnitId = input.OwnerOrgUnitId,
            Visibility = input.Visibility,
            MaxFileBytes = input.MaxFileBytes,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            GroupMappings = input.Groups.Distinct().Select(g => new SourceGroupMapping { Gid = g.Gid, OrgUnitId = g.OrgUnitId }).ToList(),
        };
        db.Sources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return (source, errors);
    }

    public async Task<JobRecord> EnqueueCrawlAsync(SearchSource source, CancellationToken cancellationToken = default) =>
        await jobs.EnqueueAsync(CrawlJob.JobKind, $"ファイル検索の巡回: {source.Name}", new CrawlJob.CrawlRequest(source.Id), cancellationToken);
}
