using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Budget.Tests;

public sealed class RequestTests
{
    private static Task<int> SetsuAsync(BudgetHarness h, int number) =>
        h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Setsus.Where(s => s.Number == number && s.ToYear == null).Select(s => s.Id).FirstAsync());

    [Fact]
    public async Task Saving_a_draft_computes_amounts_and_general_funds_as_cost_minus_specific()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu10 = await SetsuAsync(h, 10);
        var setsu12 = await SetsuAsync(h, 12);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);

        var result = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, "目的", "法", new Funding(300_000, 100_000, 0, 50_000),
        [
            new LineInput(null, 0, setsu10, "消耗品費", 1_250, 40, 12),   // 600,000
            new LineInput(null, 0, setsu12, "業務委託料", 2_400_000, 1, 1), // 2,400,000
        ])));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)) + result.Forbidden);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        Assert.Equal(2, view!.Request.Lines.Count);
        Assert.Equal(600_000, view.Request.Lines[0].Amount);
        Assert.Equal(3_000_000, view.Cost);
        var funding = new Funding(view.Request.NationalFunds, view.Request.PrefecturalFunds, view.Request.Bonds, view.Request.OtherSpecificFunds);
        Assert.Equal(450_000, funding.Specific);
        Assert.Equal(2_550_000, funding.GeneralFunds(view.Cost));
        Assert.Equal(version + 1, view.Request.Version);
    }

    [Fact]
    public async Task Negative_general_funds_are_refused_in_Japanese_and_nothing_is_written()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var before = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var setsu10 = await SetsuAsync(h, 10);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);

        var result = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, new Funding(900_000, 200_000, 0, 0),
            [new LineInput(null, 0, setsu10, "消耗品費", 1_000, 1_000, 1)])));

        var error = Assert.Single(result.Errors);
        Assert.Contains("一般財源", error.Message, StringComparison.Ordinal);
        Assert.Contains("マイナス", error.Message, StringComparison.Ordinal);
        Assert.Contains("-100,000円", error.Message, StringComparison.Ordinal);
        var after = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        Assert.Equal(before!.Cost, after!.Cost);
        Assert.Equal(before.Request.Version, after.Request.Version);
        Assert.Equal(before.Request.NationalFunds, after.Request.NationalFunds);
    }

    [Fact]
    public async Task A_form_drawn_before_someone_elses_save_is_refused_as_a_conflict()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu10 = await SetsuAsync(h, 10);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var first = view!.Request.Lines[0];
        LineInput Edit(long price) => new(first.Id, first.Version, first.SetsuId, first.Item, price, 1, 1);

        var alice = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, default, [Edit(111_000)])));
        var bob = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, default, [Edit(222_000)])));

        Assert.True(alice.Succeeded);
        Assert.True(bob.Conflict);
        var after = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        Assert.Equal(111_000, after!.Request.Lines.Single().Amount);
        _ = setsu10;
    }

    [Fact]
    public async Task A_stale_line_version_is_refused_even_when_the_request_version_is_current()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        var line = view!.Request.Lines[0];

        // The line was changed behind the form's back (e.g. through the API) without touching the request.
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var l = await db.Lines.FirstAsync(x => x.Id == line.Id);
            l.Item = "別の職員が変更";
            return await db.SaveChangesAsync();
        });
        var result = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, default,
            [new LineInput(line.Id, line.Version, line.SetsuId, "上書き", 1, 1, 1)])));

        Assert.True(result.Conflict);
        var after = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Lines.AsNoTracking().FirstAsync(x => x.Id == line.Id));
        Assert.Equal("別の職員が変更", after.Item);
    }

    [Fact]
    public async Task Line_products_beyond_one_trillion_yen_are_refused_naming_the_line()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu10 = await SetsuAsync(h, 10);
        var result = await h.RunAsync(s => s.SaveDraftAsync(BudgetHarness.User(org, BudgetPermissions.Request), id,
            new DraftInput(version, null, null, default, [new LineInput(null, 0, setsu10, "過大", long.MaxValue / 2, 3, 1)])));

        var error = Assert.Single(result.Errors);
        Assert.Equal("line-0-price", error.FieldId);
        Assert.StartsWith("1行目", error.Message, StringComparison.Ordinal);
        Assert.Null(BudgetMath.LineAmount(long.MaxValue, 2, 1));
        Assert.Equal(7_200_000, BudgetMath.LineAmount(300_000, 2, 12));
    }

    [Fact]
    public async Task A_new_years_request_starts_from_last_years_figures_and_only_for_the_own_shozoku()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (code, org, lines, national) = await h.WithAsync(async sp =>
        {
            var r = await sp.GetRequiredService<BudgetDb>().Requests.Include(x => x.Project).Include(x => x.Lines)
                .Where(x => x.Year == BudgetHarness.Year).OrderBy(x => x.Id).FirstAsync();
            return (r.Project!.Code, r.Project.OrgUnitId, r.Lines.OrderBy(l => l.SortOrder).Select(l => (l.Item, l.Amount)).ToList(), r.NationalFunds);
        });
        var other = await h.OrgIdAsync("W24");

        var refused = await h.RunAsync(s => s.EnsureRequestAsync(BudgetHarness.User(other, BudgetPermissions.Request), code, BudgetHarness.Year + 1, _ => { }));
        Assert.NotNull(refused.Forbidden);
        var unknown = await h.RunAsync(s => s.EnsureRequestAsync(BudgetHarness.User(org, BudgetPermissions.Request), "NOPE", BudgetHarness.Year + 1, _ => { }));
        Assert.Equal("new-code", Assert.Single(unknown.Errors).FieldId);

        var id = 0;
        var created = await h.RunAsync(s => s.EnsureRequestAsync(BudgetHarness.User(org, BudgetPermissions.Request), code, BudgetHarness.Year + 1, x => id = x));
        Assert.True(created.Succeeded);
        var view = await h.WithAsync(sp => sp.GetRequiredService<RequestService>().LoadAsync(id));
        Assert.Equal(RequestStatus.Draft, view!.Request.Status);
        Assert.Equal(lines, view.Request.Lines.Select(l => (l.Item, l.Amount)).ToList());
        Assert.Equal(national, view.Request.NationalFunds);
        Assert.All(view.Request.Lines, l => Assert.Null(l.AssessedAmount));

        // Asking again opens the same request.
        var again = 0;
        await h.RunAsync(s => s.EnsureRequestAsync(BudgetHarness.User(org, BudgetPermissions.Request), code, BudgetHarness.Year + 1, x => again = x));
        Assert.Equal(id, again);
    }
}
