// Stores calculations. A run is never changed: recalculating makes a new run with the chosen
// factor set, so a result always says which version of the catalogue produced it.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;

namespace OsakaDx.Modules.Carbon.Calc;

/// <summary>How a total changed between two runs, by activity and method.</summary>
public sealed record RunDiff(string ActivityKey, int Scope, string Method, Emission Before, Emission After, decimal? FactorBefore, decimal? FactorAfter, string FactorKey)
{
    public Emission Change => After - Before;
}

public sealed class CalculationService(CarbonDb db, FactorCatalog catalog, TimeProvider clock)
{
    /// <summary>The inputs of a business's year, read from its sites' sheets.</summary>
    public async Task<(List<ActivityInput> Inputs, Dictionary<int, string?> Menus)> InputsAsync(int businessId, int fiscalYear, CancellationToken cancellationToken = default)
    {
        var (inputs, menus, _) = await SiteInputsAsync(businessId, fiscalYear, cancellationToken);
        return (inputs, menus);
    }

    /// <summary>The yearly entries (gases, Scope 3) of a business's year.</summary>
    public async Task<List<YearInput>> YearInputsAsync(int businessId, int fiscalYear, CancellationToken cancellationToken = default)
    {
        var entries = await db.YearEntries.AsNoTracking().Where(e => e.BusinessId == businessId && e.FiscalYear == fiscalYear).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return entries.Select(e => new YearInput(e.Scope, e.Category, e.FactorKey, e.Quantity,
            Unit.TryParse(e.UnitCode, out var u) ? u : throw new CalculationException($"単位「{e.UnitCode}」を読めません。"))).ToList();
    }

    /// <summary>The monthly inputs with each site's electricity menu and heat supplier.</summary>
    public async Task<(List<ActivityInput> Inputs, Dictionary<int, string?> Menus, Dictionary<int, string?> Heat)> SiteInputsAsync(int businessId, int fiscalYear, CancellationToken cancellationToken = default)
    {
        var sites = await db.Sites.AsNoTracking().Where(s => s.BusinessId == businessId).ToListAsync(cancellationToken);
        var siteIds = sites.Select(s => s.Id).ToList();
        var lines = await (from l in db.Lines.AsNoTracking()
                           join s in db.Sheets on l.ActivitySheetId equals s.Id
                           where siteIds.Contains(s.SiteId) && s.FiscalYear == fiscalYear
                           select new { s.SiteId, l.Month, l.ActivityKey, l.Quantity, l.UnitCode }).ToListAsync(cancellationToken);
        var inputs = lines.Select(l => new ActivityInput(l.SiteId, l.Month, l.ActivityKey, l.Quantity,
            Unit.TryParse(l.UnitCode, out var u) ? u : throw new CalculationException($"単位「{l.UnitCode}」を読めません。"))).ToList();
        return (inputs, sites.ToDictionary(s => s.Id, s => s.ElectricityMenuKey), sites.ToDictionary(s => s.Id, s => s.HeatMenuKey));
    }

    /// <summary>
    /// Calculates and stores a run. Without <paramref name="factorSetId"/> the set is chosen by
    /// <see cref="FactorCatalog.ChooseAsync"/>.
    /// </summary>
    /// <exception cref="CalculationException">No set for the year, or a factor cannot be applied.</exception>
    public async Task<CalculationRun> RunAsync(int businessId, int fiscalYear, int? factorSetId, string user, CancellationToken cancellationToken = default)
    {
        FactorSet set;
        bool provisional;
        if (factorSetId is { } id)
        {
            set = await db.FactorSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
                ?? throw new CalculationException("指定された係数版はありません。");
            provisional = set.TargetFiscalYear != fiscalYear;
        }
        else
        {
            var chosen = await catalog.ChooseAsync(fiscalYear, cancellationToken)
                ?? throw new CalculationException($"{fiscalYear}年度（またはその前年度）向けの係数版がありません。係数カタログに取り込んでください。");
            (set, provisional) = chosen;
        }

        var factors = await catalog.FactorsAsync(set.Id, cancellationToken);
        var (inputs, menus, heat) = await SiteInputsAsync(businessId, fiscalYear, cancellationToken);
        var gwpSet = await db.Businesses.Where(b => b.Id == businessId).Select(b => b.GwpSet).FirstOrDefaultAsync(cancellationToken) ?? "AR4";
        var lines = Calculator.Calculate(inputs, factors, menus, heat)
            .Concat(Calculator.CalculateYear(await YearInputsAsync(businessId, fiscalYear, cancellationToken), factors, gwpSet)).ToList();
        var totals = EmissionTotals.Of(lines);
        var run = new CalculationRun
        {
            BusinessId = businessId,
            FiscalYear = fiscalYear,
            FactorSetId = set.Id,
            FactorSetLabel = set.Label,
            Provisional = provisional,
            CalculatedAtUtc = clock.GetUtcNow().UtcDateTime,
            CalculatedBy = user,
            Scope1Grams = totals.Scope1.Grams,
            Scope2LocationGrams = totals.Scope2Location.Grams,
            Scope2MarketGrams = totals.Scope2Market.Grams,
            Scope3Grams = totals.Scope3.Grams,
            Lines = lines.Select(l => new CalculationLine
            {
                SiteId = l.SiteId,
                Month = l.Month,
                ActivityKey = l.ActivityKey,
                Scope = l.Scope,
                Category = l.Category,
                Method = l.Method,
                Quantity = l.Quantity,
                FactorKey = l.FactorKey,
                FactorValue = l.FactorValue,
                Grams = l.Emission.Grams,
            }).ToList(),
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>Recalculates with the factor set of the latest run (or the chosen one when there is none): used after data changes.</summary>
    public async Task<CalculationRun> RefreshAsync(int businessId, int fiscalYear, string user, CancellationToken cancellationToken = default)
    {
        var last = await LatestAsync(businessId, fiscalYear, withLines: false, cancellationToken);
        return await RunAsync(businessId, fiscalYear, last?.FactorSetId, user, cancellationToken);
    }

    public Task<CalculationRun?> LatestAsync(int businessId, int fiscalYear, bool withLines, CancellationToken cancellationToken = default)
    {
        var q = db.Runs.AsNoTracking().Where(r => r.BusinessId == businessId && r.FiscalYear == fiscalYear);
        if (withLines)
        {
            q = q.Include(r => r.Lines);
        }

        return q.OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<CalculationRun?> RunByIdAsync(int businessId, int runId, CancellationToken cancellationToken = default) =>
        db.Runs.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.BusinessId == businessId && r.Id == runId, cancellationToken);

    /// <summary>Totals by activity and method in both runs, with the factor each used.</summary>
    public static IReadOnlyList<RunDiff> Diff(CalculationRun before, CalculationRun after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var keys = before.Lines.Concat(after.Lines).Select(l => (l.ActivityKey, l.Scope, l.Method)).Distinct()
            .OrderBy(k => k.Scope).ThenBy(k => k.ActivityKey, StringComparer.Ordinal).ThenBy(k => k.Method, StringComparer.Ordinal);
        var result = new List<RunDiff>();
        foreach (var (activity, scope, method) in keys)
        {
            var b = before.Lines.Where(l => l.ActivityKey == activity && l.Method == method).ToList();
            var a = after.Lines.Where(l => l.ActivityKey == activity && l.Method == method).ToList();
            result.Add(new RunDiff(activity, scope, method,
                new Emission(b.Sum(l => l.Grams)), new Emission(a.Sum(l => l.Grams)),
                b.Select(l => (decimal?)l.FactorValue).Distinct().Count() == 1 ? b[0].FactorValue : null,
                a.Select(l => (decimal?)l.FactorValue).Distinct().Count() == 1 ? a[0].FactorValue : null,
                string.Join("、", a.Concat(b).Select(l => l.FactorKey).Distinct())));
        }

        return result;
    }
}
