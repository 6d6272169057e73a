using OsakaDx.Modules.Insight.Dashboards;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Insight.Tests;

[Collection(PipelineGroup.Name)]
public sealed class SuppressionTests(PipelineFixture city)
{
    private PublishedSet Set() => new PublishedCache().Get(1, city.Paths.Published(1), 10);

    [Fact]
    public void A_small_cell_is_hidden_and_so_is_a_partner_in_every_total_it_belongs_to()
    {
        // 2 × 2 with margins:   a=3  b=20 | 23
        //                        c=30 d=40 | 70
        //                        33   60   | 93
        var row = new TableDimension("r", "行", ["r1", "r2", "T"], ["1", "2", "計"], [(2, [0, 1])]);
        var col = new TableDimension("c", "列", ["c1", "c2", "T"], ["1", "2", "計"], [(2, [0, 1])]);
        var t = new ProtectedTable("t", [row, col]);
        long[,] v = { { 3, 20, 23 }, { 30, 40, 70 }, { 33, 60, 93 } };
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                t.Values[t.Index(r, c)] = v[r, c];
            }
        }

        var (primary, secondary) = t.Protect(10);
        Assert.Equal(1, primary);
        Assert.True(t.Suppressed[t.Index(0, 0)]);
        // Row 1: b (20) is the smallest partner; column 1: c (30); then row 2 has c alone, so d (40) goes too.
        Assert.True(t.Suppressed[t.Index(0, 1)]);
        Assert.True(t.Suppressed[t.Index(1, 0)]);
        Assert.True(t.Suppressed[t.Index(1, 1)]);
        Assert.Equal(3, secondary);
        Assert.False(t.Suppressed[t.Index(2, 2)]); // the grand total stays visible
        Assert.Null(t.Published(t.Index(0, 0)));
    }

    [Fact]
    public void No_published_relation_has_exactly_one_hidden_cell()
    {
        var set = Set();
        foreach (var name in new[] { PublishedSchema.Population, PublishedSchema.Households, PublishedSchema.Events })
        {
            var cube = set.Cube(name);
            var chochos = cube.Dimension("geo").Codes.Where(c => c.Length == 9).ToList();
            var dims = PublishedSchema.Dimensions(name, chochos);
            Assert.Equal(dims.Select(d => d.Codes), cube.Dimensions.Select(d => d.Codes));
            var size = dims.Aggregate(1, (s, d) => s * d.Size);
            var hidden = 0;
            for (var d = 0; d < dims.Count; d++)
            {
                var stride = cube.Stride(d);
                foreach (var (parent, children) in dims[d].Relations)
                {
                    for (var i = 0; i < size; i++)
                    {
                        if (i / stride % dims[d].Size != 0)
                        {
                            continue; // only line starts
                        }

                        var cells = children.Append(parent).Select(c => cube[i + (c * stride)]).ToList();
                        var unknown = cells.Count(c => c is null);
                        hidden += unknown;
                        Assert.True(unknown != 1, $"{name}: a total minus its visible parts reveals a hidden cell (dimension {dims[d].Key})");
                    }
                }
            }

            Assert.True(name != PublishedSchema.Population || hidden > 0, "a city of 30,000 has small cells to hide");
        }
    }

    /// <summary>
    /// The attacker: runs overlapping queries through the query builder (sex filter on and off,
    /// 5-year bands and 3 broad groups, 町丁目 and the ward total), writes down every linear
    /// relation the answers satisfy, and solves any relation with exactly one 「X」, repeating as
    /// long as something new is learnt. Nothing hidden may be learnt.
    /// </summary>
    [Fact]
    public void Differencing_queries_recover_no_hidden_cell()
    {
        var set = Set();
        var known = new Dictionary<(string Geo, string Age, string Sex), long?>();
        var ward = OsakaGeography.Wards.OrderBy(w => w.Population).First().Code; // the smallest ward has the most small cells
        foreach (var sex in new string?[] { null, "1", "2" })
        {
            foreach (var cols in new[] { "age5", "age3" })
            {
                var query = new InsightQuery("population", "chocho", cols, ward, sex, null, null, null, null);
                var (table, errors) = query.Run(set);
                Assert.Empty(errors);
                for (var r = 0; r < table!.RowCodes.Count; r++)
                {
                    for (var c = 0; c < table.ColumnCodes.Count; c++)
                    {
                        known[(table.RowCodes[r], table.ColumnCodes[c], sex ?? "T")] = table.Cells[r, c];
                    }
                }
            }
        }

        var chochos = known.Keys.Select(k => k.Geo).Where(g => g != ward).Distinct().ToList();
        var relations = new List<((string, string, string) Total, List<(string, string, string)> Parts)>();
        foreach (var sex in new[] { "T", "1", "2" })
        {
            foreach (var geo in chochos.Append(ward))
            {
                relations.Add(((geo, "T", sex), PublishedSchema.Ages5.Select(a => (geo, a, sex)).ToList()));
                relations.Add(((geo, "T", sex), PublishedSchema.AgeBroad.Select(a => (geo, a, sex)).ToList()));
                relations.Add(((geo, "0-14", sex), PublishedSchema.Ages5.Take(3).Select(a => (geo, a, sex)).ToList()));
                relations.Add(((geo, "15-64", sex), PublishedSchema.Ages5.Skip(3).Take(10).Select(a => (geo, a, sex)).ToList()));
                relations.Add(((geo, "65+", sex), PublishedSchema.Ages5.Skip(13).Select(a => (geo, a, sex)).ToList()));
            }

            foreach (var age in PublishedSchema.Ages5.Concat(PublishedSchema.AgeBroad).Append("T"))
            {
                relations.Add(((ward, age, sex), chochos.Select(g => (g, age, sex)).ToList()));
            }
        }

        foreach (var geo in chochos.Append(ward))
        {
            foreach (var age in PublishedSchema.Ages5.Concat(PublishedSchema.AgeBroad).Append("T"))
            {
                relations.Add(((geo, age, "T"), [(geo, age, "1"), (geo, age, "2")]));
            }
        }

        var hidden = known.Where(k => k.Value is null).Select(k => k.Key).ToHashSet();
        Assert.NotEmpty(hidden);
        var learnt = new Dictionary<(string, string, string), long>();
        long? Value((string, string, string) k) => known[k] ?? (learnt.TryGetValue(k, out var v) ? v : null);
        bool progress;
        do
        {
            progress = false;
            foreach (var (total, parts) in relations)
            {
                var cells = parts.Append(total).ToList();
                var unknown = cells.Where(c => Value(c) is null).ToList();
                if (unknown.Count != 1)
                {
                    continue;
                }

                var u = unknown[0];
                learnt[u] = u == total ? parts.Sum(p => Value(p)!.Value) : Value(total)!.Value - parts.Where(p => p != u).Sum(p => Value(p)!.Value);
                progress = true;
            }
        }
        while (progress);

        Assert.DoesNotContain(learnt.Keys, hidden.Contains);
    }

    [Fact]
    public void Every_published_number_is_either_hidden_or_at_least_the_threshold()
    {
        var set = Set();
        foreach (var name in new[] { PublishedSchema.Population, PublishedSchema.Households, PublishedSchema.Events })
        {
            var cube = set.Cube(name);
            var size = cube.Dimensions.Aggregate(1, (s, d) => s * d.Size);
            for (var i = 0; i < size; i++)
            {
                Assert.True(cube[i] is null or 0 or >= 10, $"{name} cell {i} = {cube[i]}");
            }
        }
    }

    /// <summary>
    /// Ward × age band with row and column totals, where two small cells of one ward sit next to
    /// each other: the per-relation heuristic hides each with partners, but the row still says
    /// "these two add up to 5", so an attacker bounding the hidden cells from the totals (the
    /// interval relaxation of the linear program) knows both are below the threshold. The audit
    /// gives them a partner until every small cell's feasible range is at least the threshold wide.
    /// </summary>
    [Fact]
    public void The_interval_audit_stops_an_LP_style_attacker_on_a_two_way_table_with_totals()
    {
        static ProtectedTable Table()
        {
            var ward = new TableDimension("ward", "区", ["T", "w1", "w2", "w3", "w4"], ["計", "1", "2", "3", "4"], [(0, [1, 2, 3, 4])]);
            var age = new TableDimension("age", "年齢", ["a1", "a2", "a3", "T"], ["0-14", "15-64", "65+", "計"], [(3, [0, 1, 2])]);
            var t = new ProtectedTable("t", [ward, age]);
            long[,] cells = { { 2, 3, 50 }, { 40, 30, 80 }, { 60, 90, 70 }, { 70, 45, 65 } };
            for (var w = 0; w < 4; w++)
            {
                for (var a = 0; a < 3; a++)
                {
                    t.AddWithAncestors([[w + 1, 0], [a, 3]], cells[w, a]);
                }
            }

            return t;
        }

        static List<(int Cell, long Width)> Exposed(ProtectedTable t, int threshold)
        {
            var (lo, hi, _) = t.Bounds();
            return Enumerable.Range(0, t.Values.Length).Where(i => t.Suppressed[i] && t.Values[i] is > 0 && t.Values[i] < threshold && hi[i] - lo[i] < threshold)
                .Select(i => (i, hi[i] - lo[i])).ToList();
        }

        var heuristic = Table();
        heuristic.Protect(10, audit: false);
        // Without the audit the attacker pins both small cells of ward 1 into [0, 5].
        Assert.Equal([(heuristic.Index(1, 0), 5L), (heuristic.Index(1, 1), 5L)], Exposed(heuristic, 10));

        var audited = Table();
        var (primary, secondary) = audited.Protect(10);
        Assert.Equal(2, primary);
        Assert.Empty(Exposed(audited, 10));
        Assert.True(secondary > 0);
        // Sound bounds: every true value lies inside the attacker's range, visible cells are exact.
        var (lo, hi, _) = audited.Bounds();
        Assert.All(Enumerable.Range(0, audited.Values.Length), i => Assert.InRange(audited.Values[i], lo[i], hi[i]));
        Assert.All(Enumerable.Range(0, audited.Values.Length).Where(i => !audited.Suppressed[i]), i => Assert.Equal(lo[i], hi[i]));
        // The greedy partner is the cheapest: ward 1's 65+ cell (50) rather than its total (55).
        Assert.True(audited.Suppressed[audited.Index(1, 2)]);
        Assert.False(audited.Suppressed[audited.Index(0, 3)]); // the grand total stays visible
    }
}
