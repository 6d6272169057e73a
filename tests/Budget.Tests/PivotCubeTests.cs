using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Budget.Tests;

public sealed class PivotCubeTests
{
    private const int Year = BudgetHarness.Year;

    private static Task<PivotResult> Pivot(BudgetHarness h, PivotDimension d, PivotStage s = PivotStage.Request, int? stageId = null) =>
        h.WithAsync(sp => sp.GetRequiredService<PivotService>().PivotAsync(Year, d, s, stageId));

    [Theory]
    [InlineData(PivotStage.Request)]
    [InlineData(PivotStage.Assessed)]
    public async Task The_cube_gives_the_same_totals_as_sql_and_every_axis_adds_up_to_the_same_total(PivotStage stage)
    {
        await using var h = await BudgetHarness.StartAsync();
        foreach (var d in new[] { PivotDimension.Org, PivotDimension.Kan, PivotDimension.Setsu, PivotDimension.Funding })
        {
            var cube = await Pivot(h, d, stage);
            var direct = await h.WithAsync(sp => sp.GetRequiredService<PivotService>().DirectTotalsAsync(Year, d, stage));
            Assert.Equal(direct.Where(x => x.Value != 0).OrderBy(x => x.Key).ToList(), cube.Rows.Where(r => r.Current != 0).Select(r => KeyValuePair.Create(r.Key, r.Current)).OrderBy(x => x.Key).ToList());
        }

        var total = (await Pivot(h, PivotDimension.Org, stage)).TotalCurrent;
        var previous = (await Pivot(h, PivotDimension.Org, stage)).TotalPrevious;
        Assert.True(total > 0);
        foreach (var d in Enum.GetValues<PivotDimension>())
        {
            var p = await Pivot(h, d, stage);
            Assert.Equal(total, p.TotalCurrent);
            Assert.Equal(previous, p.TotalPrevious);
            Assert.All(p.Rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Label)));
        }

        var nature = await Pivot(h, PivotDimension.Nature, stage);
        Assert.Contains(nature.Rows, r => r.Label == "物件費");
        Assert.All(nature.Rows, r => Assert.Contains(r.Label, PivotService.NatureOrder));
        var purpose = await Pivot(h, PivotDimension.Purpose, stage);
        Assert.All(purpose.Rows, r => Assert.True(PivotService.PurposeOrder.Contains(r.Label) || r.Label.EndsWith("（目的別の対象外）", StringComparison.Ordinal), r.Label));
    }

    [Fact]
    public async Task A_save_is_seen_by_the_next_pivot_and_a_closed_stage_pivots_its_snapshot()
    {
        await using var h = await BudgetHarness.StartAsync();
        var before = (await Pivot(h, PivotDimension.Setsu)).TotalCurrent;
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var r = view!.Request;
        var lines = r.Lines.Select(l => new LineInput(l.Id, l.Version, l.SetsuId, l.Item, l.UnitPrice, l.Quantity, l.Times)).ToList();
        lines.Add(new LineInput(null, 0, lines[0].SetsuId, "追加の消耗品", 1_000, 7, 1));
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var saved = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(r.Version, r.Purpose, r.LegalBasis, new Funding(r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds), lines)));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        Assert.Equal(before + 7_000, (await Pivot(h, PivotDimension.Setsu)).TotalCurrent);
        Assert.Equal(before + 7_000, (await Pivot(h, PivotDimension.Nature)).TotalCurrent);

        var stage = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Stages.Where(s => s.Year == Year && s.ClosedAtUtc != null).OrderBy(s => s.Kind).FirstAsync());
        var snapshot = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().StageAmounts.Where(a => a.StageId == stage.Id).SumAsync(a => a.Amount));
        var byStage = await Pivot(h, PivotDimension.Account, PivotStage.Assessed, stage.Id);
        Assert.Equal(snapshot, byStage.TotalCurrent);
        Assert.Equal("要求", byStage.Source);
    }

    [Fact]
    public async Task The_balance_sets_revenue_against_expenditure_per_account()
    {
        await using var h = await BudgetHarness.StartAsync();
        var balance = await h.WithAsync(sp => sp.GetRequiredService<BalanceService>().BalanceAsync(Year, PivotStage.Request, null));
        var funding = await Pivot(h, PivotDimension.Funding);
        Assert.Equal(funding.TotalCurrent, balance.Total.Expenditure);
        Assert.Equal(funding.Rows.Single(r => r.Label == "一般財源").Current, balance.Total.Gap);
        Assert.Equal(balance.Total.Expenditure - balance.Total.Revenue, balance.Total.Gap);
        Assert.Equal(balance.CeilingTotal - balance.Total.Gap, balance.GeneralFundBalance);
        Assert.Equal((await Pivot(h, PivotDimension.Account)).Rows.Select(r => r.Label).ToList(), balance.Rows.Select(r => r.Label).ToList());
        var cells = XlsxCells.Read(BalanceService.ToXlsx(balance));
        Assert.NotEmpty(cells);
    }
}
