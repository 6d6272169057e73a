using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Template;
using OsakaDx.Platform.Files;

namespace OsakaDx.Budget.Tests;

/// <summary>The Excel request template: export → import gives the same numbers, errors by cell, stale templates refused, LibreOffice's re-saved file imports too.</summary>
public sealed class TemplateTests
{
    private static async Task<(BudgetHarness H, int Id, BudgetUser User)> DraftWithDetailAsync()
    {
        var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var (setsu10, consumables) = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var s = await db.Setsus.Where(x => x.Number == 10 && x.ToYear == null).Select(x => x.Id).FirstAsync();
            return (s, await db.SubSetsus.Where(x => x.SetsuId == s && x.Name == "消耗品費").Select(x => x.Id).FirstAsync());
        });
        var saved = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, "目的・内容", "○○法", new Funding(0, 0, 100_000, 20_000),
        [
            new LineInput(null, 0, setsu10, "コピー用紙", 1_250, 40, 12, SubSetsuId: consumables, SubsidySource: SubsidySource.National, SubsidyNumerator: 1, SubsidyDenominator: 2),
            new LineInput(null, 0, setsu10, "トナー", 30_000, 3, 1),
        ])));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        return (h, id, user);
    }

    private static object Snapshot(RequestView v) => new
    {
        v.Request.Purpose, v.Request.LegalBasis, v.Request.NationalFunds, v.Request.PrefecturalFunds, v.Request.Bonds, v.Request.OtherSpecificFunds, v.Cost,
        Lines = string.Join("|", v.Request.Lines.Select(l => $"{l.SetsuId},{l.SubSetsuId},{l.Item},{l.UnitPrice},{l.Quantity},{l.Times},{l.Amount},{l.SubsidySource},{l.SubsidyNumerator}/{l.SubsidyDenominator},{l.SubsidyAmount}")),
    };

    [Fact]
    public async Task Export_then_import_gives_the_same_numbers_and_a_stale_template_is_refused()
    {
        var (h, id, user) = await DraftWithDetailAsync();
        await using var _ = h;
        var before = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
        var xlsx = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportAsync(id)))!;
        Assert.Equal([RequestTemplateService.HeaderSheet, RequestTemplateService.LinesSheet, "継続費", "債務負担行為", "繰越明許費", "地方債"], XlsxSheets.Names(xlsx));

        var result = await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(xlsx)));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var after = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
        Assert.Equal(Snapshot(before), Snapshot(after));
        Assert.Equal(before.Request.Version + 1, after.Request.Version);

        // The same file again: the request has changed since it was exported.
        var stale = await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(xlsx)));
        Assert.True(stale.Conflict);
        Assert.StartsWith("調書シート B4: この調書はテンプレートを書き出した後", Assert.Single(stale.Errors), StringComparison.Ordinal);
        Assert.Equal(after.Request.Version, (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!.Request.Version);
    }

    [Fact]
    public async Task Errors_are_listed_by_sheet_and_cell_and_nothing_is_saved()
    {
        var (h, id, user) = await DraftWithDetailAsync();
        await using var _ = h;
        var before = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
        var writer = new XlsxWriter();
        var header = writer.AddSheet(RequestTemplateService.HeaderSheet);
        header.AddHeader("項目", "値");
        header.AddRow("事業コード", before.Project.Code);
        header.AddRow("年度", BudgetHarness.Year);
        header.AddRow("版", "");
        header.AddRow("根拠法規", "法");
        header.AddRow("事業の目的・内容", "目的");
        header.AddRow("国庫支出金", 0);
        header.AddRow("府支出金", 0);
        header.AddRow("市債", 0);
        header.AddRow("その他特定財源", 0);
        var lines = writer.AddSheet(RequestTemplateService.LinesSheet);
        lines.AddHeader(RequestTemplateService.LineHeaders);
        lines.AddRow(10, "消耗品費", "用紙", 1000, 10, 12, null, null);
        lines.AddRow(10, null, "用紙", "千円", 10, 12, null, null);
        lines.AddRow(99, null, "何か", 1000, 1, 1, null, null);
        lines.AddRow(11, "消耗品費", "通信", 1000, 1, 1, "市", "半分");

        var result = await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(writer.ToArray())));
        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            "積算シート D3: 単価が数値ではありません（「千円」）。",
            "積算シート A4: 節番号は2027年度の節の番号（1～27）で入力してください（「99」）。",
            "積算シート B5: 細節「消耗品費」はこの節にありません。",
            "積算シート G5: 補助の出し手は「国」か「府」です（「市」）。",
            "積算シート H5: 補助率は「1/2」のように分数で入力してください（「半分」）。",
        ], result.Errors);
        var after = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
        Assert.Equal(Snapshot(before), Snapshot(after));

        // A rule of the 調書 itself (一般財源 ≥ 0) is reported too, naming the 財源内訳.
        var tooMuch = new XlsxWriter();
        var h2 = tooMuch.AddSheet(RequestTemplateService.HeaderSheet);
        h2.AddHeader("項目", "値");
        h2.AddRow("事業コード", before.Project.Code);
        h2.AddRow("年度", BudgetHarness.Year);
        h2.AddRow("市債", 999_999_999);
        var l2 = tooMuch.AddSheet(RequestTemplateService.LinesSheet);
        l2.AddHeader(RequestTemplateService.LineHeaders);
        l2.AddRow(10, null, "用紙", 1000, 1, 1, null, null);
        var refused = await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(tooMuch.ToArray())));
        Assert.Contains(refused.Errors, e => e.Contains("調書シート: A列に「版」の行がありません", StringComparison.Ordinal));
    }

    [SofficeFact]
    public async Task A_template_saved_again_by_LibreOffice_imports_with_the_same_numbers()
    {
        var (h, id, user) = await DraftWithDetailAsync();
        await using var _ = h;
        var before = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
        var xlsx = (await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ExportAsync(id)))!;
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
            Assert.NotEqual(xlsx, converted);

            var result = await h.WithAsync(sp => sp.GetRequiredService<RequestTemplateService>().ImportAsync(user, new MemoryStream(converted)));
            Assert.True(result.Succeeded, string.Join(" ", result.Errors));
            var after = (await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id)))!;
            Assert.Equal(Snapshot(before), Snapshot(after));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
