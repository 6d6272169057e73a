using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Template;
using OsakaDx.Platform.Files;

namespace OsakaDx.Budget.Tests;

/// <summary>The template's 継続費・債務負担行為・繰越明許費・地方債 sheets and the template pre-filled from last year for a 事業 without a request.</summary>
public sealed class TemplateEntryTests
{
    private const int Year = BudgetHarness.Year;

    private static async Task<(BudgetHarness H, int Id, BudgetUser User, string Code)> DraftWithEntriesAsync()
    {
        var h = await BudgetHarness.StartAsync();
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var code = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Project).FirstAsync(x => x.Id == id);
            (r.NationalFunds, r.PrefecturalFunds, r.OtherSpecificFunds, r.Bonds) = (0, 0, 0, Math.Min(r.Cost, 10_000_000));
            db.Entries.RemoveRange(db.Entries.Where(e => e.RequestId == id));
            await db.SaveChangesAsync();
            var entries = sp.GetRequiredService<RequestEntryService>();
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Continuing, "新庁舎建設", 300_000_000, Year, Year + 1, "2027:100,000,000\n2028:200,000,000", "市債", null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.DebtBurden, "システム保守委託", 90_000_000, Year, Year + 2, null, "一般財源", null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.CarryOver, "工期延長", 5_000_000, null, null, null, null, null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Bond, "庁舎整備事業", 1_000_000, null, null, null, null, "証書借入", null, null))).Succeeded);
            return r.Project!.Code;
        });
        return (h, id, user, code);
    }

    private static Task<List<string>> EntriesAsync(BudgetHarness h, int id) =>
        h.WithAsync(async sp => (await sp.GetRequiredService<BudgetDb>().Entries.AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.Kind).ThenBy(e => e.SortOrder).ToListAsync())
            .Select(e => $"{e.Kind},{e.Title},{e.Amount},{e.FromYear},{e.ToYear},{e.YearlyAmounts},{e.Funding},{e.Method},{e.InterestRate?.Length}").ToList());

    private static Task<TemplateImportResult> ImportAsync(BudgetHarness h, BudgetUser user, byte[] xlsx) =>
        h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(xlsx)));

    [Fact]
    public async Task The_entry_sheets_round_trip_and_an_entry_changed_since_the_export_is_refused()
    {
        var (h, id, user, _) = await DraftWithEntriesAsync();
        await using var _ = h;
        var before = await EntriesAsync(h, id);
        var xlsx = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportAsync(id)))!;
        var continuing = XlsxSheets.Read(xlsx, "継続費");
        Assert.Equal(["事項", "総額", "開始年度", "終了年度", "年割額", "財源"], continuing[0].OrderBy(c => c.Key).Select(c => c.Value));
        Assert.Equal(("新庁舎建設", "300000000", "2027:100000000;2028:200000000"), (continuing[1]["A"], continuing[1]["B"], continuing[1]["E"]));
        Assert.Equal("システム保守委託", XlsxSheets.Read(xlsx, "債務負担行為")[1]["A"]);

        var result = await ImportAsync(h, user, xlsx);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(before, await EntriesAsync(h, id));

        // A fresh export, then someone edits an entry (the request's 版 does not move): the import is refused at 継続費等の版.
        var fresh = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportAsync(id)))!;
        var entry = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Entries.AsNoTracking().FirstAsync(e => e.RequestId == id && e.Kind == EntryKind.CarryOver));
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().SaveAsync(user, id,
            new EntryInput(entry.Id, entry.Version, EntryKind.CarryOver, "工期延長（変更）", 6_000_000, null, null, null, null, null, null, null)))).Succeeded);
        var stale = await ImportAsync(h, user, fresh);
        Assert.True(stale.Conflict);
        Assert.StartsWith("調書シート B5: 継続費・債務負担行為などがテンプレートを書き出した後に更新されています", Assert.Single(stale.Errors), StringComparison.Ordinal);
        Assert.Contains(await EntriesAsync(h, id), e => e.StartsWith("CarryOver,工期延長（変更）,6000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entry_errors_name_the_sheet_and_cell_and_nothing_is_saved()
    {
        var (h, id, user, code) = await DraftWithEntriesAsync();
        await using var _ = h;
        var before = await EntriesAsync(h, id);
        var lines = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.CountAsync(l => l.RequestId == id));
        var writer = new XlsxWriter();
        var header = writer.AddSheet(RequestTemplateService.HeaderSheet);
        header.AddHeader("項目", "値");
        header.AddRow("事業コード", code);
        header.AddRow("年度", Year);
        header.AddRow("版", "");
        header.AddRow("根拠法規", "法");
        header.AddRow("事業の目的・内容", "目的");
        header.AddRow("国庫支出金", 0);
        header.AddRow("府支出金", 0);
        header.AddRow("市債", 500_000);
        header.AddRow("その他特定財源", 0);
        var l = writer.AddSheet(RequestTemplateService.LinesSheet);
        l.AddHeader(RequestTemplateService.LineHeaders);
        l.AddRow(10, null, "用紙", 1_000_000, 1, 1, null, null);
        var c = writer.AddSheet("継続費");
        c.AddHeader("事項", "総額", "開始年度", "終了年度", "年割額", "財源");
        c.AddRow("庁舎", 300_000_000, 2027, 2028, "2027:100,000,000;2028:150,000,000", null);
        c.AddRow("橋", 100, "来年", 2028, "2027:100", null);
        var d = writer.AddSheet("債務負担行為");
        d.AddHeader("事項", "限度額", "開始年度", "終了年度", "財源");
        d.AddRow("", 1000, 2027, 2027, null);
        var b = writer.AddSheet("地方債");
        b.AddHeader("起債の目的", "限度額", "起債の方法", "利率", "償還の方法");
        b.AddRow("整備", 600_000, null, null, null);

        var result = await ImportAsync(h, user, writer.ToArray());
        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            "継続費シート E2: 継続費: 年割額の合計（250,000,000円）が総額（300,000,000円）と一致しません。",
            "継続費シート C3: 年度は西暦（例：2027）で入力してください（「来年」）。",
            "債務負担行為シート A2: 債務負担行為: 「事項」を200文字以内で入力してください。",
            "地方債シート: 限度額の合計（600,000円）が調書シートの市債（500,000円）を超えます。",
        ], result.Errors);
        Assert.Equal(before, await EntriesAsync(h, id));
        Assert.Equal(lines, await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.CountAsync(x => x.RequestId == id)));
    }

    [Fact]
    public async Task A_template_for_a_project_without_a_request_starts_from_last_year_and_creates_the_request_when_imported()
    {
        var (h, id, user, code) = await DraftWithEntriesAsync();
        await using var _ = h;
        var lastYearLines = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.CountAsync(l => l.RequestId == id));
        var xlsx = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportForProjectAsync(code, Year + 1)))!;
        var header = XlsxSheets.Read(xlsx, RequestTemplateService.HeaderSheet);
        Assert.Equal((Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), header.Single(r => r.GetValueOrDefault("A") == "年度")["B"]);
        Assert.False(header.Single(r => r.GetValueOrDefault("A") == "版").TryGetValue("B", out var version) && version.Length > 0);
        Assert.Equal(lastYearLines, XlsxSheets.Read(xlsx, RequestTemplateService.LinesSheet).Count - 1);
        Assert.Single(XlsxSheets.Read(xlsx, "繰越明許費")); // the heading only: 繰越明許費 belong to their year
        Assert.Equal(2, XlsxSheets.Read(xlsx, "継続費").Count);
        Assert.Null(await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportForProjectAsync("ZZ-999", Year + 1)));

        // Someone outside the 所属 cannot create it; nothing is left behind.
        var outsider = BudgetHarness.User(user.OrgUnitId + 100_000, BudgetPermissions.Request);
        var refused = await ImportAsync(h, outsider, xlsx);
        Assert.False(refused.Succeeded);
        Assert.False(await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AnyAsync(r => r.Project!.Code == code && r.Year == Year + 1)));

        var result = await ImportAsync(h, user, xlsx);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var created = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.Id == result.RequestId));
        Assert.Equal((Year + 1, RequestStatus.Draft, lastYearLines), (created.Year, created.Status, created.Lines.Count));
        var entries = await EntriesAsync(h, created.Id);
        Assert.Equal(3, entries.Count);
        Assert.DoesNotContain(entries, e => e.StartsWith("CarryOver", StringComparison.Ordinal));
    }

    [SofficeFact]
    public async Task A_last_year_template_saved_again_by_LibreOffice_creates_the_same_request()
    {
        var (h, id, user, code) = await DraftWithEntriesAsync();
        await using var _ = h;
        var xlsx = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportForProjectAsync(code, Year + 1)))!;
        var folder = Directory.CreateTempSubdirectory("osakadx-budget-template-").FullName;
        try
        {
            var source = Path.Combine(folder, "in", "template.xlsx");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            await File.WriteAllBytesAsync(source, xlsx);
            var start = new ProcessStartInfo(BookTests.Soffice()!)
            {
                ArgumentList = { "-env:UserInstallation=file://" + Path.Combine(folder, "profile"), "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", Path.Combine(folder, "out"), source },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(process.ExitCode == 0, output);
            var converted = await File.ReadAllBytesAsync(Path.Combine(folder, "out", "template.xlsx"));

            var result = await ImportAsync(h, user, converted);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors));
            var lastYear = (await EntriesAsync(h, id)).Where(e => !e.StartsWith("CarryOver", StringComparison.Ordinal)).ToList();
            Assert.Equal(lastYear, await EntriesAsync(h, result.RequestId));
            var cost = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id || r.Id == result.RequestId).Select(r => r.Cost).ToListAsync());
            Assert.Equal(cost[0], cost[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
