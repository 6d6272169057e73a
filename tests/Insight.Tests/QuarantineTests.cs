namespace OsakaDx.Insight.Tests;

/// <summary>
/// The quarantine rule, checked on the source: the raw store's path is used by the importer that
/// writes it and the anonymization job that reads it, and by nothing else (no page, endpoint, CLI
/// verb or export). A new reader has to be added here on purpose, in review.
/// </summary>
public sealed class QuarantineTests
{
    [Fact]
    public void Only_the_importer_and_the_anonymization_job_touch_the_raw_store()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "OsakaDx.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var module = Path.Combine(root, "src", "Modules", "Insight");
        var users = Directory.EnumerateFiles(module, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(".RawStore", StringComparison.Ordinal) || File.ReadAllText(f).Contains("raw_residents", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(module, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Anonymization/AnonymizationService.cs", "Ingest/RawImporter.cs"], users);
    }
}
