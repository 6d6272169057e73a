using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// The streaming docx/xlsx/pptx reader against the OpenXML SDK code it replaced (kept here as the
/// reference, verbatim): the same text out of the same files, and the hostile cases still bounded.
/// </summary>
public sealed class OfficeExtractionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("osakadx-ooxml-").FullName;

    [Fact]
    public void Word_files_give_the_same_text_as_the_OpenXml_SDK()
    {
        var demo = Path.Combine(folder, "議事録.docx");
        DemoShare.Docx(demo, "区政会議議事録", "防災訓練と地域活動協議会への支援について報告する。");
        AssertSame(demo, "docx", Reference.Docx(demo));

        var rich = Path.Combine(folder, "要綱.docx");
        using (var doc = WordprocessingDocument.Create(rich, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(
                new W.Paragraph(new W.Run(new W.Text("第1条　") { Space = SpaceProcessingModeValues.Preserve }), new W.Run(new W.Text("目的"))),
                new W.Paragraph(),
                new W.Paragraph(new W.Run(new W.Text("  先頭の空白  ") { Space = SpaceProcessingModeValues.Preserve }), new W.Run(new W.TabChar()), new W.Run(new W.Text("タブの後"))),
                new W.Paragraph(new W.DeletedRun(new W.Run(new W.DeletedText("削除された語句"))), new W.Run(new W.FieldCode(" PAGE ")), new W.Run(new W.Text("残る語句"))),
                new W.Table(new W.TableRow(
                    new W.TableCell(new W.Paragraph(new W.Run(new W.Text("補助金")))),
                    new W.TableCell(new W.Paragraph(new W.Run(new W.Text("１２，０００円")))))),
                new W.Paragraph(new W.Run(new W.Picture(new DocumentFormat.OpenXml.Vml.Shape(new DocumentFormat.OpenXml.Vml.TextBox(new W.TextBoxContent(
                    new W.Paragraph(new W.Run(new W.Text("枠の中の注意書き"))))))), new W.Text("枠の外"))),
                new W.Paragraph(new W.Run(new W.Text("ｶﾀｶﾅと＆記号<>")))));
            doc.PackageProperties.Title = "補助金交付要綱";
            doc.PackageProperties.Subject = "令和6年度";
            doc.PackageProperties.Creator = "市民局";
        }

        AssertSame(rich, "docx", Reference.Docx(rich));
        var text = Extract(rich, "docx");
        Assert.Contains("補助金交付要綱", text, StringComparison.Ordinal);
        Assert.Contains("市民局", text, StringComparison.Ordinal);
        Assert.Contains("枠の中の注意書き", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Excel_files_give_the_same_text_as_the_OpenXml_SDK()
    {
        var demo = Path.Combine(folder, "集計.xlsx");
        DemoShare.Xlsx(demo, "がん検診", "受診勧奨の効果を検証した。");
        AssertSame(demo, "xlsx", Reference.Xlsx(demo));

        var shared = Path.Combine(folder, "名簿.xlsx");
        using (var doc = SpreadsheetDocument.Create(shared, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new S.Workbook();
            var strings = book.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new S.SharedStringTable(
                new S.SharedStringItem(new S.Text("氏名")),
                new S.SharedStringItem(new S.Run(new S.Text("大阪 ")), new S.Run(new S.Text("太郎")), new S.PhoneticRun(new S.Text("オオサカ")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }),
                new S.SharedStringItem(new S.Text("  空白付き  ") { Space = SpaceProcessingModeValues.Preserve }));
            var sheets = book.Workbook.AppendChild(new S.Sheets());
            uint sheetId = 1;
            foreach (var (name, rows) in new (string, S.Row[])[]
            {
                ("名簿", [
                    new S.Row(new S.Cell { CellValue = new S.CellValue("0"), DataType = S.CellValues.SharedString },
                              new S.Cell { CellValue = new S.CellValue("1"), DataType = S.CellValues.SharedString }),
                    new S.Row(new S.Cell { CellValue = new S.CellValue("2"), DataType = S.CellValues.SharedString },
                              new S.Cell { CellValue = new S.CellValue("12345.5") },
                              new S.Cell { CellValue = new S.CellValue("1"), DataType = S.CellValues.Boolean },
                              new S.Cell(),
                              new S.Cell { CellValue = new S.CellValue("99"), DataType = S.CellValues.SharedString }),
                ]),
                ("インライン", [
                    new S.Row(new S.Cell(new S.InlineString(new S.Text("インライン文字列"))) { DataType = S.CellValues.InlineString },
                              new S.Cell(new S.CellFormula("A1&\"x\""), new S.CellValue("計算結果")) { DataType = S.CellValues.String }),
                ]),
            })
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = new S.Worksheet(new S.SheetData(rows));
                sheets.Append(new S.Sheet { Name = name, SheetId = sheetId++, Id = book.GetIdOfPart(part) });
            }

            doc.PackageProperties.Title = "職員名簿";
        }

        AssertSame(shared, "xlsx", Reference.Xlsx(shared));
        var text = Extract(shared, "xlsx");
        Assert.Contains("大阪 太郎オオサカ", text, StringComparison.Ordinal); // the reading (rPh) too, as before
        Assert.Contains("インライン文字列", text, StringComparison.Ordinal);
        Assert.Contains("計算結果", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerPoint_files_give_the_same_text_as_the_OpenXml_SDK()
    {
        var path = Path.Combine(folder, "説明資料.pptx");
        using (var doc = PresentationDocument.Create(path, PresentationDocumentType.Presentation))
        {
            var presentation = doc.AddPresentationPart();
            presentation.Presentation = new P.Presentation();
            var list = new P.SlideIdList();
            uint id = 256;
            foreach (var lines in new[] { new[] { "地域防災計画の見直し", "令和6年度 危機管理室" }, ["避難所の運営", "要配慮者への支援", ""], ["まとめ"] })
            {
                var slide = presentation.AddNewPart<SlidePart>();
                var body = new P.TextBody(new A.BodyProperties());
                body.Append(lines.Select(l => new A.Paragraph(new A.Run(new A.Text(l)), new A.Break(), new A.Field(new A.Text("3")) { Id = "{00000000-0000-0000-0000-000000000000}" })));
                var cell = new A.TableCell(new A.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text("表のセル")))));
                var table = new A.GraphicData(new A.Table(new A.TableRow(cell))) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" };
                slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(new P.Shape(body), new P.GraphicFrame(new A.Graphic(table)))));
                list.Append(new P.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }

            presentation.Presentation.Append(list);
            doc.PackageProperties.Creator = "危機管理室";
        }

        AssertSame(path, "pptx", Reference.Pptx(path));
        Assert.Contains("要配慮者への支援", Extract(path, "pptx"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_dressed_as_a_workbook_is_refused_and_a_corrupt_file_still_gets_its_reason()
    {
        // A 300 MB shared-string table of one repeated character: deflate shrinks it about 1000-fold.
        var bomb = Path.Combine(folder, "爆弾.xlsx");
        DemoShare.Xlsx(bomb, "爆弾", "爆弾");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Update))
        {
            zip.GetEntry("xl/sharedStrings.xml")?.Delete();
            var rels = zip.GetEntry("xl/_rels/workbook.xml.rels")!;
            string relsText;
            using (var reader = new StreamReader(rels.Open()))
            {
                relsText = reader.ReadToEnd();
            }

            rels.Delete();
            using (var writer = new StreamWriter(zip.CreateEntry("xl/_rels/workbook.xml.rels").Open()))
            {
                writer.Write(relsText.Replace("</Relationships>", "<Relationship Id=\"rIdBomb\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>", StringComparison.Ordinal));
            }

            using var stream = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open();
            stream.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>"u8);
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'a');
            for (var i = 0; i < 300; i++)
            {
                stream.Write(block);
            }

            stream.Write("</t></si></sst>"u8);
        }

        var result = TextExtractor.Extract(bomb, "xlsx", new FileInfo(bomb).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Failed, result.Status);
        Assert.Contains("圧縮爆弾", result.Reason, StringComparison.Ordinal);

        var corrupt = Path.Combine(folder, "壊れた.pptx");
        File.WriteAllText(corrupt, "PK not really");
        var broken = TextExtractor.Extract(corrupt, "pptx", new FileInfo(corrupt).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Failed, broken.Status);
        Assert.StartsWith("ファイルが壊れているか", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_sheet_is_read_up_to_the_cap_without_holding_it_whole()
    {
        var path = Path.Combine(folder, "巨大.xlsx");
        using (var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new S.Workbook();
            var part = book.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new S.Worksheet());
                writer.WriteStartElement(new S.SheetData());
                for (var r = 0; r < 120_000; r++)
                {
                    writer.WriteStartElement(new S.Row());
                    writer.WriteElement(new S.Cell(new S.InlineString(new S.Text($"行{r}の長めの説明文です。"))) { DataType = S.CellValues.InlineString });
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            book.Workbook.AppendChild(new S.Sheets(new S.Sheet { Name = "明細", SheetId = 1, Id = book.GetIdOfPart(part) }));
        }

        var result = TextExtractor.Extract(path, "xlsx", new FileInfo(path).Length, long.MaxValue);
        Assert.True(result.Status == ExtractionStatus.Indexed, result.Reason);
        Assert.InRange(result.Text.Length, TextExtractor.MaxChars - 100, TextExtractor.MaxChars);
        Assert.StartsWith("明細", result.Text, StringComparison.Ordinal);
    }

    private static string Extract(string path, string extension)
    {
        var result = TextExtractor.Extract(path, extension, new FileInfo(path).Length, long.MaxValue);
        Assert.Equal(ExtractionStatus.Indexed, result.Status);
        return result.Text;
    }

    private static void AssertSame(string path, string extension, string reference) =>
        Assert.Equal(TextExtractor.CleanText(reference), Extract(path, extension));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The OpenXML SDK extraction as it was before the streaming reader (verbatim, minus the MaxChars checks).</summary>
    internal static class Reference
    {
        public static string Docx(string path)
        {
            using var doc = WordprocessingDocument.Open(path, false);
            var text = new StringBuilder();
            AppendProperties(text, doc.PackageProperties.Title, doc.PackageProperties.Subject, doc.PackageProperties.Creator);
            foreach (var paragraph in doc.MainDocumentPart?.Document?.Body?.Descendants<W.Paragraph>() ?? [])
            {
                text.AppendLine(paragraph.InnerText);
            }

            return text.ToString();
        }

        public static string Xlsx(string path)
        {
            using var doc = SpreadsheetDocument.Open(path, false);
            var text = new StringBuilder();
            AppendProperties(text, doc.PackageProperties.Title, doc.PackageProperties.Subject, doc.PackageProperties.Creator);
            var workbook = doc.WorkbookPart!;
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<S.SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            foreach (var sheet in workbook.Workbook!.Sheets!.Elements<S.Sheet>())
            {
                text.AppendLine(sheet.Name?.Value);
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                using var reader = OpenXmlReader.Create(part);
                while (reader.Read())
                {
                    if (reader.ElementType != typeof(S.Cell) || !reader.IsStartElement)
                    {
                        continue;
                    }

                    var cell = (S.Cell)reader.LoadCurrentElement()!;
                    var value = cell.InlineString?.InnerText ?? cell.CellValue?.Text;
                    if (cell.DataType?.Value == S.CellValues.SharedString && int.TryParse(value, out var index) && index >= 0 && index < shared.Length)
                    {
                        value = shared[index];
                    }

                    if (!string.IsNullOrEmpty(value))
                    {
                        text.Append(value).Append(' ');
                    }
                }

                text.AppendLine();
            }

            return text.ToString();
        }

        public static string Pptx(string path)
        {
            using var doc = PresentationDocument.Open(path, false);
            var text = new StringBuilder();
            AppendProperties(text, doc.PackageProperties.Title, doc.PackageProperties.Subject, doc.PackageProperties.Creator);
            foreach (var slide in doc.PresentationPart?.SlideParts ?? [])
            {
                foreach (var paragraph in slide.Slide?.Descendants<A.Paragraph>() ?? [])
                {
                    text.AppendLine(paragraph.InnerText);
                }
            }

            return text.ToString();
        }

        private static void AppendProperties(StringBuilder text, params string?[] properties)
        {
            foreach (var value in properties)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    text.AppendLine(value);
                }
            }
        }
    }
}
