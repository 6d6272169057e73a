// Statutory sheets and summaries must come out as PDF that prints on A4 and opens anywhere,
// without a font installed on the server or the reader's machine. PDFsharp draws; the bundled
// IPAexゴシック (IPA Font License v1.0, see Files/Fonts) is embedded as a subset, so Japanese text
// is searchable and copyable (ToUnicode map). Layout is deliberately simple — flowing blocks,
// tables that break across pages with their header repeated, page numbers — which is what a
// 予算書 table, an annual CO2 summary or an audit list needs.
using System.Globalization;
using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace OsakaDx.Platform.Files;

/// <summary>Page orientation of a <see cref="PdfReport"/> (always A4).</summary>
public enum PdfOrientation
{
    /// <summary>A4 縦.</summary>
    Portrait,

    /// <summary>A4 横 (wide tables such as 事項別明細書).</summary>
    Landscape,
}

/// <summary>Horizontal alignment of a table column.</summary>
public enum PdfAlign
{
    /// <summary>Text.</summary>
    Left,

    /// <summary>Codes, short labels.</summary>
    Center,

    /// <summary>Numbers and amounts.</summary>
    Right,
}

/// <summary>A table column: header text, relative width and alignment.</summary>
/// <param name="Header">Header text (may wrap).</param>
/// <param name="Width">Relative width; the columns share the page width in proportion.</param>
/// <param name="Align">Alignment of the body cells (headers are centred).</param>
public sealed record PdfColumn(string Header, double Width = 1, PdfAlign Align = PdfAlign.Left);

/// <summary>A table row; <see cref="Emphasis"/> prints it bold on a tinted band (totals).</summary>
public sealed record PdfRow(IReadOnlyList<string> Cells, bool Emphasis = false)
{
    /// <summary>An ordinary row.</summary>
    public static PdfRow Of(params string[] cells) => new(cells);

    /// <summary>A total row, printed bold on a tinted band.</summary>
    public static PdfRow Total(params string[] cells) => new(cells, true);
}

/// <summary>
/// Builds an A4 PDF from flowing blocks:
/// <c>new PdfReport("令和8年度 予算書").Heading("第1表").Table(columns, rows).ToBytes()</c>.
/// Text wraps at character boundaries (Japanese has no spaces) with simple 禁則 (no 、。）」 at a
/// line start). Every page gets the title and 「n / N ページ」 in the footer.
/// </summary>
public sealed class PdfReport
{
    /// <summary>The embedded font family name.</summary>
    public const string FontFamily = "IPAexGothic";

    private const double Margin = 40; // points (about 14 mm)
    private const double BodySize = 9.5;
    private const double CellPadding = 3;

    private readonly List<Action<Renderer>> blocks = [];
    private readonly PdfOrientation orientation;

    static PdfReport() => EmbeddedFontResolver.Install();

    /// <summary>Starts a report; <paramref name="title"/> is the document title and the footer text.</summary>
    public PdfReport(string title, PdfOrientation orientation = PdfOrientation.Portrait)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
        this.orientation = orientation;
    }

    /// <summary>The document title (PDF metadata and page footer).</summary>
    public string Title { get; }

    /// <summary>Author metadata, e.g. the 所属 that produced the document.</summary>
    public string? Author { get; set; }

    /// <summary>Adds a heading; level 1 is the largest.</summary>
    public PdfReport Heading(string text, int level = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        var size = level switch { 1 => 16.0, 2 => 13.0, _ => 11.0 };
        blocks.Add(r => r.Text(text, size, bold: true, spaceBefore: level == 1 ? 0 : 8, spaceAfter: 4));
        return this;
    }

    /// <summary>Adds a wrapped paragraph; line breaks in the text are kept.</summary>
    public PdfReport Paragraph(string text, double size = BodySize)
    {
        blocks.Add(r => r.Text(text, size, bold: false, spaceBefore: 0, spaceAfter: 6));
        return this;
    }

    /// <summary>Adds a two-column list of labels and values (like a 調書's header block).</summary>
    public PdfReport KeyValues(IEnumerable<KeyValuePair<string, string>> items)
    {
        var list = items.ToList();
        blocks.Add(r => r.Table(
            [new PdfColumn("項目", 1), new PdfColumn("内容", 3)],
            list.Select(i => PdfRow.Of(i.Key, i.Value)).ToList(),
            caption: null,
            showHeader: false));
        return this;
    }

    /// <summary>Adds a table; rows with fewer cells than columns are padded with blanks.</summary>
    public PdfReport Table(IReadOnlyList<PdfColumn> columns, IEnumerable<PdfRow> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("表には少なくとも1列が必要です。", nameof(columns));
        }

        var list = rows.ToList();
        foreach (var row in list)
        {
            if (row.Cells.Count > columns.Count)
            {
                throw new ArgumentException($"行のセル数（{row.Cells.Count}）が列数（{columns.Count}）を超えています。", nameof(rows));
            }
        }

        blocks.Add(r => r.Table(columns, list, caption, showHeader: true));
        return this;
    }

    /// <summary>Starts a new page.</summary>
    public PdfReport PageBreak()
    {
        blocks.Add(r => r.NewPage());
        return this;
    }

    /// <summary>Renders the document.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Save(stream);
        return stream.ToArray();
    }

    /// <summary>Renders the document to <paramref name="stream"/> (left open).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = new PdfDocument();
        document.Info.Title = Title;
        document.Info.Creator = "OsakaDx";
        if (Author is not null)
        {
            document.Info.Author = Author;
        }

        document.Language = "ja-JP";
        using (var renderer = new Renderer(document, orientation))
        {
            foreach (var block in blocks)
            {
                block(renderer);
            }
        }

        DrawFooters(document);
        document.Save(stream, closeStream: false);
    }

    private void DrawFooters(PdfDocument document)
    {
        var font = Fonts.Regular(8);
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin + 14;
            gfx.DrawString(Title, font, XBrushes.DimGray, new XPoint(Margin, y));
            var number = string.Create(CultureInfo.InvariantCulture, $"{i + 1} / {count} ページ");
            var width = gfx.MeasureString(number, font).Width;
            gfx.DrawString(number, font, XBrushes.DimGray, new XPoint(page.Width.Point - Margin - width, y));
        }
    }

    private static class Fonts
    {
        private static readonly XPdfFontOptions Options = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);

        public static XFont Regular(double size) => new(FontFamily, size, XFontStyleEx.Regular, Options);

        public static XFont Bold(double size) => new(FontFamily, size, XFontStyleEx.Bold, Options);
    }

    /// <summary>Places blocks top to bottom, adding pages as needed.</summary>
    private sealed class Renderer : IDisposable
    {
        // Characters that must not begin a line (行頭禁則) — kept on the previous line instead.
        private const string NoLineStart = "、。，．・：；？！ー）」』】〕］｝〉》%％,.)]!?";

        private readonly PdfDocument document;
        private readonly PdfOrientation orientation;
        private PdfPage? page;
        private XGraphics? gfx;
        private double y;

        public Renderer(PdfDocument document, PdfOrientation orientation)
        {
            this.document = document;
            this.orientation = orientation;
        }

        private static double Left => Margin;

        private double Width => page!.Width.Point - (2 * Margin);

        private double Bottom => page!.Height.Point - Margin - 6; // room for the footer

        private XGraphics G => gfx ?? throw new InvalidOperationException("No page.");

        public void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            page.Orientation = orientation == PdfOrientation.Landscape ? PdfSharp.PageOrientation.Landscape : PdfSharp.PageOrientation.Portrait;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        public void Text(string text, double size, bool bold, double spaceBefore, double spaceAfter)
        {
            EnsurePage();
            var font = bold ? Fonts.Bold(size) : Fonts.Regular(size);
            var lineHeight = size * 1.5;
            y += spaceBefore;
            foreach (var line in Wrap(text, font, Width))
            {
                if (y + lineHeight > Bottom)
                {
                    NewPage();
                }

                G.DrawString(line, font, XBrushes.Black, new XRect(Left, y, Width, lineHeight), XStringFormats.CenterLeft);
                y += lineHeight;
            }

            y += spaceAfter;
        }

        public void Table(IReadOnlyList<PdfColumn> columns, IReadOnlyList<PdfRow> rows, string? caption, bool showHeader)
        {
            EnsurePage();
            if (caption is not null)
            {
                Text(caption, 10.5, bold: true, spaceBefore: 4, spaceAfter: 2);
            }

            var total = columns.Sum(c => c.Width <= 0 ? 1 : c.Width);
            var widths = columns.Select(c => Width * (c.Width <= 0 ? 1 : c.Width) / total).ToArray();
            var body = Fonts.Regular(BodySize);
            var bold = Fonts.Bold(BodySize);
            var lineHeight = BodySize * 1.4;

            var header = columns.Select(c => c.Header).ToArray();
            var headerLines = LayoutRow(header, widths, bold);
            var headerHeight = RowHeight(headerLines, lineHeight);

            if (showHeader)
            {
                if (y + headerHeight + lineHeight + (2 * CellPadding) > Bottom)
                {
                    NewPage();
                }

                DrawHeader();
            }

            foreach (var row in rows)
            {
                var cells = Enumerable.Range(0, columns.Count).Select(i => i < row.Cells.Count ? row.Cells[i] ?? string.Empty : string.Empty).ToArray();
                var font = row.Emphasis ? bold : body;
                var lines = LayoutRow(cells, widths, font);
                var height = RowHeight(lines, lineHeight);
                if (y + height > Bottom)
                {
                    NewPage();
                    if (showHeader)
                    {
                        DrawHeader();
                    }
                }

                if (row.Emphasis)
                {
                    G.DrawRectangle(new XSolidBrush(XColor.FromArgb(238, 242, 247)), Left, y, Width, height);
                }

                DrawRow(lines, widths, font, height, lineHeight, columns.Select(c => c.Align).ToArray());
                y += height;
            }

            y += 8;

            void DrawHeader()
            {
                G.DrawRectangle(new XSolidBrush(XColor.FromArgb(226, 232, 240)), Left, y, Width, headerHeight);
                DrawRow(headerLines, widths, bold, headerHeight, lineHeight, columns.Select(_ => PdfAlign.Center).ToArray());
                y += headerHeight;
            }
        }

        public void Dispose() => gfx?.Dispose();

        private static double RowHeight(List<string>[] lines, double lineHeight) =>
            (Math.Max(1, lines.Max(l => l.Count)) * lineHeight) + (2 * CellPadding);

        private List<string>[] LayoutRow(string[] cells, double[] widths, XFont font) =>
            cells.Select((c, i) => Wrap(c, font, widths[i] - (2 * CellPadding))).ToArray();

        private void DrawRow(List<string>[] lines, double[] widths, XFont font, double height, double lineHeight, PdfAlign[] aligns)
        {
            var pen = new XPen(XColor.FromArgb(120, 130, 140), 0.5);
            var x = Left;
            for (var i = 0; i < widths.Length; i++)
            {
                G.DrawRectangle(pen, x, y, widths[i], height);
                var ty = y + CellPadding;
                foreach (var line in lines[i])
                {
                    var format = aligns[i] switch
                    {
                        PdfAlign.Right => XStringFormats.CenterRight,
                        PdfAlign.Center => XStringFormats.Center,
                        _ => XStringFormats.CenterLeft,
                    };
                    G.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, ty, widths[i] - (2 * CellPadding), lineHeight), format);
                    ty += lineHeight;
                }

                x += widths[i];
            }
        }

        private void EnsurePage()
        {
            if (page is null)
            {
                NewPage();
            }
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var result = new List<string>();
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                if (paragraph.Length == 0)
                {
                    result.Add(string.Empty);
                    continue;
                }

                var start = 0;
                while (start < paragraph.Length)
                {
                    var end = start + 1;
                    while (end < paragraph.Length && G.MeasureString(paragraph[start..(end + 1)], font).Width <= width)
                    {
                        end++;
                    }

                    // 禁則: pull a forbidden line-start character up onto this line.
                    while (end < paragraph.Length && NoLineStart.Contains(paragraph[end], StringComparison.Ordinal))
                    {
                        end++;
                    }

                    // Prefer breaking Latin text at a space.
                    if (end < paragraph.Length && IsLatinWordChar(paragraph[end]) && IsLatinWordChar(paragraph[end - 1]))
                    {
                        var space = paragraph.LastIndexOf(' ', end - 1, end - start);
                        if (space > start)
                        {
                            end = space + 1;
                        }
                    }

                    result.Add(paragraph[start..end].TrimEnd());
                    start = end;
                }
            }

            return result;
        }

        private static bool IsLatinWordChar(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
    }

    /// <summary>Serves the embedded IPAexゴシック for every family name; bold is simulated.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private const string Face = "ipaexg";
        private static readonly Lock Gate = new();
        private static byte[]? bytes;

        public static void Install()
        {
            lock (Gate)
            {
                if (GlobalFontSettings.FontResolver is null)
                {
                    GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
                }
            }
        }

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(Face, mustSimulateBold: bold, mustSimulateItalic: italic);

        public byte[]? GetFont(string faceName)
        {
            if (!string.Equals(faceName, Face, StringComparison.Ordinal))
            {
                return null;
            }

            return bytes ??= Load();
        }

        private static byte[] Load()
        {
            using var stream = typeof(PdfReport).Assembly.GetManifestResourceStream("OsakaDx.Fonts.ipaexg.ttf")
                ?? throw new InvalidOperationException("同梱フォント（IPAexゴシック）が見つかりません。");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
