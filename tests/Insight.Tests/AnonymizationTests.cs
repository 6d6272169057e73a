using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Cli;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

[Collection(PipelineGroup.Name)]
public sealed class AnonymizationTests(PipelineFixture city)
{
    private static CsvTable Export(PipelineFixture city, int run)
    {
        using var buffer = new MemoryStream();
        AnonymizedExport.Write(city.Paths.Published(run), buffer);
        buffer.Position = 0;
        return CsvReader.Read(buffer);
    }

    [Fact]
    public void The_exported_microdata_is_k_anonymous_when_grouped_by_the_quasi_identifiers()
    {
        var table = Export(city, 1);
        var report = city.Report;
        Assert.Equal(report.Records - report.RemovedRecords, table.Rows.Count);
        var groups = table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["地域"], r["国籍区分"])).ToList();
        var smallest = groups.Min(g => g.Count());
        Assert.True(smallest >= 5, $"smallest class {smallest}: {groups.First(g => g.Count() == smallest).Key}");
        Assert.Equal(report.KReached, smallest);
        Assert.Equal(groups.Count, report.Classes);

        // Before anonymization many people were unique on these four attributes; the report says how many.
        Assert.True(report.RecordsAtRiskBefore > 0);
        Assert.InRange(report.SuppressionRate, 0, report.SuppressionLimit);
        Assert.InRange(report.InformationLoss, 0, 1);
        Assert.Equal(48, report.NodesTotal);

        // Direct identifiers and linking codes are gone: no person id, no household number.
        Assert.Equal(AnonymizedExport.Headers, table.Headers);
        Assert.DoesNotContain(table.Rows, r => r.Fields.Any(f => f.StartsWith('R') || f.StartsWith('H')));
    }

    [Fact]
    public void Five_attributes_with_l_diversity_hold_for_every_class_of_the_export()
    {
        var settings = new AnonymizationSettings(K: 10, QuasiIdentifiers: ["age", "sex", "area", "nationality", "since"], SuppressionLimit: 0.05, L: 2, Sensitive: "household");
        Assert.Null(settings.Validate());
        var report = new AnonymizationService(city.Paths, new PseudonymKey(city.Paths)).Run(2, settings);
        var table = Export(city, 2);
        foreach (var g in table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["地域"], r["国籍区分"], r["住民となった年"])))
        {
            Assert.True(g.Count() >= 10, $"class {g.Key} has {g.Count()}");
            Assert.True(g.Select(r => r["世帯人員"]).Distinct().Count() >= 2, $"class {g.Key} is not 2-diverse");
        }

        Assert.Equal(144, report.NodesTotal);
        Assert.True(report.KReached >= 10);
    }

    [Fact]
    public void Pseudonyms_are_keyed_hmacs_that_change_when_the_key_is_rotated_and_stay_inside()
    {
        var key = new PseudonymKey(city.Paths);
        Assert.Equal(city.Report.KeyFingerprint, PseudonymKey.Fingerprint(key.LoadOrCreate()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(city.Paths.KeyFile));
        }

        var folder = Directory.CreateTempSubdirectory("osakadx-insight-key-").FullName;
        var other = PipelineFixture.NewPaths(folder);
        var k = new PseudonymKey(other);
        var first = PseudonymKey.Fingerprint(k.LoadOrCreate());
        Assert.Equal(first, PseudonymKey.Fingerprint(k.LoadOrCreate()));
        var second = k.Rotate(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
        Assert.NotEqual(first, second);
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(other.KeyFile)!, "pseudonym.key.retired-*"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Impossible_settings_are_refused_with_the_option_named()
    {
        Assert.StartsWith("--k:", new AnonymizationSettings(K: 1).Validate(), StringComparison.Ordinal);
        Assert.StartsWith("--qi:", new AnonymizationSettings(QuasiIdentifiers: ["name"]).Validate(), StringComparison.Ordinal);
        Assert.StartsWith("--sensitive:", new AnonymizationSettings(L: 2).Validate(), StringComparison.Ordinal);
        var ex = Assert.Throws<AnonymizationFailedException>(() =>
            new AnonymizationService(city.Paths, new PseudonymKey(city.Paths)).Run(9, new AnonymizationSettings(K: 5, SuppressionLimit: 0, L: 6, Sensitive: "relationship")));
        // 続柄区分 has four values, so no class can hold six: nothing satisfies, and nothing is published.
        Assert.Contains("見つかりません", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(city.Paths.Published(9)));
    }
}
