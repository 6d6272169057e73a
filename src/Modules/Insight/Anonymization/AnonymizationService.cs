// The anonymization job: the only reader of the quarantined raw store. It removes direct
// identifiers, replaces the person id with a keyed pseudonym, finds the generalization node
// (Lattice), suppresses the records still at risk, writes the anonymized microdata, builds the
// published tables from the exact counts and protects them (ProtectedTable) before they are
// written: suppressed values never reach the published file.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Modules.Insight.Anonymization;

internal sealed record AnonymizationSettings(int K = 5, IReadOnlyList<string>? QuasiIdentifiers = null, double SuppressionLimit = 0.05, int L = 1, string? Sensitive = null, int CellThreshold = 10)
{
    public static readonly IReadOnlyList<string> DefaultQis = ["age", "sex", "area", "nationality"];

    public static readonly IReadOnlyList<string> AllQis = ["age", "sex", "area", "nationality", "since"];

    public static readonly IReadOnlyList<string> SensitiveAttributes = ["household", "relationship"];

    public IReadOnlyList<string> Qis => QuasiIdentifiers is { Count: > 0 } q ? q : DefaultQis;

    /// <summary>Japanese message naming the wrong setting, or null when valid.</summary>
    public string? Validate()
    {
        if (K is < 2 or > 1000)
        {
            return "--k: 2〜1000 の整数で指定してください。";
        }

        if (Qis.FirstOrDefault(q => !AllQis.Contains(q, StringComparer.Ordinal)) is { } bad)
        {
            return $"--qi: 「{bad}」は使えません（{string.Join(",", AllQis)} から選んでください）。";
        }

        if (SuppressionLimit is < 0 or > 0.5)
        {
            return "--suppression-limit: 0〜0.5 の割合で指定してください（例: 0.05 = 5%）。";
        }

        if (L > 1 && (Sensitive is null || !SensitiveAttributes.Contains(Sensitive, StringComparer.Ordinal)))
        {
            return $"--sensitive: l-多様性には機微属性（{string.Join(",", SensitiveAttributes)}）を指定してください。";
        }

        if (L is < 1 or > 6)
        {
            return "--l: 1〜6 の整数で指定してください。";
        }

        return CellThreshold is < 2 or > 100 ? "--threshold: 2〜100 の整数で指定してください。" : null;
    }
}

/// <summary>The risk report printed by `insight anonymize` and shown on the runs page.</summary>
internal sealed record RiskReport(
    int RunId, int K, int L, string? Sensitive, IReadOnlyList<string> QuasiIdentifiers, double SuppressionLimit, int CellThreshold,
    long Records, long RecordsAtRiskBefore, double RecordsAtRiskBeforeShare, IReadOnlyList<string> Node,
    long Suppressed, double SuppressionRate, long RemovedRecords, int KReached, double MaxProsecutorRisk, int Classes, double AverageClassSize,
    double InformationLoss, double Discernibility, int NodesTotal, int NodesSatisfying,
    int PublishedCells, int PrimarySuppressed, int SecondarySuppressed, string KeyFingerprint, double Seconds);

internal sealed class AnonymizationFailedException(string message) : Exception(message);

internal sealed class AnonymizationService(InsightPaths paths, PseudonymKey keys)
{
    private sealed class Records
    {
        public int Count;
        public string[] Ids = [];
        public int[] Age = [];
        public int[] Sex = [];
        public int[] Chocho = [];
        public int[] Nationality = [];
        public int[] SinceMonth = [];
        public int[] HouseholdSize = [];
        public int[] Relationship = [];
        public string[] Chochos = [];
        public DateOnly AsOf;
    }

    public static readonly string[] RelationshipGroups = ["世帯主", "配偶者", "子", "その他"];

    public RiskReport Run(int runId, AnonymizationSettings settings, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(paths.RawStore))
        {
            throw new AnonymizationFailedException("取り込まれた住民データがありません。先に import を実行してください。");
        }

        var watch = Stopwatch.StartNew();
        var key = keys.LoadOrCreate();
        progress?.Invoke("住民データを読み込んでいます");
        using var raw = new DuckDBConnection($"Data Source={paths.RawStore};ACCESS_MODE=READ_ONLY");
        raw.Open();
        var data = ReadResidents(raw);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Invoke("一般化の組合せを探索しています");
        var qis = settings.Qis.Select(q => BuildQi(q, data)).ToList();
        int[]? sensitive = settings.L > 1 ? (settings.Sensitive == "household" ? data.HouseholdSize.Select(s => Math.Min(s, 6) - 1).ToArray() : data.Relationship) : null;
        var options = new LatticeOptions(settings.K, settings.L, settings.SuppressionLimit);
        var result = Lattice.Search(qis, sensitive, data.Count, options)
            ?? throw new AnonymizationFailedException($"k={settings.K} を満たす一般化が、削除（抑制）上限 {settings.SuppressionLimit:P1} の範囲で見つかりません。上限を上げるか、準識別子を減らしてください。");
        cancellationToken.ThrowIfCancellationRequested();

        var target = paths.Published(runId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Delete(target);
        using var published = new DuckDBConnection($"Data Source={target}");
        published.Open();
        Execute(published, """
            CREATE TABLE microdata (pseudonym VARCHAR, age VARCHAR, sex VARCHAR, area VARCHAR, nationality VARCHAR, since VARCHAR, household_size VARCHAR, relationship VARCHAR);
            CREATE TABLE cube_dims (cube VARCHAR, dim_order INTEGER, dim VARCHAR, code_index INTEGER, code VARCHAR, label VARCHAR);
            CREATE TABLE cube_cells (cube VARCHAR, cell INTEGER, n BIGINT);
            CREATE TABLE meta (key VARCHAR, value VARCHAR);
            """);

        progress?.Invoke("匿名化したデータを書き出しています");
        var (suppressed, removed, kReached, classes) = WriteMicrodata(published, data, qis, settings, result.Best, sensitive, key);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Invoke("集計表を作り、小さな値を秘匿しています");
        var tables = BuildTables(raw, data);
        int cells = 0, primary = 0, secondary = 0;
        foreach (var table in tables)
        {
            var (p, s) = table.Protect(settings.CellThreshold);
            primary += p;
            secondary += s;
            cells += table.Values.Length;
            WriteTable(published, table);
        }

        var fingerprint = PseudonymKey.Fingerprint(key);
        var best = result.Best;
        var released = data.Count - removed;
        var report = new RiskReport(
            runId, settings.K, settings.L, settings.Sensitive, settings.Qis, settings.SuppressionLimit, settings.CellThreshold,
            data.Count, result.RecordsAtRiskBefore, Ratio(result.RecordsAtRiskBefore, data.Count),
            qis.Select((q, i) => $"{q.Label}: {q.LevelNames[best.Levels[i]]}").ToList(),
            suppressed, Ratio(suppressed, data.Count), removed, kReached, kReached == 0 ? 0 : Math.Round(1.0 / kReached, 4), classes,
            classes == 0 ? 0 : Math.Round((double)released / classes, 1),
            Math.Round(best.Loss, 4), Math.Round(best.Discernibility, 6), result.NodesTotal, result.Nodes.Count(n => n.Satisfies),
            cells, primary, secondary, fingerprint, Math.Round(watch.Elapsed.TotalSeconds, 2));
        using (var meta = published.CreateCommand())
        {
            meta.CommandText = "INSERT INTO meta VALUES ('as_of', $asof), ('threshold', $t), ('run', $run)";
            meta.Parameters.Add(new DuckDBParameter("asof", data.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            meta.Parameters.Add(new DuckDBParameter("t", settings.CellThreshold.ToString(CultureInfo.InvariantCulture)));
            meta.Parameters.Add(new DuckDBParameter("run", runId.ToString(CultureInfo.InvariantCulture)));
            meta.ExecuteNonQuery();
        }

        Execute(published, "CHECKPOINT");
        return report;
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : Math.Round((double)a / b, 4);

    private static void Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static Records ReadResidents(DuckDBConnection raw)
    {
        var data = new Records();
        using (var cmd = raw.CreateCommand())
        {
            cmd.CommandText = "SELECT value FROM raw_meta WHERE key = 'as_of'";
            data.AsOf = DateOnly.ParseExact((string)cmd.ExecuteScalar()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        using (var cmd = raw.CreateCommand())
        {
            cmd.CommandText = "SELECT DISTINCT chocho_code FROM raw_residents WHERE removed_date IS NULL ORDER BY 1";
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            data.Chochos = [.. list];
        }

        using (var cmd = raw.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM raw_residents WHERE removed_date IS NULL";
            data.Count = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        data.Ids = new string[data.Count];
        data.Age = new int[data.Count];
        data.Sex = new int[data.Count];
        data.Chocho = new int[data.Count];
        data.Nationality = new int[data.Count];
        data.SinceMonth = new int[data.Count];
        data.HouseholdSize = new int[data.Count];
        data.Relationship = new int[data.Count];
        var chochoIndex = data.Chochos.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        using (var cmd = raw.CreateCommand())
        {
            // Ages in full years at the 基準日, top-coded at 100 (特異な記述, 施行規則 第62条 ④).
            cmd.CommandText = """
                SELECT person_id, least(date_sub('year', birth_date, $asof), 100)::INTEGER, sex::INTEGER, chocho_code, nationality::INTEGER,
                       (year(resident_since) * 12 + month(resident_since) - 1)::INTEGER,
                       (count(*) OVER (PARTITION BY household_id))::INTEGER,
                       CASE relationship WHEN '世帯主' THEN 0 WHEN '妻' THEN 1 WHEN '夫' THEN 1 WHEN '子' THEN 2 ELSE 3 END
                FROM raw_residents WHERE removed_date IS NULL
                """;
            cmd.Parameters.Add(new DuckDBParameter("asof", data.AsOf));
            using var r = cmd.ExecuteReader();
            var i = 0;
            while (r.Read())
            {
                data.Ids[i] = r.GetString(0);
                data.Age[i] = r.GetInt32(1);
                data.Sex[i] = r.GetInt32(2) - 1;
                data.Chocho[i] = chochoIndex[r.GetString(3)];
                data.Nationality[i] = r.GetInt32(4) - 1;
                data.SinceMonth[i] = r.GetInt32(5);
                data.HouseholdSize[i] = r.GetInt32(6);
                data.Relationship[i] = r.GetInt32(7);
                i++;
            }
        }

        return data;
    }

    private static QuasiIdentifier BuildQi(string key, Records data)
    {
        switch (key)
        {
            case "age":
            {
                var leaves = Enumerable.Range(0, 101).ToArray();
                return new QuasiIdentifier
                {
                    Key = key, Label = "年齢", Leaves = data.Age, LeafCount = 101,
                    LevelNames = ["1歳（100歳以上はまとめる）", "5歳階級", "10歳階級", "*（削除）"],
                    Map = [leaves, leaves.Select(a => a / 5).ToArray(), leaves.Select(a => Math.Min(a / 10, 10)).ToArray(), new int[101]],
                    Loss = [new double[101], Filled(101, 4 / 100.0), Filled(101, 9 / 100.0), Filled(101, 1)],
                    Label0 = (level, code) => level switch
                    {
                        0 => code == 100 ? "100以上" : code.ToString(CultureInfo.InvariantCulture),
                        1 => code == 20 ? "100以上" : $"{code * 5}-{(code * 5) + 4}",
                        2 => code == 10 ? "100以上" : $"{code * 10}-{(code * 10) + 9}",
                        _ => "*",
                    },
                };
            }

            case "sex":
                return Binary(key, "性別", data.Sex, ["男", "女"]);
            case "nationality":
                return Binary(key, "国籍区分", data.Nationality, ["日本人", "外国人"]);
            case "area":
            {
                var n = data.Chochos.Length;
                var wards = data.Chochos.Select(c => c[..6]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                var wardOf = data.Chochos.Select(c => Array.IndexOf(wards, c[..6])).ToArray();
                var perWard = wardOf.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
                return new QuasiIdentifier
                {
                    Key = key, Label = "地域", Leaves = data.Chocho, LeafCount = n,
                    LevelNames = ["町丁目", "区", "*（削除）"],
                    Map = [Enumerable.Range(0, n).ToArray(), wardOf, new int[n]],
                    Loss = [new double[n], wardOf.Select(w => n <= 1 ? 0 : (perWard[w] - 1) / (double)(n - 1)).ToArray(), Filled(n, 1)],
                    Label0 = (level, code) => level switch { 0 => data.Chochos[code], 1 => wards[code], _ => "*" },
                };
            }

            case "since":
            {
                var min = data.SinceMonth.Min();
                var leaves = data.SinceMonth.Select(m => m - min).ToArray();
                var n = leaves.Max() + 1;
                var years = Enumerable.Range(0, n).Select(i => ((i + min) / 12) - (min / 12)).ToArray();
                return new QuasiIdentifier
                {
                    Key = key, Label = "住民となった日", Leaves = leaves, LeafCount = n,
                    LevelNames = ["年月", "年", "*（削除）"],
                    Map = [Enumerable.Range(0, n).ToArray(), years, new int[n]],
                    Loss = [new double[n], Filled(n, n <= 1 ? 0 : Math.Min(1, 11.0 / (n - 1))), Filled(n, 1)],
                    Label0 = (level, code) => level switch
                    {
                        0 => $"{(code + min) / 12}-{((code + min) % 12) + 1:00}",
                        1 => ((min / 12) + code).ToString(CultureInfo.InvariantCulture),
                        _ => "*",
                    },
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(key));
        }
    }

    private static QuasiIdentifier Binary(string key, string label, int[] leaves, string[] names) => new()
    {
        Key = key, Label = label, Leaves = leaves, LeafCount = 2, LevelNames = ["そのまま", "*（削除）"],
        Map = [[0, 1], [0, 0]], Loss = [[0, 0], [1, 1]], Label0 = (level, code) => level == 0 ? names[code] : "*",
    };

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static (long Suppressed, long Removed, int KReached, int Classes) WriteMicrodata(
        DuckDBConnection published, Records data, List<QuasiIdentifier> qis, AnonymizationSettings settings, NodeResult node, int[]? sensitive, byte[] key)
    {
        var options = new LatticeOptions(settings.K, settings.L, settings.SuppressionLimit);
        // Class sizes at the chosen node, to find the records to suppress.
        var classKey = new long[data.Count];
        var classes = new Dictionary<long, (int Count, long Mask)>();
        var leaves = new int[qis.Count];
        for (var i = 0; i < data.Count; i++)
        {
            for (var a = 0; a < qis.Count; a++)
            {
                leaves[a] = qis[a].Leaves[i];
            }

            var k = Lattice.ClassKey(qis, node.Levels, leaves);
            classKey[i] = k;
            var m = sensitive is null ? 0 : 1L << sensitive[i];
            classes[k] = classes.TryGetValue(k, out var c) ? (c.Count + 1, c.Mask | m) : (1, m);
        }

        var suppress = new bool[data.Count];
        long suppressedCount = 0;
        long suppressedMask = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var c = classes[classKey[i]];
            if (Lattice.Violates(c.Count, c.Mask, options))
            {
                suppress[i] = true;
                suppressedCount++;
                suppressedMask |= sensitive is null ? 0 : 1L << sensitive[i];
            }
        }

        // The suppressed records form one class of 「*」; it is kept only if it is itself k-anonymous (and l-diverse).
        var allStar = qis.Select(q => q.Levels - 1).ToArray();
        var starKey = Lattice.ClassKey(qis, node.Levels, qis.Select(_ => 0).ToArray());
        var nodeIsTop = node.Levels.SequenceEqual(allStar);
        var starClass = suppressedCount + (nodeIsTop && classes.TryGetValue(starKey, out var top) && !Lattice.Violates(top.Count, top.Mask, options) ? top.Count : 0);
        var dropSuppressed = suppressedCount > 0 && Lattice.Violates((int)Math.Min(starClass, int.MaxValue), suppressedMask, options);
        var removed = dropSuppressed ? suppressedCount : 0;

        var labels = qis.Select((q, a) => Enumerable.Range(0, q.CodeCount(node.Levels[a])).Select(code => q.Label0(node.Levels[a], code)).ToArray()).ToArray();
        var qiIndex = AnonymizationSettings.AllQis.ToDictionary(q => q, q => qis.FindIndex(x => x.Key == q), StringComparer.Ordinal);
        var sizeLabels = PublishedSchema.HouseholdSizes;
        var pseudonym = new byte[32];
        var idBytes = new byte[256];
        var minSize = int.MaxValue;
        var outputClasses = new HashSet<long>();
        using (var appender = published.CreateAppender("microdata"))
        {
            for (var i = 0; i < data.Count; i++)
            {
                if (suppress[i] && dropSuppressed)
                {
                    continue;
                }

                var n = Encoding.UTF8.GetBytes(data.Ids[i], idBytes);
                HMACSHA256.HashData(key, idBytes.AsSpan(0, n), pseudonym);
                string Qi(string name, Func<string> ungeneralized)
                {
                    var a = qiIndex[name];
                    if (a < 0)
                    {
                        return ungeneralized();
                    }

                    return suppress[i] ? "*" : labels[a][qis[a].Map[node.Levels[a]][qis[a].Leaves[i]]];
                }

                var row = appender.CreateRow()
                    .AppendValue(Convert.ToHexStringLower(pseudonym.AsSpan(0, 16)))
                    .AppendValue(Qi("age", () => data.Age[i] == 100 ? "100以上" : data.Age[i].ToString(CultureInfo.InvariantCulture)))
                    .AppendValue(Qi("sex", () => data.Sex[i] == 0 ? "男" : "女"))
                    .AppendValue(Qi("area", () => data.Chochos[data.Chocho[i]]))
                    .AppendValue(Qi("nationality", () => data.Nationality[i] == 0 ? "日本人" : "外国人"))
                    .AppendValue(Qi("since", () => (data.SinceMonth[i] / 12).ToString(CultureInfo.InvariantCulture)))
                    .AppendValue(sizeLabels[Math.Min(data.HouseholdSize[i], 6) - 1])
                    .AppendValue(RelationshipGroups[data.Relationship[i]]);
                row.EndRow();
                outputClasses.Add(suppress[i] ? -1 : classKey[i]);
                if (!suppress[i])
                {
                    minSize = Math.Min(minSize, classes[classKey[i]].Count);
                }
            }
        }

        if (suppressedCount > 0 && !dropSuppressed)
        {
            minSize = (int)Math.Min(minSize, starClass);
        }

        return (suppressedCount, removed, minSize == int.MaxValue ? 0 : minSize, outputClasses.Count);
    }

    private static List<ProtectedTable> BuildTables(DuckDBConnection raw, Records data)
    {
        var population = new ProtectedTable(PublishedSchema.Population, PublishedSchema.Dimensions(PublishedSchema.Population, data.Chochos));
        var geo = population.Dimensions[0];
        var geoAncestors = data.Chochos.Select(c => new[] { geo.IndexOf(c), geo.IndexOf(c[..6]), 0 }).ToArray();
        var ageDim = population.Dimensions[1];
        var total = ageDim.Size - 1;
        var ageAncestors = Enumerable.Range(0, 101).Select(a => new[] { PublishedSchema.AgeBand(a), 21 + PublishedSchema.BroadBand(a), total }).ToArray();
        int[][] binary = [[0, 2], [1, 2]];
        var counts = new Dictionary<(int, int, int, int), long>();
        for (var i = 0; i < data.Count; i++)
        {
            var k = (data.Chocho[i], data.Age[i], data.Sex[i], data.Nationality[i]);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        foreach (var ((chocho, age, sex, nat), n) in counts)
        {
            population.AddWithAncestors([geoAncestors[chocho], ageAncestors[age], binary[sex], binary[nat]], n);
        }

        var households = new ProtectedTable(PublishedSchema.Households, PublishedSchema.Dimensions(PublishedSchema.Households, data.Chochos));
        var chochoIndex = data.Chochos.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        using (var cmd = raw.CreateCommand())
        {
            cmd.CommandText = """
                SELECT chocho_code, least(size, 6)::INTEGER, count(*)
                FROM (SELECT any_value(chocho_code) AS chocho_code, count(*) AS size FROM raw_residents WHERE removed_date IS NULL GROUP BY household_id)
                GROUP BY ALL
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (chochoIndex.TryGetValue(r.GetString(0), out var c))
                {
                    households.AddWithAncestors([geoAncestors[c], [r.GetInt32(1) - 1, 6]], r.GetInt64(2));
                }
            }
        }

        var events = new ProtectedTable(PublishedSchema.Events, PublishedSchema.Dimensions(PublishedSchema.Events, data.Chochos));
        var eventGeo = events.Dimensions[0];
        var lastFy = data.AsOf.Month >= 4 ? data.AsOf.Year : data.AsOf.Year - 1;
        using (var cmd = raw.CreateCommand())
        {
            // Fiscal year (April–March) of each event; the five years ending with the 基準日's year.
            const string Fy = "(CASE WHEN month(d) >= 4 THEN year(d) ELSE year(d) - 1 END)";
            cmd.CommandText = $"""
                SELECT chocho_code, {Fy} AS fy, kind, count(*) FROM (
                    SELECT chocho_code, resident_since AS d, since_reason AS kind FROM raw_residents WHERE since_reason IN ('出生', '転入')
                    UNION ALL SELECT chocho_code, removed_date, removed_reason FROM raw_residents WHERE removed_date IS NOT NULL
                    UNION ALL SELECT chocho_code, last_move, '転居' FROM raw_residents WHERE last_move IS NOT NULL)
                WHERE {Fy} BETWEEN $first AND $last
                GROUP BY ALL
                """;
            cmd.Parameters.Add(new DuckDBParameter("first", lastFy - 4));
            cmd.Parameters.Add(new DuckDBParameter("last", lastFy));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var g = eventGeo.IndexOf(r.GetString(0));
                if (g < 0)
                {
                    // A 町丁目 where nobody lives now (only removed records): counted in its ward and the city.
                    var w = eventGeo.IndexOf(r.GetString(0)[..6]);
                    if (w < 0)
                    {
                        continue;
                    }

                    events.AddWithAncestors([[w, 0], [(int)(r.GetInt64(1) - (lastFy - 4)), 5], [Array.IndexOf(PublishedSchema.EventTypes, r.GetString(2))]], r.GetInt64(3));
                    continue;
                }

                events.AddWithAncestors([[g, eventGeo.IndexOf(r.GetString(0)[..6]), 0], [(int)(r.GetInt64(1) - (lastFy - 4)), 5], [Array.IndexOf(PublishedSchema.EventTypes, r.GetString(2))]], r.GetInt64(3));
            }
        }

        return [population, households, events];
    }

    private static void WriteTable(DuckDBConnection published, ProtectedTable table)
    {
        using (var dims = published.CreateAppender("cube_dims"))
        {
            for (var d = 0; d < table.Dimensions.Count; d++)
            {
                var dim = table.Dimensions[d];
                for (var i = 0; i < dim.Size; i++)
                {
                    dims.CreateRow().AppendValue(table.Name).AppendValue(d).AppendValue(dim.Key).AppendValue(i).AppendValue(dim.Codes[i]).AppendValue(dim.Labels[i]).EndRow();
                }
            }
        }

        using var cells = published.CreateAppender("cube_cells");
        for (var i = 0; i < table.Values.Length; i++)
        {
            // Suppressed cells are stored as NULL: their values do not exist outside this process.
            cells.CreateRow().AppendValue(table.Name).AppendValue(i).AppendValue(table.Published(i)).EndRow();
        }
    }
}
