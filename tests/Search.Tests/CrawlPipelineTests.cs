using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The pipelined crawl (readers ahead of the catalogue writer, commits at marks) against the same
/// crawler run one item at a time: the same catalogue and the same index, through new files,
/// failures, moves, copies of moved files, deletions and edits, and through crashes and resumes.
/// </summary>
public sealed class CrawlPipelineTests : IDisposable
{
    private readonly TestShare piped = new();
    private readonly TestShare serial = new();

    [Fact]
    public async Task A_pipelined_crawl_gives_the_same_catalogue_and_index_as_a_serial_one()
    {
        var random = new Random(20261126);
        Populate(piped, new Random(7));
        Mirror();
        var pipedSource = await AddAsync(piped, parallelism: 4);
        var serialSource = await AddAsync(serial, parallelism: 1);

        // The first crawl of the pipelined side crashes three times too, each time resumed by the same crawl id.
        var firstId = Guid.CreateVersion7();
        await CrashAndResumeAsync(pipedSource, firstId, random);
        await piped.CrawlAsync(pipedSource, firstId, batch: 7);
        var reference = await serial.CrawlAsync(serialSource, batch: 100_000, window: 1);
        Assert.True(reference.Failed >= 10, $"failures: {reference.Failed}");
        await AssertSameAsync(pipedSource, serialSource);

        // Moves (and copies of a moved file), deletions, edits and new files, the same on both shares.
        var files = Directory.GetFiles(piped.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(piped.Root, f)).Order(StringComparer.Ordinal).ToList();
        var picked = files.OrderBy(_ => random.Next()).Take(60).ToList();
        Change(share =>
        {
            Directory.CreateDirectory(Path.Combine(share.Root, "移動先"));
            foreach (var (path, i) in picked.Select((p, i) => (p, i)))
            {
                var full = Path.Combine(share.Root, path);
                switch (i % 4)
                {
                    case 0:
                        File.Move(full, Path.Combine(share.Root, "移動先", $"移動{i}_{Path.GetFileName(path)}"));
                        break;
                    case 1:
                        File.Copy(full, Path.Combine(share.Root, "移動先", $"複製{i}_{Path.GetFileName(path)}"));
                        File.Move(full, Path.Combine(share.Root, "移動先", $"移動{i}_{Path.GetFileName(path)}"));
                        break;
                    case 2:
                        File.Delete(full);
                        break;
                    default:
                        File.AppendAllText(full, $"追記{i}。");
                        File.SetLastWriteTimeUtc(full, new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc));
                        break;
                }
            }

            for (var i = 0; i < 15; i++)
            {
                share.Write($"新規/追加{i}.txt", $"追加された文書{i}の本文。");
            }
        });

        // The pipelined side crashes three times at random points, each time resumed by the same crawl id.
        var crawlId = Guid.CreateVersion7();
        await CrashAndResumeAsync(pipedSource, crawlId, random);
        await piped.CrawlAsync(pipedSource, crawlId, batch: 7);
        var second = await serial.CrawlAsync(serialSource, batch: 100_000, window: 1);
        Assert.True(second.Moved >= 15, $"moves: {second.Moved}");
        await AssertSameAsync(pipedSource, serialSource);

        // And a clean re-crawl of both changes nothing.
        var again = await piped.CrawlAsync(pipedSource, batch: 7);
        Assert.Equal(0, again.Indexed + again.Moved + again.Removed);
        await AssertSameAsync(pipedSource, serialSource);
    }

    private async Task CrashAndResumeAsync(int pipedSource, Guid crawlId, Random random)
    {
        for (var crash = 0; crash < 3; crash++)
        {
            var at = random.Next(5, 60);
            var seen = 0;
            await Assert.ThrowsAsync<SimulatedCrash>(() => piped.CrawlAsync(pipedSource, crawlId, _ => ++seen == at ? throw new SimulatedCrash() : Task.CompletedTask, batch: 7));

            // What the crash left committed: every document in the index has its catalogue row, and no more
            // (the readers ran ahead of the writer, but none of their documents reached a commit early).
            await using var db = piped.NewDb();
            var rows = (await db.Catalog.Select(c => c.RelativePath).ToListAsync()).Order(StringComparer.Ordinal).ToList();
            var committed = piped.Index.KeysOfSource(pipedSource).Select(k => k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(rows, committed);
        }
    }

    private static void Populate(TestShare share, Random random)
    {
        for (var i = 0; i < 240; i++)
        {
            var folder = $"局{i % 3}/課{i % 7}";
            switch (i % 8)
            {
                case 0:
                    DemoShare.Docx(Path.Combine(Directory.CreateDirectory(Path.Combine(share.Root, folder)).FullName, $"議事録{i}.docx"), $"議事録{i}", $"第{i}回の会議で予算{random.Next(1000)}を審議した。");
                    break;
                case 1:
                    DemoShare.Xlsx(Path.Combine(Directory.CreateDirectory(Path.Combine(share.Root, folder)).FullName, $"集計{i}.xlsx"), $"事業{i}", $"内訳{random.Next(1000)}");
                    break;
                case 2 when i % 16 == 2:
                    share.Write($"{folder}/壊れた{i}.docx", "not a zip at all"); // fails with a reason
                    break;
                case 3 when i % 24 == 3:
                    share.Write($"{folder}/空{i}.txt", "");
                    break;
                case 4 when i % 32 == 4:
                    share.Write($"{folder}/同じ内容{i}.txt", "どの課にもある同じ内容の文書。"); // identical bytes in several places
                    break;
                default:
                    share.Write($"{folder}/文書{i}.txt", $"文書{i}の本文。{new string('予', random.Next(1, 50))}算。");
                    break;
            }
        }
    }

    /// <summary>Changes the pipelined share, then makes the serial one byte- and mtime-identical to it.</summary>
    private void Change(Action<TestShare> change)
    {
        change(piped);
        Mirror();
    }

    private void Mirror()
    {
        foreach (var entry in new DirectoryInfo(serial.Root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        foreach (var folder in Directory.GetDirectories(piped.Root, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(serial.Root, Path.GetRelativePath(piped.Root, folder)));
        }

        foreach (var file in Directory.GetFiles(piped.Root, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(serial.Root, Path.GetRelativePath(piped.Root, file));
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }

        foreach (var folder in Directory.GetDirectories(piped.Root, "*", SearchOption.AllDirectories))
        {
            Directory.SetLastWriteTimeUtc(Path.Combine(serial.Root, Path.GetRelativePath(piped.Root, folder)), Directory.GetLastWriteTimeUtc(folder));
        }
    }

    private static async Task<int> AddAsync(TestShare share, int parallelism)
    {
        var source = await share.AddSourceAsync();
        await using var db = share.NewDb();
        await db.Sources.Where(s => s.Id == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Parallelism, parallelism));
        return source.Id;
    }

    private async Task AssertSameAsync(int pipedSource, int serialSource)
    {
        Assert.Equal(await CatalogueAsync(serial), await CatalogueAsync(piped));
        var keys = serial.Index.KeysOfSource(serialSource).Select(k => k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
        var pipedKeys = piped.Index.KeysOfSource(pipedSource).Select(k => k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(keys, pipedKeys);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (var path in keys)
        {
            var a = serial.Index.Get(IndexDocument.KeyOf(serialSource, path))!;
            var b = piped.Index.Get(IndexDocument.KeyOf(pipedSource, path))!;
            Assert.Equal((a.Content, a.ContentHash, a.Size, a.Type), (b.Content, b.ContentHash, b.Size, b.Type));
        }

        // Every file on disk is in both, once.
        var onDisk = Directory.GetFileSystemEntries(piped.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(piped.Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, pipedKeys);
    }

    private static async Task<List<string>> CatalogueAsync(TestShare share)
    {
        await using var db = share.NewDb();
        var rows = await db.Catalog.AsNoTracking().ToListAsync();
        return rows.Select(r => $"{r.RelativePath}|{r.Name}|{r.Extension}|{r.IsFolder}|{r.Size}|{r.ModifiedAtUtc:O}|{r.ContentHash}|{r.Status}|{r.Reason}")
            .Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose()
    {
        piped.Dispose();
        serial.Dispose();
    }

    private sealed class SimulatedCrash : Exception;
}
