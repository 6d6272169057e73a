// Carbon scenario benchmark (issue 5: "10,000 businesses × 12 months × 10 activity lines: all
// yearly totals ≤ 2 s"). Generates the data itself, then measures
//   1. the calculation alone (inputs in memory → lines → yearly totals per business), and
//   2. the same from a real SQLite carbon.db: read every activity line of the year, calculate,
//      total per business (EF Core queries, as the module's services do), and
//   3. the same read with a plain SqliteDataReader,
//   4. all yearly totals from the stored results (the compact read model: one CalculationRun per
//      business and year, written when its bills are saved; what the city view and the peer
//      comparison read), one aggregate query for the fiscal year, and
//   5. the dashboard's data for one business (DashboardLoader + PeerComparison over the 10,000),
//      200 requests, p50 and p95.
// Each is run 5 times; the median and the slowest run are printed.
// Usage: dotnet run -c Release --project bench/Carbon [-- --businesses 10000]
using System.Diagnostics;
using ActivityKind = OsakaDx.Modules.Carbon.Calc.ActivityKind;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Dashboard;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;

var businesses = args.Length == 2 && args[0] == "--businesses" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
const int Year = 2025;
var factors = FactorCatalog.Parse(new MemoryStream(FactorCatalog.EmbeddedCsv())).ToDictionary(f => f.Key, StringComparer.Ordinal);
var menus = new[] { null, "fps_menu_c", "fps_menu_e", "yonden_residual" };

// Ten lines a month per business: two sites × (electricity, city gas, gasoline, diesel, kerosene).
string[] kinds = ["electricity", "city_gas", "gasoline", "diesel", "kerosene"];
Unit[] units = [Unit.KWh, Unit.M3, Unit.L, Unit.L, Unit.L];
var random = new Random(20250401);
var inputs = new List<(int Business, ActivityInput Input)>(businesses * 120);
var siteMenus = new Dictionary<int, string?>();
for (var b = 0; b < businesses; b++)
{
    for (var s = 0; s < 2; s++)
    {
        var site = (b * 2) + s + 1;
        siteMenus[site] = menus[random.Next(menus.Length)];
        foreach (var m in ActivityKind.FiscalMonths)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                var q = Math.Round((decimal)(random.NextDouble() * 20_000), 1);
                inputs.Add((b, new ActivityInput(site, m, kinds[k], q, units[k])));
            }
        }
    }
}

Console.WriteLine($"Carbon benchmark: {businesses:N0} businesses × 12 months × 10 lines = {inputs.Count:N0} activity lines; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");

Measure("1. calculate in memory, yearly totals per business", () =>
{
    var totals = new Dictionary<int, EmissionTotals>(businesses);
    foreach (var group in inputs.GroupBy(i => i.Business))
    {
        totals[group.Key] = EmissionTotals.Of(Calculator.Calculate(group.Select(g => g.Input), factors, siteMenus));
    }

    return totals.Count;
});

var folder = Directory.CreateTempSubdirectory("osakadx-carbon-bench-").FullName;
var file = Path.Combine(folder, "carbon.db");
var options = new DbContextOptionsBuilder<SqliteCarbonDb>().UseSqlite($"Data Source={file}").Options;
var load = Stopwatch.StartNew();
await using (var db = new SqliteCarbonDb(options))
{
    await db.Database.MigrateAsync();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    var byBusiness = inputs.GroupBy(i => i.Business).ToList();
    foreach (var chunk in byBusiness.Chunk(500))
    {
        foreach (var group in chunk)
        {
            var business = new Business { Name = $"ベンチ株式会社{group.Key + 1}", IndustryCode = "E", Ward = "北区", Employees = 20, FloorAreaM2 = 500m, AnnualSalesYen = 300_000_000 };
            foreach (var site in group.Select(g => g.Input.SiteId).Distinct())
            {
                business.Sites.Add(new Site { Name = $"事業所{site}", ElectricityMenuKey = siteMenus[site] });
            }

            db.Businesses.Add(business);
        }

        await db.SaveChangesAsync();
        foreach (var group in chunk)
        {
            // Site ids are assigned in insertion order, matching the generated ids.
            foreach (var site in group.GroupBy(g => g.Input.SiteId))
            {
                db.Sheets.Add(new ActivitySheet
                {
                    SiteId = site.Key, FiscalYear = Year,
                    Lines = site.Select(l => new ActivityLine { Month = l.Input.Month, ActivityKey = l.Input.ActivityKey, Quantity = l.Input.Quantity, UnitCode = l.Input.Unit.Code }).ToList(),
                });
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}

Console.WriteLine($"   (loaded {inputs.Count:N0} lines into SQLite in {load.Elapsed.TotalSeconds:0.0} s; {(new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0)) / 1_048_576.0:0.0} MB with the WAL)");

Measure("2. read the year from SQLite, calculate, yearly totals per business", () =>
{
    using var db = new SqliteCarbonDb(options);
    var menusBySite = db.Sites.AsNoTracking().ToDictionary(s => s.Id, s => new { s.BusinessId, s.ElectricityMenuKey });
    var rows = (from l in db.Lines.AsNoTracking()
                join s in db.Sheets on l.ActivitySheetId equals s.Id
                where s.FiscalYear == Year
                select new { s.SiteId, l.Month, l.ActivityKey, l.Quantity, l.UnitCode }).ToList();
    var menuMap = menusBySite.ToDictionary(p => p.Key, p => p.Value.ElectricityMenuKey);
    var totals = new Dictionary<int, EmissionTotals>(businesses);
    foreach (var group in rows.GroupBy(r => menusBySite[r.SiteId].BusinessId))
    {
        totals[group.Key] = EmissionTotals.Of(Calculator.Calculate(
            group.Select(r => new ActivityInput(r.SiteId, r.Month, r.ActivityKey, r.Quantity, Unit.TryParse(r.UnitCode, out var u) ? u : throw new InvalidOperationException(r.UnitCode))),
            factors, menuMap));
    }

    return totals.Count;
});

Measure("3. same as 2 with a plain SqliteDataReader instead of EF materialization", () =>
{
    using var connection = new SqliteConnection($"Data Source={file}");
    connection.Open();
    var sites = new Dictionary<int, (int Business, string? Menu)>();
    using (var cmd = connection.CreateCommand())
    {
        cmd.CommandText = "SELECT Id, BusinessId, ElectricityMenuKey FROM Sites";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            sites[r.GetInt32(0)] = (r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
    }

    var menuMap = sites.ToDictionary(p => p.Key, p => p.Value.Menu);
    var unitCache = Unit.All.ToDictionary(u => u.Code, StringComparer.Ordinal);
    var byBusiness = new Dictionary<int, List<ActivityInput>>();
    using (var cmd = connection.CreateCommand())
    {
        cmd.CommandText = "SELECT s.SiteId, l.Month, l.ActivityKey, l.Quantity, l.UnitCode FROM Lines l JOIN Sheets s ON s.Id = l.ActivitySheetId WHERE s.FiscalYear = $fy";
        cmd.Parameters.AddWithValue("$fy", Year);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var site = r.GetInt32(0);
            var business = sites[site].Business;
            if (!byBusiness.TryGetValue(business, out var list))
            {
                byBusiness[business] = list = new List<ActivityInput>(120);
            }

            list.Add(new ActivityInput(site, r.GetInt32(1), r.GetString(2), r.GetDecimal(3), unitCache[r.GetString(4)]));
        }
    }

    var totals = new Dictionary<int, EmissionTotals>(businesses);
    foreach (var (business, list) in byBusiness)
    {
        totals[business] = EmissionTotals.Of(Calculator.Calculate(list, factors, menuMap));
    }

    return totals.Count;
});

// The read model: each business's run for the year (totals; the lines only for the first 200
// businesses, which the dashboard step opens), as CalculationService stores them after a save.
var store = Stopwatch.StartNew();
await using (var db = new SqliteCarbonDb(options))
{
    var set = await new FactorCatalog(db, TimeProvider.System).EnsureEmbeddedAsync();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    var sitesByBusiness = db.Sites.AsNoTracking().Select(x => new { x.Id, x.BusinessId }).ToList().GroupBy(x => x.BusinessId).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToList());
    var byBusiness = inputs.GroupBy(i => i.Business).ToList();
    foreach (var chunk in byBusiness.Chunk(1000))
    {
        foreach (var group in chunk)
        {
            var businessId = group.Key + 1;
            var lines = Calculator.Calculate(group.Select(g => g.Input), factors, siteMenus);
            var totals = EmissionTotals.Of(lines);
            var run = new CalculationRun
            {
                BusinessId = businessId, FiscalYear = Year, FactorSetId = set.Id, FactorSetLabel = set.Label, CalculatedAtUtc = DateTime.UtcNow, CalculatedBy = "bench",
                Scope1Grams = totals.Scope1.Grams, Scope2LocationGrams = totals.Scope2Location.Grams, Scope2MarketGrams = totals.Scope2Market.Grams,
            };
            if (businessId <= 200)
            {
                run.Lines = lines.Select(l => new CalculationLine { SiteId = l.SiteId, Month = l.Month, ActivityKey = l.ActivityKey, Scope = l.Scope, Method = l.Method, Quantity = l.Quantity, FactorKey = l.FactorKey, FactorValue = l.FactorValue, Grams = l.Emission.Grams }).ToList();
            }

            db.Runs.Add(run);
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}

Console.WriteLine($"   (stored {businesses:N0} yearly results in {store.Elapsed.TotalSeconds:0.0} s)");

Measure("4. all yearly totals from the stored results (read model), one query for the year", () =>
{
    using var db = new SqliteCarbonDb(options);
    var latest = db.Runs.AsNoTracking().Where(r => r.FiscalYear == Year).GroupBy(r => r.BusinessId)
        .Select(g => g.OrderByDescending(r => r.Id).Select(r => new { r.BusinessId, r.Scope1Grams, r.Scope2LocationGrams, r.Scope2MarketGrams, r.Scope3Grams }).First())
        .ToList();
    var totals = latest.ToDictionary(r => r.BusinessId, r => new EmissionTotals(new Emission(r.Scope1Grams), new Emission(r.Scope2LocationGrams), new Emission(r.Scope2MarketGrams), new Emission(r.Scope3Grams)));
    return totals.Count;
});

var services = new ServiceCollection()
    .AddSingleton(TimeProvider.System)
    .AddScoped<CarbonDb>(_ => new SqliteCarbonDb(options))
    .AddScoped<FactorCatalog>()
    .AddScoped<CalculationService>()
    .BuildServiceProvider();
var dashboardTimes = new List<double>();
var pick = new Random(7);
for (var i = 0; i < 220; i++)
{
    var id = pick.Next(1, Math.Min(200, businesses) + 1);
    await using var scope = services.CreateAsyncScope();
    var sw = Stopwatch.StartNew();
    var report = await DashboardLoader.LoadAsync(scope.ServiceProvider, id, Year, default) ?? throw new InvalidOperationException("no run");
    _ = await PeerComparison.LoadAsync(scope.ServiceProvider.GetRequiredService<CarbonDb>(), report.Business, Year);
    if (i >= 20)
    {
        dashboardTimes.Add(sw.Elapsed.TotalMilliseconds); // the first 20 are warm-up
    }
}

dashboardTimes.Sort();
Console.WriteLine($"5. dashboard data for one business (loader + peer comparison among {businesses:N0}): p50 {dashboardTimes[dashboardTimes.Count / 2]:N0} ms, p95 {dashboardTimes[(int)(dashboardTimes.Count * 0.95)]:N0} ms, max {dashboardTimes[^1]:N0} ms ({dashboardTimes.Count} requests)");

SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);

static void Measure(string title, Func<int> work)
{
    work(); // warm-up
    var times = new List<double>();
    var count = 0;
    for (var i = 0; i < 5; i++)
    {
        var sw = Stopwatch.StartNew();
        count = work();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"{title}: median {times[2]:N0} ms, slowest {times[^1]:N0} ms ({count:N0} businesses)");
}
