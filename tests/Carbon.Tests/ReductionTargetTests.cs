using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Dashboard;

namespace OsakaDx.Carbon.Tests;

public sealed class ReductionTargetTests
{
    [Fact]
    public void The_linear_path_cuts_a_fixed_share_of_the_base_year_each_year()
    {
        // 100 t in FY2025, 4.2% a year: FY2027 target = 100 × (1 − 0.042 × 2) = 91.6 t.
        var target = new ReductionTarget(2025, 4.2m, Emission.FromTonnes(100m));
        Assert.Equal(Emission.FromTonnes(100m), target.For(2025));
        Assert.Equal(Emission.FromTonnes(91.6m), target.For(2027));
        Assert.Equal(Emission.Zero, target.For(2050));
        Assert.Equal(10.0m, target.AchievedPercent(Emission.FromTonnes(90m)));
    }
}

public sealed class PeerComparisonTests
{
    [Fact]
    public void Quartiles_interpolate_between_ranks_like_excel()
    {
        // QUARTILE.INC({1,2,3,4,10}, 1..3) = 2, 3, 4; with four values {1,2,3,4}: 1.75, 2.5, 3.25.
        decimal[] five = [1m, 2m, 3m, 4m, 10m];
        Assert.Equal(2m, PeerComparison.Quantile(five, 0.25m));
        Assert.Equal(3m, PeerComparison.Quantile(five, 0.5m));
        Assert.Equal(4m, PeerComparison.Quantile(five, 0.75m));
        decimal[] four = [1m, 2m, 3m, 4m];
        Assert.Equal(1.75m, PeerComparison.Quantile(four, 0.25m));
        Assert.Equal(2.5m, PeerComparison.Quantile(four, 0.5m));
    }
}
