// docx/docm, xlsx/xlsm and pptx read straight from the zip with a streaming XmlReader: no package
// model and no DOM, so a Word file costs a fraction of what the OpenXML SDK needs to open it. The
// text is what the SDK's InnerText gave (each paragraph's runs, each cell's value or shared string,
// each slide paragraph; title, subject and author from the core properties), except that the
// mc:Fallback copy of a text box (the VML twin of the same box) is not read twice.
// Hostile files are bounded: parts read whole (relationships, properties, shared strings) are
// refused above 200 MB inflated or a compression ratio of 1000 (a zip bomb); streamed parts
// (document, sheets, slides) stop at TextExtractor.MaxChars; long loops check the time limit.
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace OsakaDx.Modules.Search.Extraction;

internal static class OfficeOpenXml
{
    /// <summary>Largest part read whole (relationships, core properties, shared strings, the workbook).</summary>
    private const long MaxWholePartBytes = 200L * 1024 * 1024;

    /// <summary>Deflate cannot do much better than ~1032:1; anything near it is made to hurt.</summary>
    private const long MaxRatio = 1000;

    private const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    /// <summary>w:p, transitional or strict.</summary>
    private static readonly Func<XmlReader, bool> WordParagraph = xml => xml.LocalName == "p" &&
        xml.NamespaceURI is "http://schemas.openxmlformats.org/wordprocessingml/2006/main" or "http://purl.oclc.org/ooxml/wordprocessingml/main";

    /// <summary>a:p, transitional or strict.</summary>
    private static readonly Func<XmlReader, bool> DrawingParagraph = xml => xml.LocalName == "p" &&
        xml.NamespaceURI is "http://schemas.openxmlformats.org/drawingml/2006/main" or "http://purl.oclc.org/ooxml/drawingml/main";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static string Docx(string path, CancellationToken cancellationToken)
    {
        using var zip = Open(path);
        var text = new StringBuilder();
        AppendCoreProperties(zip, text);
        var main = MainPart(zip);
        if (main is not null && Entry(zip, main) is { } entry)
        {
            using var xml = Reader(entry, whole: false);
            AppendParagraphs(xml, WordParagraph, text, cancellationToken);
        }

        return text.ToString();
    }

    public static string Pptx(string path, CancellationToken cancellationToken)
    {
        using var zip = Open(path);
        var text = new StringBuilder();
        AppendCoreProperties(zip, text);
        var presentation = MainPart(zip);
        if (presentation is null)
        {
            return text.ToString();
        }

        var relationships = Relationships(zip, presentation);
        foreach (var slide in SlideOrder(zip, presentation, relationships))
        {
            if (Entry(zip, slide) is not { } entry)
            {
                continue;
            }

            using (var xml = Reader(entry, whole: false))
            {
                AppendParagraphs(xml, DrawingParagraph, text, cancellationToken);
            }

            if (text.Length > TextExtractor.MaxChars)
            {
                break;
            }
        }

        return text.ToString();
    }

    public static string Xlsx(string path, CancellationToken cancellationToken)
    {
        using var zip = Open(path);
        var text = new StringBuilder();
        AppendCoreProperties(zip, text);
        var workbook = MainPart(zip);
        if (workbook is null || Entry(zip, workbook) is not { } workbookEntry)
        {
            return text.ToString();
        }

        var relationships = Relationships(zip, workbook);
        var sheets = new List<(string? Name, string? Id)>();
        using (var xml = Reader(workbookEntry, whole: true))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    sheets.Add((xml.GetAttribute("name"), RelationshipId(xml)));
                }
            }
        }

        if (sheets.Count == 0)
        {
            return text.ToString();
        }

        var shared = relationships.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } sst && Entry(zip, sst) is { } sstEntry
            ? SharedStrings(sstEntry, cancellationToken)
            : [];
        foreach (var (name, id) in sheets)
        {
            text.AppendLine(name);
            var part = relationships.FirstOrDefault(r => r.Id == id && r.Type.EndsWith("/worksheet", StringComparison.Ordinal));
            if (part.Target is null || Entry(zip, part.Target) is not { } entry)
            {
                continue;
            }

            // A streaming reader: a sheet with a million cells is never held whole.
            using var xml = Reader(entry, whole: false);
            AppendCells(xml, shared, text, cancellationToken);
            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Each cell's inline string, else its value (a shared string's text for t="s"), followed by a space.</summary>
    private static void AppendCells(XmlReader xml, string[] shared, StringBuilder text, CancellationToken cancellationToken)
    {
        var nodes = 0;
        var inCell = false;
        var sharedType = false;
        StringBuilder? inline = null;
        StringBuilder? value = null;
        var inValue = false;
        var inInlineText = false;
        while (xml.Read() && text.Length < TextExtractor.MaxChars)
        {
            if ((++nodes & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "c":
                    inCell = !xml.IsEmptyElement;
                    sharedType = xml.GetAttribute("t") == "s";
                    inline = null;
                    value = null;
                    break;
                case XmlNodeType.Element when inCell && xml.LocalName == "is":
                    inline = new StringBuilder();
                    break;
                case XmlNodeType.Element when inCell && xml.LocalName == "v" && !xml.IsEmptyElement:
                    value ??= new StringBuilder();
                    inValue = true;
                    break;
                case XmlNodeType.Element when inline is not null && xml.LocalName == "t" && !xml.IsEmptyElement:
                    inInlineText = true;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inInlineText:
                    inline!.Append(xml.Value);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inValue:
                    value!.Append(xml.Value);
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inInlineText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "v":
                    inValue = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "c":
                    inCell = false;
                    var cell = inline?.ToString() ?? value?.ToString();
                    if (sharedType && int.TryParse(cell, out var index) && index >= 0 && index < shared.Length)
                    {
                        cell = shared[index];
                    }

                    if (!string.IsNullOrEmpty(cell))
                    {
                        text.Append(cell).Append(' ');
                    }

                    inline = null;
                    value = null;
                    break;
            }
        }
    }

    /// <summary>Each &lt;si&gt;'s text: every &lt;t&gt; in it, phonetic readings (rPh) included, as the SDK's InnerText gave.</summary>
    private static string[] SharedStrings(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        using var xml = Reader(entry, whole: true);
        StringBuilder? item = null;
        var inText = false;
        var nodes = 0;
        while (xml.Read())
        {
            if ((++nodes & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    if (xml.IsEmptyElement)
                    {
                        strings.Add("");
                    }
                    else
                    {
                        item = new StringBuilder();
                    }

                    break;
                case XmlNodeType.Element when item is not null && xml.LocalName == "t" && !xml.IsEmptyElement:
                    inText = true;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    item!.Append(xml.Value);
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si" && item is not null:
                    strings.Add(item.ToString());
                    item = null;
                    break;
            }
        }

        return [.. strings];
    }

    /// <summary>
    /// One line per paragraph element (w:p or a:p), in document order, each with the text of every
    /// text element inside it (t, delText, instrText, delInstrText), nested paragraphs included, as
    /// the SDK's Descendants&lt;Paragraph&gt;().InnerText gave. mc:Fallback is skipped.
    /// </summary>
    private static void AppendParagraphs(XmlReader xml, Func<XmlReader, bool> isParagraph, StringBuilder text, CancellationToken cancellationToken)
    {
        var open = new List<StringBuilder>(); // paragraphs being read, outermost first
        var done = new List<StringBuilder>(); // in start order; written out when the outermost one ends
        var inText = false;
        var nodes = 0;
        var length = text.Length;
        xml.Read();
        while (!xml.EOF)
        {
            if ((++nodes & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "Fallback" && xml.NamespaceURI == MarkupCompatibility:
                    xml.Skip();
                    continue;
                case XmlNodeType.Element when isParagraph(xml):
                    var builder = new StringBuilder();
                    done.Add(builder);
                    if (!xml.IsEmptyElement)
                    {
                        open.Add(builder);
                    }
                    else if (open.Count == 0)
                    {
                        Flush();
                    }

                    break;
                case XmlNodeType.Element when open.Count > 0 && !xml.IsEmptyElement && xml.LocalName is "t" or "delText" or "instrText" or "delInstrText":
                    inText = true;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    foreach (var p in open)
                    {
                        p.Append(xml.Value);
                    }

                    length += xml.Value.Length * open.Count;
                    break;
                case XmlNodeType.EndElement when inText && xml.LocalName is "t" or "delText" or "instrText" or "delInstrText":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when open.Count > 0 && isParagraph(xml):
                    open.RemoveAt(open.Count - 1);
                    if (open.Count == 0)
                    {
                        Flush();
                        if (text.Length > TextExtractor.MaxChars)
                        {
                            return;
                        }
                    }

                    break;
            }

            if (length > TextExtractor.MaxChars * 2L)
            {
                break; // a paragraph longer than the cap: what was read is enough
            }

            xml.Read();
        }

        Flush();

        void Flush()
        {
            foreach (var p in done)
            {
                text.Append(p).AppendLine();
            }

            done.Clear();
            length = text.Length;
        }
    }

    /// <summary>Title, subject and author (dc:title, dc:subject, dc:creator), each on its line when not blank.</summary>
    private static void AppendCoreProperties(ZipArchive zip, StringBuilder text)
    {
        var target = Relationships(zip, "").FirstOrDefault(r => r.Type.EndsWith("/core-properties", StringComparison.Ordinal)).Target ?? "docProps/core.xml";
        if (Entry(zip, target) is not { } entry)
        {
            return;
        }

        string? title = null, subject = null, creator = null;
        using (var xml = Reader(entry, whole: true))
        {
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == "http://purl.org/dc/elements/1.1/" && !xml.IsEmptyElement &&
                    xml.LocalName is "title" or "subject" or "creator")
                {
                    var field = xml.LocalName;
                    var value = xml.ReadElementContentAsString(); // moves past the element
                    _ = field switch
                    {
                        "title" => title = value,
                        "subject" => subject = value,
                        _ => creator = value,
                    };
                    continue;
                }

                xml.Read();
            }
        }

        foreach (var value in new[] { title, subject, creator })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.AppendLine(value);
            }
        }
    }

    private static ZipArchive Open(string path) => new(TextExtractor.OpenShared(path), ZipArchiveMode.Read, leaveOpen: false);

    /// <summary>The document, workbook or presentation part named by the package's officeDocument relationship.</summary>
    private static string? MainPart(ZipArchive zip) =>
        Relationships(zip, "").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target;

    /// <summary>Slides in the order the presentation lists them (p:sldIdLst), then any slide part it does not list.</summary>
    private static List<string> SlideOrder(ZipArchive zip, string presentation, List<Relationship> relationships)
    {
        var slides = relationships.Where(r => r.Type.EndsWith("/slide", StringComparison.Ordinal)).ToList();
        var ordered = new List<string>();
        if (Entry(zip, presentation) is { } entry)
        {
            using var xml = Reader(entry, whole: true);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sldId" && RelationshipId(xml) is { } id &&
                    slides.FirstOrDefault(r => r.Id == id).Target is { } target && !ordered.Contains(target, StringComparer.Ordinal))
                {
                    ordered.Add(target);
                }
            }
        }

        ordered.AddRange(slides.Select(s => s.Target).Where(t => !ordered.Contains(t, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal));
        return ordered;
    }

    private static string? RelationshipId(XmlReader xml)
    {
        if (!xml.MoveToFirstAttribute())
        {
            return null;
        }

        string? id = null;
        do
        {
            if (xml.LocalName == "id" && xml.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal))
            {
                id = xml.Value;
                break;
            }
        }
        while (xml.MoveToNextAttribute());

        xml.MoveToElement();
        return id;
    }

    private readonly record struct Relationship(string Id, string Type, string Target);

    /// <summary>The internal relationships of a part ("" = the package), in file order, with targets resolved to entry names.</summary>
    private static List<Relationship> Relationships(ZipArchive zip, string part)
    {
        var folder = part.Contains('/', StringComparison.Ordinal) ? part[..(part.LastIndexOf('/') + 1)] : "";
        var name = part[folder.Length..];
        var list = new List<Relationship>();
        if (Entry(zip, $"{folder}_rels/{name}.rels") is not { } entry)
        {
            return list;
        }

        using var xml = Reader(entry, whole: true);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship" ||
                string.Equals(xml.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase) ||
                xml.GetAttribute("Target") is not { Length: > 0 } target)
            {
                continue;
            }

            list.Add(new Relationship(xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", Resolve(folder, target)));
        }

        return list;
    }

    /// <summary>A relationship target ("worksheets/sheet1.xml", "../media/x", "/xl/workbook.xml") as a zip entry name.</summary>
    private static string Resolve(string folder, string target)
    {
        target = Uri.UnescapeDataString(target.Replace('\\', '/'));
        var parts = new List<string>();
        foreach (var segment in (target.StartsWith('/') ? target : folder + target).Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(segment);
        }

        return string.Join('/', parts);
    }

    /// <summary>The entry of a part (part names are case-insensitive in a package).</summary>
    private static ZipArchiveEntry? Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName.TrimStart('/'), name, StringComparison.OrdinalIgnoreCase));

    private static XmlReader Reader(ZipArchiveEntry entry, bool whole)
    {
        if ((whole && entry.Length > MaxWholePartBytes) || (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxRatio))
        {
            throw new InvalidDataException($"{entry.FullName} の展開後の大きさ（{TextExtractor.FormatSize(entry.Length)}）が異常です（圧縮爆弾の疑い）。");
        }

        return XmlReader.Create(entry.Open(), Settings);
    }
}
