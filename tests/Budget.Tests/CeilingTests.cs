using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Ceilings;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Budget.Tests;

public sealed class CeilingTests
{
    private const int Year = BudgetHarness.Year;

    private static BudgetUser Finance(string name = "zaisei") =>
        new(name, new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Review], StringComparer.Ordinal), null);

    private static Task<CeilingPlanView> ViewAsync(BudgetHarness h, int? plan = null) =>
        h.WithAsync(async sp => (await sp.GetRequiredService<CeilingService>().LoadAsync(Year, plan))!);

    private static Task<T> With<T>(BudgetHarness h, Func<CeilingService, Task<T>> work) => h.WithAsync(sp => work(sp.GetRequiredService<CeilingService>()));

    private static async Task<List<int>> WardsAsync(BudgetHarness h, int count) =>
        await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.ParentId == null && o.Kind == OrgKind.WardOffice).OrderBy(o => o.SortOrder).Select(o => o.Id).Take(count).ToListAsync());

    [Fact]
    public async Task Only_the_finance_bureau_sets_ceilings_and_a_stale_save_is_refused()
    {
        await using var h = await BudgetHarness.StartAsync();
        var row = (await ViewAsync(h)).Rows.First(r => r.Limit is not null);
        var staff = BudgetHarness.User(row.OrgUnitId, BudgetPermissions.Request);
        Assert.NotNull((await With(h, s => s.SetAsync(staff, Year, null, [new CeilingChange(row.OrgUnitId, 1, row.Version)]))).Forbidden);

        // Two examiners drew the same version: the first save wins, the second is refused, nothing is lost silently.
        Assert.True((await With(h, s => s.SetAsync(Finance("a"), Year, null, [new CeilingChange(row.OrgUnitId, 123_000_000, row.Version)]))).Succeeded);
        Assert.True((await With(h, s => s.SetAsync(Finance("b"), Year, null, [new CeilingChange(row.OrgUnitId, 456_000_000, row.Version)]))).Conflict);
        Assert.Equal(123_000_000, (await ViewAsync(h)).Rows.First(r => r.OrgUnitId == row.OrgUnitId).Limit);

        // The request page's ceiling reads the adopted ceilings.
        var ceiling = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().CeilingAsync(row.OrgUnitId, Year));
        Assert.Equal(123_000_000, ceiling.Limit);

        var negative = await With(h, s => s.SetAsync(Finance(), Year, null, [new CeilingChange(row.OrgUnitId, -1, row.Version + 1)]));
        Assert.Contains(negative.Errors, e => e.Message.Contains("0円以上", StringComparison.Ordinal));

        // Audited: the ceiling's update is in the audit log with before and after.
        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().AuditEntries.AnyAsync(a => a.EntityType == nameof(Ceiling) && a.After!.Contains("123000000")));
        Assert.True(audited);
    }

    [Fact]
    public async Task A_transfer_between_wards_keeps_the_ward_total_and_needs_a_reason_and_current_versions()
    {
        await using var h = await BudgetHarness.StartAsync();
        var wards = await WardsAsync(h, 3);
        Assert.True(wards.Count >= 2, "the tiny demo has at least two 区");
        // Give every ward a ceiling to start from.
        var before = await ViewAsync(h);
        await With(h, s => s.SetAsync(Finance(), Year, null, [.. wards.Select(w => new CeilingChange(w, 100_000_000, before.Rows.First(r => r.OrgUnitId == w).Version))]));
        var view = await ViewAsync(h);
        var total = view.WardTotal;
        var (from, to) = (view.Rows.First(r => r.OrgUnitId == wards[0]), view.Rows.First(r => r.OrgUnitId == wards[1]));

        var noReason = await With(h, s => s.TransferAsync(Finance(), Year, null, from.OrgUnitId, to.OrgUnitId, 10_000_000, " ", from.Version, to.Version));
        Assert.Contains(noReason.Errors, e => e.FieldId == "transfer-reason");
        var tooMuch = await With(h, s => s.TransferAsync(Finance(), Year, null, from.OrgUnitId, to.OrgUnitId, 100_000_001, "r", from.Version, to.Version));
        Assert.Contains(tooMuch.Errors, e => e.FieldId == "transfer-amount");
        var bureau = view.Rows.First(r => !r.IsWard);
        var notWard = await With(h, s => s.TransferAsync(Finance(), Year, null, from.OrgUnitId, bureau.OrgUnitId, 1, "r", from.Version, bureau.Version));
        Assert.Contains(notWard.Errors, e => e.FieldId == "transfer-to");

        Assert.True((await With(h, s => s.TransferAsync(Finance(), Year, null, from.OrgUnitId, to.OrgUnitId, 30_000_000, "子育て支援の拡充", from.Version, to.Version))).Succeeded);
        var after = await ViewAsync(h);
        Assert.Equal(total, after.WardTotal);
        Assert.Equal(70_000_000, after.Rows.First(r => r.OrgUnitId == from.OrgUnitId).Limit);
        Assert.Equal(130_000_000, after.Rows.First(r => r.OrgUnitId == to.OrgUnitId).Limit);

        // The same form posted again carries the old versions: refused, nothing moves twice.
        Assert.True((await With(h, s => s.TransferAsync(Finance(), Year, null, from.OrgUnitId, to.OrgUnitId, 30_000_000, "二重送信", from.Version, to.Version))).Conflict);
        Assert.Equal(total, (await ViewAsync(h)).WardTotal);
        var transfers = await With(h, s => s.TransfersAsync(Year, null));
        Assert.Equal("子育て支援の拡充", Assert.Single(transfers).Transfer.Reason);
    }

    [Fact]
    public async Task A_what_if_plan_is_edited_compared_and_adopted_without_touching_the_adopted_plan_before()
    {
        await using var h = await BudgetHarness.StartAsync();
        var adopted = await ViewAsync(h);
        var (result, planId) = await With(h, s => s.CopyAsync(Finance(), Year, "試算A"));
        Assert.True(result.Succeeded);
        Assert.Contains((await With(h, s => s.CopyAsync(Finance(), Year, "試算A"))).Result.Errors, e => e.FieldId == "plan-name");
        var plan = await ViewAsync(h, planId);
        Assert.Equal(adopted.Total, plan.Total);

        var target = plan.Rows.First(r => r.Limit is not null);
        Assert.True((await With(h, s => s.SetAsync(Finance(), Year, planId, [new CeilingChange(target.OrgUnitId, target.Limit!.Value + 5_000_000, target.Version)]))).Succeeded);
        Assert.Equal(adopted.Total, (await ViewAsync(h)).Total);
        var compare = await With(h, s => s.CompareAsync(Year, planId));
        Assert.Equal(5_000_000, compare.Single(c => c.Difference != 0).Difference);
        Assert.Equal(target.OrgUnitId, compare.Single(c => c.Difference != 0).OrgUnitId);

        var version = (await ViewAsync(h, planId)).Plan!.Version;
        Assert.True((await With(h, s => s.AdoptAsync(Finance(), planId, version - 1))).Conflict);
        Assert.True((await With(h, s => s.AdoptAsync(Finance(), planId, version))).Succeeded);
        Assert.Equal(adopted.Total + 5_000_000, (await ViewAsync(h)).Total);
        Assert.Equal(target.Limit + 5_000_000, (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().CeilingAsync(target.OrgUnitId, Year))).Limit);
        // Once adopted the plan is a record: no more edits.
        Assert.NotNull((await With(h, s => s.SetAsync(Finance(), Year, planId, [new CeilingChange(target.OrgUnitId, 1, 1)]))).Forbidden);
    }

    [Fact]
    public async Task Csv_and_excel_imports_are_all_or_nothing_with_line_and_column_in_errors()
    {
        await using var h = await BudgetHarness.StartAsync();
        var view = await ViewAsync(h);
        var (a, b) = (view.Rows[0], view.Rows[1]);
        var bad = $"所属コード,一般財源シーリング\n{a.Code},1000000\nZZZ,5\n{b.Code},abc\n{a.Code},7\n";
        var (result, errors, _) = await With(h, s => s.ImportAsync(Finance(), Year, null, new MemoryStream(Encoding.UTF8.GetBytes(bad)), "c.csv"));
        Assert.False(result.Succeeded);
        Assert.Contains("3行目「所属コード」列", errors[0], StringComparison.Ordinal);
        Assert.Contains(errors, e => e.StartsWith("4行目「一般財源シーリング」列", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("5行目「所属コード」列", StringComparison.Ordinal) && e.Contains("2行目にも", StringComparison.Ordinal));
        Assert.Equal(view.Total, (await ViewAsync(h)).Total);

        // The exported workbook imports back unchanged; a changed cell is taken.
        var xlsx = CeilingService.ToXlsx(view);
        var (ok, _, rows) = await With(h, s => s.ImportAsync(Finance(), Year, null, new MemoryStream(xlsx), "c.xlsx"));
        Assert.True(ok.Succeeded);
        Assert.Equal(view.Rows.Count(r => r.Limit is not null), rows);
        Assert.Equal(view.Total, (await ViewAsync(h)).Total);
        var good = $"所属コード,一般財源シーリング\n{a.Code},\"1,234,000\"\n";
        (ok, _, rows) = await With(h, s => s.ImportAsync(Finance(), Year, null, new MemoryStream(Encoding.UTF8.GetBytes(good)), "c.csv"));
        Assert.True(ok.Succeeded);
        Assert.Equal(1, rows);
        Assert.Equal(1_234_000, (await ViewAsync(h)).Rows.First(r => r.OrgUnitId == a.OrgUnitId).Limit);
    }
}
