// The benchmark's share: nested 局/課/年度/業務 folders of Japanese documents in docx/xlsx/pptx/pdf/txt/csv whose text is
// runs of consecutive paragraphs of real Japanese prose (Prose.cs), with administrative titles and names, copies
// (same bytes elsewhere, コピー, (2)) and versions (a paragraph changed, _v2, _最終版). The plan is a pure function of
// the file count and a seed, so the query sets (BenchQueries.cs) can be rebuilt from it without reading the files.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OsakaDx.Modules.Search.Extraction;

namespace OsakaDx.Search.Bench;

internal enum DocFormat
{
    Docx,
    Xlsx,
    Pptx,
    Pdf,
    TxtUtf8,
    TxtShiftJis,
    TxtEucJp,
    Csv,
}

internal enum DocKind
{
    Original,
    Copy,
    Version,
}

/// <summary>One file of the share (Home: the original's folder, which its title and date come from). Copies share their original's content; versions replace one paragraph.</summary>
internal sealed record PlannedDoc(int Id, int Group, DocKind Kind, string Home, string Folder, string Name, DocFormat Format, int Start, int Count, int Replaced, int Replacement, int Subject, int Title)
{
    public string RelativePath => Folder + "/" + Name;
}

internal sealed partial class Corpus
{
    /// <summary>Bumped when the generator changes: a work folder with another version is regenerated, not reused. 3: each PDF
    /// carries a ToUnicode map of only its own characters (2 wrote a full-range map into every PDF).</summary>
    public const int Version = 3;

    public static readonly string[] Bureaus = ["財政局", "環境局", "福祉局", "健康局", "建設局", "市民局", "経済戦略局", "都市整備局", "こども青少年局", "デジタル統括室", "北区役所", "城東区役所"];

    private static readonly string[] Sections = ["総務課", "企画課", "管理課", "事業課", "調整課", "施設課"];

    private static readonly string[] Work = ["予算", "契約", "会議", "事業", "庶務", "調査"];

    private static readonly string[] Subfolders = ["", "", "", "", "", "", "", "参考資料", "作業中", "提出用"];

    public static readonly string[] Subjects =
    [
        "道路補修", "公園整備", "子育て支援", "がん検診", "防災訓練", "区政会議", "脱炭素", "窓口改善", "税務調査", "水道料金", "職員研修", "万博会場",
        "関西国際空港", "補助金交付", "委託契約", "入札結果", "市営住宅", "学校給食", "介護保険", "生活保護", "国民健康保険", "ごみ収集", "放置自転車", "地下鉄",
        "図書館", "児童手当", "保育所入所", "高齢者見守り", "地域活動", "文化財保護", "観光振興", "中小企業支援", "商店街活性化", "空き家対策", "耐震改修", "河川改修",
        "下水道整備", "街路樹", "防犯カメラ", "消防団", "救急搬送", "感染症対策", "予防接種", "特定健診", "障がい者支援", "就労支援", "多文化共生", "情報システム",
        "ＤＸ推進", "庁舎管理", "公用車", "広報紙", "選挙事務", "住民票", "マイナンバーカード", "戸籍事務", "市税収納", "固定資産税", "監査対応", "ふるさと納税",
    ];

    private static readonly Dictionary<DocFormat, string[]> Kinds = new()
    {
        [DocFormat.Docx] = ["報告書", "実施要領", "議事録", "事業計画書", "依頼文", "説明資料", "仕様書", "起案文書"],
        [DocFormat.Xlsx] = ["予算要求資料", "集計表", "実績一覧", "積算内訳", "進捗管理表", "調査票"],
        [DocFormat.Pptx] = ["説明資料", "研修資料", "会議資料", "概要版"],
        [DocFormat.Pdf] = ["通知", "報告書", "議事録", "要綱", "公表資料", "答申"],
        [DocFormat.TxtUtf8] = ["メモ", "議事メモ", "連絡事項", "作業手順"],
        [DocFormat.TxtShiftJis] = ["メモ", "議事メモ", "連絡事項", "作業手順"],
        [DocFormat.TxtEucJp] = ["メモ", "連絡事項"],
        [DocFormat.Csv] = ["一覧", "名簿", "実績データ", "台帳"],
    };

    private static readonly string[] Items = ["委託料", "需用費", "役務費", "使用料及び賃借料", "工事請負費", "備品購入費", "旅費", "報償費", "負担金", "補助金"];

    private static readonly string[] Details = ["保守点検", "印刷製本", "会場借上げ", "システム改修", "調査分析", "消耗品", "郵送料", "講師謝礼", "現地調査", "資料作成"];

    private static readonly string[] Surnames = ["山田", "佐藤", "鈴木", "髙橋", "田中", "渡邊", "伊藤", "中村", "小林", "齋藤", "松本", "井上", "木村", "林", "清水", "森", "池田", "橋本", "石川", "前田"];

    private static readonly string[] Given = ["太郎", "花子", "健一", "裕子", "大輔", "美穂", "誠", "直子", "翔太", "恵"];

    // Weights per 100 originals: Office files first, as on a city share.
    private static readonly (DocFormat Format, int Weight)[] Mix =
    [
        (DocFormat.Docx, 27), (DocFormat.Xlsx, 23), (DocFormat.Pptx, 10), (DocFormat.Pdf, 15),
        (DocFormat.TxtUtf8, 9), (DocFormat.TxtShiftJis, 4), (DocFormat.TxtEucJp, 2), (DocFormat.Csv, 10),
    ];

    /// <summary>Every word the titles, tables, meta lines and names are made of: known-item words are never drawn from it.</summary>
    public static string TemplateText { get; } = string.Join(" ", Bureaus.Concat(Sections).Concat(Work).Concat(Subfolders).Concat(Subjects).Concat(Kinds.Values.SelectMany(k => k))
        .Concat(Items).Concat(Details).Concat(Surnames).Concat(Given)
        .Concat(["概要", "経費の内訳", "詳細", "項目", "内容", "数量", "単価", "金額（千円）", "合計", "作成", "更新履歴", "番号", "件名", "担当", "検討会議", "議事録", "令和", "年度", "月", "日", "第", "回", "に係る", "コピー", "最終版", "修正版", "差替", "大阪市"]));

    public string[] Pool { get; }

    public List<PlannedDoc> Docs { get; } = [];

    private Corpus(string[] pool) => Pool = pool;

    public static string Extension(DocFormat format) => format switch
    {
        DocFormat.Docx => ".docx",
        DocFormat.Xlsx => ".xlsx",
        DocFormat.Pptx => ".pptx",
        DocFormat.Pdf => ".pdf",
        DocFormat.Csv => ".csv",
        _ => ".txt",
    };

    /// <summary>The plan for <paramref name="files"/> files: same count and pool, same plan.</summary>
    public static Corpus Plan(string[] pool, int files)
    {
        var corpus = new Corpus(pool);
        var random = new Random(20261126);
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var totalWeight = Mix.Sum(m => m.Weight);
        var originals = new List<int>();
        for (var id = 0; id < files; id++)
        {
            var roll = random.Next(100);
            if (originals.Count > 20 && roll < 10)
            {
                // A copy: the same bytes in another folder under the same name, or beside it as コピー / (2).
                var o = corpus.Docs[originals[random.Next(originals.Count)]];
                var style = random.Next(4);
                var folder = style < 2 ? RandomFolder(random) : o.Folder;
                var stem = Path.GetFileNameWithoutExtension(o.Name);
                var ext = Path.GetExtension(o.Name);
                var name = style switch { < 2 => o.Name, 2 => $"{stem}_コピー{ext}", _ => $"{stem}(2){ext}" };
                corpus.Docs.Add(o with { Id = id, Kind = DocKind.Copy, Folder = folder, Name = Unique(names, folder, name) });
                continue;
            }

            if (originals.Count > 20 && roll < 18)
            {
                // A version: one paragraph rewritten (another paragraph of the pool in its place), beside the original.
                var o = corpus.Docs[originals[random.Next(originals.Count)]];
                var stem = Path.GetFileNameWithoutExtension(o.Name);
                var suffix = (string[])["_v2", "_最終版", "_修正版", "_差替", "_v3", "_案"];
                var name = stem + suffix[random.Next(suffix.Length)] + Path.GetExtension(o.Name);
                corpus.Docs.Add(o with { Id = id, Kind = DocKind.Version, Name = Unique(names, o.Folder, name), Replaced = random.Next(o.Count), Replacement = random.Next(pool.Length) });
                continue;
            }

            var pick = random.Next(totalWeight);
            var format = Mix[0].Format;
            foreach (var (f, w) in Mix)
            {
                if (pick < w)
                {
                    format = f;
                    break;
                }

                pick -= w;
            }

            // Many short documents, some long: 1–3 paragraphs (45 %), 4–10 (35 %), 11–30 (15 %), 31–80 (5 %).
            var lengthRoll = random.Next(100);
            var count = lengthRoll switch { < 45 => 1 + random.Next(3), < 80 => 4 + random.Next(7), < 95 => 11 + random.Next(20), _ => 31 + random.Next(50) };
            count = Math.Min(count, pool.Length);
            var start = random.Next(pool.Length - count + 1);
            var subject = random.Next(Subjects.Length);
            var kinds = Kinds[format];
            var title = random.Next(kinds.Length);
            var docFolder = RandomFolder(random);
            var year = docFolder.Split('/')[2];
            var kind = kinds[title];
            var term = NameTerm(pool[start]);
            var docName = random.Next(10) switch
            {
                < 3 => $"{year}_{kind}_{Subjects[subject]}",
                < 6 when term is not null => $"{year}_{kind}_{Subjects[subject]}_{term}",
                6 => $"{2023 + random.Next(3)}{1 + random.Next(12):D2}{1 + random.Next(28):D2}_{Subjects[subject]}{kind}",
                7 => $"【{Subjects[subject]}】{kind}_第{1 + random.Next(12)}回",
                8 => $"{kind}（{Subjects[subject]}）_{Surnames[random.Next(Surnames.Length)]}",
                _ => $"{year}_{Subjects[subject]}_{kind}",
            };
            corpus.Docs.Add(new PlannedDoc(id, id, DocKind.Original, docFolder, docFolder, Unique(names, docFolder, docName + Extension(format)), format, start, count, -1, -1, subject, title));
            originals.Add(id);
        }

        return corpus;
    }

    private static string RandomFolder(Random random)
    {
        var folder = $"{Bureaus[random.Next(Bureaus.Length)]}/{Sections[random.Next(Sections.Length)]}/令和{4 + random.Next(4)}年度/{Work[random.Next(Work.Length)]}";
        var sub = Subfolders[random.Next(Subfolders.Length)];
        return sub.Length == 0 ? folder : folder + "/" + sub;
    }

    private static string Unique(Dictionary<string, HashSet<string>> names, string folder, string name)
    {
        if (!names.TryGetValue(folder, out var set))
        {
            names[folder] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        var candidate = name;
        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var n = 2; !set.Add(candidate); n++)
        {
            candidate = $"{stem}_{n}{ext}";
        }

        return candidate;
    }

    /// <summary>A content word for the file name (what staff put in names): the longest kanji word of 2–4 characters in the first paragraph.</summary>
    private static string? NameTerm(string paragraph) =>
        KanjiWord().Matches(paragraph).Select(m => m.Value).Where(v => v.Length <= 4).OrderByDescending(v => v.Length).FirstOrDefault();

    [GeneratedRegex("[\u4E00-\u9FFF々]{2,6}")]
    private static partial Regex KanjiWord();

    /// <summary>The paragraphs of a document (a version has one paragraph replaced).</summary>
    public IReadOnlyList<string> Paragraphs(PlannedDoc doc)
    {
        var list = new string[doc.Count];
        for (var i = 0; i < doc.Count; i++)
        {
            list[i] = doc.Kind == DocKind.Version && i == doc.Replaced ? Pool[doc.Replacement] : Pool[doc.Start + i];
        }

        return list;
    }

    /// <summary>The content of a document: copies get exactly their original's (the original's id seeds the title and table).</summary>
    public DocContent Content(PlannedDoc doc)
    {
        var random = new Random(doc.Group);
        var year = doc.Home.Split('/')[2];
        var kind = Kinds[doc.Format][doc.Title];
        var subject = Subjects[doc.Subject];
        var title = kind == "議事録" ? $"第{1 + random.Next(12)}回 {subject}検討会議 議事録" : $"{year} {kind}（{subject}）";
        var parts = doc.Home.Split('/');
        var meta = $"{year[..^1]}{1 + random.Next(12)}月{1 + random.Next(28)}日　{parts[0]}{parts[1]}";
        var author = $"{Surnames[random.Next(Surnames.Length)]} {Given[random.Next(Given.Length)]}";
        var rows = doc.Format is DocFormat.TxtUtf8 or DocFormat.TxtShiftJis or DocFormat.TxtEucJp ? 0 : 3 + random.Next(3);
        var table = new List<(string, string, long)>();
        for (var i = 0; i < rows; i++)
        {
            table.Add((Items[random.Next(Items.Length)], $"{subject}に係る{Details[random.Next(Details.Length)]}", (1 + random.Next(500)) * 100L));
        }

        return new DocContent(title, meta, author, Paragraphs(doc), table);
    }

    /// <summary>Writes one document and returns its plain text (the ripgrep mirror).</summary>
    public string Write(PlannedDoc doc, string path)
    {
        var content = Content(doc);
        switch (doc.Format)
        {
            case DocFormat.Docx:
            case DocFormat.Xlsx:
            case DocFormat.Pptx:
            case DocFormat.Pdf:
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    Action<Stream, DocContent> write = doc.Format switch
                    {
                        DocFormat.Docx => OfficeFiles.Docx,
                        DocFormat.Xlsx => OfficeFiles.Xlsx,
                        DocFormat.Pptx => OfficeFiles.Pptx,
                        _ => OfficeFiles.Pdf,
                    };
                    write(stream, content);
                }

                break;
            case DocFormat.Csv:
                var csv = new StringBuilder("番号,件名,内容,担当,金額（千円）\r\n");
                var n = 1;
                foreach (var p in content.Paragraphs)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{n},\"{content.Title}\",\"{p.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{content.Author},\r\n");
                    n++;
                }

                foreach (var (item, detail, amount) in content.Table)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{n++},{item},{detail},{content.Author},{amount}\r\n");
                }

                File.WriteAllBytes(path, JapaneseEncodings.ShiftJis.GetBytes(csv.ToString()));
                break;
            default:
                var text = content.PlainText();
                var encoding = doc.Format switch { DocFormat.TxtShiftJis => JapaneseEncodings.ShiftJis, DocFormat.TxtEucJp => JapaneseEncodings.EucJp, _ => new UTF8Encoding(false) };
                File.WriteAllBytes(path, encoding.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
                break;
        }

        return content.PlainText();
    }

    /// <summary>
    /// Writes the share and its text mirror on all cores. Files already present are kept (a generation that was
    /// stopped resumes); the first document of each format is read back through the product's extractor first.
    /// </summary>
    public long Generate(string share, string mirror)
    {
        var watch = Stopwatch.StartNew();
        foreach (var folder in Docs.Select(d => d.Folder).Distinct())
        {
            Directory.CreateDirectory(Path.Combine(share, folder));
            Directory.CreateDirectory(Path.Combine(mirror, folder));
        }

        long textBytes = 0;
        var checkedFormats = new HashSet<DocFormat>();
        foreach (var doc in Docs.Where(d => d.Kind == DocKind.Original))
        {
            if (checkedFormats.Add(doc.Format))
            {
                textBytes += WriteOne(doc, share, mirror, check: true);
            }

            if (checkedFormats.Count == Mix.Length)
            {
                break;
            }
        }

        Console.WriteLine($"  抽出の確認: {string.Join("、", checkedFormats.Order())} を製品の TextExtractor で読み、本文を確認");
        var done = 0;
        var report = Math.Max(10_000, Docs.Count / 20);
        Parallel.ForEach(Docs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, doc =>
        {
            var bytes = WriteOne(doc, share, mirror, check: false);
            Interlocked.Add(ref textBytes, bytes);
            var n = Interlocked.Increment(ref done);
            if (n % report == 0)
            {
                Console.WriteLine($"  {n:N0} / {Docs.Count:N0} ファイル、{n / watch.Elapsed.TotalSeconds:N0} ファイル/秒（{DateTime.UtcNow:HH:mm:ss} UTC, load {File.ReadAllText("/proc/loadavg").Trim()}）");
            }
        });
        return textBytes;
    }

    private long WriteOne(PlannedDoc doc, string share, string mirror, bool check)
    {
        var path = Path.Combine(share, doc.RelativePath);
        var mirrorPath = Path.Combine(mirror, doc.RelativePath + ".txt");
        if (File.Exists(mirrorPath) && File.Exists(path) && !check)
        {
            // Written by an earlier, stopped generation (the mirror is written last).
            return Encoding.UTF8.GetByteCount(Content(doc).PlainText());
        }

        var text = Write(doc, path);
        if (check)
        {
            var extracted = TextExtractor.Extract(path, Extension(doc.Format).TrimStart('.'), new FileInfo(path).Length, long.MaxValue);
            // Compared without white space and after NFKC (the extractor folds widths; slides and PDF lines break sentences).
            static string Fold(string s) => new([.. s.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);
            var expected = Fold(Pool[doc.Start])[..Math.Min(12, Pool[doc.Start].Length)];
            if (!Fold(extracted.Text).Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"生成した {doc.Format} ファイルから本文を抽出できません（{path}: 「{expected}」が見つからない; 状態 {extracted.Status} {extracted.Reason}; 抽出 {extracted.Text.Length} 文字「{extracted.Text[..Math.Min(200, extracted.Text.Length)]}」）");
            }
        }

        File.WriteAllText(mirrorPath, text, new UTF8Encoding(false));
        return Encoding.UTF8.GetByteCount(text);
    }
}
