using System.Globalization;
using System.Security.Cryptography;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

public sealed class GeneratorTests
{
    private static byte[] Generate(int residents, int seed, bool sjis = false)
    {
        using var stream = new MemoryStream();
        new PopulationGenerator(new GeneratorOptions(residents, seed, sjis)).Write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_and_another_seed_another()
    {
        var a = SHA256.HashData(Generate(5_000, 42));
        var b = SHA256.HashData(Generate(5_000, 42));
        var c = SHA256.HashData(Generate(5_000, 43));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Wards_have_their_real_proportions_and_the_city_its_age_household_and_foreign_structure()
    {
        const int n = 60_000;
        var table = CsvReader.Read(new MemoryStream(Generate(n, 1)));
        var current = table.Rows.Where(r => r["消除日"].Length == 0).ToList();
        Assert.Equal(n, current.Count);
        foreach (var ward in OsakaGeography.Wards)
        {
            var expected = (double)n * ward.Population / OsakaGeography.TotalPopulation;
            var actual = current.Count(r => r["区コード"] == ward.Code);
            // Rounding to whole people; the largest ward (平野区) takes the rounding remainder of all 24.
            Assert.InRange(actual, expected - 12, expected + 12);
        }

        var asOf = GeneratorOptions.AsOf;
        int Age(string birth)
        {
            var b = DateOnly.ParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return asOf.Year - b.Year - (asOf < b.AddYears(asOf.Year - b.Year) ? 1 : 0);
        }

        var elderly = current.Count(r => Age(r["生年月日"]) >= 65) / (double)n;
        Assert.InRange(elderly, 0.21, 0.30); // Osaka 25.5% (令和2年国勢調査)
        var foreign = current.Count(r => r["国籍区分"] == "2") / (double)n;
        Assert.InRange(foreign, 0.03, 0.08); // 4.4% census, ~6% 住基
        var perHousehold = n / (double)current.Select(r => r["世帯番号"]).Distinct().Count();
        Assert.InRange(perHousehold, 1.75, 2.0); // 1.87 persons per household
        Assert.True(current.All(r => r["続柄"] is "世帯主" or "妻" or "夫" or "子" or "父" or "母"));

        // Five fiscal years of events: births, deaths, moves in, out and within the city.
        var removed = table.Rows.Where(r => r["消除日"].Length > 0).ToList();
        Assert.Contains(removed, r => r["消除事由"] == "死亡");
        Assert.Contains(removed, r => r["消除事由"] == "転出");
        Assert.Contains(current, r => r["住民となった事由"] == "出生" && string.CompareOrdinal(r["住民となった日"], "2021-04-01") >= 0);
        Assert.Contains(current, r => r["住民となった事由"] == "転入" && string.CompareOrdinal(r["住民となった日"], "2021-04-01") >= 0);
        Assert.Contains(current, r => r["最終転居日"].Length > 0);
    }

    [Fact]
    public void Shift_jis_output_is_read_back_by_the_platform_reader()
    {
        var bytes = Generate(300, 5, sjis: true);
        var table = CsvReader.Read(new MemoryStream(bytes));
        Assert.Equal(932, table.DetectedEncoding.CodePage);
        Assert.Contains(table.Rows, r => r["続柄"] == "世帯主");
    }
}
