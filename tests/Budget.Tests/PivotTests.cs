using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Budget.Tests;

public sealed class PivotTests
{
    [Theory]
    [InlineData(PivotDimension.Org)]
    [InlineData(PivotDimension.Kan)]
    [InlineData(PivotDimension.Setsu)]
    [InlineData(PivotDimension.Funding)]
    public async Task Totals_equal_the_sum_of_the_lines_for_both_stages_and_the_previous_year(PivotDimension dimension)
    {
        await using var h = await BudgetHarness.StartAsync();
        var (requested, assessed, previous) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var year = BudgetHarness.Year;
            var req = await db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == year)).SumAsync(l => l.Amount);
            var ass = await db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == year && r.Status >= RequestStatus.Assessed)).SumAsync(l => l.AssessedAmount ?? 0);
            var prev = await db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == year - 1 && r.Status == RequestStatus.Confirmed)).SumAsync(l => l.AssessedAmount ?? 0);
            return (req, ass, prev);
        });
        Assert.True(requested > 0 && previous > 0);

        var request = await h.WithAsync(sp => sp.GetRequiredService<PivotService>().PivotAsync(BudgetHarness.Year, dimension, PivotStage.Request));
        var assess = await h.WithAsync(sp => sp.GetRequiredService<PivotService>().PivotAsync(BudgetHarness.Year, dimension, PivotStage.Assessed));

        Assert.Equal(requested, request.TotalCurrent);
        Assert.Equal(previous, request.TotalPrevious);
        Assert.Equal(assessed, assess.TotalCurrent);
        Assert.All(request.Rows, r => Assert.Equal(r.Current - r.Previous, r.Difference));
        Assert.Equal(request.Rows.Count, request.Rows.Select(r => r.Label).Distinct().Count());
    }

    [Fact]
    public async Task Csv_and_excel_exports_carry_the_same_total_as_the_table()
    {
        await using var h = await BudgetHarness.StartAsync();
        var pivot = await h.WithAsync(sp => sp.GetRequiredService<PivotService>().PivotAsync(BudgetHarness.Year, PivotDimension.Setsu, PivotStage.Request));
        var csv = System.Text.Encoding.UTF8.GetString(PivotService.ToCsv(pivot, OsakaDx.Platform.Files.CsvOutputEncoding.Utf8WithBom));
        var last = csv.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("合計," + pivot.TotalCurrent.ToString(System.Globalization.CultureInfo.InvariantCulture), last, StringComparison.Ordinal);

        var cells = XlsxCells.Read(PivotService.ToXlsx(pivot));
        var totalRow = cells.First(r => r.Value.GetValueOrDefault("A") == "合計").Value;
        Assert.Equal(pivot.TotalCurrent.ToString(System.Globalization.CultureInfo.InvariantCulture), totalRow["B"]);
    }
}
