// odt/ods/odp are zip files with the text in content.xml (and title/author in meta.xml): read
// directly with a streaming XML reader, no tools needed. Entry sizes are checked before reading,
// so a zip bomb dressed as a spreadsheet is refused rather than inflated.
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace OsakaDx.Modules.Search.Extraction;

internal static class OpenDocument
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.Ordinal) { "odt", "ods", "odp", "odg", "ott", "ots", "otp" };

    /// <summary>Largest content.xml we inflate: a real document's is a few MB.</summary>
    private const long MaxXmlBytes = 200L * 1024 * 1024;

    public static string Read(string path, CancellationToken cancellationToken)
    {
        using var stream = TextExtractor.OpenShared(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var name in new[] { "meta.xml", "content.xml" })
        {
            var entry = zip.GetEntry(name);
            if (entry is null)
            {
                if (name == "content.xml")
                {
                    throw new InvalidDataException("content.xml がありません。");
                }

                continue;
            }

            if (entry.Length > MaxXmlBytes || (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > 1000))
            {
                throw new InvalidDataException($"{name} の展開後の大きさ（{TextExtractor.FormatSize(entry.Length)}）が異常です（圧縮爆弾の疑い）。");
            }

            using var xml = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            AppendText(xml, text, name == "meta.xml", cancellationToken);
        }

        return text.ToString();
    }

    /// <summary>Text nodes, with a line break after each paragraph, heading, cell and metadata field.</summary>
    internal static void AppendText(XmlReader xml, StringBuilder text, bool metaOnly, CancellationToken cancellationToken)
    {
        var inMeta = false;
        while (xml.Read() && text.Length < TextExtractor.MaxChars)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when metaOnly:
                    inMeta = xml.LocalName is "title" or "subject" or "initial-creator" or "creator" or "keyword" or "description";
                    break;
                case XmlNodeType.Element when xml.LocalName is "s" or "tab":
                    text.Append(' ');
                    break;
                case XmlNodeType.EndElement when xml.LocalName is "p" or "h" or "table-cell" or "title" or "subject" or "initial-creator" or "creator" or "keyword" or "description":
                    text.AppendLine();
                    inMeta = false;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace when !metaOnly || inMeta:
                    text.Append(xml.Value);
                    break;
            }
        }
    }
}
