using System.Buffers;
using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>
/// What a crawl needs to know of one catalogue row: enough to tell an unchanged file (size, time,
/// permissions, status) and to take a row over for a move. The file's name, extension, hash text and
/// index time are not kept: the crawler writes those afresh for every row it touches.
/// </summary>
internal sealed class KnownEntry
{
    public required long Id { get; init; }

    public required string RelativePath { get; init; }

    public required bool IsFolder { get; init; }

    public required long Size { get; init; }

    public required DateTime ModifiedAtUtc { get; init; }

    public required long? OwnerUid { get; init; }

    public required long? GroupGid { get; init; }

    public required int Mode { get; init; }

    public required string? Acl { get; init; }

    public required ExtractionStatus Status { get; init; }

    public required string? Reason { get; init; }

    public required Guid LastSeenCrawlId { get; init; }

    /// <summary>The next row with the same content (copies), or null: the chain behind one entry of the hash table.</summary>
    public KnownEntry? NextSameContent { get; set; }
}

/// <summary>
/// A source's catalogue as it was when the crawl started: by path (is this file new, changed or
/// unchanged?) and by content (is this new file a known one moved?). At a million files this is the
/// crawl's largest structure, so it keeps only what the crawl reads: one slim object per row, the
/// SHA-256 as 32 bytes instead of 64 characters, one copy of each repeated ACL and reason text. Read by
/// the walk, the readers and the writer at once; nothing writes to it until <see cref="Release"/>.
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly Dictionary<string, KnownEntry> byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentKey, KnownEntry> byContent = [];

    private CatalogSnapshot()
    {
    }

    /// <summary>Streams the source's rows in (no list of entities in between).</summary>
    public static async Task<CatalogSnapshot> LoadAsync(SearchDb db, int sourceId, CancellationToken cancellationToken)
    {
        var snapshot = new CatalogSnapshot();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var rows = db.Catalog.AsNoTracking().Where(c => c.SourceId == sourceId)
            .Select(c => new { c.Id, c.RelativePath, c.IsFolder, c.Size, c.ModifiedAtUtc, c.ContentHash, c.OwnerUid, c.GroupGid, c.Mode, c.Acl, c.Status, c.Reason, c.LastSeenCrawlId });
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var entry = new KnownEntry
            {
                Id = row.Id,
                RelativePath = row.RelativePath,
                IsFolder = row.IsFolder,
                Size = row.Size,
                ModifiedAtUtc = row.ModifiedAtUtc,
                OwnerUid = row.OwnerUid,
                GroupGid = row.GroupGid,
                Mode = row.Mode,
                Acl = Shared(texts, row.Acl),
                Status = row.Status,
                Reason = Shared(texts, row.Reason),
                LastSeenCrawlId = row.LastSeenCrawlId,
            };
            snapshot.byPath[entry.RelativePath] = entry;
            if (ContentKey.TryParse(row.ContentHash, out var key))
            {
                // Newest row first in the chain; the move search takes any row whose file is gone, so order does not matter.
                snapshot.byContent.TryGetValue(key, out var next);
                entry.NextSameContent = next;
                snapshot.byContent[key] = entry;
            }
        }

        return snapshot;
    }

    public KnownEntry? Find(string relativePath) => byPath.GetValueOrDefault(relativePath);

    /// <summary>The rows whose content has this SHA-256 (hex, as the crawler writes it).</summary>
    public IEnumerable<KnownEntry> WithContent(string? hash)
    {
        if (!ContentKey.TryParse(hash, out var key) || !byContent.TryGetValue(key, out var entry))
        {
            yield break;
        }

        for (; entry is not null; entry = entry.NextSameContent)
        {
            yield return entry;
        }
    }

    /// <summary>Lets the memory go once the walk, the readers and the writer are done (the end of a crawl builds its own sets).</summary>
    public void Release()
    {
        byPath.Clear();
        byPath.TrimExcess();
        byContent.Clear();
        byContent.TrimExcess();
    }

    private static string? Shared(HashSet<string> texts, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (texts.TryGetValue(text, out var shared))
        {
            return shared;
        }

        texts.Add(text);
        return text;
    }

    /// <summary>A SHA-256 as four numbers: 32 bytes inside the table entry instead of a 64-character string beside it.</summary>
    private readonly record struct ContentKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static bool TryParse(string? hex, out ContentKey key)
        {
            key = default;
            if (hex is not { Length: 64 })
            {
                return false;
            }

            Span<byte> bytes = stackalloc byte[32];
            if (Convert.FromHexString(hex, bytes, out _, out var written) != OperationStatus.Done || written != 32)
            {
                return false;
            }

            key = new ContentKey(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
            return true;
        }
    }
}
