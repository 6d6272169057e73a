using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;

namespace OsakaDx.Budget.Tests;

/// <summary>査定 of 継続費・債務負担行為・繰越明許費・地方債 entries, and the stage snapshots and book that use it (real SQLite files).</summary>
public sealed class EntryAssessmentTests
{
    private const int Year = BudgetHarness.Year;

    private static BudgetUser Examiner => BudgetHarness.User(null, BudgetPermissions.Review);

    /// <summary>A submitted request of the 所属 with one entry of each kind the test needs (added while it was a draft).</summary>
    private static async Task<(int RequestId, int Org, Dictionary<EntryKind, RequestEntry> Entries)> SubmittedWithEntriesAsync(BudgetHarness h)
    {
        var (id, org, _) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var clerk = BudgetHarness.User(org, BudgetPermissions.Request);
        var bonds = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.FirstAsync(x => x.Id == id);
            // Only 市債 as 特定財源, so that the tests' 査定 keeps 一般財源 ≥ 0.
            (r.NationalFunds, r.PrefecturalFunds, r.OtherSpecificFunds) = (0, 0, 0);
            r.Bonds = Math.Min(r.Cost, 50_000_000);
            await db.SaveChangesAsync();
            return r.Bonds;
        });
        Assert.True(bonds >= 10_000_000, "the first tiny request should cost at least 1千万円");
        await h.WithAsync(async sp =>
        {
            var entries = sp.GetRequiredService<RequestEntryService>();
            Assert.True((await entries.SaveAsync(clerk, id, new EntryInput(null, 0, EntryKind.Continuing, "査定テスト庁舎", 300_000_000, Year, Year + 1, "2027:100,000,000\n2028:200,000,000", "市債", null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(clerk, id, new EntryInput(null, 0, EntryKind.DebtBurden, "査定テスト委託", 90_000_000, Year, Year + 2, null, "一般財源", null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(clerk, id, new EntryInput(null, 0, EntryKind.CarryOver, "査定テスト繰越", 5_000_000, null, null, null, null, null, null, null))).Succeeded);
            Assert.True((await entries.SaveAsync(clerk, id, new EntryInput(null, 0, EntryKind.Bond, "査定テスト起債", bonds, null, null, null, null, null, null, null))).Succeeded);
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.FirstAsync(x => x.Id == id);
            r.Status = RequestStatus.Submitted;
            await db.SaveChangesAsync();
            return 0;
        });
        var list = await h.WithAsync(sp => sp.GetRequiredService<RequestEntryService>().ListAsync(id));
        return (id, org, list.Where(e => e.Title.StartsWith("査定テスト", StringComparison.Ordinal)).ToDictionary(e => e.Kind));
    }

    private static Task<BudgetResult> AssessAsync(BudgetHarness h, BudgetUser user, int requestId, int entryId, EntryAssessmentInput input) =>
        h.WithAsync(sp => sp.GetRequiredService<EntryAssessmentService>().AssessAsync(user, requestId, entryId, input));

    private static Task<RequestEntry> EntryAsync(BudgetHarness h, int entryId) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Entries.AsNoTracking().FirstAsync(e => e.Id == entryId));

    [Fact]
    public async Task The_examiner_assesses_each_entry_with_the_same_checks_versions_and_audit_and_a_return_clears_it()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, entries) = await SubmittedWithEntriesAsync(h);
        var cont = entries[EntryKind.Continuing];

        // 年割額 must add up to the 査定総額; the field is named by entry.
        var mismatch = await AssessAsync(h, Examiner, id, cont.Id, new EntryAssessmentInput(cont.Version, AssessDecision.Adopted, 250_000_000, null, null, null, "縮減"));
        var error = Assert.Single(mismatch.Errors);
        Assert.Equal($"eassess-{cont.Id}-yearly", error.FieldId);
        Assert.Contains("年割額の合計（300,000,000円）が総額（250,000,000円）と一致しません", error.Message, StringComparison.Ordinal);
        var zeroWithAmount = await AssessAsync(h, Examiner, id, cont.Id, new EntryAssessmentInput(cont.Version, AssessDecision.Zero, 1, null, null, null, null));
        Assert.Equal($"eassess-{cont.Id}-amount", Assert.Single(zeroWithAmount.Errors).FieldId);
        Assert.Null((await EntryAsync(h, cont.Id)).Decision);

        var ok = await AssessAsync(h, Examiner, id, cont.Id, new EntryAssessmentInput(cont.Version, AssessDecision.Adopted, 250_000_000, Year, Year + 2, "2027:50,000,000\n2028:100,000,000\n2029:100,000,000", "3か年に平準化"));
        Assert.True(ok.Succeeded, string.Join(" ", ok.Errors.Select(e => e.Message)));
        var saved = await EntryAsync(h, cont.Id);
        Assert.Equal((AssessDecision.Adopted, 250_000_000L, Year + 2, "2027:50000000;2028:100000000;2029:100000000"), (saved.Decision!.Value, saved.AssessedAmount!.Value, saved.AssessedToYear!.Value, saved.AssessedYearlyAmounts!));
        Assert.Equal(300_000_000, saved.Amount); // the 所属's request stays beside it

        // Two examiners on the same version: the second is refused, nothing overwritten.
        var stale = await AssessAsync(h, Examiner, id, cont.Id, new EntryAssessmentInput(cont.Version, AssessDecision.Zero, 0, null, null, null, null));
        Assert.True(stale.Conflict);
        Assert.Equal(AssessDecision.Adopted, (await EntryAsync(h, cont.Id)).Decision);

        // 地方債: the 査定限度額 may not exceed the 市債 (of the 査定 once the request is assessed).
        var bond = entries[EntryKind.Bond];
        var tooMuch = await AssessAsync(h, Examiner, id, bond.Id, new EntryAssessmentInput(bond.Version, AssessDecision.Adopted, bond.Amount + 1_000, null, null, null, null));
        Assert.Contains("市債", Assert.Single(tooMuch.Errors).Message, StringComparison.Ordinal);

        // Who may: not the 所属, not an auditor, not an examiner out of charge; not on a draft.
        Assert.NotNull((await AssessAsync(h, BudgetHarness.User(org, BudgetPermissions.Request, BudgetPermissions.Approve), id, bond.Id, new EntryAssessmentInput(bond.Version, AssessDecision.Adopted, 1_000, null, null, null, null))).Forbidden);
        var outsider = new BudgetUser("someone-else", new HashSet<string>([BudgetPermissions.Read, BudgetPermissions.Review], StringComparer.Ordinal), null);
        Assert.NotNull((await AssessAsync(h, outsider, id, bond.Id, new EntryAssessmentInput(bond.Version, AssessDecision.Adopted, 1_000, null, null, null, null))).Forbidden);

        // The request's own 査定 may not cut the 市債 below the 地方債 entries that count.
        var lines = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.AsNoTracking().Where(l => l.RequestId == id).ToListAsync());
        var version = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Version).FirstAsync());
        var assessLines = lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount, null)).ToList();
        var cut = await h.RunAsync(s => s.AssessAsync(Examiner, id, new AssessInput(version, new Funding(0, 0, bond.Amount - 1_000, 0), null, assessLines)));
        Assert.Equal("afund-bonds", Assert.Single(cut.Errors).FieldId);
        var zeroBond = await AssessAsync(h, Examiner, id, bond.Id, new EntryAssessmentInput(bond.Version, AssessDecision.Zero, 0, null, null, null, "起債しない"));
        Assert.True(zeroBond.Succeeded);
        var cutNow = await h.RunAsync(s => s.AssessAsync(Examiner, id, new AssessInput(version, new Funding(0, 0, 0, 0), null, assessLines)));
        Assert.True(cutNow.Succeeded, string.Join(" ", cutNow.Errors.Select(e => e.Message)));

        // Every save is audited by the platform's interceptor.
        var audited = await h.WithAsync(sp => sp.GetRequiredService<PlatformDb>().Set<AuditEntry>().CountAsync(a => a.EntityType != null && a.EntityType.Contains("RequestEntry") && a.EntityId == cont.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(audited >= 2, $"audit rows for the entry: {audited}");

        // 差戻し (after 内示: an examiner allowed to re-open): the 査定 no longer counts (the comment stays), and the draft is not assessable.
        version = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Requests.Where(r => r.Id == id).Select(r => r.Version).FirstAsync());
        Assert.True((await h.RunAsync(s => s.TransitionAsync(BudgetHarness.User(null, BudgetPermissions.Review, BudgetPermissions.Reopen), id, version, WorkflowAction.Return))).Succeeded);
        var cleared = await EntryAsync(h, cont.Id);
        Assert.Equal((null, null, "3か年に平準化"), (cleared.Decision, cleared.AssessedAmount, cleared.AssessComment));
        Assert.NotNull((await AssessAsync(h, Examiner, id, cont.Id, new EntryAssessmentInput(cleared.Version, AssessDecision.Adopted, 300_000_000, null, null, null, null))).Forbidden);
    }

    [Fact]
    public async Task From_the_chief_assessment_on_the_snapshots_and_the_book_print_the_assessed_figures_and_leave_out_zero_assessed_entries()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, _, entries) = await SubmittedWithEntriesAsync(h);
        var debt = entries[EntryKind.DebtBurden];
        var carry = entries[EntryKind.CarryOver];
        Assert.True((await AssessAsync(h, Examiner, id, debt.Id, new EntryAssessmentInput(debt.Version, AssessDecision.Adopted, 60_000_000, Year, Year + 1, null, "期間を短縮"))).Succeeded);
        Assert.True((await AssessAsync(h, Examiner, id, carry.Id, new EntryAssessmentInput(carry.Version, AssessDecision.Zero, 0, null, null, null, "繰越不要"))).Succeeded);

        // The request goes to 課長査定 (its lines as requested) so the next stage covers it.
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var r = await db.Requests.Include(x => x.Lines).FirstAsync(x => x.Id == id);
            var result = await sp.GetRequiredService<RequestService>().AssessAsync(Examiner, id,
                new AssessInput(r.Version, new Funding(r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds), null, r.Lines.Select(l => new LineAssessment(l.Id, l.Version, l.Amount, null)).ToList()));
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
            return 0;
        });

        // Close the next open stage (the demo closed 要求, 課長査定 and 内示; 復活要求 is next).
        var (xlsx, before) = await h.WithAsync(async sp =>
        {
            var stages = sp.GetRequiredService<StageService>();
            var next = (await stages.ListAsync(Year)).First(s => !s.Closed);
            Assert.Equal(StageKind.Revival, next.Kind);
            Assert.True((await stages.CloseAsync(BudgetHarness.User(null, BudgetPermissions.Review, BudgetPermissions.Admin), next.Id, next.Version)).Succeeded);
            var book = (await sp.GetRequiredService<BudgetBookService>().BuildAsync(next.Id))!;
            var naiji = (await stages.FindAsync(Year, StageKind.Naiji, 0))!;
            return (BudgetBookService.ToXlsx(book), (await sp.GetRequiredService<BudgetBookService>().BuildAsync(naiji.Id))!);
        });

        // 第3表 read back: the 査定 限度額 (千円) and period, not the 所属's 90,000千円 over 3 years.
        var debtRows = XlsxSheets.Read(xlsx, "第3表 債務負担行為").Skip(1).Where(r => r["B"] == "査定テスト委託").ToList();
        var row = Assert.Single(debtRows);
        Assert.Equal(("60000", $"{Year}年度から{Year + 1}年度まで"), (row["D"], row["C"]));

        // 繰越明許費: the ゼロ査定 entry is not printed; 第2表: the unassessed 継続費 keeps the 所属's figures.
        Assert.DoesNotContain(XlsxSheets.Read(xlsx, "繰越明許費"), r => r.GetValueOrDefault("E") == "査定テスト繰越");
        Assert.Contains(XlsxSheets.Read(xlsx, "第2表 継続費"), r => r.GetValueOrDefault("E") == "査定テスト庁舎" && r.GetValueOrDefault("F") == "300000");

        // The 内示 book closed before the 査定 is unchanged (the request was not yet at 課長査定 then).
        Assert.DoesNotContain(before.EntryRows, r => r.Title.StartsWith("査定テスト", StringComparison.Ordinal));
    }
}
