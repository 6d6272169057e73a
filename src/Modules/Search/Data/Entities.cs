using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Search.Data;

/// <summary>A crawled root: a local folder or a mounted share, registered by an admin.</summary>
public sealed class SearchSource : IVersioned
{
    public int Id { get; set; }

    /// <summary>表示名, also the name the CLI uses: 「財政局 共有フォルダ」.</summary>
    public string Name { get; set; } = "";

    /// <summary>Absolute path of the root on this server.</summary>
    public string RootPath { get; set; } = "";

    /// <summary>所管所属 (platform OrgUnit id).</summary>
    public int? OwnerOrgUnitId { get; set; }

    public SourceVisibility Visibility { get; set; }

    /// <summary>Files larger than this are indexed by name only.</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>False while paused: no scheduled, watched or "crawl all" crawls (a running crawl is asked to stop).</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>When the scheduler starts a crawl by itself.</summary>
    public CrawlScheduleKind Schedule { get; set; }

    /// <summary>For <see cref="CrawlScheduleKind.EveryHours"/>: hours between crawl starts (1–168).</summary>
    public int ScheduleHours { get; set; } = 24;

    /// <summary>For <see cref="CrawlScheduleKind.DailyAt"/>: minutes after midnight, Japan time (e.g. 22:30 → 1350).</summary>
    public int ScheduleMinuteOfDay { get; set; } = 22 * 60;

    /// <summary>Watch a local root for changes and apply them within a minute (shares are rescanned on schedule only).</summary>
    public bool WatchChanges { get; set; } = true;

    /// <summary>Extraction of one file is abandoned after this many seconds and recorded with a reason.</summary>
    public int MaxSecondsPerFile { get; set; } = 60;

    /// <summary>Read rate limit for this source in MB/s (0 = no limit), so a crawl never saturates a file server.</summary>
    public int ThrottleMbPerSecond { get; set; }

    /// <summary>Files extracted at the same time (0 = one per CPU core).</summary>
    public int Parallelism { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Where file permissions come from: POSIX mode/owner/group (default), or NTFS ACLs (see Permissions/).</summary>
    public AclMode AclMode { get; set; }

    /// <summary>For <see cref="AclMode.Sidecar"/>: the exported ACL file (getcifsacl text per path).</summary>
    public string? AclFile { get; set; }

    public List<SourceGroupMapping> GroupMappings { get; set; } = [];

    public long Version { get; set; }
}

public enum AclMode
{
    /// <summary>POSIX のモード・所有者・グループ</summary>
    Posix = 0,

    /// <summary>NTFS アクセス権（書き出したファイルから）</summary>
    Sidecar = 1,

    /// <summary>NTFS アクセス権（SMB 共有から getcifsacl で）</summary>
    Cifs = 2,
}

public enum CrawlScheduleKind
{
    /// <summary>手動のみ</summary>
    Manual = 0,

    /// <summary>N時間ごと</summary>
    EveryHours = 1,

    /// <summary>毎日 HH:MM</summary>
    DailyAt = 2,
}

/// <summary>Who may see a source's files at all, before the files' own permissions are applied.</summary>
public enum SourceVisibility
{
    /// <summary>全職員</summary>
    AllStaff = 0,

    /// <summary>所管所属（とその下の組織）のみ</summary>
    OwningDepartment = 1,
}

/// <summary>
/// POSIX group id on this source's file system → the OrgUnit whose staff (and sub-units) are its
/// members. Files readable only by their group are visible to exactly those staff.
/// </summary>
public sealed class SourceGroupMapping
{
    public int Id { get; set; }

    public int SourceId { get; set; }

    public long Gid { get; set; }

    public int OrgUnitId { get; set; }
}

/// <summary>One file or folder the crawler saw under a source.</summary>
[NotAudited] // written by the crawler by the thousand; crawl runs summarize them
public sealed class CatalogEntry
{
    public long Id { get; set; }

    public int SourceId { get; set; }

    /// <summary>Path under the source root with '/' separators; "" is never stored (the root itself is not a result).</summary>
    public string RelativePath { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Lower-case extension without the dot; "" for folders and files without one.</summary>
    public string Extension { get; set; } = "";

    public bool IsFolder { get; set; }

    public long Size { get; set; }

    public DateTime ModifiedAtUtc { get; set; }

    /// <summary>SHA-256 of the content (hex), used to recognize moved and renamed files.</summary>
    public string? ContentHash { get; set; }

    public long? OwnerUid { get; set; }

    public long? GroupGid { get; set; }

    /// <summary>POSIX permission bits (e.g. 0o640).</summary>
    public int Mode { get; set; }

    /// <summary>The NTFS ACL as indexed ("nt:…" blocks), for sources that read NTFS ACLs; null for POSIX. A change re-indexes the file.</summary>
    public string? Acl { get; set; }

    public ExtractionStatus Status { get; set; }

    /// <summary>Why the text could not be read, in Japanese, for admins.</summary>
    public string? Reason { get; set; }

    public DateTime IndexedAtUtc { get; set; }

    /// <summary>The crawl (job id) that last saw this path on disk; entries left behind by a finished crawl are deleted.</summary>
    public Guid LastSeenCrawlId { get; set; }
}

public enum ExtractionStatus
{
    /// <summary>本文を索引済み</summary>
    Indexed = 0,

    /// <summary>ファイル名のみ（対応外の形式・空・サイズ超過）</summary>
    NameOnly = 1,

    /// <summary>読み取り失敗（暗号化・破損など）</summary>
    Failed = 2,

    /// <summary>フォルダ</summary>
    Folder = 3,

    /// <summary>文字のない画像・スキャンPDF: 名前で索引済み、OCR待ち（巡回の最後に低優先度で処理）</summary>
    OcrPending = 4,
}

/// <summary>One crawl of one source (the job id is its id): counts shown on the admin page.</summary>
[NotAudited]
public sealed class CrawlRun
{
    public Guid Id { get; set; }

    public int SourceId { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public long Seen { get; set; }

    public long Indexed { get; set; }

    public long Unchanged { get; set; }

    public long Failed { get; set; }

    public long Removed { get; set; }

    public long Moved { get; set; }

    public string? Error { get; set; }
}

public static class ExtractionStatusNames
{
    public static string ToJapanese(this ExtractionStatus status) => status switch
    {
        ExtractionStatus.Indexed => "本文索引済み",
        ExtractionStatus.NameOnly => "名前のみ",
        ExtractionStatus.Failed => "読み取り失敗",
        ExtractionStatus.Folder => "フォルダ",
        ExtractionStatus.OcrPending => "OCR待ち",
        _ => status.ToString(),
    };

    public static string ToJapanese(this SourceVisibility visibility) => visibility switch
    {
        SourceVisibility.AllStaff => "全職員",
        SourceVisibility.OwningDepartment => "所管所属のみ",
        _ => visibility.ToString(),
    };

    public static string Describe(this SearchSource source) => source.Schedule switch
    {
        CrawlScheduleKind.EveryHours => $"{source.ScheduleHours}時間ごと",
        CrawlScheduleKind.DailyAt => $"毎日 {source.ScheduleMinuteOfDay / 60:00}:{source.ScheduleMinuteOfDay % 60:00}",
        _ => "手動のみ",
    };
}
