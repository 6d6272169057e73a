// Small-cell protection for the published tables. Primary: a cell with 0 < n < threshold is
// suppressed. Secondary: every additive relation of the table (a total and its parts along one
// dimension, with every other coordinate fixed, hierarchies included: 市 = Σ区, 区 = Σ町丁目,
// 計 = Σ5歳階級 = Σ3区分, 3区分 = Σ its 5歳階級, 計 = 男 + 女 ...) must not have exactly one
// suppressed cell, or "total − visible parts" gives it back; in such a relation the smallest
// positive visible cell is suppressed too, and this repeats to a fixed point. The suppressed
// values are then dropped (null) before the table is stored, so nothing downstream can undo it.
namespace OsakaDx.Modules.Insight.Publishing;

/// <summary>One dimension of a table: its categories and the additive relations among them.</summary>
internal sealed class TableDimension(string key, string label, IReadOnlyList<string> codes, IReadOnlyList<string> labels, IReadOnlyList<(int Parent, int[] Children)> relations)
{
    public string Key => key;

    public string Label => label;

    public IReadOnlyList<string> Codes => codes;

    public IReadOnlyList<string> Labels => labels;

    public IReadOnlyList<(int Parent, int[] Children)> Relations => relations;

    public int Size => codes.Count;

    private readonly Dictionary<string, int> index = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    public int IndexOf(string code) => index.TryGetValue(code, out var i) ? i : -1;
}

internal sealed class ProtectedTable
{
    public ProtectedTable(string name, IReadOnlyList<TableDimension> dimensions)
    {
        Name = name;
        Dimensions = dimensions;
        Strides = new int[dimensions.Count];
        var size = 1;
        for (var d = dimensions.Count - 1; d >= 0; d--)
        {
            Strides[d] = size;
            size = checked(size * dimensions[d].Size);
        }

        Values = new long[size];
        Suppressed = new bool[size];
    }

    public string Name { get; }

    public IReadOnlyList<TableDimension> Dimensions { get; }

    public int[] Strides { get; }

    public long[] Values { get; }

    public bool[] Suppressed { get; }

    public int Index(params ReadOnlySpan<int> coordinates)
    {
        var i = 0;
        for (var d = 0; d < coordinates.Length; d++)
        {
            i += coordinates[d] * Strides[d];
        }

        return i;
    }

    /// <summary>Adds n to a leaf cell and to every total above it (each coordinate with its ancestors).</summary>
    public void AddWithAncestors(int[][] ancestorsPerDimension, long n)
    {
        var coords = new int[Dimensions.Count];
        void Recurse(int d, int offset)
        {
            if (d == Dimensions.Count)
            {
                Values[offset] += n;
                return;
            }

            foreach (var c in ancestorsPerDimension[d])
            {
                coords[d] = c;
                Recurse(d + 1, offset + (c * Strides[d]));
            }
        }

        Recurse(0, 0);
    }

    /// <summary>Applies primary and secondary suppression; returns (primary, secondary) counts.</summary>
    public (int Primary, int Secondary) Protect(int threshold, bool audit = true)
    {
        var primary = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            if (Values[i] > 0 && Values[i] < threshold)
            {
                Suppressed[i] = true;
                primary++;
            }
        }

        var secondary = Secondary();
        if (audit)
        {
            secondary += Audit(threshold);
        }

        return (primary, secondary);
    }

    /// <summary>The per-relation heuristic to a fixed point; returns the cells it suppressed.</summary>
    private int Secondary()
    {
        var secondary = 0;
        bool changed;
        do
        {
            changed = false;
            for (var d = 0; d < Dimensions.Count; d++)
            {
                foreach (var relation in Dimensions[d].Relations)
                {
                    foreach (var baseOffset in LineBases(d))
                    {
                        if (ProtectLine(baseOffset, Strides[d], relation))
                        {
                            secondary++;
                            changed = true;
                        }
                    }
                }
            }
        }
        while (changed);

        return secondary;
    }

    /// <summary>Every flat offset with coordinate d = 0 (the start of each line along d).</summary>
    private IEnumerable<int> LineBases(int d)
    {
        var stride = Strides[d];
        var block = stride * Dimensions[d].Size;
        for (var outer = 0; outer < Values.Length; outer += block)
        {
            for (var inner = 0; inner < stride; inner++)
            {
                yield return outer + inner;
            }
        }
    }

    private bool ProtectLine(int baseOffset, int stride, (int Parent, int[] Children) relation)
    {
        var suppressedCount = Suppressed[baseOffset + (relation.Parent * stride)] ? 1 : 0;
        foreach (var c in relation.Children)
        {
            if (Suppressed[baseOffset + (c * stride)])
            {
                suppressedCount++;
            }
        }

        if (suppressedCount != 1)
        {
            return false;
        }

        var best = -1;
        foreach (var c in relation.Children.Append(relation.Parent))
        {
            var i = baseOffset + (c * stride);
            if (!Suppressed[i] && Values[i] > 0 && (best < 0 || Values[i] < Values[best]))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return false;
        }

        Suppressed[best] = true;
        return true;
    }

    /// <summary>
    /// Interval audit after the per-relation heuristic. An attacker who knows every visible cell
    /// and every additive relation can bound each hidden cell (the feasible range of the linear
    /// system). The bounds are computed here by interval propagation over all relations to a
    /// fixed point (a sound relaxation of the linear program: every bound it finds is a true bound,
    /// an LP may find narrower ones on tables with cycles). A primary cell whose range is narrower
    /// than the threshold (e.g. two small cells hidden together in a total below the threshold,
    /// which tells the attacker both are small) gets a partner: the smallest positive visible cell
    /// of a relation it is in (greedy: fewest and smallest extra cells), and the audit repeats.
    /// Returns the number of extra cells suppressed.
    /// </summary>
    public int Audit(int threshold, int maxRounds = 10)
    {
        var extra = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var (lo, hi, lines) = Bounds();
            var exposed = Enumerable.Range(0, Values.Length).Where(i => Suppressed[i] && Values[i] > 0 && Values[i] < threshold && hi[i] - lo[i] < threshold).ToHashSet();
            if (exposed.Count == 0)
            {
                break;
            }

            var linesOf = new Dictionary<int, List<int[]>>();
            foreach (var line in lines)
            {
                foreach (var member in line)
                {
                    if (exposed.Contains(member))
                    {
                        (linesOf.TryGetValue(member, out var list) ? list : linesOf[member] = []).Add(line);
                    }
                }
            }

            var added = 0;
            foreach (var cell in exposed)
            {
                var best = -1;
                foreach (var line in linesOf.GetValueOrDefault(cell) ?? [])
                {
                    foreach (var member in line)
                    {
                        if (!Suppressed[member] && Values[member] > 0 && (best < 0 || Values[member] < Values[best]))
                        {
                            best = member;
                        }
                    }
                }

                if (best >= 0)
                {
                    Suppressed[best] = true;
                    added++;
                }
            }

            if (added == 0)
            {
                break;
            }

            extra += added;
            // The heuristic again: a new hidden cell must not be alone in any relation.
            extra += Secondary();
        }

        return extra;
    }

    /// <summary>The attacker's bounds for every cell (visible: exact) and the relation lines that hold a hidden cell (parent first).</summary>
    public (long[] Lo, long[] Hi, List<int[]> Lines) Bounds()
    {
        var lines = new List<int[]>();
        for (var d = 0; d < Dimensions.Count; d++)
        {
            foreach (var relation in Dimensions[d].Relations)
            {
                foreach (var baseOffset in LineBases(d))
                {
                    var members = new int[relation.Children.Length + 1];
                    members[0] = baseOffset + (relation.Parent * Strides[d]);
                    var hidden = Suppressed[members[0]];
                    for (var c = 0; c < relation.Children.Length; c++)
                    {
                        members[c + 1] = baseOffset + (relation.Children[c] * Strides[d]);
                        hidden |= Suppressed[members[c + 1]];
                    }

                    if (hidden)
                    {
                        lines.Add(members);
                    }
                }
            }
        }

        var max = Values.Length == 0 ? 0 : Values.Max();
        var lo = new long[Values.Length];
        var hi = new long[Values.Length];
        for (var i = 0; i < Values.Length; i++)
        {
            (lo[i], hi[i]) = Suppressed[i] ? (0, max) : (Values[i], Values[i]);
        }

        for (var sweep = 0; sweep < 50; sweep++)
        {
            var changed = false;
            foreach (var line in lines)
            {
                long sumLo = 0, sumHi = 0;
                for (var c = 1; c < line.Length; c++)
                {
                    sumLo += lo[line[c]];
                    sumHi += hi[line[c]];
                }

                var p = line[0];
                if (sumLo > lo[p])
                {
                    lo[p] = sumLo;
                    changed = true;
                }

                if (sumHi < hi[p])
                {
                    hi[p] = sumHi;
                    changed = true;
                }

                for (var c = 1; c < line.Length; c++)
                {
                    var m = line[c];
                    var newLo = lo[p] - (sumHi - hi[m]);
                    var newHi = hi[p] - (sumLo - lo[m]);
                    if (newLo > lo[m])
                    {
                        lo[m] = newLo;
                        changed = true;
                    }

                    if (newHi < hi[m])
                    {
                        hi[m] = newHi;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return (lo, hi, lines);
    }

    /// <summary>The published value of a cell: null when suppressed.</summary>
    public long? Published(int index) => Suppressed[index] ? null : Values[index];
}
