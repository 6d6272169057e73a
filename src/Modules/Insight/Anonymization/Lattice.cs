// k-anonymity (with optional distinct l-diversity) by full-domain generalization plus record
// suppression, in the spirit of ARX's Flash/OLA: every node of the generalization lattice is
// checked against "records in classes smaller than k (or with fewer than l sensitive values) ≤ the
// suppression limit", and the satisfying node with the lowest information loss is taken.
// Each node's equivalence classes are rolled up from the bottom node's class counts, never from
// the records again, so the whole lattice (48 nodes for the default four attributes) costs about
// as much as one pass over the distinct bottom-level combinations.
namespace OsakaDx.Modules.Insight.Anonymization;

/// <summary>A quasi-identifier: leaf values per record and a generalization hierarchy over them.</summary>
internal sealed class QuasiIdentifier
{
    public required string Key { get; init; }

    public required string Label { get; init; }

    /// <summary>Leaf value per record (0-based, dense).</summary>
    public required int[] Leaves { get; init; }

    public required int LeafCount { get; init; }

    /// <summary>Generalized code of a leaf at each level: Map[level][leaf]. The last level maps everything to 0 (「*」).</summary>
    public required int[][] Map { get; init; }

    /// <summary>Information loss of a leaf at each level, 0 (kept) to 1 (fully generalized): Loss[level][leaf].</summary>
    public required double[][] Loss { get; init; }

    /// <summary>Display of a generalized code at a level.</summary>
    public required Func<int, int, string> Label0 { get; init; }

    /// <summary>Names of the levels (「1歳」「5歳階級」「10歳階級」「*」).</summary>
    public required string[] LevelNames { get; init; }

    public int Levels => Map.Length;

    private int[]? codeCounts;

    /// <summary>Number of generalized codes at a level (cached: it is asked once per class and attribute).</summary>
    public int CodeCount(int level) => (codeCounts ??= Map.Select(m => m.Length == 0 ? 1 : m.Max() + 1).ToArray())[level];
}

internal sealed record LatticeOptions(int K, int L, double SuppressionLimit);

internal sealed record NodeResult(int[] Levels, long Violating, double Loss, double Discernibility, int Classes, int MinClass, bool Satisfies);

internal sealed record LatticeResult(NodeResult Best, IReadOnlyList<NodeResult> Nodes, long RecordsAtRiskBefore, int NodesTotal);

internal static class Lattice
{
    /// <summary>Searches the lattice; null when no node satisfies the criteria within the suppression limit.</summary>
    public static LatticeResult? Search(IReadOnlyList<QuasiIdentifier> qis, int[]? sensitive, int recordCount, LatticeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.K, 1);
        var bottom = BottomClasses(qis, sensitive, recordCount);
        var nodes = AllNodes(qis);
        var results = new List<NodeResult>(nodes.Count);
        var limit = (long)Math.Floor(options.SuppressionLimit * recordCount);
        long atRiskBefore = 0;
        foreach (var node in nodes)
        {
            var r = Evaluate(qis, bottom, node, recordCount, options, limit);
            if (node.All(l => l == 0))
            {
                atRiskBefore = r.Violating;
            }

            results.Add(r);
        }

        var best = results.Where(r => r.Satisfies).OrderBy(r => r.Loss).ThenBy(r => r.Discernibility).ThenBy(r => r.Levels.Sum()).FirstOrDefault();
        return best is null ? null : new LatticeResult(best, results, atRiskBefore, nodes.Count);
    }

    /// <summary>The distinct bottom-level combinations: their leaf tuple (packed), size and sensitive-value mask.</summary>
    internal sealed record Bottom(int[][] Leaves, int[] Counts, long[] Masks);

    internal static Bottom BottomClasses(IReadOnlyList<QuasiIdentifier> qis, int[]? sensitive, int recordCount)
    {
        var keys = new long[recordCount];
        for (var i = 0; i < recordCount; i++)
        {
            keys[i] = PackLeaves(qis, i);
        }

        var order = new int[recordCount];
        for (var i = 0; i < recordCount; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var leaves = new List<int[]>();
        var counts = new List<int>();
        var masks = new List<long>();
        for (var i = 0; i < recordCount;)
        {
            var j = i;
            long mask = 0;
            while (j < recordCount && keys[j] == keys[i])
            {
                if (sensitive is not null)
                {
                    mask |= 1L << sensitive[order[j]];
                }

                j++;
            }

            var first = order[i];
            leaves.Add(qis.Select(q => q.Leaves[first]).ToArray());
            counts.Add(j - i);
            masks.Add(mask);
            i = j;
        }

        return new Bottom([.. leaves], [.. counts], [.. masks]);
    }

    private static long PackLeaves(IReadOnlyList<QuasiIdentifier> qis, int record)
    {
        long key = 0;
        foreach (var q in qis)
        {
            key = checked((key * q.LeafCount) + q.Leaves[record]);
        }

        return key;
    }

    /// <summary>Every node (one level per attribute), in order of height.</summary>
    internal static List<int[]> AllNodes(IReadOnlyList<QuasiIdentifier> qis)
    {
        var nodes = new List<int[]> { new int[qis.Count] };
        for (var a = 0; a < qis.Count; a++)
        {
            nodes = nodes.SelectMany(n => Enumerable.Range(0, qis[a].Levels).Select(l =>
            {
                var copy = (int[])n.Clone();
                copy[a] = l;
                return copy;
            })).ToList();
        }

        return nodes.OrderBy(n => n.Sum()).ToList();
    }

    /// <summary>The generalized class key of a bottom combination at a node.</summary>
    internal static long ClassKey(IReadOnlyList<QuasiIdentifier> qis, int[] node, int[] leaves)
    {
        long key = 0;
        for (var a = 0; a < qis.Count; a++)
        {
            key = (key * qis[a].CodeCount(node[a])) + qis[a].Map[node[a]][leaves[a]];
        }

        return key;
    }

    internal static NodeResult Evaluate(IReadOnlyList<QuasiIdentifier> qis, Bottom bottom, int[] node, int recordCount, LatticeOptions options, long limit)
    {
        var classes = new Dictionary<long, (int Count, long Mask)>();
        var keys = new long[bottom.Counts.Length];
        for (var b = 0; b < bottom.Counts.Length; b++)
        {
            var key = ClassKey(qis, node, bottom.Leaves[b]);
            keys[b] = key;
            classes[key] = classes.TryGetValue(key, out var c) ? (c.Count + bottom.Counts[b], c.Mask | bottom.Masks[b]) : (bottom.Counts[b], bottom.Masks[b]);
        }

        long violating = 0;
        double discernibility = 0;
        var minClass = int.MaxValue;
        foreach (var (_, c) in classes)
        {
            if (Violates(c.Count, c.Mask, options))
            {
                violating += c.Count;
            }
            else
            {
                discernibility += (double)c.Count * c.Count;
                minClass = Math.Min(minClass, c.Count);
            }
        }

        // Suppressed records count as fully generalized (loss 1) and as indistinguishable from all (N).
        discernibility += (double)violating * recordCount;
        double loss = violating * qis.Count;
        for (var b = 0; b < bottom.Counts.Length; b++)
        {
            var c = classes[keys[b]];
            if (Violates(c.Count, c.Mask, options))
            {
                continue;
            }

            double l = 0;
            for (var a = 0; a < qis.Count; a++)
            {
                l += qis[a].Loss[node[a]][bottom.Leaves[b][a]];
            }

            loss += l * bottom.Counts[b];
        }

        return new NodeResult(node, violating, loss / ((double)recordCount * qis.Count), discernibility / ((double)recordCount * recordCount),
            classes.Count, minClass == int.MaxValue ? 0 : minClass, violating <= limit);
    }

    internal static bool Violates(int count, long mask, LatticeOptions options) =>
        count < options.K || (options.L > 1 && long.PopCount(mask) < options.L);
}
