using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Execution;
using OsakaDx.Platform.Files;

namespace OsakaDx.Budget.Tests;

public sealed class ExecutionTests
{
    private const int Year = BudgetHarness.Year;

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task An_import_replaces_the_years_figures_and_the_status_shows_the_rate_and_the_forecast()
    {
        await using var h = await BudgetHarness.StartAsync();
        var codes = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.OrderBy(p => p.Code).Select(p => p.Code).Take(2).ToListAsync());
        var csv = $"事業コード,節,予算現額,配当額,支出負担行為額,支出済額,調定額,収入済額\n{codes[0]},10,1000000,600000,700000,400000,0,0\n{codes[0]},12,\"2,000,000\",1000000,500000,500000,,\n{codes[1]},1,300000,300000,300000,150000,0,0\n";
        var result = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().ImportAsync(Year, new DateOnly(Year, 9, 30), Csv(csv), "exec.csv", "test"));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(3, result.Rows);

        var org = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.Where(p => p.Code == codes[0]).Select(p => p.OrgUnitId).FirstAsync());
        var status = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().StatusAsync(Year, org));
        Assert.Equal(6, status.ElapsedMonths);
        var first = status.Rows.Single(r => r.Key == codes[0]);
        Assert.Equal(3_000_000, first.CurrentBudget);
        Assert.Equal(900_000, first.Spent);
        Assert.Equal(30.0m, first.Rate);

        // 見込: 10節 max(負担行為 700,000, 400,000 × 12/6 = 800,000) = 800,000; 12節 max(500,000, 1,000,000) = 1,000,000.
        Assert.Equal(1_800_000, first.Forecast);
        Assert.Equal(1_200_000, first.UnusedForecast);

        var csvOut = Encoding.UTF8.GetString(ExecutionService.StatusToCsv(status, "事業", CsvOutputEncoding.Utf8));
        Assert.Contains("30.0", csvOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_name_the_line_and_the_column_and_nothing_is_imported()
    {
        await using var h = await BudgetHarness.StartAsync();
        var code = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.OrderBy(p => p.Code).Select(p => p.Code).FirstAsync());
        var before = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Executions.CountAsync(e => e.Year == Year - 1));
        Assert.True(before > 0);
        var csv = $"事業コード,節,予算現額,配当額,支出負担行為額,支出済額,調定額,収入済額\n{code},10,1000,0,0,0,0,0\nNOPE-1,10,1000,0,0,0,0,0\n{code},99,1000,0,0,0,0,0\n{code},11,千円,0,0,0,0,0\n{code},10,5,0,0,0,0,0\n";
        var result = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().ImportAsync(Year - 1, new DateOnly(Year - 1, 9, 30), Csv(csv), "bad.csv", "test"));
        Assert.False(result.Succeeded);
        Assert.Contains("3行目「事業コード」列: 「NOPE-1」の予算事業はありません。", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("4行目「節」列", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("5行目「予算現額」列", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("6行目", StringComparison.Ordinal) && e.Contains("2行目", StringComparison.Ordinal));
        Assert.Equal(before, await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Executions.CountAsync(e => e.Year == Year - 1)));

        var missing = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().ImportAsync(Year, new DateOnly(Year, 9, 30), Csv("事業コード,節\nX,1\n"), "m.csv", "test"));
        Assert.Contains(missing.Errors, e => e.Contains("「予算現額」の列がありません", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_has_last_years_execution_by_org_and_the_accounting_export_is_the_adopted_budget()
    {
        await using var h = await BudgetHarness.StartAsync();
        var status = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().StatusAsync(Year - 1, null));
        Assert.Equal(new DateOnly(Year - 1, 10, 31), status.AsOf);
        Assert.Equal(7, status.ElapsedMonths);
        Assert.NotEmpty(status.Rows);
        Assert.All(status.Rows, r => Assert.InRange(r.Rate!.Value, 1m, 100m));

        var export = await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().ExportAccountingAsync(Year - 1, CsvOutputEncoding.Utf8));
        Assert.NotNull(export);
        Assert.Equal("確定", export.Value.StageName);
        var table = CsvReader.Read(new MemoryStream(export.Value.Csv));
        Assert.Equal(ExecutionService.ExportHeaders, table.Headers);
        var adopted = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var id = await db.Stages.Where(s => s.Year == Year - 1 && s.Kind == StageKind.Adopted).Select(s => s.Id).SingleAsync();
            return await db.StageAmounts.Where(a => a.StageId == id).SumAsync(a => a.Amount);
        });
        Assert.Equal(adopted, table.Rows.Sum(r => long.Parse(r["予算額"], System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Null(await h.WithAsync(sp => sp.GetRequiredService<ExecutionService>().ExportAccountingAsync(Year, CsvOutputEncoding.Utf8)));
    }

    [Theory]
    [InlineData(1000, 0, 0, 6, 0)]
    [InlineData(1000, 900, 100, 6, 900)]
    [InlineData(1000, 100, 400, 6, 800)]
    [InlineData(1000, 100, 700, 6, 1000)]
    [InlineData(1000, 0, 1000, 12, 1000)]
    public void The_forecast_is_the_commitment_or_the_spending_pace_capped_at_the_budget(long budget, long encumbered, long spent, int months, long expected) =>
        Assert.Equal(expected, ExecutionService.Forecast(budget, encumbered, spent, months));

    [Theory]
    [InlineData(2027, 2027, 4, 30, 1)]
    [InlineData(2027, 2027, 9, 30, 6)]
    [InlineData(2027, 2028, 3, 31, 12)]
    [InlineData(2027, 2026, 12, 1, 1)]
    public void Elapsed_months_count_from_April(int year, int y, int m, int d, int expected) =>
        Assert.Equal(expected, ExecutionService.ElapsedMonths(year, new DateOnly(y, m, d)));
}
