using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;

namespace OsakaDx.Budget.Tests;

/// <summary>細節, 補助率, entries (継続費・債務負担行為・繰越明許費・地方債) with the book tables, and attachments, on real SQLite files.</summary>
public sealed class RequestDetailTests
{
    private const int Year = BudgetHarness.Year;

    private static Task<int> SetsuAsync(BudgetHarness h, int number) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Setsus.Where(s => s.Number == number && s.ToYear == null).Select(s => s.Id).FirstAsync());

    private static Task<int> SubSetsuAsync(BudgetHarness h, string name) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().SubSetsus.Where(s => s.Name == name).Select(s => s.Id).FirstAsync());

    [Fact]
    public async Task The_standard_sub_setsu_exist_and_the_CSV_round_trips_and_reports_errors_by_line_writing_nothing()
    {
        await using var h = await BudgetHarness.StartAsync();
        var csv = await h.WithAsync(async sp =>
        {
            using var buffer = new MemoryStream();
            await sp.GetRequiredService<SubSetsuService>().ExportCsvAsync(buffer, CsvOutputEncoding.Utf8WithBom);
            return buffer.ToArray();
        });
        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        Assert.StartsWith("節番号,細節コード,細節名,開始年度,終了年度", text, StringComparison.Ordinal);
        Assert.Contains("10,01,消耗品費,2020,", text, StringComparison.Ordinal);

        var same = await h.WithAsync(sp => sp.GetRequiredService<SubSetsuService>().ImportCsvAsync(new MemoryStream(csv)));
        Assert.True(same.Succeeded);
        Assert.Equal((0, 0), (same.Inserted, same.Updated));

        var count = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().SubSetsus.CountAsync());
        var bad = "節番号,細節コード,細節名,開始年度,終了年度\n10,99,新しい細節,2027,\n30,01,存在しない節,2027,\n10,98,,2027,\n";
        var refused = await h.WithAsync(sp => sp.GetRequiredService<SubSetsuService>().ImportCsvAsync(new MemoryStream(Encoding.UTF8.GetBytes(bad))));
        Assert.False(refused.Succeeded);
        Assert.Equal(2, refused.Errors.Count);
        Assert.StartsWith("3行目「節番号」列: 2027年度に第30節はありません", refused.Errors[0], StringComparison.Ordinal);
        Assert.Contains(refused.Errors, e => e.StartsWith("4行目「細節名」列", StringComparison.Ordinal));
        Assert.Equal(count, await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().SubSetsus.CountAsync()));

        var good = "節番号,細節コード,細節名,開始年度,終了年度\n10,99,新しい細節,2027,\n10,01,消耗品費,2020,2030\n";
        var imported = await h.WithAsync(sp => sp.GetRequiredService<SubSetsuService>().ImportCsvAsync(new MemoryStream(Encoding.UTF8.GetBytes(good))));
        Assert.True(imported.Succeeded, string.Join(" ", imported.Errors));
        Assert.Equal((1, 1), (imported.Inserted, imported.Updated));
        var ofYear = await h.WithAsync(sp => sp.GetRequiredService<SubSetsuService>().ForYearAsync(2026));
        Assert.DoesNotContain(ofYear.SelectMany(x => x.Value), s => s.Name == "新しい細節");
    }

    [Fact]
    public async Task Subsidy_rates_on_lines_decide_the_national_and_prefectural_funds_and_sub_setsu_must_belong_to_the_line_setsu()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu10 = await SetsuAsync(h, 10);
        var setsu12 = await SetsuAsync(h, 12);
        var consumables = await SubSetsuAsync(h, "消耗品費");
        var user = BudgetHarness.User(org, BudgetPermissions.Request);

        // 国 1/2 of 600,000 and 国 2/3 of 100,001 (66,667.33 → 66,667); 府 1/4 of 2,400,000. The typed 国庫 (1) is not used.
        var result = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, "目的", "○○法第10条", new Funding(1, 5, 0, 10_000),
        [
            new LineInput(null, 0, setsu10, "消耗品", 1_250, 40, 12, SubSetsuId: consumables, SubsidySource: SubsidySource.National, SubsidyNumerator: 1, SubsidyDenominator: 2),
            new LineInput(null, 0, setsu10, "印刷", 100_001, 1, 1, SubsidySource: SubsidySource.National, SubsidyNumerator: 2, SubsidyDenominator: 3),
            new LineInput(null, 0, setsu12, "業務委託料", 2_400_000, 1, 1, SubsidySource: SubsidySource.Prefectural, SubsidyNumerator: 1, SubsidyDenominator: 4),
        ])));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)) + result.Forbidden);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var r = view!.Request;
        Assert.Equal(300_000 + 66_667, r.NationalFunds);
        Assert.Equal(600_000, r.PrefecturalFunds);
        Assert.Equal(10_000, r.OtherSpecificFunds);
        Assert.Equal([300_000L, 66_667L, 600_000L], r.Lines.Select(l => l.SubsidyAmount));
        Assert.Equal(consumables, r.Lines[0].SubSetsuId);
        Assert.Equal((2, 3), (r.Lines[1].SubsidyNumerator!.Value, r.Lines[1].SubsidyDenominator!.Value));
        Assert.Equal("○○法第10条", r.LegalBasis);

        var wrong = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(r.Version, null, null, default,
        [
            new LineInput(null, 0, setsu12, "委託", 1_000, 1, 1, SubSetsuId: consumables),
            new LineInput(null, 0, setsu10, "消耗品", 1_000, 1, 1, SubsidySource: SubsidySource.National, SubsidyNumerator: 3, SubsidyDenominator: 2),
            new LineInput(null, 0, setsu10, "消耗品", 1_000, 1, 1, SubsidyNumerator: 1, SubsidyDenominator: 2),
        ])));
        Assert.Equal(["line-0-sub", "line-1-rate", "line-2-rate"], wrong.Errors.Select(e => e.FieldId));
        Assert.StartsWith("1行目: 「細節」", wrong.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("国か府か", wrong.Errors[2].Message, StringComparison.Ordinal);
        var after = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        Assert.Equal(r.Version, after!.Request.Version);
        Assert.Equal(3, after.Request.Lines.Count);
    }

    [Fact]
    public async Task A_new_years_request_starts_from_last_years_lines_sub_setsu_rates_and_entries_but_not_its_carry_overs()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu10 = await SetsuAsync(h, 10);
        var fuel = await SubSetsuAsync(h, "燃料費");
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        Assert.True((await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, "目的", "法", new Funding(0, 0, 500_000, 0),
            [new LineInput(null, 0, setsu10, "燃料", 1_000_000, 1, 1, SubSetsuId: fuel, SubsidySource: SubsidySource.National, SubsidyNumerator: 1, SubsidyDenominator: 2)])))).Succeeded);
        await h.WithAsync(async sp =>
        {
            var entries = sp.GetRequiredService<RequestEntryService>();
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.DebtBurden, "庁舎清掃業務委託", 3_000_000, Year + 1, Year + 3, null, "一般財源", null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.CarryOver, "工事の遅れ", 200_000, null, null, null, null, null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Bond, "庁舎改修", 500_000, null, null, null, null, null, null, null))).Succeeded);
            return 0;
        });
        var code = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Project!.Code).FirstAsync());

        int next = 0;
        var created = await h.RunAsync(s => s.EnsureRequestAsync(user, code, Year + 1, n => next = n));
        Assert.True(created.Succeeded, created.Forbidden);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(next));
        var line = Assert.Single(view!.Request.Lines);
        Assert.Equal((fuel, SubsidySource.National, 500_000L), (line.SubSetsuId!.Value, line.SubsidySource!.Value, line.SubsidyAmount));
        Assert.Equal(500_000, view.Request.NationalFunds);
        var source = await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().ListAsync(id));
        var copied = await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().ListAsync(next));
        Assert.Contains(source, e => e.Kind == EntryKind.CarryOver);
        Assert.Equal(source.Where(e => e.Kind != EntryKind.CarryOver).Select(e => (e.Kind, e.Title, e.Amount)), copied.Select(e => (e.Kind, e.Title, e.Amount)));
        Assert.Contains(copied, e => e.Title == "庁舎清掃業務委託" && e.FromYear == Year + 1 && e.ToYear == Year + 3);
        Assert.Contains(copied, e => e.Title == "庁舎改修" && e.Method == RequestEntryService.StandardBondMethod);
    }

    [Fact]
    public async Task Entries_are_checked_refused_on_stale_versions_and_only_editable_in_draft_by_the_org()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var bonds = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Bonds).FirstAsync());

        await h.WithAsync(async sp =>
        {
            var entries = sp.GetRequiredService<RequestEntryService>();
            var mismatch = await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Continuing, "新庁舎建設", 300_000_000, Year, Year + 1, "2027:100,000,000\n2028:150,000,000", null, null, null, null));
            Assert.Equal("entry-yearly", Assert.Single(mismatch.Errors).FieldId);
            Assert.Contains("年割額の合計（250,000,000円）が総額（300,000,000円）と一致しません", mismatch.Errors[0].Message, StringComparison.Ordinal);
            var outside = await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Continuing, "新庁舎建設", 300_000_000, Year, Year + 1, "2027:100,000,000\n2030:200,000,000", null, null, null, null));
            Assert.Contains("2030年度は期間の外", Assert.Single(outside.Errors).Message, StringComparison.Ordinal);
            var tooMuchBond = await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Bond, "庁舎改修", bonds + 1, null, null, null, null, null, null, null));
            Assert.Contains("市債", Assert.Single(tooMuchBond.Errors).Message, StringComparison.Ordinal);
            var noPeriod = await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.DebtBurden, "委託", 1_000, null, null, null, null, null, null, null));
            Assert.Equal("entry-from", Assert.Single(noPeriod.Errors).FieldId);

            var ok = await entries.SaveAsync(user, id, new EntryInput(null, 0, EntryKind.Continuing, "新庁舎建設", 300_000_000, Year, Year + 1, "2027年度 100,000,000円\n2028:200,000,000", "市債", null, null, null));
            Assert.True(ok.Succeeded);
            return 0;
        });
        var entry = Assert.Single(await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().ListAsync(id)), e => e.Title == "新庁舎建設");
        Assert.Equal("2027:100000000;2028:200000000", entry.YearlyAmounts);
        Assert.Equal("2027年度 100,000,000円、2028年度 200,000,000円", RequestEntryService.YearlyText(entry.YearlyAmounts));

        EntryInput Edit(string title) => new(entry.Id, entry.Version, EntryKind.Continuing, title, 300_000_000, Year, Year + 1, entry.YearlyAmounts, null, null, null, null);
        var alice = await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().SaveAsync(user, id, Edit("アリスの事項")));
        var bob = await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().SaveAsync(user, id, Edit("ボブの事項")));
        Assert.True(alice.Succeeded);
        Assert.True(bob.Conflict);
        Assert.Contains(await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().ListAsync(id)), e => e.Id == entry.Id && e.Title == "アリスの事項");

        var other = BudgetHarness.User(org + 100_000, BudgetPermissions.Request);
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().SaveAsync(other, id, Edit("他所属")))).Forbidden);
        var auditor = BudgetHarness.User(null);
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().DeleteAsync(auditor, id, entry.Id, entry.Version + 1))).Forbidden);
    }

    [Fact]
    public async Task Closing_a_stage_records_the_entries_and_the_book_prints_tables_2_3_4_and_carry_overs_that_add_up()
    {
        await using var h = await BudgetHarness.StartAsync();
        // The demo already put entries on requests at 課長査定 or later, recorded by the closed 内示.
        var (xlsx, pdf, book) = await h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Naiji, 0))!;
            var b = (await sp.GetRequiredService<BudgetBookService>().BuildAsync(stage.Id))!;
            return (BudgetBookService.ToXlsx(b), BudgetBookService.ToPdf(b), b);
        });
        Assert.Equal(["第1表 歳入歳出予算", "第2表 継続費", "第3表 債務負担行為", "第4表 地方債", "繰越明許費", "事項別明細書 総括", "事項別明細書 歳入", "事項別明細書 歳出"], XlsxSheets.Names(xlsx));

        var recorded = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Naiji, 0))!;
            return await db.StageEntries.Where(e => e.StageId == stage.Id).ToListAsync();
        });
        Assert.Contains(recorded, e => e.Kind == EntryKind.Continuing);
        Assert.Contains(recorded, e => e.Kind == EntryKind.DebtBurden);
        Assert.Contains(recorded, e => e.Kind == EntryKind.CarryOver);

        // 第2表: every 継続費's 年割額 add up to its printed 総額.
        var continuing = XlsxSheets.Read(xlsx, "第2表 継続費").Skip(1).ToList();
        Assert.NotEmpty(continuing);
        long? total = null;
        long years = 0;
        foreach (var row in continuing.Append(new Dictionary<string, string> { ["F"] = "0" }))
        {
            if (row.TryGetValue("F", out var f) && f.Length > 0)
            {
                if (total is { } t)
                {
                    Assert.Equal(t, years);
                }

                total = long.Parse(f, System.Globalization.CultureInfo.InvariantCulture);
                years = 0;
            }
            else
            {
                years += long.Parse(row["H"], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var debt = XlsxSheets.Read(xlsx, "第3表 債務負担行為").Skip(1).ToList();
        Assert.Equal(recorded.Count(e => e.Kind == EntryKind.DebtBurden), debt.Count);
        var firstDebt = recorded.Where(e => e.Kind == EntryKind.DebtBurden).OrderBy(e => e.Id).First();
        Assert.Contains(debt, r => r["B"] == firstDebt.Title && r["C"] == $"{firstDebt.FromYear}年度から{firstDebt.ToYear}年度まで" && r["D"] == (firstDebt.Amount / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(recorded.Count(e => e.Kind == EntryKind.CarryOver), XlsxSheets.Read(xlsx, "繰越明許費").Count - 1);

        // 第4表: named purposes from the 地方債 entries, and per 会計 still the 地方債 column of the statement.
        var bondRows = XlsxSheets.Read(xlsx, "第4表 地方債").Skip(1).ToList();
        var namedBonds = recorded.Where(e => e.Kind == EntryKind.Bond).Select(e => e.Title).ToList();
        Assert.NotEmpty(namedBonds);
        Assert.Contains(bondRows, r => namedBonds.Contains(r["B"]));
        foreach (var account in book.Expenditure.Where(r => r.Level == "会計"))
        {
            Assert.Equal(account.Bonds ?? 0, bondRows.Where(r => r["A"] == account.Account).Sum(r => long.Parse(r["C"], System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The PDF carries the same tables.
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Concat(doc.GetPages().Select(p => p.Text));
        foreach (var heading in new[] { "第2表継続費", "第3表債務負担行為", "第4表地方債", "繰越明許費" })
        {
            Assert.Contains(heading, text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // The snapshot does not follow later edits: an entry changed after closing leaves the stage's copy as it was.
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var e = await db.Entries.FirstAsync(x => x.Kind == EntryKind.DebtBurden);
            e.Title = "締切後に変えた事項";
            await db.SaveChangesAsync();
            return 0;
        });
        var again = await h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Naiji, 0))!;
            return (await sp.GetRequiredService<BudgetBookService>().BuildAsync(stage.Id))!;
        });
        Assert.DoesNotContain(again.EntryRows, r => r.Title == "締切後に変えた事項");
    }

    private static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    [Fact]
    public async Task Attachments_are_stored_once_by_hash_checked_for_type_and_size_audited_and_deleted_with_their_file()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Submitted);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);

        var added = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(user, id, "見積書.pdf", new MemoryStream(Pdf), Pdf.Length));
        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Message)) + added.Forbidden);
        var twice = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(user, id, "見積書（写し）.pdf", new MemoryStream(Pdf), Pdf.Length));
        Assert.True(twice.Succeeded);
        var list = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().ListAsync(id));
        Assert.Equal(2, list.Count);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Pdf));
        Assert.All(list, a => Assert.Equal(hash, a.Sha256));
        var file = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().OpenAsync(id, list[0].Id));
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(file!.Path));
        Assert.StartsWith(Path.Combine(h.Folder, "budget", "attachments"), file.Path, StringComparison.Ordinal);

        var fake = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(user, id, "偽物.pdf", new MemoryStream(Encoding.UTF8.GetBytes("MZ not a pdf")), 12));
        Assert.Contains("中身が.pdfのファイルではありません", Assert.Single(fake.Errors).Message, StringComparison.Ordinal);
        var exe = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(user, id, "tool.exe", new MemoryStream(Pdf), Pdf.Length));
        Assert.Contains("添付できない種類", Assert.Single(exe.Errors).Message, StringComparison.Ordinal);
        var big = await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(user, id, "大きい.pdf", new MemoryStream(Pdf), AttachmentService.MaxBytes + 1));
        Assert.Contains("20MBまで", Assert.Single(big.Errors).Message, StringComparison.Ordinal);
        var auditor = BudgetHarness.User(null);
        Assert.NotNull((await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().AddAsync(auditor, id, "a.pdf", new MemoryStream(Pdf), Pdf.Length))).Forbidden);
        Assert.Equal(2, (await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().ListAsync(id))).Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(h.Folder, "budget", "attachments"), "*.tmp"));

        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().Set<AuditEntry>().CountAsync(a => a.EntityType != null && a.EntityType.Contains("RequestAttachment")));
        Assert.True(audited >= 2, $"audit rows for attachments: {audited}");

        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().DeleteAsync(user, id, list[0].Id))).Succeeded);
        Assert.True(File.Exists(file.Path));   // the copy still uses the same content
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().DeleteAsync(user, id, list[1].Id))).Succeeded);
        Assert.False(File.Exists(file.Path));
        Assert.Empty(await h.WithAsync(sp => sp.GetRequiredService<AttachmentService>().ListAsync(id)));
    }
}
