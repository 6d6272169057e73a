// The index's codec: Lucene 4.6's formats, with stored fields compressed by deflate instead of LZ4.
using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// Lucene46 with the stored fields (the document's text, kept for snippets and the preview)
/// compressed by deflate: Japanese UTF-8 barely shrinks under LZ4, and reading a page's twenty
/// documents back costs a few microseconds more each (docs/adr/0012). Segments written before keep
/// their own codec and stay readable.
/// </summary>
[CodecName(CodecName)]
internal sealed class SearchCodec : FilterCodec
{
    public const string CodecName = "OsakaDxSearch46";

    private readonly StoredFieldsFormat storedFields =
        new CompressingStoredFieldsFormat("OsakaDxStoredFields", CompressionMode.HIGH_COMPRESSION, 1 << 14);

    public SearchCodec()
        : base(new Lucene46Codec())
    {
    }

    public override StoredFieldsFormat StoredFieldsFormat => storedFields;

    private static readonly Lazy<Codec> Registered = new(() =>
    {
        Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(SearchCodec)] });
        return Codec.ForName(CodecName);
    });

    /// <summary>The codec, registered once per process so that segments written with it can be read.</summary>
    public static Codec Instance => Registered.Value;
}
