// The anonymization job for a department dataset: the only reader of its quarantined upload.
// The same method as the register (Lattice: full-domain generalization over the department's
// hierarchies, k-anonymity with local suppression, optional distinct l-diversity), then the
// anonymized microdata and protected aggregates (counts, and sums of the measures with the same
// suppression pattern) are written to the dataset's published file.
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Modules.Insight.Datasets;

internal sealed record DatasetReport(
    int DatasetId, int RunId, int K, int L, string? Sensitive, IReadOnlyList<string> QuasiIdentifiers, double SuppressionLimit, int CellThreshold,
    long Records, long RecordsAtRiskBefore, IReadOnlyList<string> Node, long Suppressed, double SuppressionRate, long RemovedRecords,
    int KReached, int Classes, double InformationLoss, int NodesTotal, int NodesSatisfying,
    int PublishedCells, int PrimarySuppressed, int SecondarySuppressed, double Seconds);

internal static class DatasetAnonymizer
{
    public const string CountCube = "count";

    public const string SumPrefix = "sum:";

    /// <summary>Cells above which the aggregate cube is coarsened (one more generalization level on its widest dimension).</summary>
    public const int MaxCells = 200_000;

    public static DatasetReport Run(int datasetId, int runId, string rawStore, string target, IReadOnlyList<DatasetColumn> columns, int k, int l, double suppressionLimit, int threshold)
    {
        if (!File.Exists(rawStore))
        {
            throw new AnonymizationFailedException("この部署データの元ファイルがありません。もう一度アップロードしてください。");
        }

        var watch = Stopwatch.StartNew();
        var used = columns.Select((c, i) => (c, i)).Where(p => p.c.Role is ColumnRoles.QuasiIdentifier or ColumnRoles.Sensitive or ColumnRoles.Measure).ToList();
        string[][] values;
        int n;
        using (var raw = new DuckDBConnection($"Data Source={rawStore};ACCESS_MODE=READ_ONLY"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = used.Count == 0 ? "SELECT 1 FROM raw" : $"SELECT {string.Join(", ", used.Select(p => $"c{p.i}"))} FROM raw";
            var lists = used.Select(_ => new List<string>()).ToArray();
            using var r = cmd.ExecuteReader();
            n = 0;
            while (r.Read())
            {
                for (var j = 0; j < used.Count; j++)
                {
                    lists[j].Add(r.IsDBNull(j) ? "" : r.GetString(j));
                }

                n++;
            }

            values = lists.Select(x => x.ToArray()).ToArray();
        }

        var qiColumns = used.Select((p, j) => (p.c, j)).Where(p => p.c.Role == ColumnRoles.QuasiIdentifier).ToList();
        var hierarchies = new List<(DatasetColumn Column, Generalization G, string[] LeafValues, QuasiIdentifier Qi)>();
        foreach (var (column, j) in qiColumns)
        {
            var (g, error) = Generalization.Parse(column.Name, column.Type, column.Generalization);
            if (g is null)
            {
                throw new AnonymizationFailedException(error!);
            }

            hierarchies.Add(BuildQi(column, g, values[j]));
        }

        var qis = hierarchies.Select(h => h.Qi).ToList();
        var sensitiveIndex = used.FindIndex(p => p.c.Role == ColumnRoles.Sensitive);
        int[]? sensitive = null;
        if (l > 1 && sensitiveIndex >= 0)
        {
            // Distinct values folded onto 64 bits: a collision can only make a class look less
            // diverse than it is, never more (the check stays on the safe side).
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            sensitive = values[sensitiveIndex].Select(v => (ids.TryGetValue(v, out var id) ? id : ids[v] = ids.Count) % 64).ToArray();
        }

        var options = new LatticeOptions(k, l, suppressionLimit);
        LatticeResult? result;
        try
        {
            result = Lattice.Search(qis, sensitive, n, options);
        }
        catch (OverflowException)
        {
            throw new AnonymizationFailedException("準識別子の値の組合せが多すぎます。準識別子を減らすか、値の種類の少ない列を選んでください。");
        }

        if (result is null)
        {
            throw new AnonymizationFailedException($"k={k}{(l > 1 ? $"、l={l}" : "")} を満たす一般化が、削除の上限 {suppressionLimit:P1} の範囲で見つかりません。上限を上げるか、準識別子を減らすか、一般化の段階を増やしてください。");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Delete(target);
        using var published = new DuckDBConnection($"Data Source={target}");
        published.Open();
        Execute(published, """
            CREATE TABLE microdata_columns (idx INTEGER, name VARCHAR, role VARCHAR);
            CREATE TABLE cube_dims (cube VARCHAR, dim_order INTEGER, dim VARCHAR, code_index INTEGER, code VARCHAR, label VARCHAR);
            CREATE TABLE cube_cells (cube VARCHAR, cell INTEGER, n BIGINT);
            CREATE TABLE meta (key VARCHAR, value VARCHAR);
            """);
        Execute(published, $"CREATE TABLE microdata ({string.Join(", ", used.Select((_, j) => $"c{j} VARCHAR"))})");
        using (var cols = published.CreateAppender("microdata_columns"))
        {
            for (var j = 0; j < used.Count; j++)
            {
                cols.CreateRow().AppendValue(j).AppendValue(used[j].c.Name).AppendValue(used[j].c.Role).EndRow();
            }
        }

        var (suppressed, removed, kReached, classes) = WriteMicrodata(published, values, used.Select(p => p.c).ToList(), hierarchies, qiColumns.Select(q => q.j).ToList(), result.Best, options, sensitive, n);

        // Aggregates from the exact values, protected before they are written.
        var measures = used.Select((p, j) => (p.c, j)).Where(p => p.c.Role == ColumnRoles.Measure).ToList();
        var (count, sums) = BuildCubes(hierarchies, qis, values, measures, n);
        var (primary, secondary) = count.Protect(threshold);
        WriteCube(published, CountCube, count, count.Values.Select((v, i) => count.Published(i)).ToArray());
        foreach (var (name, sum) in sums)
        {
            // A sum is shown only where its count is: the same cells are hidden, so the same relations protect it.
            WriteCube(published, SumPrefix + name, count, sum.Select((v, i) => count.Suppressed[i] ? (long?)null : (long)Math.Round(v, MidpointRounding.AwayFromZero)).ToArray());
        }

        using (var meta = published.CreateCommand())
        {
            meta.CommandText = "INSERT INTO meta VALUES ('dataset', $d), ('run', $r), ('threshold', $t)";
            meta.Parameters.Add(new DuckDBParameter("d", datasetId.ToString(CultureInfo.InvariantCulture)));
            meta.Parameters.Add(new DuckDBParameter("r", runId.ToString(CultureInfo.InvariantCulture)));
            meta.Parameters.Add(new DuckDBParameter("t", threshold.ToString(CultureInfo.InvariantCulture)));
            meta.ExecuteNonQuery();
        }

        Execute(published, "CHECKPOINT");
        var best = result.Best;
        return new DatasetReport(datasetId, runId, k, l, sensitiveIndex >= 0 ? used[sensitiveIndex].c.Name : null, hierarchies.Select(h => h.Column.Name).ToList(), suppressionLimit, threshold,
            n, result.RecordsAtRiskBefore, hierarchies.Select((h, a) => $"{h.Column.Name}: {h.G.LevelNames[best.Levels[a]]}").ToList(),
            suppressed, n == 0 ? 0 : Math.Round((double)suppressed / n, 4), removed, kReached, classes, Math.Round(best.Loss, 4),
            result.NodesTotal, result.Nodes.Count(x => x.Satisfies), count.Values.Length, primary, secondary, Math.Round(watch.Elapsed.TotalSeconds, 2));
    }

    private static (DatasetColumn, Generalization, string[], QuasiIdentifier) BuildQi(DatasetColumn column, Generalization g, string[] values)
    {
        IComparer<string> order = ColumnTypes.IsNumber(column.Type)
            ? Comparer<string>.Create((a, b) => a.Length == 0 || b.Length == 0 ? a.Length.CompareTo(b.Length) : decimal.Parse(a, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b, CultureInfo.InvariantCulture)))
            : StringComparer.Ordinal;
        var leafValues = values.Distinct(StringComparer.Ordinal).Order(order).ToArray();
        var leafIndex = leafValues.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        var leaves = values.Select(v => leafIndex[v]).ToArray();
        var m = leafValues.Length;
        var map = new int[g.Levels][];
        var loss = new double[g.Levels][];
        var labels = new string[g.Levels][];
        for (var level = 0; level < g.Levels; level++)
        {
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            map[level] = new int[m];
            for (var leaf = 0; leaf < m; leaf++)
            {
                var label = g.Apply(leafValues[leaf], level);
                if (!codes.TryGetValue(label, out var code))
                {
                    code = codes[label] = names.Count;
                    names.Add(label);
                }

                map[level][leaf] = code;
            }

            var sizes = new int[names.Count];
            foreach (var code in map[level])
            {
                sizes[code]++;
            }

            // Loss: the share of the column's distinct values the generalized value covers (ARX-style, by leaves).
            loss[level] = map[level].Select(code => level == g.Levels - 1 ? 1.0 : m <= 1 ? 0 : (sizes[code] - 1) / (double)(m - 1)).ToArray();
            labels[level] = [.. names];
        }

        var qi = new QuasiIdentifier
        {
            Key = column.Name, Label = column.Name, Leaves = leaves, LeafCount = m, LevelNames = g.LevelNames, Map = map, Loss = loss,
            Label0 = (level, code) => labels[level][code],
        };
        return (column, g, leafValues, qi);
    }

    private static (long Suppressed, long Removed, int KReached, int Classes) WriteMicrodata(
        DuckDBConnection published, string[][] values, List<DatasetColumn> used, List<(DatasetColumn Column, Generalization G, string[] LeafValues, QuasiIdentifier Qi)> hierarchies,
        List<int> qiPositions, NodeResult node, LatticeOptions options, int[]? sensitive, int n)
    {
        var qis = hierarchies.Select(h => h.Qi).ToList();
        var classKey = new long[n];
        var classes = new Dictionary<long, (int Count, long Mask)>();
        var leaves = new int[qis.Count];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < qis.Count; a++)
            {
                leaves[a] = qis[a].Leaves[i];
            }

            var key = Lattice.ClassKey(qis, node.Levels, leaves);
            classKey[i] = key;
            var bit = sensitive is null ? 0 : 1L << sensitive[i];
            classes[key] = classes.TryGetValue(key, out var c) ? (c.Count + 1, c.Mask | bit) : (1, bit);
        }

        var suppress = new bool[n];
        long suppressedCount = 0;
        long suppressedMask = 0;
        for (var i = 0; i < n; i++)
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
        var nodeIsTop = node.Levels.Select((l, a) => l == qis[a].Levels - 1).All(x => x);
        var starKey = Lattice.ClassKey(qis, node.Levels, new int[qis.Count]);
        var starClass = suppressedCount + (nodeIsTop && classes.TryGetValue(starKey, out var top) && !Lattice.Violates(top.Count, top.Mask, options) ? top.Count : 0);
        var dropSuppressed = suppressedCount > 0 && Lattice.Violates((int)Math.Min(starClass, int.MaxValue), suppressedMask, options);
        var removed = dropSuppressed ? suppressedCount : 0;
        var minSize = int.MaxValue;
        var outputClasses = new HashSet<long>();
        using (var appender = published.CreateAppender("microdata"))
        {
            for (var i = 0; i < n; i++)
            {
                if (suppress[i] && dropSuppressed)
                {
                    continue;
                }

                var row = appender.CreateRow();
                for (var j = 0; j < used.Count; j++)
                {
                    var a = qiPositions.IndexOf(j);
                    row.AppendValue(a < 0 ? values[j][i] : suppress[i] ? Generalization.Star : hierarchies[a].G.Apply(values[j][i], node.Levels[a]));
                }

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

    private static (ProtectedTable Count, List<(string Name, double[] Sums)> Sums) BuildCubes(
        List<(DatasetColumn Column, Generalization G, string[] LeafValues, QuasiIdentifier Qi)> hierarchies, List<QuasiIdentifier> qis, string[][] values, List<(DatasetColumn c, int j)> measures, int n)
    {
        // Publication level per quasi-identifier: as fine as possible while the cube stays small.
        var pub = new int[qis.Count];
        int Size(int a) => Enumerable.Range(pub[a], Math.Max(0, qis[a].Levels - 1 - pub[a])).Sum(level => qis[a].CodeCount(level)) + 1;
        while (Enumerable.Range(0, qis.Count).Aggregate(1L, (s, a) => s * Size(a)) > MaxCells)
        {
            var widest = Enumerable.Range(0, qis.Count).Where(a => pub[a] < qis[a].Levels - 1).MaxBy(Size);
            pub[widest]++;
        }

        var dims = new List<TableDimension>();
        var ancestors = new List<int[][]>();
        for (var a = 0; a < qis.Count; a++)
        {
            var q = qis[a];
            var top = q.Levels - 1;
            var codes = new List<string>();
            var labels = new List<string>();
            var offset = new Dictionary<int, int>();
            for (var level = pub[a]; level < top; level++)
            {
                offset[level] = codes.Count;
                for (var code = 0; code < q.CodeCount(level); code++)
                {
                    codes.Add($"{level}:{q.Label0(level, code)}");
                    labels.Add(q.Label0(level, code));
                }
            }

            var total = codes.Count;
            codes.Add(PublishedSchema.Total);
            labels.Add("計");
            var relations = new List<(int, int[])>();
            if (top > pub[a])
            {
                relations.Add((total, Enumerable.Range(offset[top - 1], q.CodeCount(top - 1)).ToArray()));
                for (var level = pub[a]; level < top - 1; level++)
                {
                    var lv = level;
                    foreach (var parent in Enumerable.Range(0, q.CodeCount(lv + 1)))
                    {
                        var children = Enumerable.Range(0, q.CodeCount(lv)).Where(child => ParentOf(q, lv, child) == parent).Select(child => offset[lv] + child).ToArray();
                        relations.Add((offset[lv + 1] + parent, children));
                    }
                }
            }

            dims.Add(new TableDimension(hierarchies[a].Column.Name, hierarchies[a].Column.Name, codes, labels, relations));
            ancestors.Add(Enumerable.Range(0, q.LeafCount).Select(leaf =>
                Enumerable.Range(pub[a], Math.Max(0, top - pub[a])).Select(level => offset[level] + q.Map[level][leaf]).Append(total).ToArray()).ToArray());
        }

        var count = new ProtectedTable(CountCube, dims);
        var sums = measures.Select(m => (m.c.Name, new double[count.Values.Length])).ToList();
        var groups = new Dictionary<string, (long Count, double[] Sums, int First)>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var key = string.Join('\u001f', qis.Select(q => q.Leaves[i].ToString(CultureInfo.InvariantCulture)));
            if (!groups.TryGetValue(key, out var g))
            {
                g = (0, new double[measures.Count], i);
            }

            for (var m = 0; m < measures.Count; m++)
            {
                var v = values[measures[m].j][i];
                if (v.Length > 0)
                {
                    g.Sums[m] += (double)decimal.Parse(v, CultureInfo.InvariantCulture);
                }
            }

            groups[key] = (g.Count + 1, g.Sums, g.First);
        }

        foreach (var (_, g) in groups)
        {
            var perDim = qis.Select((q, a) => ancestors[a][q.Leaves[g.First]]).ToArray();
            count.AddWithAncestors(perDim, g.Count);
            for (var m = 0; m < measures.Count; m++)
            {
                AddDouble(count, sums[m].Item2, perDim, g.Sums[m]);
            }
        }

        return (count, sums);
    }

    private static int ParentOf(QuasiIdentifier q, int level, int code)
    {
        var leaf = Array.IndexOf(q.Map[level], code);
        return q.Map[level + 1][leaf];
    }

    private static void AddDouble(ProtectedTable table, double[] target, int[][] perDim, double v)
    {
        void Recurse(int d, int offset)
        {
            if (d == perDim.Length)
            {
                target[offset] += v;
                return;
            }

            foreach (var c in perDim[d])
            {
                Recurse(d + 1, offset + (c * table.Strides[d]));
            }
        }

        Recurse(0, 0);
    }

    private static void WriteCube(DuckDBConnection published, string name, ProtectedTable shape, long?[] cells)
    {
        using (var dims = published.CreateAppender("cube_dims"))
        {
            for (var d = 0; d < shape.Dimensions.Count; d++)
            {
                var dim = shape.Dimensions[d];
                for (var i = 0; i < dim.Size; i++)
                {
                    dims.CreateRow().AppendValue(name).AppendValue(d).AppendValue(dim.Key).AppendValue(i).AppendValue(dim.Codes[i]).AppendValue(dim.Labels[i]).EndRow();
                }
            }
        }

        using var appender = published.CreateAppender("cube_cells");
        for (var i = 0; i < cells.Length; i++)
        {
            appender.CreateRow().AppendValue(name).AppendValue(i).AppendValue(cells[i]).EndRow();
        }
    }

    private static void Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The anonymized microdata of a dataset run as CSV (the QI columns generalized, no identifiers).</summary>
    public static long Export(string publishedFile, Stream output)
    {
        using var connection = new DuckDBConnection($"Data Source={publishedFile};ACCESS_MODE=READ_ONLY");
        connection.Open();
        var headers = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM microdata_columns ORDER BY idx";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                headers.Add(r.GetString(0));
            }
        }

        using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT * FROM microdata";
        using var reader = rows.ExecuteReader();
        long count = 0;
        IEnumerable<IReadOnlyList<string?>> Rows()
        {
            while (reader.Read())
            {
                count++;
                var row = new string?[headers.Count];
                for (var j = 0; j < headers.Count; j++)
                {
                    row[j] = reader.IsDBNull(j) ? "" : reader.GetString(j);
                }

                yield return row;
            }
        }

        OsakaDx.Platform.Files.CsvWriter.Write(output, headers, Rows(), OsakaDx.Platform.Files.CsvOutputEncoding.Utf8WithBom);
        return count;
    }
}
