using Lucene.Net.Index;
using Lucene.Net.Store;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Permissions;

namespace OsakaDx.Search.Tests;

/// <summary>The index's codec (deflated stored text) and an index written before it (Lucene46, every unigram in the content).</summary>
public sealed class IndexFormatTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"osakadx-format-{Guid.NewGuid():N}");

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);

    private static IndexDocument Doc(string path, string text) => new(
        1, path, Path.GetFileName(path), "text", "txt", false, text.Length * 3L, new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc),
        text, SearchPrincipal.AllStaff, SearchPrincipal.World, null);

    [Fact]
    public void Keys_of_a_source_are_its_live_documents_across_segments_and_not_another_sources_with_a_longer_id()
    {
        using var index = new LuceneSearchIndex(folder);
        using (var session = index.OpenSession())
        {
            session.Upsert(Doc("a/一.txt", "一つ目"));
            session.Upsert(Doc("a/二.txt", "二つ目"));
            session.Upsert(Doc("b/三.txt", "三つ目") with { SourceId = 10 });
            session.Upsert(Doc("c/四.txt", "四つ目") with { SourceId = 2 });
            session.Commit();

            // A second segment: one document updated (its old copy deleted), one deleted, one new.
            session.Upsert(Doc("a/一.txt", "一つ目、改訂"));
            session.Delete(IndexDocument.KeyOf(1, "a/二.txt"));
            session.Upsert(Doc("a/五.txt", "五つ目"));
            session.Commit();
        }

        Assert.Equal(["1:a/一.txt", "1:a/五.txt"], index.KeysOfSource(1).Order(StringComparer.Ordinal));
        Assert.Equal(["10:b/三.txt"], index.KeysOfSource(10));
        Assert.Equal(["2:c/四.txt"], index.KeysOfSource(2));
        Assert.Empty(index.KeysOfSource(3));
    }

    [Fact]
    public void New_segments_use_the_deflate_codec_and_keep_the_text_for_snippets()
    {
        using (var index = new LuceneSearchIndex(folder))
        {
            using var session = index.OpenSession();
            session.Upsert(Doc("港湾/案内.txt", "関西国際空港の第3回会議の案内です。"));
            session.Commit();

            var hit = index.Search(new SearchRequest("空港"), TestShare.Everyone).Hits.Single();
            Assert.Contains("<mark>空港</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        }

        using var directory = FSDirectory.Open(folder);
        var segments = new SegmentInfos();
        segments.Read(directory);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Equal(SearchCodec.CodecName, s.Info.Codec.Name));
    }

    [Fact]
    public void An_index_written_before_answers_phrases_and_single_characters_and_takes_new_documents_beside_them()
    {
        // The previous format: Lucene46 and every CJK unigram in the content field, no character field.
        using (var directory = FSDirectory.Open(folder))
        {
            var analyzer = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(new JapaneseBigramAnalyzer());
            using var writer = new IndexWriter(directory, new IndexWriterConfig(JapaneseBigramAnalyzer.Version, analyzer)
            {
                Codec = Lucene.Net.Codecs.Codec.ForName("Lucene46"),
            });
            var old = LuceneSearchIndex.ToLucene(Doc("古い/議事録.txt", "大阪市の第3回会議の議事録です。"));
            old.RemoveFields(IndexFields.ContentChars);
            writer.AddDocument(old);
            writer.Commit();
        }

        using var index = new LuceneSearchIndex(folder);
        Assert.Equal(["議事録.txt"], index.Search(new SearchRequest("第3回"), TestShare.Everyone).Hits.Select(h => h.Name));
        Assert.Equal(["議事録.txt"], index.Search(new SearchRequest("\"市の第3回会議\""), TestShare.Everyone).Hits.Select(h => h.Name));
        Assert.Equal(["議事録.txt"], index.Search(new SearchRequest("阪"), TestShare.Everyone).Hits.Select(h => h.Name)); // inside its run

        using (var session = index.OpenSession())
        {
            session.Upsert(Doc("新しい/案内.txt", "大阪港の案内です。"));
            session.Commit();
        }

        Assert.Equal(["案内.txt", "議事録.txt"], index.Search(new SearchRequest("大阪"), TestShare.Everyone).Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["案内.txt", "議事録.txt"], index.Search(new SearchRequest("阪"), TestShare.Everyone).Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
    }
}
