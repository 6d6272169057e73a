// Names-only mode: `names 10000000 [queries]`. Generates a department share's paths (nested
// 局/部課/年度/業務 folders, Japanese office file names with copies and versions) without writing the
// files, builds the module's NameIndex over them, and in the same run builds a plocate database from
// the same paths (plocate-build --plaintext, the same index updatedb would write for a real tree) and
// queries both with the same fragments, printing p50/p95, memory and the ratio.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Bench;

internal static class NamesBench
{
    private static readonly string[] Bureaus =
    [
        "財政局", "環境局", "福祉局", "健康局", "建設局", "市民局", "経済戦略局", "都市整備局", "こども青少年局", "デジタル統括室", "政策企画室", "総務局",
        "契約管財局", "都市計画局", "港湾局", "教育委員会事務局", "危機管理室", "消防局", "水道局", "北区役所", "城東区役所", "淀川区役所", "天王寺区役所", "住之江区役所",
    ];

    private static readonly string[] Sections = ["総務課", "企画課", "管理課", "事業課", "調整課", "施設課", "経理課", "人事課", "財務課", "監査担当"];

    private static readonly string[] Topics =
    [
        "予算要求", "決算見込", "事業計画", "議事録", "補助金交付", "委託契約", "入札結果", "区政会議", "防災訓練", "がん検診", "子育て支援", "脱炭素",
        "道路補修", "公園整備", "窓口改善", "税務調査", "関西国際空港", "万博会場", "水道料金", "職員研修", "市政モニター", "広報紙", "住民説明会", "指定管理",
        "施策評価", "個人情報保護", "情報公開請求", "庁内ネットワーク", "システム更改", "ふるさと納税", "介護保険", "国民健康保険", "生活保護", "放課後児童", "ごみ収集", "下水道",
    ];

    private static readonly string[] Kinds = ["資料", "報告書", "説明資料", "計画書", "一覧", "集計表", "依頼文", "回答", "起案", "要領", "様式", "チェックリスト", "議事要旨", "スケジュール", "見積書", "仕様書"];

    private static readonly string[] Versions = ["", "", "", "_最終版", "_修正", "_修正版", "_確定", "_案", "_v2", "_v3", "(2)", "(3)", "_コピー", " - コピー", "_最終版(2)", "_旧", "_提出用", "_差替"];

    private static readonly string[] People = ["山田", "佐藤", "鈴木", "髙橋", "田中", "渡邊", "伊藤", "中村", "小林", "齋藤", "松本", "井上", "木村", "林", "清水"];

    private static readonly string[] Extensions = ["xlsx", "xlsx", "docx", "docx", "pdf", "pdf", "pptx", "xls", "doc", "txt", "csv", "msg", "zip", "jpg"];

    private static readonly string[] Subfolders = ["", "", "提出用", "作業中", "旧", "参考資料", "照会回答"];

    public static async Task RunAsync(string[] args)
    {
        var total = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        var queryCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var work = Directory.CreateTempSubdirectory("osakadx-names-bench-").FullName;
        const string root = "/mnt/share";
        try
        {
            Console.WriteLine($"名前のみモード: {total:N0} パス（{DateTime.UtcNow:HH:mm} UTC, {File.ReadAllText("/proc/loadavg").Trim()}）");
            var random = new Random(20261126);
            var builder = new NameIndex.Builder();
            var listPath = Path.Combine(work, "paths.txt");
            var sample = new List<string>();
            long count = 0, folderCount = 0, listBytes = 0;
            var watch = Stopwatch.StartNew();
            await using (var list = new StreamWriter(listPath, false, new UTF8Encoding(false), 1 << 20))
            {
                void Emit(string folder, string name, bool isFolder)
                {
                    // A few files readable by one group only, so the permission check does some work.
                    builder.Add(folder, name, isFolder, SearchPrincipal.AllStaff, count % 50 == 7 ? "gid:1:1001" : SearchPrincipal.World);
                    var line = root + folder + name;
                    list.Write(line);
                    list.Write('\n');
                    listBytes += Encoding.UTF8.GetByteCount(line) + 1;
                    count++;
                    if (isFolder)
                    {
                        folderCount++;
                    }
                    else if (random.Next(100_000) < 2 && sample.Count < 5_000)
                    {
                        sample.Add(name);
                    }
                }

                // Each leaf folder gets files until the total is reached: spread evenly over the tree.
                var leaves = new List<string>();
                foreach (var bureau in Bureaus)
                {
                    Emit("/", bureau, true);
                    foreach (var section in Sections)
                    {
                        Emit($"/{bureau}/", section, true);
                        for (var year = 2; year <= 7; year++)
                        {
                            var yearName = $"令和{year}年度";
                            Emit($"/{bureau}/{section}/", yearName, true);
                            foreach (var topic in Topics.Where((_, i) => (i + bureau.Length + section.Length) % 3 != 0))
                            {
                                var topicFolder = $"/{bureau}/{section}/{yearName}/";
                                Emit(topicFolder, topic, true);
                                leaves.Add(topicFolder + topic + "/");
                                foreach (var sub in Subfolders.Skip(2).Where((_, i) => (i + year) % 3 == 0))
                                {
                                    Emit(topicFolder + topic + "/", sub, true);
                                    leaves.Add(topicFolder + topic + "/" + sub + "/");
                                }
                            }
                        }
                    }
                }

                var perLeaf = Math.Max(1, (total - count) / leaves.Count);
                var serial = 0;
                foreach (var leaf in leaves)
                {
                    var parts = leaf.Split('/', StringSplitOptions.RemoveEmptyEntries);
                    var year = parts[2];
                    var topic = parts[3];
                    for (var i = 0; i < perLeaf && count < total; i++)
                    {
                        Emit(leaf, FileName(random, year, topic, serial++), false);
                    }
                }

                while (count < total)
                {
                    var leaf = leaves[random.Next(leaves.Count)];
                    var parts = leaf.Split('/', StringSplitOptions.RemoveEmptyEntries);
                    Emit(leaf, FileName(random, parts[2], parts[3], serial++), false);
                }
            }

            var generated = watch.Elapsed;
            var index = builder.Build();
            builder = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var built = watch.Elapsed;
            var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine($"生成と索引: {count:N0} 件（フォルダ {folderCount:N0}）、パス一覧 {listBytes / 1048576.0:N0} MB; 生成+追加 {generated.TotalSeconds:0} 秒、確定 {(built - generated).TotalSeconds:0} 秒 = {count / built.TotalSeconds:N0} 件/秒");
            Console.WriteLine($"名前索引: {index.Bytes / 1048576.0:N0} MB（ポスティング {index.PostingCount:N0}）; GC ヒープ {GC.GetTotalMemory(false) / 1048576.0:N0} MB; 作業セット {process.WorkingSet64 / 1048576.0:N0} MB、ピーク {process.PeakWorkingSet64 / 1048576.0:N0} MB");

            // Persistence (what the server loads at start and after a CLI crawl): save, load, and the same answers.
            var file = Path.Combine(work, "names.bin");
            var persist = Stopwatch.StartNew();
            await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                index.Save(stream);
            }

            var saved = persist.Elapsed;
            NameIndex loaded;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                loaded = NameIndex.Load(stream);
            }

            var loadedIn = persist.Elapsed - saved;
            var probe = new SearchPrincipal("bench", new HashSet<string> { SearchPrincipal.AllStaff });
            var same = sample.Take(50).All(n => index.Search(n[..Math.Min(6, n.Length)], probe, 10).SequenceEqual(loaded.Search(n[..Math.Min(6, n.Length)], probe, 10)));
            Console.WriteLine($"名前索引ファイル: {new FileInfo(file).Length / 1048576.0:N0} MB、保存 {saved.TotalSeconds:0.0} 秒、読み込み {loadedIn.TotalSeconds:0.0} 秒、読み込んだ索引の答えが同じ: {(same ? "はい" : "いいえ")}");
            loaded = null!;
            File.Delete(file);

            // Queries: fragments of real names (what a person remembers), some short, some absent.
            var qr = new Random(7);
            var queries = new List<string>();
            for (var i = 0; queries.Count < queryCount; i++)
            {
                var name = sample[qr.Next(sample.Count)];
                var stem = Path.GetFileNameWithoutExtension(name);
                switch (i % 6)
                {
                    case 0: queries.Add(stem); break; // the whole name
                    case 1: queries.Add(stem[^Math.Min(stem.Length, 12)..]); break; // its tail (serial, person, version)
                    case 2: queries.Add(stem.Substring(qr.Next(Math.Max(1, stem.Length - 6)), Math.Min(6, stem.Length))); break;
                    case 3: queries.Add(Topics[qr.Next(Topics.Length)] + Kinds[qr.Next(Kinds.Length)]); break; // a common phrase
                    case 4: queries.Add(People[qr.Next(People.Length)] + "_" + (20200401 + qr.Next(5) * 10000 + qr.Next(12) * 100 + qr.Next(28)).ToString(CultureInfo.InvariantCulture)); break;
                    default: queries.Add(i % 12 == 5 ? "存在しない名前断片xyz" : Topics[qr.Next(Topics.Length)][..2]); break; // absent, or two characters
                }
            }

            var everyone = new SearchPrincipal("bench", new HashSet<string> { SearchPrincipal.AllStaff });
            foreach (var q in queries.Take(10))
            {
                index.Search(q, everyone, 10); // warm up
            }

            var ours = Measure(queries, q => index.Search(q, everyone, 10));
            var missed = queries.Where(q => index.Search(q, everyone, 10).Count == 0).ToList();
            var found = queries.Count - missed.Count;
            Console.WriteLine($"ヒットなしの問い合わせ: {string.Join(" / ", missed)}");
            var longOnly = Measure(queries.Where(q => q.Length >= 3), q => index.Search(q, everyone, 10));
            process.Refresh();
            Console.WriteLine($"OsakaDx 名前索引（部分一致、10件、権限フィルタ込み）: p50 {ours.P50:0.00} ms, p95 {ours.P95:0.00} ms, 最大 {ours.Max:0.0} ms（3文字以上のみ p95 {longOnly.P95:0.00} ms）; ヒットあり {found}/{queries.Count}; ピーク作業セット {process.PeakWorkingSet64 / 1048576.0:N0} MB");

            if (Shell.Which("plocate-build") is { } plocateBuild && Shell.Which("plocate") is not null)
            {
                var db = Path.Combine(work, "plocate.db");
                var w = Stopwatch.StartNew();
                var exit = Shell.Run(plocateBuild, "-p", listPath, db);
                var buildTime = w.Elapsed;
                if (exit != 0 || !File.Exists(db))
                {
                    Console.WriteLine($"plocate-build が失敗しました（終了コード {exit}）");
                }
                else
                {
                    Shell.Run("plocate", "-d", db, "-l", "10", queries[0]); // warm the page cache
                    var plocate = Measure(queries, q => Shell.Run("plocate", "-d", db, "-l", "10", q));
                    var start = Measure(Enumerable.Repeat("x", 20), _ => Shell.Run("/bin/true"));
                    Console.WriteLine($"plocate: plocate-build {buildTime.TotalSeconds:0} 秒、DB {new FileInfo(db).Length / 1048576.0:N0} MB; 検索 p50 {plocate.P50:0.0} ms, p95 {plocate.P95:0.0} ms（プロセス起動込み、/bin/true の起動 p50 {start.P50:0.0} ms）→ OsakaDx は p50 で {plocate.P50 / ours.P50:0.0} 倍、p95 で {plocate.P95 / ours.P95:0.0} 倍速い");
                }
            }
            else
            {
                Console.WriteLine("plocate: なし（apt-get install plocate）");
            }

            Console.WriteLine($"終了: {DateTime.UtcNow:HH:mm} UTC, {File.ReadAllText("/proc/loadavg").Trim()}");
            GC.KeepAlive(index);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string FileName(Random random, string year, string topic, int serial)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var version = Versions[random.Next(Versions.Length)];
        var ext = Extensions[random.Next(Extensions.Length)];
        return (serial % 5) switch
        {
            0 => $"{year}_{topic}{kind}{version}.{ext}",
            1 => $"{year}_{topic}{kind}_{People[random.Next(People.Length)]}_{20200401 + (random.Next(5) * 10000) + (random.Next(12) * 100) + random.Next(28)}{version}.{ext}",
            2 => $"【{topic}】{kind}_第{1 + random.Next(12)}回{version}.{ext}",
            3 => $"{topic}_{kind}_{serial:D7}{version}.{ext}",
            _ => $"{year}{topic}{kind}（{Sections[random.Next(Sections.Length)]}）{version}.{ext}",
        };
    }

    private static (double P50, double P95, double Max) Measure(IEnumerable<string> queries, Action<string> run)
    {
        var times = new List<double>();
        foreach (var q in queries)
        {
            var watch = Stopwatch.StartNew();
            run(q);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[(int)(times.Count * 0.5)], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], times[^1]);
    }
}

internal static class Shell
{
    /// <summary>The machine's load averages, printed beside each figure (a number on a busy machine means less).</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    public static string RunOutput(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = error.Result;
        return output;
    }

    /// <summary>
    /// Recoll's filters start with `#!/usr/bin/env python3`: with a pyenv (or other) python3 first on PATH they would
    /// run without Debian's python3-lxml and Recoll would silently skip pptx. Its tools run with /usr/bin first.
    /// </summary>
    public static int RunRecoll(string file, params string[] arguments) => Run(file, arguments, systemPath: true);

    public static int Run(string file, params string[] arguments) => Run(file, arguments, systemPath: false);

    private static int Run(string file, string[] arguments, bool systemPath)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        if (systemPath)
        {
            info.Environment["PATH"] = "/usr/bin:/bin:" + Environment.GetEnvironmentVariable("PATH");
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = error.Result;
        return process.ExitCode;
    }
}
