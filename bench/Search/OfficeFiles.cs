// Writers for the corpus's office files, written straight as OOXML parts in a zip (and PDF objects) rather
// than through the OpenXML SDK: a million files must be generated in well under an hour on two cores.
// Output is deterministic (fixed zip timestamps), so a copy written twice has the same bytes.
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace OsakaDx.Search.Bench;

/// <summary>What a document says, in the layout each format gives it.</summary>
internal sealed record DocContent(string Title, string Meta, string Author, IReadOnlyList<string> Paragraphs, IReadOnlyList<(string Item, string Detail, long Amount)> Table)
{
    /// <summary>The plain text (the ripgrep mirror): title, meta line, paragraphs, table rows.</summary>
    public string PlainText()
    {
        var text = new StringBuilder().Append(Title).Append('\n').Append(Meta).Append('\n');
        foreach (var p in Paragraphs)
        {
            text.Append(p).Append('\n');
        }

        foreach (var (item, detail, amount) in Table)
        {
            text.Append(item).Append('\t').Append(detail).Append('\t').Append(amount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }
}

internal static class OfficeFiles
{
    private static readonly DateTimeOffset Stamp = new(2024, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly UTF8Encoding Utf8 = new(false);

    private const string Rels = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static void Docx(Stream output, DocContent doc)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>""");
        Entry(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>""");
        Entry(zip, "word/_rels/document.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/styles" Target="styles.xml"/></Relationships>""");
        Entry(zip, "word/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Century" w:eastAsia="ＭＳ 明朝" w:hAnsi="Century"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style></w:styles>""");
        Entry(zip, "docProps/core.xml", Core(doc));
        var body = new StringBuilder(4096);
        body.Append("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""");
        Paragraph(body, doc.Title, "Title");
        Paragraph(body, doc.Meta, null, right: true);
        var split = Math.Max(1, doc.Paragraphs.Count / 3);
        Paragraph(body, "1　概要", "1");
        for (var i = 0; i < split; i++)
        {
            Paragraph(body, doc.Paragraphs[i], null);
        }

        if (doc.Table.Count > 0)
        {
            Paragraph(body, "2　経費の内訳", "1");
            body.Append("""<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>""");
            Row(body, "項目", "内容", "金額（千円）");
            foreach (var (item, detail, amount) in doc.Table)
            {
                Row(body, item, detail, amount.ToString("N0", CultureInfo.InvariantCulture));
            }

            body.Append("</w:tbl>");
        }

        if (split < doc.Paragraphs.Count)
        {
            Paragraph(body, doc.Table.Count > 0 ? "3　詳細" : "2　詳細", "1");
            for (var i = split; i < doc.Paragraphs.Count; i++)
            {
                Paragraph(body, doc.Paragraphs[i], null);
            }
        }

        body.Append("""<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="1701" w:bottom="1701" w:left="1701" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>""");
        Entry(zip, "word/document.xml", body.ToString());

        static void Paragraph(StringBuilder body, string text, string? style, bool right = false)
        {
            body.Append("<w:p>");
            if (style is not null || right)
            {
                body.Append("<w:pPr>");
                if (style is not null)
                {
                    body.Append("<w:pStyle w:val=\"").Append(style).Append("\"/>");
                }

                if (right)
                {
                    body.Append("<w:jc w:val=\"right\"/>");
                }

                body.Append("</w:pPr>");
            }

            body.Append("<w:r><w:t xml:space=\"preserve\">").Append(Escape(text)).Append("</w:t></w:r></w:p>");
        }

        static void Row(StringBuilder body, params string[] cells)
        {
            body.Append("<w:tr>");
            foreach (var cell in cells)
            {
                body.Append("<w:tc><w:p><w:r><w:t>").Append(Escape(cell)).Append("</w:t></w:r></w:p></w:tc>");
            }

            body.Append("</w:tr>");
        }
    }

    public static void Xlsx(Stream output, DocContent doc)
    {
        // Text cells go to sharedStrings.xml as Excel writes them (Recoll reads only that part).
        var strings = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int S(string s)
        {
            if (!index.TryGetValue(s, out var i))
            {
                index[s] = i = strings.Count;
                strings.Add(s);
            }

            return i;
        }

        var sheets = new List<(string Name, string Xml)>();
        {
            var x = new SheetXml();
            x.Row(x.Str(S(doc.Title)));
            x.Row(x.Str(S(doc.Meta)));
            x.Row();
            x.Row(x.Str(S("番号")), x.Str(S("内容")));
            for (var i = 0; i < doc.Paragraphs.Count; i++)
            {
                x.Row(x.Num(i + 1), x.Str(S(doc.Paragraphs[i])));
            }

            sheets.Add(("概要", x.Finish()));
        }

        {
            var x = new SheetXml();
            x.Row(x.Str(S("項目")), x.Str(S("内容")), x.Str(S("数量")), x.Str(S("単価")), x.Str(S("金額（千円）")));
            long total = 0;
            for (var i = 0; i < doc.Table.Count; i++)
            {
                var (item, detail, amount) = doc.Table[i];
                total += amount;
                x.Row(x.Str(S(item)), x.Str(S(detail)), x.Num(1 + (i % 4)), x.Num(amount / (1 + (i % 4))), x.Num(amount));
            }

            x.Row(x.Str(S("合計")), x.Str(S("")), x.Str(S("")), x.Str(S("")), x.Num(total));
            sheets.Add(("集計", x.Finish()));
        }

        {
            var x = new SheetXml();
            x.Row(x.Str(S("作成")), x.Str(S(doc.Author)));
            x.Row(x.Str(S("更新履歴")), x.Str(S("令和6年4月1日 作成")));
            sheets.Add(("備考", x.Finish()));
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var types = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>""");
        var workbook = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>""");
        var rels = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}">""");
        for (var i = 0; i < sheets.Count; i++)
        {
            types.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
            workbook.Append(CultureInfo.InvariantCulture, $"""<sheet name="{sheets[i].Name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>""");
            rels.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{i + 1}" Type="{OfficeRel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>""");
        }

        rels.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheets.Count + 1}" Type="{OfficeRel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        Entry(zip, "[Content_Types].xml", types.Append("</Types>").ToString());
        Entry(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>""");
        Entry(zip, "xl/workbook.xml", workbook.Append("</sheets></workbook>").ToString());
        Entry(zip, "xl/_rels/workbook.xml.rels", rels.ToString());
        for (var i = 0; i < sheets.Count; i++)
        {
            Entry(zip, $"xl/worksheets/sheet{i + 1}.xml", sheets[i].Xml);
        }

        var shared = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{strings.Count}" uniqueCount="{strings.Count}">"""));
        foreach (var s in strings)
        {
            shared.Append("<si><t xml:space=\"preserve\">").Append(Escape(s)).Append("</t></si>");
        }

        Entry(zip, "xl/sharedStrings.xml", shared.Append("</sst>").ToString());
        Entry(zip, "docProps/core.xml", Core(doc));
    }

    private sealed class SheetXml
    {
        private readonly StringBuilder xml = new("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        private int row;
        private int column;

        public string Str(int sharedIndex) => Cell("t=\"s\"", sharedIndex);

        public string Num(long value) => Cell("", value);

        private string Cell(string type, long value)
        {
            var reference = $"{(char)('A' + column++)}{row + 1}";
            return $"<c r=\"{reference}\"{(type.Length > 0 ? " " + type : "")}><v>{value.ToString(CultureInfo.InvariantCulture)}</v></c>";
        }

        public void Row(params string[] cells)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{row + 1}\">");
            foreach (var c in cells)
            {
                xml.Append(c);
            }

            xml.Append("</row>");
            row++;
            column = 0;
        }

        public string Finish() => xml.Append("</sheetData></worksheet>").ToString();
    }

    public static void Pptx(Stream output, DocContent doc)
    {
        // Slide 1: title and meta line; then one slide per one or two paragraphs, sentences as bullets; the table as a last slide.
        var slides = new List<(string Title, List<string> Bullets)> { (doc.Title, [doc.Meta, doc.Author]) };
        for (var i = 0; i < doc.Paragraphs.Count; i += 2)
        {
            var bullets = new List<string>();
            foreach (var p in doc.Paragraphs.Skip(i).Take(2))
            {
                bullets.AddRange(p.Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s + "。"));
            }

            slides.Add(($"{(i / 2) + 1}．{Heading(doc.Paragraphs[i])}", bullets));
        }

        if (doc.Table.Count > 0)
        {
            slides.Add(("経費の内訳", doc.Table.Select(t => $"{t.Item}：{t.Detail}（{t.Amount.ToString("N0", CultureInfo.InvariantCulture)}千円）").ToList()));
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var types = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>""");
        var ids = new StringBuilder();
        var rels = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/slideMaster" Target="slideMasters/slideMaster1.xml"/><Relationship Id="rId2" Type="{OfficeRel}/theme" Target="theme/theme1.xml"/>""");
        for (var i = 0; i < slides.Count; i++)
        {
            types.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/ppt/slides/slide{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>""");
            ids.Append(CultureInfo.InvariantCulture, $"""<p:sldId id="{256 + i}" r:id="rId{i + 3}"/>""");
            rels.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{i + 3}" Type="{OfficeRel}/slide" Target="slides/slide{i + 1}.xml"/>""");
        }

        Entry(zip, "[Content_Types].xml", types.Append("</Types>").ToString());
        Entry(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>""");
        Entry(zip, "ppt/presentation.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation {PNs}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>""");
        Entry(zip, "ppt/_rels/presentation.xml.rels", rels.Append("</Relationships>").ToString());
        Entry(zip, "ppt/slideMasters/slideMaster1.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldMaster {PNs}><p:cSld><p:spTree>{GroupProps}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>""");
        Entry(zip, "ppt/slideMasters/_rels/slideMaster1.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/slideLayout" Target="../slideLayouts/slideLayout1.xml"/><Relationship Id="rId2" Type="{OfficeRel}/theme" Target="../theme/theme1.xml"/></Relationships>""");
        Entry(zip, "ppt/slideLayouts/slideLayout1.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldLayout {PNs} type="titleAndTx"><p:cSld name="タイトルとコンテンツ"><p:spTree>{GroupProps}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>""");
        Entry(zip, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/slideMaster" Target="../slideMasters/slideMaster1.xml"/></Relationships>""");
        Entry(zip, "ppt/theme/theme1.xml", Theme);
        for (var i = 0; i < slides.Count; i++)
        {
            var (title, bullets) = slides[i];
            var xml = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {PNs}><p:cSld><p:spTree>{GroupProps}""");
            xml.Append("""<p:sp><p:nvSpPr><p:cNvPr id="2" name="タイトル 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="365125"/><a:ext cx="10515600" cy="1325563"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="ja-JP" altLang="en-US"/><a:t>""")
                .Append(Escape(title)).Append("</a:t></a:r></a:p></p:txBody></p:sp>");
            xml.Append("""<p:sp><p:nvSpPr><p:cNvPr id="3" name="コンテンツ プレースホルダー 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="1825625"/><a:ext cx="10515600" cy="4351338"/></a:xfrm></p:spPr><p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>""");
            foreach (var b in bullets)
            {
                xml.Append("<a:p><a:r><a:rPr lang=\"ja-JP\" altLang=\"en-US\"/><a:t>").Append(Escape(b)).Append("</a:t></a:r></a:p>");
            }

            xml.Append("</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>");
            Entry(zip, $"ppt/slides/slide{i + 1}.xml", xml.ToString());
            Entry(zip, $"ppt/slides/_rels/slide{i + 1}.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{Rels}"><Relationship Id="rId1" Type="{OfficeRel}/slideLayout" Target="../slideLayouts/slideLayout1.xml"/></Relationships>""");
        }

        Entry(zip, "docProps/core.xml", Core(doc));
    }

    /// <summary>A slide heading from its first paragraph: the text up to the first 、 or 。 (at most 20 characters).</summary>
    private static string Heading(string paragraph)
    {
        var end = paragraph.IndexOfAny(['、', '。']);
        return paragraph[..Math.Clamp(end < 0 ? paragraph.Length : end, 1, 20)];
    }

    private const string PNs = """xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" """;
    private const string GroupProps = """<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>""";
    private const string Theme = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office テーマ"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Yu Gothic Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Yu Gothic"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>""";

    /// <summary>
    /// A PDF with extractable Japanese text and no embedded font: a Type0 font on the non-embedded CID font
    /// HeiseiMin-W3 (Adobe-Japan1) with the predefined UniJIS-UCS2-H encoding, so each character is written as its
    /// UTF-16 code, plus a ToUnicode map so extractors (PdfPig, pdftotext) turn the codes back into text. The map
    /// lists only the characters the document uses (compressed), as office programs write it for their subset
    /// fonts; corpus version 2 wrote one identity map over the whole UCS-2 space into every PDF, which no office
    /// program does and which made each PDF cost an extractor 65,536 map entries (6.5 MB allocated per file in PdfPig).
    /// </summary>
    public static void Pdf(Stream output, DocContent doc)
    {
        const int perLine = 40;
        const int linesPerPage = 46;
        var lines = new List<(string Text, bool Big)> { (doc.Title, true), (doc.Meta, false), ("", false) };
        foreach (var p in doc.Paragraphs)
        {
            // Wrap at 40 characters, preferring to break after 。 or 、 within the last ten.
            var rest = "　" + p;
            while (rest.Length > perLine)
            {
                var cut = rest.LastIndexOfAny(['。', '、'], perLine - 1, 10) + 1;
                cut = cut <= 0 ? perLine : cut;
                lines.Add((rest[..cut], false));
                rest = rest[cut..];
            }

            lines.Add((rest, false));
        }

        if (doc.Table.Count > 0)
        {
            lines.Add(("", false));
            lines.Add(("経費の内訳", true));
            lines.AddRange(doc.Table.Select(t => ($"{t.Item}　{t.Detail}　{t.Amount.ToString("N0", CultureInfo.InvariantCulture)}千円", false)));
        }

        var pages = lines.Chunk(linesPerPage).ToList();
        var objects = new List<byte[]>();
        var pageIds = Enumerable.Range(0, pages.Count).Select(i => 8 + (i * 2)).ToList();
        objects.Add(Latin("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.Add(Latin($"<< /Type /Pages /Count {pages.Count} /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] >>"));
        objects.Add(Latin("<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"));
        objects.Add(Latin("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>"));
        objects.Add(ToUnicode(lines.Select(l => l.Text)));
        objects.Add(Latin("<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 /Descent -241 /CapHeight 709 /StemV 69 >>"));
        objects.Add(Latin($"<< /Title <FEFF{Hex(doc.Title)}> /Author <FEFF{Hex(doc.Author)}> /Producer (OsakaDx bench) /CreationDate (D:20240401090000+09'00') >>"));
        foreach (var page in pages)
        {
            var content = new StringBuilder("BT\n");
            var y = 790;
            foreach (var (text, big) in page)
            {
                content.Append(CultureInfo.InvariantCulture, $"/F1 {(big ? 16 : 10.5).ToString(CultureInfo.InvariantCulture)} Tf 1 0 0 1 {(big ? 60 : 56)} {y} Tm <{Hex(text)}> Tj\n");
                y -= big ? 24 : 16;
            }

            content.Append("ET\n");
            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(Encoding.ASCII.GetBytes(content.ToString()));
            }

            objects.Add(Latin($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {objects.Count + 2} 0 R >>"));
            objects.Add([.. Latin($"<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n"), .. compressed.ToArray(), .. Latin("\nendstream")]);
        }

        var offsets = new List<long>();
        output.Write(Latin("%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n"));
        var position = 15L;
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(position);
            var head = Latin($"{i + 1} 0 obj\n");
            var tail = Latin("\nendobj\n");
            output.Write(head);
            output.Write(objects[i]);
            output.Write(tail);
            position += head.Length + objects[i].Length + tail.Length;
        }

        var xref = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var o in offsets)
        {
            xref.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }

        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{position}\n%%EOF\n");
        output.Write(Latin(xref.ToString()));
    }

    /// <summary>
    /// The ToUnicode map of one document: each two-byte code it draws (its UTF-16 code unit) to itself, in bfchar
    /// blocks of at most 100 entries as the CMap syntax requires, Flate-compressed like the page contents.
    /// Surrogate code units are left out, as in version 2's ranges.
    /// </summary>
    private static byte[] ToUnicode(IEnumerable<string> texts)
    {
        var codes = new SortedSet<char>();
        foreach (var text in texts)
        {
            foreach (var c in text)
            {
                if (!char.IsSurrogate(c))
                {
                    codes.Add(c);
                }
            }
        }

        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in codes.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var c in chunk)
            {
                cmap.Append(CultureInfo.InvariantCulture, $"<{(int)c:X4}> <{(int)c:X4}>\n");
            }

            cmap.Append("endbfchar\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(Encoding.ASCII.GetBytes(cmap.ToString()));
        }

        return [.. Latin($"<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n"), .. compressed.ToArray(), .. Latin("\nendstream")];
    }

    private static string Hex(string text)
    {
        var hex = new StringBuilder(text.Length * 4);
        foreach (var c in text)
        {
            hex.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    private static byte[] Latin(string s) => Encoding.Latin1.GetBytes(s);

    private static string Core(DocContent doc) =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{Escape(doc.Title)}</dc:title><dc:creator>{Escape(doc.Author)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-04-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-04-01T09:00:00Z</dcterms:modified></cp:coreProperties>""";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = Stamp;
        using var stream = entry.Open();
        stream.Write(Utf8.GetBytes(content));
    }

    private static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
