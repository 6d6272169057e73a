using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// As-you-type name suggestions from the <see cref="NameIndex"/>: rebuilt from the catalogue after
/// each crawl (and source removal), written to <c>{DataPath}/search/names/names.bin</c> (a temp file
/// renamed over the old one), and loaded by every process that answers suggestions. A process that
/// did not build the file itself (the server, when the CLI crawled) notices the new file by its
/// write time and loads it. Until a file exists, callers fall back to the Lucene name query.
/// </summary>
internal sealed class NameSuggestions(string folder, ILogger<NameSuggestions>? logger = null) : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly object gate = new();
    private readonly SemaphoreSlim building = new(1, 1);
    private NameIndex? current;
    private DateTime loadedWriteTime;
    private DateTime lastCheck;

    public void Dispose() => building.Dispose();

    public string FilePath => Path.Combine(folder, "names.bin");

    /// <summary>The loaded index (null before the first build), reloading it when another process wrote a newer file.</summary>
    public NameIndex? Current
    {
        get
        {
            lock (gate)
            {
                var now = DateTime.UtcNow;
                if (now - lastCheck < CheckEvery && current is not null)
                {
                    return current;
                }

                lastCheck = now;
                try
                {
                    var info = new FileInfo(FilePath);
                    if (info.Exists && info.LastWriteTimeUtc != loadedWriteTime)
                    {
                        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
                        current = NameIndex.Load(stream);
                        loadedWriteTime = info.LastWriteTimeUtc;
                    }
                }
                catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException)
                {
                    logger?.LogWarning(e, "名前索引 {Path} を読めませんでした（Lucene の名前検索で候補を出します）", FilePath);
                }

                return current;
            }
        }
    }

    /// <summary>Suggestions for a fragment, or null when no name index has been built yet.</summary>
    public IReadOnlyList<Suggestion>? Suggest(string text, SearchPrincipal principal, int limit)
    {
        if (Current is not { } names)
        {
            return null;
        }

        var folded = NameGramAnalyzer.Fold(text.Trim());
        // Take a few more than asked, then put names that start with the text, then folders, then short names first.
        return names.Search(text, principal, limit * 4)
            .Select(h => (Hit: h, Starts: NameGramAnalyzer.Fold(h.Name).StartsWith(folded, StringComparison.Ordinal)))
            .OrderByDescending(x => x.Starts).ThenByDescending(x => x.Hit.IsFolder).ThenBy(x => x.Hit.Name.Length)
            .Take(limit)
            .Select(x => ToSuggestion(x.Hit))
            .ToList();
    }

    private static Suggestion ToSuggestion(NameHit hit)
    {
        // Built with folder = "{sourceId}:/財政局/財務課/".
        var colon = hit.Folder.IndexOf(':', StringComparison.Ordinal);
        var sourceId = int.Parse(hit.Folder.AsSpan(0, colon), CultureInfo.InvariantCulture);
        var relative = hit.Folder[(colon + 1)..].TrimStart('/') + hit.Name;
        return new Suggestion(hit.Name, sourceId, relative, hit.IsFolder);
    }

    /// <summary>Builds the index from the catalogue (every file and folder of every source, with its permissions) and swaps it in.</summary>
    public async Task<NameIndex> RebuildAsync(SearchDb db, CancellationToken cancellationToken = default)
    {
        await building.WaitAsync(cancellationToken);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
            var builder = new NameIndex.Builder();
            var rows = db.Catalog.AsNoTracking().OrderBy(c => c.Id)
                .Select(c => new { c.SourceId, c.RelativePath, c.Name, c.IsFolder, c.OwnerUid, c.GroupGid, c.Mode, c.Acl })
                .AsAsyncEnumerable();
            await foreach (var c in rows.WithCancellation(cancellationToken))
            {
                if (!sources.TryGetValue(c.SourceId, out var source))
                {
                    continue;
                }

                var sourceAcl = source.Visibility == SourceVisibility.AllStaff
                    ? SearchPrincipal.AllStaff
                    : source.OwnerOrgUnitId is { } owner ? SearchPrincipal.Org(owner) : SearchPrincipal.Nobody;
                var fileAcl = c.Acl ?? Permissions.FileAcl.Posix(c.SourceId, new Crawling.PosixInfo(c.OwnerUid, c.GroupGid, c.Mode));
                var name = c.RelativePath[(c.RelativePath.LastIndexOf('/') + 1)..];
                builder.Add(c.SourceId.ToString(CultureInfo.InvariantCulture) + ":" + IndexDocument.FolderOf(c.RelativePath), name, c.IsFolder, sourceAcl, fileAcl);
            }

            var index = builder.Build();
            Directory.CreateDirectory(folder);
            var temp = FilePath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                index.Save(stream);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temp, FilePath, overwrite: true);
            lock (gate)
            {
                current = index;
                loadedWriteTime = File.GetLastWriteTimeUtc(FilePath);
                lastCheck = DateTime.UtcNow;
            }

            logger?.LogInformation("名前索引を作り直しました: {Count} 件, {Bytes} バイト, {Ms} ms", index.Count, index.Bytes, watch.ElapsedMilliseconds);
            return index;
        }
        finally
        {
            building.Release();
        }
    }
}
