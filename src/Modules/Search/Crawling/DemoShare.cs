// A small Japanese file share for the demo: department folders with the kind of names and
// contents city staff keep (予算, 議事録, 計画), in txt/csv (UTF-8 and Shift_JIS), docx and xlsx.
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using OsakaDx.Modules.Search.Extraction;
using OsakaDx.Platform.Files;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace OsakaDx.Modules.Search.Crawling;

internal static class DemoShare
{
    private static readonly (string Folder, string Topic, string Detail)[] Departments =
    [
        ("財政局/財務課", "予算要求", "令和6年度の予算要求にあたり、各局は事業の必要性と積算根拠を明らかにする。歳出の見直しと財源の確保を図る。"),
        ("財政局/税務部/課税課", "固定資産税", "固定資産税の課税標準額の算定について、家屋評価の方法と縦覧の手続を整理した。"),
        ("デジタル統括室/DX推進担当", "DX推進", "行政手続のオンライン化を進め、窓口のキャッシュレス化とAIを活用したファイル検索の導入を検討する。"),
        ("環境局/環境施策課", "温室効果ガス", "市内事業者の温室効果ガス排出量を可視化し、脱炭素ツアーの造成を支援する。"),
        ("大阪港湾局/計画課", "関西国際空港", "関西国際空港と大阪港を結ぶ物流の効率化、夢洲の埋立と万博会場へのアクセスを検討した。"),
        ("北区役所/総務課", "区政会議", "区政会議の開催結果と、防災訓練・地域活動協議会への支援について報告する。"),
        ("健康局/保健所", "がん検診", "がん検診の受診率向上に向けたSMSによる受診勧奨の効果を検証した。化粧品等の表示に関する相談も受け付けた。"),
        ("こども青少年局/子育て支援課", "子育てアプリ", "子育て情報をプッシュ配信するアプリの利用状況と、保護者アンケートの結果をまとめた。"),
    ];

    private static readonly string[] Kinds = ["議事録", "資料", "報告書", "計画"];

    /// <summary>Writes the share under <paramref name="root"/> (replacing nothing that exists) and returns the number of files.</summary>
    public static int Create(string root)
    {
        Directory.CreateDirectory(root);
        var count = 0;
        var baseDate = new DateTime(2023, 4, 3, 0, 30, 0, DateTimeKind.Utc);
        for (var d = 0; d < Departments.Length; d++)
        {
            var (folder, topic, detail) = Departments[d];
            var dir = Path.Combine(root, folder.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(dir);
            var files = new List<string>
            {
                Write(Path.Combine(dir, $"令和6年度_{topic}資料_最終版(2).xlsx"), p => Xlsx(p, topic, detail)),
                Write(Path.Combine(dir, $"令和6年度_{topic}資料_最終版.xlsx"), p => Xlsx(p, topic, detail)),
                Write(Path.Combine(dir, $"{topic}に関する{Kinds[d % Kinds.Length]}.docx"), p => Docx(p, $"{topic}に関する{Kinds[d % Kinds.Length]}", detail)),
                Write(Path.Combine(dir, $"{Kinds[(d + 1) % Kinds.Length]}_{topic}_{2023 + d % 3}.txt"), p => File.WriteAllText(p, $"{topic}\n{detail}\n担当：{folder.Split('/')[^1]}\n", new UTF8Encoding(false))),
                Write(Path.Combine(dir, $"{topic}_集計表_SJIS.csv"), p => File.WriteAllText(p, $"項目,金額（千円）,備考\n{topic}経費,{(d + 1) * 1200},{detail[..20]}\n事務費,{(d + 3) * 150},前年度比較\n", JapaneseEncodings.ShiftJis)),
            };
            for (var i = 0; i < files.Count; i++)
            {
                File.SetLastWriteTimeUtc(files[i], baseDate.AddDays((d * 97) + (i * 41)));
            }

            count += files.Count;
        }

        // Litter a real share has: never results.
        File.WriteAllText(Path.Combine(root, "Thumbs.db"), "x");
        File.WriteAllText(Path.Combine(root, "財政局", "財務課", "~$令和6年度_予算要求資料_最終版(2).xlsx"), "lock");

        // A damaged file: recorded with its reason on the admin page, the crawl goes on.
        Write(Path.Combine(root, "財政局", "財務課", "破損_予算説明資料.docx"), p => File.WriteAllText(p, "これはzipではありません"));

        // Owner-only (0600): nobody finds it through search, since no staff account is its POSIX owner.
        var secret = Path.Combine(root, "人事室", "給与");
        Directory.CreateDirectory(secret);
        var salary = Write(Path.Combine(secret, "職員給与一覧_取扱注意.txt"), p => File.WriteAllText(p, "職員給与一覧 取扱注意 予算要求とは別に管理する。", new UTF8Encoding(false)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(salary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return count + 2;
    }

    private static string Write(string path, Action<string> write)
    {
        if (!File.Exists(path))
        {
            write(path);
        }

        return path;
    }

    public static void Docx(string path, string title, string body)
    {
        using var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        main.Document = new W.Document(new W.Body(
            new W.Paragraph(new W.Run(new W.Text(title))),
            new W.Paragraph(new W.Run(new W.Text(body) { Space = SpaceProcessingModeValues.Preserve })),
            new W.Paragraph(new W.Run(new W.Text("大阪市 令和6年度")))));
        doc.PackageProperties.Title = title;
        doc.PackageProperties.Creator = "大阪市";
    }

    public static void Xlsx(string path, string topic, string detail)
    {
        var book = new XlsxWriter();
        var sheet = book.AddSheet("集計");
        sheet.AddHeader("項目", "内容", "金額（千円）");
        sheet.AddRow($"{topic}経費", detail, 12000);
        sheet.AddRow("事務費", "消耗品・印刷製本費", 850);
        using var stream = File.Create(path);
        book.Save(stream);
    }
}
