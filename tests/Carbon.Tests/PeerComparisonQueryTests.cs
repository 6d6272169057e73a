using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Dashboard;
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Carbon.Tests;

// The peer query on a real SQLite file: only the same industry, only businesses with sales, only
// each business's latest run of the year, and nothing below five peers.
public sealed class PeerComparisonQueryTests
{
    [Fact]
    public async Task Peers_are_the_latest_runs_of_the_same_industry_and_five_are_needed()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-carbon-peers-").FullName;
        var options = new DbContextOptionsBuilder<SqliteCarbonDb>().UseSqlite($"Data Source={Path.Combine(folder, "carbon.db")};Pooling=False").Options;
        try
        {
            await using var db = new SqliteCarbonDb(options);
            await db.Database.MigrateAsync();
            var set = new FactorSet { Label = "test", TargetFiscalYear = 2025, Source = "test", ImportedBy = "test" };
            db.Add(set);
            await db.SaveChangesAsync();

            // Five manufacturers with 100 百万円 of sales: t-CO2 per 百万円 = tonnes / 100.
            var makers = new List<Business>();
            foreach (var tonnes in new[] { 100, 200, 300, 400, 500 })
            {
                var b = await AddAsync(db, set, "E", 100_000_000, tonnes);
                makers.Add(b);
            }

            // Noise that must not count: an older run of the first maker (its latest is 100 t), another
            // industry, a maker without sales, and last year's run of a sixth maker.
            db.Add(new CalculationRun { BusinessId = makers[0].Id, FiscalYear = 2025, FactorSetId = set.Id, Scope1Grams = 9_000_000_000 });
            await db.SaveChangesAsync();
            var latest = new CalculationRun { BusinessId = makers[0].Id, FiscalYear = 2025, FactorSetId = set.Id, Scope1Grams = 100_000_000 };
            db.Add(latest);
            await db.SaveChangesAsync();
            await AddAsync(db, set, "K", 100_000_000, 9_000);
            await AddAsync(db, set, "E", 0, 9_000);
            await AddAsync(db, set, "E", 100_000_000, 9_000, fiscalYear: 2024);

            var peers = await PeerComparison.LoadAsync(db, makers[2], 2025);
            Assert.NotNull(peers);
            Assert.Equal(5, peers.Count);
            Assert.Equal(3m, peers.Own);
            Assert.Equal(2m, peers.Lower);
            Assert.Equal(3m, peers.Median);
            Assert.Equal(4m, peers.Upper);

            // Four peers are too few to show anything.
            db.Remove(makers[4]);
            await db.SaveChangesAsync();
            Assert.Null(await PeerComparison.LoadAsync(db, makers[2], 2025));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Business> AddAsync(CarbonDb db, FactorSet set, string industry, long sales, long tonnes, int fiscalYear = 2025)
    {
        var business = new Business { Name = $"事業者{Guid.NewGuid():N}", IndustryCode = industry, Ward = "北区", AnnualSalesYen = sales };
        db.Add(business);
        await db.SaveChangesAsync();
        db.Add(new CalculationRun { BusinessId = business.Id, FiscalYear = fiscalYear, FactorSetId = set.Id, Scope1Grams = tonnes * 1_000_000 });
        await db.SaveChangesAsync();
        return business;
    }
}
