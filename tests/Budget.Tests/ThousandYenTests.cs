using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Budget.Tests;

public sealed class ThousandYenTests
{
    [Fact]
    public void Parts_that_would_each_round_down_still_add_up_to_the_rounded_total()
    {
        // Rounding each 1,400円 alone gives 1+1+1 = 3千円, but the total 4,200円 prints as 4千円.
        var (parts, total) = BudgetMath.ToThousandYen([1_400, 1_400, 1_400]);
        Assert.Equal(4, total);
        Assert.Equal([2, 1, 1], parts);
    }

    [Fact]
    public void The_largest_remainders_receive_the_missing_thousands()
    {
        var (parts, total) = BudgetMath.ToThousandYen([10_100, 20_700, 30_600, 999]);
        Assert.Equal(62, total);          // 62,399円 → 62千円
        Assert.Equal([10, 21, 30, 1], parts); // 10.1 → 10, 20.7 → 21, 30.6 → 30, 0.999 → 1
        Assert.Equal(total, parts.Sum());
    }

    [Fact]
    public void Half_a_thousand_on_the_total_rounds_up()
    {
        var (parts, total) = BudgetMath.ToThousandYen([500]);
        Assert.Equal(1, total);
        Assert.Equal([1], parts);
        Assert.Equal(new Yen(2_500).ToThousandYen(), BudgetMath.ToThousandYen([1_250, 1_250]).Total);
    }

    [Fact]
    public void For_any_amounts_the_parts_add_up_and_stay_within_one_thousand_of_the_exact_value()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var yen = Enumerable.Range(0, random.Next(1, 30)).Select(_ => (long)random.Next(0, 50_000_000)).ToList();
            var (parts, total) = BudgetMath.ToThousandYen(yen);
            Assert.Equal(total, parts.Sum());
            Assert.Equal(new Yen(yen.Sum()).ToThousandYen(), total);
            for (var i = 0; i < yen.Count; i++)
            {
                Assert.InRange((parts[i] * 1000) - yen[i], -999, 999);
            }
        }
    }

    [Fact]
    public void Negative_amounts_are_not_accepted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetMath.ToThousandYen([1_000, -1]));
    }
}
