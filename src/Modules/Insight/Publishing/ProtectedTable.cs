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
    public (int Primary, int Secondary) Protect(int threshold)
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

        return (primary, secondary);
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

    /// <summary>The published value of a cell: null when suppressed.</summary>
    public long? Published(int index) => Suppressed[index] ? null : Values[index];
}
