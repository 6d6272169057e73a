using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

public sealed class CrawlTests : IDisposable
{
    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    public async Task Second_crawl_reads_nothing_unchanged_and_follows_modify_delete_and_move()
    {
        share.Write("財政局/予算.txt", "予算要求の初版");
        share.Write("財政局/決算.txt", "決算の見込み");
        share.Write("環境局/計画.txt", "脱炭素の計画書");
        share.Write("環境局/~$計画.docx", "lock file");
        share.Write("Thumbs.db", "x");
        share.Write(".DS_Store", "x");
        var source = await share.AddSourceAsync();
        var first = await share.CrawlAsync(source.Id);
        Assert.Equal(5, first.Seen); // 3 files + 2 folders; temp and system files skipped
        Assert.Empty(share.Search("lock").Hits);

        var again = await share.CrawlAsync(source.Id);
        Assert.Equal(5, again.Unchanged);
        Assert.Equal(0, again.Indexed);

        // Modify (new content and mtime), delete, move to another folder under a new name.
        var budget = share.Write("財政局/予算.txt", "予算要求の最終版");
        File.SetLastWriteTimeUtc(budget, DateTime.UtcNow.AddMinutes(5));
        File.Delete(Path.Combine(share.Root, "財政局/決算.txt"));
        Directory.CreateDirectory(Path.Combine(share.Root, "保存"));
        File.Move(Path.Combine(share.Root, "環境局/計画.txt"), Path.Combine(share.Root, "保存/脱炭素計画_旧.txt"));
        var third = await share.CrawlAsync(source.Id);

        Assert.Equal(1, third.Moved);
        Assert.Equal(1, third.Removed); // 決算.txt; the moved file keeps its catalogue row under the new path
        Assert.Empty(share.Search("初版").Hits);
        Assert.Single(share.Search("最終版").Hits);
        Assert.Empty(share.Search("決算").Hits);
        var moved = share.Search("脱炭素").Hits.Single(h => !h.IsFolder);
        Assert.Equal("保存/脱炭素計画_旧.txt", moved.RelativePath);

        await using var db = share.NewDb();
        Assert.Equal(["保存", "保存/脱炭素計画_旧.txt", "環境局", "財政局", "財政局/予算.txt"],
            (await db.Catalog.Select(c => c.RelativePath).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(5, share.Index.KeysOfSource(source.Id).Count);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a POSIX mode change is one of the updates
    public async Task Rows_updated_in_place_hold_what_a_fresh_crawl_of_the_same_disk_writes()
    {
        // The crawler updates a known row by its id without reading it first, so every column it owns must be
        // written: compare each updated row with the row a second source over the same folder writes from nothing.
        share.Write("財政局/予算.txt", "予算要求の初版");
        share.Write("財政局/説明.docx", "not a zip"); // unreadable: Failed, with a Japanese reason
        share.Write("環境局/報告.csv", "年度,排出量\n2024,100");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        // Changed content, time and mode.
        var budget = share.Write("財政局/予算.txt", "予算要求の最終版、金額を修正");
        File.SetLastWriteTimeUtc(budget, DateTime.UtcNow.AddMinutes(5));
        File.SetUnixFileMode(budget, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        // A file replaced by a folder of the same name: kind, status, reason, hash, size and extension all change.
        File.Delete(Path.Combine(share.Root, "財政局/説明.docx"));
        share.Write("財政局/説明.docx/中身.txt", "フォルダの中の文書");
        // Moved under another name and extension: the moved row takes the new name and extension.
        Directory.CreateDirectory(Path.Combine(share.Root, "保存"));
        File.Move(Path.Combine(share.Root, "環境局/報告.csv"), Path.Combine(share.Root, "保存/排出量報告.txt"));
        var third = await share.CrawlAsync(source.Id);
        Assert.Equal(1, third.Moved);

        var fresh = await share.AddSourceAsync("同じ共有", root: share.Root);
        await share.CrawlAsync(fresh.Id);

        await using var db = share.NewDb();
        var updated = await db.Catalog.AsNoTracking().Where(c => c.SourceId == source.Id).OrderBy(c => c.RelativePath).ToListAsync();
        var written = await db.Catalog.AsNoTracking().Where(c => c.SourceId == fresh.Id).OrderBy(c => c.RelativePath).ToListAsync();
        Assert.Equal(written.Select(c => c.RelativePath), updated.Select(c => c.RelativePath));
        Assert.Contains(updated, c => c.RelativePath == "保存/排出量報告.txt" && c.Extension == "txt" && c.Name == "排出量報告.txt");
        Assert.Contains(updated, c => c.RelativePath == "財政局/説明.docx" && c.IsFolder && c.Reason is null && c.Extension == "");
        foreach (var (u, w) in updated.Zip(written))
        {
            Assert.Equal(
                (w.Name, w.Extension, w.IsFolder, w.Size, w.ModifiedAtUtc, w.ContentHash, w.OwnerUid, w.GroupGid, w.Mode, w.Acl, w.Status, w.Reason),
                (u.Name, u.Extension, u.IsFolder, u.Size, u.ModifiedAtUtc, u.ContentHash, u.OwnerUid, u.GroupGid, u.Mode, u.Acl, u.Status, u.Reason));
        }
    }

    [Fact]
    public async Task A_watcher_update_that_lists_a_new_folder_and_the_files_in_it_records_each_file_once()
    {
        share.Write("既存/元の文書.txt", "元からある文書");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        // What inotify delivers when staff copy in a folder: the folder, then (once its watch is set) some of its files;
        // and a sibling whose name sorts between the folder and its children ("新規" < "新規-写し" < "新規/…").
        share.Write("新規/議事録.txt", "新しい議事録");
        share.Write("新規/下位/資料.txt", "下位の資料");
        share.Write("新規-写し/議事録.txt", "写しの議事録");
        var counts = await share.CrawlAsync(source.Id, paths: ["新規/議事録.txt", "新規", "新規-写し", "新規-写し/議事録.txt", "新規/下位", "新規/下位/資料.txt"]);

        Assert.Equal(6, counts.Seen); // 新規, 新規/下位, the two files under 新規, 新規-写し and its file: each once
        Assert.Equal(0, counts.Failed);
        await using var db = share.NewDb();
        Assert.Equal(["新規", "新規-写し", "新規-写し/議事録.txt", "新規/下位", "新規/下位/資料.txt", "新規/議事録.txt", "既存", "既存/元の文書.txt"],
            (await db.Catalog.Select(c => c.RelativePath).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Single(share.Search("下位の資料").Hits);
        Assert.Equal(8, share.Index.KeysOfSource(source.Id).Count);
    }

    [Fact]
    public async Task A_crawl_killed_midway_and_resumed_leaves_each_file_exactly_once()
    {
        for (var i = 0; i < 40; i++)
        {
            share.Write($"課{i % 4}/文書{i:00}.txt", $"文書番号{i:00}の本文。予算。");
        }

        var source = await share.AddSourceAsync();
        var crawlId = Guid.CreateVersion7();
        var processed = 0;
        await Assert.ThrowsAsync<SimulatedCrash>(() => share.CrawlAsync(source.Id, crawlId, _ =>
        {
            if (++processed == 23)
            {
                throw new SimulatedCrash(); // mid-batch: items 21-23 were indexed but not committed
            }

            return Task.CompletedTask;
        }, batch: 10));

        // Only the committed batches survived the "crash".
        Assert.Equal(20, share.Index.KeysOfSource(source.Id).Count);

        // Resume the same crawl (as the job runner does after a restart), then crawl again from scratch.
        var resumed = await share.CrawlAsync(source.Id, crawlId, batch: 10);
        Assert.Equal(24, resumed.Seen); // the 20 already done are skipped
        await share.CrawlAsync(source.Id);

        var keys = share.Index.KeysOfSource(source.Id);
        Assert.Equal(44, keys.Count); // 40 files + 4 folders
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(40, share.Search("予算", pageSize: 100).Total);
        await using var db = share.NewDb();
        Assert.Equal(44, await db.Catalog.CountAsync());
    }

    [Fact]
    public async Task Index_documents_without_a_catalogue_row_are_removed()
    {
        share.Write("a.txt", "本文");
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        using (var session = share.Index.OpenSession())
        {
            // As if a crash hit between the index commit and the catalogue save, and the file then vanished.
            session.Upsert(new IndexDocument(source.Id, "ghost.txt", "ghost.txt", "テキスト", "txt", false, 1, DateTime.UtcNow, "幽霊", "all", "world", null));
            session.Commit();
        }

        Assert.Single(share.Search("幽霊").Hits);
        await share.CrawlAsync(source.Id);
        Assert.Empty(share.Search("幽霊").Hits);

        // Only the orphan went: the file the catalogue knows stays, under its key.
        Assert.Single(share.Search("本文").Hits);
        Assert.Equal([IndexDocument.KeyOf(source.Id, "a.txt")], share.Index.KeysOfSource(source.Id));
    }

    private sealed class SimulatedCrash : Exception;
}
