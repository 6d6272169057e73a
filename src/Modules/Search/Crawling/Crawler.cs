// Walks a source and brings the catalogue and the index in line with the disk. Incremental
// (unchanged path, size, mtime and permissions: nothing read), recognizes moves by content hash,
// removes what disappeared, and is safe to kill at any point: the index is committed before the
// catalogue, and the index replaces documents by key, so a rerun can only redo work, never double it.
// A pipeline: one walk thread stats the items and starts the reads of new or changed files; up to
// Parallelism readers hash, extract and analyse them (each with a time limit, under the source's
// read-rate limit) and hand the documents to the Lucene writer; one writer takes the items in walk
// order and writes the catalogue. Commit points are fixed by the walk; readers past a commit point
// wait (without holding a slot) until that commit is done before touching the index, so a commit
// never holds documents whose catalogue rows are not saved right after it.
using System.Security.Cryptography;
using System.Threading.Channels;
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

    /// <summary>
    /// How far the walk and the readers may run ahead of the writer (items): a slow file holds up
    /// only the catalogue writer, not the other readers, until this many items are waiting.
    /// </summary>
    public int Window { get; set; } = 128;

    private static readonly HashSet<string> SystemNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Thumbs.db", "ehthumbs.db", ".DS_Store", "desktop.ini", "$RECYCLE.BIN", "System Volume Information", ".snapshot", "~snapshot", ".Trash", "lost+found", ".AppleDouble",
    };

    /// <summary>Temporary and system files that are never results: Office lock files (~$), LibreOffice locks, editor swap files, OS litter.</summary>
    public static bool IsSkipped(string name) =>
        SystemNames.Contains(name) || name.StartsWith("~$", StringComparison.Ordinal) || name.StartsWith(".~lock", StringComparison.Ordinal) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("._", StringComparison.Ordinal) ||
        name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase) || name.EndsWith('~') || name.StartsWith(".Trash-", StringComparison.Ordinal);

    /// <param name="crawlId">The job id: a resumed job continues the same crawl and skips what it already saw.</param>
    /// <param name="onProgress">Called after each commit with the totals (the job records them as its checkpoint).</param>
    /// <param name="onItem">Called after each file or folder is processed, before it is committed (tests simulate crashes here).</param>
    /// <param name="paths">
    /// Only these paths (relative, '/'-separated; a folder means its whole subtree), as queued by the
    /// file-system watcher. Null: the whole source, and whatever was not seen is removed.
    /// </param>
    public async Task<CrawlCounts> CrawlAsync(
        int sourceId, Guid crawlId, CrawlCounts? resumeFrom, Func<CrawlCounts, Task>? onProgress, Func<string, Task>? onItem, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? paths = null)
    {
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new InvalidOperationException($"検索対象（ID {sourceId}）は登録されていません。");
        if (!Directory.Exists(source.RootPath))
        {
            throw new InvalidOperationException($"検索対象「{source.Name}」のフォルダ {source.RootPath} が見つかりません（共有がマウントされているか確認してください）。");
        }

        var counts = resumeFrom ?? new CrawlCounts();
        var run = await db.CrawlRuns.FirstOrDefaultAsync(r => r.Id == crawlId, cancellationToken);
        var resumed = run is not null;
        if (run is null)
        {
            run = new CrawlRun { Id = crawlId, SourceId = sourceId, StartedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.CrawlRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        var sourceAcl = source.Visibility == SourceVisibility.AllStaff
            ? SearchPrincipal.AllStaff
            : source.OwnerOrgUnitId is { } owner ? SearchPrincipal.Org(owner) : SearchPrincipal.Nobody;

        var aclReader = Permissions.AclReaders.For(source); // null: POSIX permissions
        var catalogue = await CatalogSnapshot.LoadAsync(db, sourceId, cancellationToken);
        var scope = paths?.Select(p => p.Trim('/')).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        counts.Total = scope is null ? CountItems(source.RootPath) : WalkPaths(source.RootPath, scope).LongCount();

        var options = new CrawlOptions(
            source.MaxFileBytes,
            TimeSpan.FromSeconds(source.MaxSecondsPerFile > 0 ? source.MaxSecondsPerFile : 60),
            source.Parallelism > 0 ? source.Parallelism : Environment.ProcessorCount,
            new IoThrottle(source.ThrottleMbPerSecond * 1024L * 1024));

        var session = index.OpenSession();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seenAtStart = counts.Seen;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = Channel.CreateBounded<Item>(new BoundedChannelOptions(Math.Max(1, Window)) { SingleReader = true, SingleWriter = true });
        var items = scope is null ? Walk(source.RootPath) : WalkPaths(source.RootPath, scope);
        using var stage = new PrepareStage(source, sourceAcl, session, catalogue, crawlId, options, abort.Token);
        var producer = Task.Run(() => ProduceAsync(items, catalogue, aclReader, crawlId, window.Writer, stage, watch), CancellationToken.None);
        try
        {
            var touched = new List<long>();
            var movedAway = new HashSet<string>(StringComparer.Ordinal);

            // The writer: takes the items in walk order, waits only for the item at the head (the
            // readers are already further on), writes its catalogue row, and commits at the marks
            // the producer set (see ProduceAsync for why that keeps index and catalogue in step).
            await foreach (var item in window.Reader.ReadAllAsync(abort.Token))
            {
                if (item.Work is { } work)
                {
                    await work;
                }

                counts.Seen++;
                if (item.Unchanged)
                {
                    counts.Unchanged++;
                    touched.Add(item.Existing!.Id);
                }
                else
                {
                    await ApplyAsync(source, sourceAcl, item, catalogue, movedAway, session, counts, crawlId, options, abort.Token);
                }

                if (onItem is not null)
                {
                    await onItem(item.Relative);
                }

                if (item.CommitAfter is { } gate)
                {
                    counts.Rate = (counts.Seen - seenAtStart) / Math.Max(0.001, watch.Elapsed.TotalSeconds);
                    await FlushAsync(session, touched, crawlId, counts, onProgress, abort.Token);
                    gate.TrySetResult(); // the readers of the next stretch may now hand their documents to the index
                }
            }

            await producer;
            catalogue.Release(); // every item has been written: the walk, the readers and the writer are done with it
            await FlushAsync(session, touched, crawlId, counts, onProgress, cancellationToken);

            // Whatever this crawl did not see is gone from the disk: out of the index first, then the catalogue.
            var candidates = db.Catalog.Where(c => c.SourceId == sourceId && c.LastSeenCrawlId != crawlId);
            var gone = scope is null
                ? await candidates.Select(c => new { c.Id, c.RelativePath }).ToListAsync(cancellationToken)
                : (await candidates.Select(c => new { c.Id, c.RelativePath }).ToListAsync(cancellationToken))
                    .Where(c => scope.Any(p => c.RelativePath == p || c.RelativePath.StartsWith(p + "/", StringComparison.Ordinal)))
                    .Where(c => !Exists(source.RootPath, c.RelativePath))
                    .ToList();
            if (resumed)
            {
                // What the interrupted run already saw may have been deleted or moved away while it was down.
                gone.AddRange((await db.Catalog.Where(c => c.SourceId == sourceId && c.LastSeenCrawlId == crawlId).Select(c => new { c.Id, c.RelativePath }).ToListAsync(cancellationToken))
                    .Where(c => (scope is null || scope.Any(p => c.RelativePath == p || c.RelativePath.StartsWith(p + "/", StringComparison.Ordinal))) && !Exists(source.RootPath, c.RelativePath)));
            }

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

            if (scope is null)
            {
                // Documents the catalogue does not know (left by a crash between the two commits) go too.
                // One set of paths (about 180 MB for a million files), streamed in; the index's keys are streamed past it.
                var known = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var path in db.Catalog.Where(c => c.SourceId == sourceId).Select(c => c.RelativePath).AsAsyncEnumerable().WithCancellation(cancellationToken))
                {
                    known.Add(path);
                }

                var prefix = IndexDocument.KeyOf(sourceId, "").Length;
                var lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();
                var orphans = index.EnumerateKeysOfSource(sourceId).Where(k => !lookup.Contains(k.AsSpan(prefix))).ToList();
                foreach (var key in orphans)
                {
                    session.Delete(key);
                }

                session.Commit();
            }

            // Low priority, after everything else is searchable by name: OCR of scanned PDFs and images.
            await OcrPendingAsync(source, sourceAcl, session, counts, crawlId, options, onProgress, cancellationToken);
            session.Dispose();
        }
        catch
        {
            // Like a crash: nothing uncommitted survives, and the next run picks up from the last commit.
            // The readers are stopped and awaited first: none may hand a document to the writer after the rollback.
            await abort.CancelAsync();
            await producer; // never throws: its failures go through the channel
            await stage.StopAsync();
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

    private sealed record CrawlOptions(long MaxFileBytes, TimeSpan FileTimeout, int Parallelism, IoThrottle Throttle);

    /// <summary>
    /// The walk (one thread): stats each item, starts the read of each new or changed file at once
    /// (the readers run ahead of the writer by up to <see cref="Window"/> items), and marks the
    /// commit points. A mark after item N closes a gate: readers of items after N may read and
    /// extract, but hand their documents to the index only once the commit at N is done. So a
    /// commit holds exactly the documents of items up to its mark, whose catalogue rows the writer
    /// has added before committing and saves right after it.
    /// </summary>
    private async Task ProduceAsync(
        IEnumerable<(string Full, string Relative, bool IsFolder)> items, CatalogSnapshot catalogue, Permissions.IAclReader? aclReader,
        Guid crawlId, ChannelWriter<Item> output, PrepareStage stage, System.Diagnostics.Stopwatch watch)
    {
        try
        {
            var gate = Task.CompletedTask;
            var sinceMark = 0;
            var lastMark = TimeSpan.Zero;
            foreach (var (full, relative, isFolder) in items)
            {
                stage.Token.ThrowIfCancellationRequested();
                var existing = catalogue.Find(relative); // read-only here: the writer keeps its own set of moved paths
                if (existing?.LastSeenCrawlId == crawlId)
                {
                    continue; // done before the interruption
                }

                FileSystemInfo info = isFolder ? new DirectoryInfo(full) : new FileInfo(full);
                if (!info.Exists)
                {
                    continue; // vanished between listing and stat: the removal pass takes care of it
                }

                long size = info is FileInfo f ? f.Length : 0;
                var modified = TruncateToSeconds(info.LastWriteTimeUtc);
                var posix = PosixStat.Read(full);
                var acl = aclReader?.FileAcl(full, relative, isFolder);
                var unchanged = existing is not null && existing.Size == size && existing.ModifiedAtUtc == modified && existing.Mode == posix.Mode &&
                    existing.OwnerUid == posix.Uid && existing.GroupGid == posix.Gid && existing.IsFolder == isFolder &&
                    existing.Status != ExtractionStatus.OcrPending && existing.Acl == acl;
                var item = new Item(full, relative, isFolder, size, modified, posix, existing, unchanged) { Acl = acl };
                if (!unchanged && !isFolder)
                {
                    item.Work = await stage.StartAsync(item, gate);
                }

                if (++sinceMark >= BatchSize && watch.Elapsed - lastMark >= MinCommitInterval)
                {
                    // This item belongs to the stretch before the commit (its reader waits on the old gate).
                    item.CommitAfter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    gate = item.CommitAfter.Task;
                    sinceMark = 0;
                    lastMark = watch.Elapsed;
                }

                await output.WriteAsync(item, stage.Token);
            }

            output.Complete();
        }
#pragma warning disable CA1031 // not swallowed: the writer receives it through the channel and rethrows it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.TryComplete(ex);
        }
    }

    /// <summary>
    /// The parallel readers: at most <c>Parallelism</c> files are hashed, extracted and analysed at
    /// once (each under the per-file time limit and the read-rate limit). A reader whose gate is
    /// still closed gives up its slot while it waits, so the commit never stalls the next reads.
    /// </summary>
    private sealed class PrepareStage(
        SearchSource source, string sourceAcl, IIndexSession session, CatalogSnapshot catalogue, Guid crawlId, CrawlOptions options, CancellationToken token) : IDisposable
    {
        private readonly SemaphoreSlim slots = new(Math.Max(1, options.Parallelism));
        private readonly List<Task> running = [];

        public CancellationToken Token => token;

        /// <summary>Called by the walk only (one thread).</summary>
        public async Task<Task> StartAsync(Item item, Task gate)
        {
            await slots.WaitAsync(token);
            var task = Task.Run(() => RunAsync(item, gate), CancellationToken.None);
            if (running.Count >= 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }

            running.Add(task);
            return task;
        }

        /// <summary>Waits for every reader the walk started (after the walk itself has stopped), whatever their outcome.</summary>
        public async Task StopAsync() => await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        public void Dispose() => slots.Dispose();

        private async Task RunAsync(Item item, Task gate)
        {
            var held = true;
            try
            {
                var prepared = await PrepareAsync(source, item, catalogue, crawlId, options, token);
                if (prepared.Extracted is { } extracted)
                {
                    if (!gate.IsCompleted)
                    {
                        slots.Release();
                        held = false;
                        await gate.WaitAsync(token);
                        await slots.WaitAsync(token);
                        held = true;
                    }

                    // The index's analysis (the costly part of indexing) runs here, on the reader's thread.
                    session.Upsert(ToIndexDocument(source, sourceAcl, item, extracted.Text, prepared.Hash));
                    item.Upserted = true;
                    prepared = prepared with { Extracted = extracted with { Text = "" } }; // the writer needs only the status and reason
                }

                item.Prepared = prepared;
            }
            finally
            {
                if (held)
                {
                    slots.Release();
                }
            }
        }
    }

    private sealed class Item(string full, string relative, bool isFolder, long size, DateTime modified, PosixInfo posix, KnownEntry? existing, bool unchanged)
    {
        public string Full { get; } = full;

        public string Relative { get; } = relative;

        public bool IsFolder { get; } = isFolder;

        public long Size { get; } = size;

        public DateTime Modified { get; } = modified;

        public PosixInfo Posix { get; } = posix;

        public KnownEntry? Existing { get; } = existing;

        public bool Unchanged { get; } = unchanged;

        /// <summary>Set by the reader before its work completes; the writer reads it after awaiting <see cref="Work"/>.</summary>
        public Prepared? Prepared { get; set; }

        /// <summary>The NTFS ACL token ("nt:…") when the source reads NTFS ACLs; null for POSIX.</summary>
        public string? Acl { get; init; }

        /// <summary>Already handed to the index by the reader.</summary>
        public bool Upserted { get; set; }

        /// <summary>The reader's work (hash, extraction, analysis); null for folders and unchanged files.</summary>
        public Task? Work { get; set; }

        /// <summary>Non-null on a commit point: the writer commits after this item, then opens the gate for the next stretch.</summary>
        public TaskCompletionSource? CommitAfter { get; set; }
    }

    /// <summary>What the parallel stage found: the hash, and either the text or a likely move (whose text the index already has).</summary>
    private sealed record Prepared(string? Hash, Extracted? Extracted, KnownEntry? MoveCandidate);

    private static async Task<Prepared> PrepareAsync(SearchSource source, Item item, CatalogSnapshot catalogue, Guid crawlId, CrawlOptions options, CancellationToken cancellationToken)
    {
        string? hash = null;
        if (item.Size <= options.MaxFileBytes)
        {
            await options.Throttle.WaitAsync(item.Size, cancellationToken);
            hash = await HashAsync(item.Full, cancellationToken);
        }

        var moved = item.Existing is null && hash is not null
            ? catalogue.WithContent(hash).FirstOrDefault(c => c.LastSeenCrawlId != crawlId && !Exists(source.RootPath, c.RelativePath))
            : null;
        if (moved is not null)
        {
            return new Prepared(hash, null, moved);
        }

        return new Prepared(hash, await ExtractAsync(item.Full, item.Relative, item.Size, options, cancellationToken), null);
    }

    /// <summary>
    /// Extraction with a time limit. External tools are killed on timeout; a managed parser that
    /// ignores the token is abandoned (its result discarded) and the file is recorded as timed out.
    /// </summary>
    private static async Task<Extracted> ExtractAsync(string full, string relative, long size, CrawlOptions options, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(relative).TrimStart('.').ToLowerInvariant();
        if (TextExtractor.Supports(extension) && size <= options.MaxFileBytes)
        {
            await options.Throttle.WaitAsync(size, cancellationToken);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.FileTimeout);
        var work = Task.Run(() => TextExtractor.Extract(full, extension, size, options.MaxFileBytes, 0, limit.Token), CancellationToken.None);
        try
        {
            return await work.WaitAsync(options.FileTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            return TimedOut(options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(options);
        }
    }

    private static Extracted TimedOut(CrawlOptions options) =>
        Extracted.Failed($"本文の抽出が制限時間（{options.FileTimeout.TotalSeconds:0}秒）を超えたため中止しました（ファイル名で検索できます）。");

    private async Task ApplyAsync(
        SearchSource source, string sourceAcl, Item item, CatalogSnapshot catalogue, HashSet<string> movedAway, IIndexSession session,
        CrawlCounts counts, Guid crawlId, CrawlOptions options, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(item.Relative).Normalize(System.Text.NormalizationForm.FormKC);
        var extension = item.IsFolder ? "" : Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        var existing = item.Existing;
        string? hash = item.Prepared?.Hash;
        Extracted extracted;
        if (item.IsFolder)
        {
            extracted = new Extracted(ExtractionStatus.Folder, "", null);
        }
        else
        {
            var moved = item.Prepared?.MoveCandidate is { } candidate && !movedAway.Contains(candidate.RelativePath) ? candidate : null;
            var previous = moved is null ? null : index.Get(IndexDocument.KeyOf(source.Id, moved.RelativePath));
            if (moved is not null && previous is not null)
            {
                // Moved or renamed: same bytes, so the text we already have is still right; no extraction.
                extracted = new Extracted(moved.Status, previous.Content, moved.Reason);
                session.Delete(IndexDocument.KeyOf(source.Id, moved.RelativePath));
                movedAway.Add(moved.RelativePath);
                existing = moved;
                counts.Moved++;
            }
            else
            {
                // A copy of a file moved earlier in this crawl, or a crash-time candidate: read it after all.
                extracted = item.Prepared?.Extracted ?? await ExtractAsync(item.Full, item.Relative, item.Size, options, cancellationToken);
            }
        }

        if (!item.Upserted)
        {
            session.Upsert(ToIndexDocument(source, sourceAcl, item, extracted.Text, hash));
        }

        // An existing row is updated by its id with no query per row (only this crawl writes the
        // source's rows): a stub is attached and every column set below is written.
        var entry = existing is null ? new CatalogEntry { SourceId = source.Id } : db.Catalog.Local.FindEntry(existing.Id)?.Entity ?? Attach(existing.Id, source.Id);
        entry.RelativePath = item.Relative;
        entry.Name = name.Length > 500 ? name[..500] : name;
        entry.Extension = extension.Length > 20 ? extension[..20] : extension;
        entry.IsFolder = item.IsFolder;
        entry.Size = item.Size;
        entry.ModifiedAtUtc = item.Modified;
        entry.ContentHash = hash;
        entry.OwnerUid = item.Posix.Uid;
        entry.GroupGid = item.Posix.Gid;
        entry.Mode = item.Posix.Mode;
        entry.Acl = item.Acl;
        entry.Status = extracted.Status;
        entry.Reason = extracted.Reason is { Length: > 500 } r ? r[..500] : extracted.Reason;
        entry.IndexedAtUtc = clock.GetUtcNow().UtcDateTime;
        entry.LastSeenCrawlId = crawlId;
        if (existing is null)
        {
            db.Catalog.Add(entry);
        }
        else
        {
            MarkWritten(db.Entry(entry));
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

    /// <summary>The columns <see cref="ApplyAsync"/> sets on every row it writes; a column added later and not set there keeps its value.</summary>
    private static readonly string[] WrittenColumns =
    [
        nameof(CatalogEntry.RelativePath), nameof(CatalogEntry.Name), nameof(CatalogEntry.Extension), nameof(CatalogEntry.IsFolder), nameof(CatalogEntry.Size),
        nameof(CatalogEntry.ModifiedAtUtc), nameof(CatalogEntry.ContentHash), nameof(CatalogEntry.OwnerUid), nameof(CatalogEntry.GroupGid), nameof(CatalogEntry.Mode),
        nameof(CatalogEntry.Acl), nameof(CatalogEntry.Status), nameof(CatalogEntry.Reason), nameof(CatalogEntry.IndexedAtUtc), nameof(CatalogEntry.LastSeenCrawlId),
    ];

    private CatalogEntry Attach(long id, int sourceId)
    {
        var stub = db.Entry(new CatalogEntry { Id = id, SourceId = sourceId });
        stub.State = EntityState.Unchanged;
        return stub.Entity;
    }

    /// <summary>The stub's original values are not the row's, so change tracking cannot tell what changed: every column set is written.</summary>
    private static void MarkWritten(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<CatalogEntry> entry)
    {
        if (entry.State is not (EntityState.Unchanged or EntityState.Modified))
        {
            return;
        }

        foreach (var column in WrittenColumns)
        {
            entry.Property(column).IsModified = true;
        }
    }

    private static IndexDocument ToIndexDocument(SearchSource source, string sourceAcl, Item item, string text, string? hash)
    {
        var name = Path.GetFileName(item.Relative).Normalize(System.Text.NormalizationForm.FormKC);
        var extension = item.IsFolder ? "" : Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        var fileAcl = item.Acl ?? Permissions.FileAcl.Posix(source.Id, item.Posix);
        return new IndexDocument(source.Id, item.Relative, name, TextExtractor.TypeOf(extension, item.IsFolder), extension, item.IsFolder, item.Size, item.Modified,
            text, sourceAcl, fileAcl, hash);
    }

    /// <summary>
    /// OCR, one file at a time, after the crawl proper: a scanned PDF takes seconds a page, and
    /// everything else should be searchable first. Each file is committed on its own, so a crash
    /// leaves the rest pending for the next crawl.
    /// </summary>
    private async Task OcrPendingAsync(SearchSource source, string sourceAcl, IIndexSession session, CrawlCounts counts, Guid crawlId, CrawlOptions options, Func<CrawlCounts, Task>? onProgress, CancellationToken cancellationToken)
    {
        var pendingIds = await db.Catalog.Where(c => c.SourceId == source.Id && c.Status == ExtractionStatus.OcrPending).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var id in pendingIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await db.Catalog.FirstAsync(c => c.Id == id, cancellationToken);
            var full = Path.Combine(source.RootPath, entry.RelativePath);
            Extracted result;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // OCR gets ten times the per-file limit: it is slow by nature, and it runs alone.
                limit.CancelAfter(options.FileTimeout * 10);
                await options.Throttle.WaitAsync(entry.Size, cancellationToken);
                result = await Task.Run(() => Ocr.Run(full, entry.Extension, limit.Token), CancellationToken.None);
            }

            var posix = new PosixInfo(entry.OwnerUid, entry.GroupGid, entry.Mode);
            var fileAcl = entry.Acl ?? Permissions.FileAcl.Posix(source.Id, posix);
            session.Upsert(new IndexDocument(source.Id, entry.RelativePath, entry.Name, TextExtractor.TypeOf(entry.Extension, false), entry.Extension, false, entry.Size, entry.ModifiedAtUtc,
                result.Text, sourceAcl, fileAcl, entry.ContentHash));
            session.Commit();
            entry.Status = result.Status;
            entry.Reason = result.Reason is { Length: > 500 } r ? r[..500] : result.Reason;
            entry.IndexedAtUtc = clock.GetUtcNow().UtcDateTime;
            entry.LastSeenCrawlId = crawlId;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (result.Status == ExtractionStatus.Failed)
            {
                counts.Failed++;
            }

            if (onProgress is not null)
            {
                await onProgress(counts);
            }
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

    private static bool Exists(string root, string relative)
    {
        var full = Path.Combine(root, relative);
        return File.Exists(full) || Directory.Exists(full);
    }

    /// <summary>Depth-first in ordinal name order, so every run visits the same paths in the same order; symlinks are not followed.</summary>
    private static IEnumerable<(string Full, string Relative, bool IsFolder)> Walk(string root, string? start = null)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint, ReturnSpecialDirectories = false };
        var stack = new Stack<string>();
        stack.Push(start ?? root);
        while (stack.TryPop(out var folder))
        {
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options)
                    .Where(e => !IsSkipped(e.Name))
                    .OrderBy(e => e.Name, StringComparer.Ordinal)
                    .ToList();
            }
            catch (DirectoryNotFoundException)
            {
                continue; // deleted while we walked
            }

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

    /// <summary>The given paths that still exist, and the subtrees of those that are folders; skipped names and escapes from the root are ignored.</summary>
    private static IEnumerable<(string Full, string Relative, bool IsFolder)> WalkPaths(string root, IReadOnlyList<string> paths)
    {
        var rootFull = Path.GetFullPath(root);
        var walked = new List<string>(); // folders whose whole subtree was walked already
        foreach (var relative in paths.Order(StringComparer.Ordinal).Distinct(StringComparer.Ordinal))
        {
            // The watcher often reports a new folder and, once its watch is in place, the files created in it: the
            // folder's walk has yielded those already, and a second row for the same path would break the catalogue.
            // (Ordinal order puts a folder before everything under it, though not always right before: "a", "a-b", "a/x".)
            if (walked.Any(w => relative.StartsWith(w + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(rootFull, relative));
            if (!full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
                relative.Split('/').Any(IsSkipped) || new FileInfo(full).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                continue;
            }

            if (Directory.Exists(full))
            {
                walked.Add(relative);
                yield return (full, relative, true);
                foreach (var item in Walk(rootFull, full))
                {
                    yield return item;
                }
            }
            else if (File.Exists(full))
            {
                yield return (full, relative, false);
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

/// <summary>
/// A read-rate limit shared by the parallel readers of one crawl: each read first books its bytes,
/// and waits until the crawl's average rate is back under the limit. 0 = no limit.
/// </summary>
internal sealed class IoThrottle(long bytesPerSecond)
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private long booked;

    public async Task WaitAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytesPerSecond <= 0 || bytes <= 0)
        {
            return;
        }

        var total = Interlocked.Add(ref booked, bytes);
        var due = TimeSpan.FromSeconds((double)total / bytesPerSecond);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
