// Walks a source and brings the catalogue and the index in line with the disk. Incremental
// (unchanged path, size, mtime and permissions: nothing read), recognizes moves by content hash,
// removes what disappeared, and is safe to kill at any point: the index is committed before the
// catalogue, and the index replaces documents by key, so a rerun can only redo work, never double it.
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>Running totals of one crawl; also its checkpoint.</summary>
internal sealed record CrawlCounts
{
    public long Total { get; set; }

    public long Seen { get; set; }

    public long Indexed { get; set; }

    public long Unchanged { get; set; }

    public long Failed { get; set; }

    public long Moved { get; set; }

    public long Removed { get; set; }

    /// <summary>Items per second in this run (a resumed run counts from its own start).</summary>
    public double Rate { get; set; }

    public string ToMessage()
    {
        var text = $"確認 {Seen:N0} 件・索引 {Indexed:N0} 件・変更なし {Unchanged:N0} 件・失敗 {Failed:N0} 件・移動 {Moved:N0} 件・削除 {Removed:N0} 件";
        if (Rate > 0 && Total > Seen)
        {
            var left = TimeSpan.FromSeconds((Total - Seen) / Rate);
            text += $"（{Rate:N0} 件/秒、残り約 {(left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes} 分" : $"{Math.Max(1, (int)left.TotalSeconds)} 秒")}）";
        }

        return text;
    }
}

internal sealed class Crawler(SearchDb db, ISearchIndex index, TimeProvider clock)
{
    /// <summary>Files per commit: small enough that a crash loses little, large enough that commits do not dominate.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Each commit fsyncs the index, which costs more than indexing a batch on a busy disk; so a
    /// batch is committed only when this much time has passed since the last commit (a crash then
    /// loses at most a few seconds of work, which the rerun redoes).
    /// </summary>
    public TimeSpan MinCommitInterval { get; set; } = TimeSpan.FromSeconds(3);

    private static readonly HashSet<string> SystemNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Thumbs.db", ".DS_Store", "desktop.ini", "$RECYCLE.BIN", "System Volume Information", ".snapshot", "~snapshot", ".Trash", "lost+found",
    };

    /// <summary>Temporary and system files that are never results: Office lock files (~$), editor swap files, OS litter.</summary>
    public static bool IsSkipped(string name) =>
        SystemNames.Contains(name) || name.StartsWith("~$", StringComparison.Ordinal) || name.StartsWith(".~lock", StringComparison.Ordinal) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("._", StringComparison.Ordinal);

    /// <param name="crawlId">The job id: a resumed job continues the same crawl and skips what it already saw.</param>
    /// <param name="onProgress">Called after each commit with the totals (the job records them as its checkpoint).</param>
    /// <param name="onItem">Called after each file or folder is processed, before it is committed (tests simulate crashes here).</param>
    public async Task<CrawlCounts> CrawlAsync(int sourceId, Guid crawlId, CrawlCounts? resumeFrom, Func<CrawlCounts, Task>? onProgress, Func<string, Task>? onItem, CancellationToken cancellationToken)
    {
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new InvalidOperationException($"検索対象（ID {sourceId}）は登録されていません。");
        if (!Directory.Exists(source.RootPath))
        {
            throw new InvalidOperationException($"検索対象「{source.Name}」のフォルダ {source.RootPath} が見つかりません（共有がマウントされているか確認してください）。");
        }

        var counts = resumeFrom ?? new CrawlCounts();
        var run = await db.CrawlRuns.FirstOrDefaultAsync(r => r.Id == crawlId, cancellationToken);
        if (run is null)
        {
            run = new CrawlRun { Id = crawlId, SourceId = sourceId, StartedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.CrawlRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        var sourceAcl = source.Visibility == SourceVisibility.AllStaff
            ? SearchPrincipal.AllStaff
            : source.OwnerOrgUnitId is { } owner ? SearchPrincipal.Org(owner) : SearchPrincipal.Nobody;

        var catalogue = await db.Catalog.AsNoTracking().Where(c => c.SourceId == sourceId).ToDictionaryAsync(c => c.RelativePath, StringComparer.Ordinal, cancellationToken);
        var byHash = catalogue.Values.Where(c => c.ContentHash is not null).ToLookup(c => c.ContentHash!, StringComparer.Ordinal);
        counts.Total = CountItems(source.RootPath);

        var session = index.OpenSession();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seenAtStart = counts.Seen;
        var lastCommit = TimeSpan.Zero;
        try
        {
            var touched = new List<long>();
            var pending = 0;
            foreach (var (full, relative, isFolder) in Walk(source.RootPath))
            {
                cancellationToken.ThrowIfCancellationRequested();
                catalogue.TryGetValue(relative, out var existing);
                if (existing?.LastSeenCrawlId == crawlId)
                {
                    continue; // done before the interruption
                }

                counts.Seen++;
                FileSystemInfo info = isFolder ? new DirectoryInfo(full) : new FileInfo(full);
                long size = info is FileInfo f ? f.Length : 0;
                var modified = TruncateToSeconds(info.LastWriteTimeUtc);
                var posix = PosixStat.Read(full);
                if (existing is not null && existing.Size == size && existing.ModifiedAtUtc == modified && existing.Mode == posix.Mode &&
                    existing.OwnerUid == posix.Uid && existing.GroupGid == posix.Gid && existing.IsFolder == isFolder)
                {
                    counts.Unchanged++;
                    touched.Add(existing.Id);
                }
                else
                {
                    await ProcessAsync(source, sourceAcl, full, relative, isFolder, size, modified, posix, existing, catalogue, byHash, session, counts, crawlId, cancellationToken);
                }

                pending++;
                if (onItem is not null)
                {
                    await onItem(relative);
                }

                if (pending >= BatchSize && watch.Elapsed - lastCommit >= MinCommitInterval)
                {
                    counts.Rate = (counts.Seen - seenAtStart) / Math.Max(0.001, watch.Elapsed.TotalSeconds);
                    await FlushAsync(session, touched, crawlId, counts, onProgress, cancellationToken);
                    pending = 0;
                    lastCommit = watch.Elapsed;
                }
            }

            await FlushAsync(session, touched, crawlId, counts, onProgress, cancellationToken);

            // Whatever this crawl did not see is gone from the disk: out of the index first, then the catalogue.
            var gone = await db.Catalog.Where(c => c.SourceId == sourceId && c.LastSeenCrawlId != crawlId).Select(c => new { c.Id, c.RelativePath }).ToListAsync(cancellationToken);
            foreach (var g in gone)
            {
                session.Delete(IndexDocument.KeyOf(sourceId, g.RelativePath));
            }

            session.Commit();
            foreach (var chunk in gone.Select(g => g.Id).Chunk(500))
            {
                await db.Catalog.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            counts.Removed += gone.Count;

            // Documents the catalogue does not know (left by a crash between the two commits) go too.
            var known = await db.Catalog.Where(c => c.SourceId == sourceId).Select(c => c.RelativePath).ToListAsync(cancellationToken);
            var knownKeys = known.Select(p => IndexDocument.KeyOf(sourceId, p)).ToHashSet(StringComparer.Ordinal);
            foreach (var key in index.KeysOfSource(sourceId).Where(k => !knownKeys.Contains(k)))
            {
                session.Delete(key);
            }

            session.Commit();
            session.Dispose();
        }
        catch
        {
            // Like a crash: nothing uncommitted survives, and the next run picks up from the last commit.
            session.Rollback();
            db.ChangeTracker.Clear();
            throw;
        }

        run = await db.CrawlRuns.FirstAsync(r => r.Id == crawlId, cancellationToken);
        run.Seen = counts.Seen;
        run.Indexed = counts.Indexed;
        run.Unchanged = counts.Unchanged;
        run.Failed = counts.Failed;
        run.Moved = counts.Moved;
        run.Removed = counts.Removed;
        run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (onProgress is not null)
        {
            await onProgress(counts);
        }

        return counts;
    }

    private async Task ProcessAsync(
        SearchSource source, string sourceAcl, string full, string relative, bool isFolder, long size, DateTime modified, PosixInfo posix,
        CatalogEntry? existing, Dictionary<string, CatalogEntry> catalogue, ILookup<string, CatalogEntry> byHash, IIndexSession session,
        CrawlCounts counts, Guid crawlId, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(relative).Normalize(System.Text.NormalizationForm.FormKC);
        var extension = isFolder ? "" : Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        string? hash = null;
        Extracted extracted;
        if (isFolder)
        {
            extracted = new Extracted(ExtractionStatus.Folder, "", null);
        }
        else
        {
            hash = size <= source.MaxFileBytes ? await HashAsync(full, cancellationToken) : null;
            var moved = existing is null && hash is not null
                ? byHash[hash].FirstOrDefault(c => c.LastSeenCrawlId != crawlId && !File.Exists(Path.Combine(source.RootPath, c.RelativePath)))
                : null;
            var previous = moved is null ? null : index.Get(IndexDocument.KeyOf(source.Id, moved.RelativePath));
            if (moved is not null && previous is not null)
            {
                // Moved or renamed: same bytes, so the text we already have is still right; no extraction.
                extracted = new Extracted(moved.Status, previous.Content, moved.Reason);
                session.Delete(IndexDocument.KeyOf(source.Id, moved.RelativePath));
                catalogue.Remove(moved.RelativePath);
                existing = moved;
                counts.Moved++;
            }
            else
            {
                extracted = TextExtractor.Extract(full, extension, size, source.MaxFileBytes);
            }
        }

        var fileAcl = posix.WorldReadable ? SearchPrincipal.World
            : posix.GroupReadable && posix.Gid is { } gid ? SearchPrincipal.Group(source.Id, gid)
            : SearchPrincipal.Nobody;
        session.Upsert(new IndexDocument(source.Id, relative, name, TextExtractor.TypeOf(extension, isFolder), extension, isFolder, size, modified,
            extracted.Text, sourceAcl, fileAcl, hash));

        var entry = existing is null ? new CatalogEntry { SourceId = source.Id } : await db.Catalog.FirstAsync(c => c.Id == existing.Id, cancellationToken);
        entry.RelativePath = relative;
        entry.Name = name.Length > 500 ? name[..500] : name;
        entry.Extension = extension.Length > 20 ? extension[..20] : extension;
        entry.IsFolder = isFolder;
        entry.Size = size;
        entry.ModifiedAtUtc = modified;
        entry.ContentHash = hash;
        entry.OwnerUid = posix.Uid;
        entry.GroupGid = posix.Gid;
        entry.Mode = posix.Mode;
        entry.Status = extracted.Status;
        entry.Reason = extracted.Reason is { Length: > 500 } r ? r[..500] : extracted.Reason;
        entry.IndexedAtUtc = clock.GetUtcNow().UtcDateTime;
        entry.LastSeenCrawlId = crawlId;
        if (existing is null)
        {
            db.Catalog.Add(entry);
        }

        if (extracted.Status == ExtractionStatus.Failed)
        {
            counts.Failed++;
        }
        else
        {
            counts.Indexed++;
        }
    }

    private async Task FlushAsync(IIndexSession session, List<long> touched, Guid crawlId, CrawlCounts counts, Func<CrawlCounts, Task>? onProgress, CancellationToken cancellationToken)
    {
        session.Commit();
        foreach (var chunk in touched.Chunk(500))
        {
            await db.Catalog.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenCrawlId, crawlId), cancellationToken);
        }

        touched.Clear();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (onProgress is not null)
        {
            await onProgress(counts);
        }
    }

    /// <summary>Depth-first in ordinal name order, so every run visits the same paths in the same order; symlinks are not followed.</summary>
    private static IEnumerable<(string Full, string Relative, bool IsFolder)> Walk(string root)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint, ReturnSpecialDirectories = false };
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.TryPop(out var folder))
        {
            var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options)
                .Where(e => !IsSkipped(e.Name))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var entry in entries)
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                var isFolder = entry is DirectoryInfo;
                yield return (entry.FullName, relative, isFolder);
            }

            foreach (var sub in entries.OfType<DirectoryInfo>().Reverse())
            {
                stack.Push(sub.FullName);
            }
        }
    }

    private static long CountItems(string root) => Walk(root).LongCount();

    private static async Task<string?> HashAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = TextExtractor.OpenShared(path);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>SQLite and PostgreSQL keep different precision; seconds are what file servers reliably report anyway.</summary>
    private static DateTime TruncateToSeconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
