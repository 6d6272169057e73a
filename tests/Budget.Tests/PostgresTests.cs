using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Demo;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Testing;

namespace OsakaDx.Budget.Tests;

public sealed class PostgresTests
{
    [PostgresFact]
    public async Task The_demo_the_workflow_and_the_pivots_work_on_PostgreSQL_in_schema_budget()
    {
        await using var h = await BudgetHarness.StartAsync(postgres: true);
        Assert.True(await h.WithAsync(sp => Task.FromResult(sp.GetRequiredService<BudgetDb>().Database.IsNpgsql())));

        // Regenerate (explicit ids, then the identity sequences are moved past them) and add through EF afterwards.
        var summary = await h.WithAsync(sp => sp.GetRequiredService<DemoGenerator>().GenerateAsync(DemoSize.Tiny, BudgetHarness.Year));
        Assert.Equal(12, summary.Projects);
        var (id, org, version) = await h.RequestForcedToAsync(RequestStatus.Draft);
        var setsu = await h.WithAsync(sp => sp.GetRequiredService<BudgetDb>().Setsus.Where(s => s.Number == 10 && s.ToYear == null).Select(s => s.Id).FirstAsync());
        var user = BudgetHarness.User(org, BudgetPermissions.Request);
        var saved = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, new Funding(1_000, 0, 0, 0), [new LineInput(null, 0, setsu, "新しい行", 5_000, 2, 3)])));
        Assert.True(saved.Succeeded);
        var stale = await h.RunAsync(s => s.SaveDraftAsync(user, id, new DraftInput(version, null, null, default, [])));
        Assert.True(stale.Conflict);

        var lineTotal = await h.WithAsync(sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            return db.Lines.Where(l => db.Requests.Any(r => r.Id == l.RequestId && r.Year == BudgetHarness.Year)).SumAsync(l => l.Amount);
        });
        foreach (var dimension in Enum.GetValues<PivotDimension>())
        {
            var pivot = await h.WithAsync(sp => sp.GetRequiredService<PivotService>().PivotAsync(BudgetHarness.Year, dimension, PivotStage.Request));
            Assert.Equal(lineTotal, pivot.TotalCurrent);
        }
    }

    [PostgresFact]
    public async Task Stages_comparison_the_book_and_execution_work_on_PostgreSQL()
    {
        await using var h = await BudgetHarness.StartAsync(postgres: true);
        var stages = await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Stages.StageService>().ListAsync(BudgetHarness.Year));
        Assert.Equal(3, stages.Count(s => s.Closed));
        var examiner = BudgetHarness.User(null, BudgetPermissions.Review);
        var revival = stages.Single(s => s.Kind == StageKind.Revival);
        Assert.True((await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Stages.StageService>().CloseAsync(examiner, revival.Id, revival.Version))).Succeeded);
        var reloaded = await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Stages.StageService>().ListAsync(BudgetHarness.Year));
        var naiji = reloaded.Single(s => s.Kind == StageKind.Naiji);
        var closed = reloaded.Single(s => s.Kind == StageKind.Revival);
        foreach (var d in Enum.GetValues<Modules.Budget.Stages.CompareDimension>())
        {
            var c = await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Stages.CompareService>().CompareAsync(naiji, closed, d));
            Assert.Equal(c.TotalA, c.TotalB); // nothing changed between the two stages
            Assert.True(c.TotalA > 0);
        }

        var book = await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Documents.BudgetBookService>().BuildAsync(naiji.Id));
        Assert.Contains(book!.Expenditure, r => r.Level == "目");
        var status = await h.WithAsync(sp => sp.GetRequiredService<Modules.Budget.Execution.ExecutionService>().StatusAsync(BudgetHarness.Year - 1, null));
        Assert.Equal(new DateOnly(BudgetHarness.Year - 1, 10, 31), status.AsOf);
        Assert.NotEmpty(status.Rows);
    }
}
