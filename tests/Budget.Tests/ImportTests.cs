using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Masters;

namespace OsakaDx.Budget.Tests;

public sealed class ImportTests
{
    private const string Header = "事業コード,事業名,所属コード,会計コード,目コード,経常臨時,補助単独,裁量区分,開始年度,終了年度\n";

    private static Task<ProjectImportResult> ImportAsync(BudgetHarness h, string csv) =>
        h.WithAsync(async sp =>
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            return await sp.GetRequiredService<ProjectService>().ImportCsvAsync(stream);
        });

    private static Task<int> CountAsync(BudgetHarness h) => h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.CountAsync());

    [Fact]
    public async Task Errors_name_their_lines_and_nothing_is_written()
    {
        await using var h = await BudgetHarness.StartAsync();
        var before = await CountAsync(h);
        var result = await ImportAsync(h, Header +
            "T-001,正しい事業,W01,01,03-01-01,経常,単独,裁量,2027,\n" +
            "T-002,所属違い,XX99,01,03-01-01,経常,単独,裁量,2027,\n" +
            "T-003,区分違い,W01,01,03-01-01,毎年,単独,裁量,2027,\n" +
            "T-001,重複,W01,01,99-99-99,経常,単独,裁量,令和9年度,2020\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("3行目", StringComparison.Ordinal) && e.Contains("XX99", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("4行目", StringComparison.Ordinal) && e.Contains("経常臨時", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("5行目", StringComparison.Ordinal) && e.Contains("2行目と重複", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("5行目", StringComparison.Ordinal) && e.Contains("99-99-99", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("5行目", StringComparison.Ordinal) && e.Contains("終了年度", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.StartsWith("2行目", StringComparison.Ordinal));
        Assert.Equal(before, await CountAsync(h));
        Assert.False(await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.AnyAsync(p => p.Code == "T-001")));
    }

    [Fact]
    public async Task A_sub_unit_is_not_a_budget_shozoku()
    {
        await using var h = await BudgetHarness.StartAsync();
        var result = await ImportAsync(h, Header + "T-010,課の事業,W01-01,01,03-01-01,経常,単独,裁量,,\n");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("2行目", error, StringComparison.Ordinal);
        Assert.Contains("局・室・区役所ではありません", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correct_file_inserts_and_updates_and_round_trips_through_export()
    {
        await using var h = await BudgetHarness.StartAsync();
        var before = await CountAsync(h);
        var existing = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.OrderBy(p => p.Id).Select(p => p.Code).FirstAsync());
        var result = await ImportAsync(h, Header +
            "T-100,新しい事業,W01,01,03-01-01,臨時,補助,重点,令和9年度,\n" +
            $"{existing},名称を変えた事業,B01,01,02-01-01,経常,単独,非裁量,2020,\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal((1, 1), (result.Inserted, result.Updated));
        Assert.Equal(before + 1, await CountAsync(h));
        var added = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Projects.FirstAsync(p => p.Code == "T-100"));
        Assert.Equal((Recurrence.Temporary, SubsidyKind.Subsidized, Discretion.Priority, 2027), (added.Recurrence, added.Subsidy, added.Discretion, added.FromYear));

        var exported = await h.WithAsync(async sp =>
        {
            using var buffer = new MemoryStream();
            await sp.GetRequiredService<ProjectService>().ExportCsvAsync(buffer, OsakaDx.Platform.Files.CsvOutputEncoding.Utf8WithBom);
            return Encoding.UTF8.GetString(buffer.ToArray());
        });
        Assert.Contains("T-100,新しい事業,W01,01,03-01-01,臨時,補助,重点,2027,", exported, StringComparison.Ordinal);
        var again = await ImportAsync(h, exported);
        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        Assert.Equal(0, again.Inserted);
    }
}
