using OsakaDx.Modules.Insight.Anonymization;

namespace OsakaDx.Insight.Tests;

public sealed class LatticeTests
{
    private static QuasiIdentifier Age(int[] ages) => new()
    {
        Key = "age", Label = "年齢", Leaves = ages, LeafCount = 10, LevelNames = ["1歳", "5歳", "*"],
        Map = [Enumerable.Range(0, 10).ToArray(), Enumerable.Range(0, 10).Select(a => a / 5).ToArray(), new int[10]],
        Loss = [new double[10], Enumerable.Repeat(0.4, 10).ToArray(), Enumerable.Repeat(1.0, 10).ToArray()],
        Label0 = (l, c) => c.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static QuasiIdentifier Sex(int[] sexes) => new()
    {
        Key = "sex", Label = "性別", Leaves = sexes, LeafCount = 2, LevelNames = ["そのまま", "*"],
        Map = [[0, 1], [0, 0]], Loss = [[0, 0], [1, 1]], Label0 = (l, c) => c.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void The_lowest_loss_node_is_chosen_and_suppression_stays_within_the_limit()
    {
        // Ages 0–4 and 5–9, two of each sex per 5-year band, but every single age unique: 5-year bands make k = 2.
        int[] ages = [0, 1, 2, 3, 5, 6, 7, 8];
        int[] sexes = [0, 0, 1, 1, 0, 0, 1, 1];
        var result = Lattice.Search([Age(ages), Sex(sexes)], null, ages.Length, new LatticeOptions(2, 1, 0))!;
        Assert.Equal([1, 0], result.Best.Levels);
        Assert.Equal(0, result.Best.Violating);
        Assert.Equal(8, result.RecordsAtRiskBefore);
        Assert.Equal(6, result.NodesTotal);
        Assert.Equal(0.2, result.Best.Loss, 6); // age loses 0.4, sex 0, averaged over two attributes

        // Monotonicity (what Flash/OLA prune on): every generalization of a satisfying node satisfies too.
        foreach (var n in result.Nodes.Where(n => n.Satisfies))
        {
            Assert.All(result.Nodes.Where(m => m.Levels.Zip(n.Levels).All(p => p.First >= p.Second)), m => Assert.True(m.Satisfies));
        }
    }

    [Fact]
    public void With_a_suppression_limit_an_outlier_is_suppressed_instead_of_generalizing_everyone()
    {
        int[] ages = [0, 0, 0, 1, 1, 1, 9];
        int[] sexes = [0, 0, 0, 0, 0, 0, 0];
        var strict = Lattice.Search([Age(ages), Sex(sexes)], null, ages.Length, new LatticeOptions(3, 1, 0))!;
        Assert.Equal(2, strict.Best.Levels[0]); // without suppression the outlier (age 9) forces 「*」
        var lenient = Lattice.Search([Age(ages), Sex(sexes)], null, ages.Length, new LatticeOptions(3, 1, 0.15))!;
        Assert.Equal([0, 0], lenient.Best.Levels);
        Assert.Equal(1, lenient.Best.Violating);
    }
}
