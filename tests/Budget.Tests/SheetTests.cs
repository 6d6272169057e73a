using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Budget.Tests;

public sealed class SheetTests
{
    [Fact]
    public async Task The_project_sheet_prints_thousands_that_add_up_to_the_printed_totals()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (code, cost, lines) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Project).Include(x => x.Lines).Where(x => x.Year == BudgetHarness.Year).OrderBy(x => x.Id).FirstAsync();
            return (r.Project!.Code, r.Lines.Sum(l => l.Amount), r.Lines.Count);
        });

        var sheet = await h.WithAsync(sp => sp.GetRequiredService<ProjectSheetService>().BuildAsync(BudgetHarness.Year, code));
        Assert.NotNull(sheet);
        Assert.EndsWith($"_{code}.xlsx", sheet.FileName, StringComparison.Ordinal);
        var rows = XlsxCells.Read(sheet.Content);

        Assert.Equal(ProjectSheetService.SheetName, rows.First().Value["A"]);
        Assert.Contains(rows.Values, r => r.GetValueOrDefault("A") == "事業コード" && r.GetValueOrDefault("B") == code);

        // 節 table: from its header to 合計, column B (要求, 千円) and D (前年度当初, 千円) add up.
        var header = rows.First(r => r.Value.GetValueOrDefault("A") == "節" && r.Value.GetValueOrDefault("B") == "本年度要求額（千円）").Key;
        var total = rows.First(r => r.Key > header && r.Value.GetValueOrDefault("A") == "合計").Key;
        long Sum(string column) => rows.Where(r => r.Key > header && r.Key < total).Sum(r => long.Parse(r.Value[column], CultureInfo.InvariantCulture));
        Assert.Equal(new Yen(cost).ToThousandYen(), long.Parse(rows[total]["B"], CultureInfo.InvariantCulture));
        Assert.Equal(long.Parse(rows[total]["B"], CultureInfo.InvariantCulture), Sum("B"));
        Assert.Equal(long.Parse(rows[total]["D"], CultureInfo.InvariantCulture), Sum("D"));

        // 財源 table: the five kinds add up to 事業費計, which is the same 千円 as the 節 total.
        var fundHeader = rows.First(r => r.Value.GetValueOrDefault("A") == "財源内訳").Key;
        var fundTotal = rows.First(r => r.Value.GetValueOrDefault("A") == "事業費計").Key;
        Assert.Equal(5, fundTotal - fundHeader - 1);
        Assert.Equal(long.Parse(rows[fundTotal]["B"], CultureInfo.InvariantCulture),
            rows.Where(r => r.Key > fundHeader && r.Key < fundTotal).Sum(r => long.Parse(r.Value["B"], CultureInfo.InvariantCulture)));
        Assert.Equal(rows[total]["B"], rows[fundTotal]["B"]);

        // 積算 lines are listed in yen with their total.
        var lineTotal = rows.First(r => r.Value.GetValueOrDefault("A") == "積算計");
        Assert.Equal(cost.ToString(CultureInfo.InvariantCulture), lineTotal.Value["F"]);
        var lineHeader = rows.First(r => r.Value.GetValueOrDefault("B") == "積算項目").Key;
        Assert.Equal(lines, lineTotal.Key - lineHeader - 1);
    }

    [Fact]
    public async Task An_unknown_project_gives_no_sheet()
    {
        await using var h = await BudgetHarness.StartAsync();
        Assert.Null(await h.WithAsync(sp => sp.GetRequiredService<ProjectSheetService>().BuildAsync(BudgetHarness.Year, "NOPE")));
    }
}
