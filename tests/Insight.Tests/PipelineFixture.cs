using Microsoft.Extensions.Options;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Platform.Data;

namespace OsakaDx.Insight.Tests;

/// <summary>A generated city of 30,000 residents, imported and anonymized (k = 5) in a temporary data folder.</summary>
public sealed class PipelineFixture : IDisposable
{
    public const int Residents = 30_000;

    public PipelineFixture()
    {
        Paths = NewPaths(DataPath);
        File = System.IO.Path.Combine(DataPath, "city.csv");
        using (var stream = System.IO.File.Create(File))
        {
            Generated = new PopulationGenerator(new GeneratorOptions(Residents, 7)).Write(stream);
        }

        new RawImporter(Paths).Import(File);
        Report = new AnonymizationService(Paths, new PseudonymKey(Paths)).Run(1, new AnonymizationSettings());
    }

    public string DataPath { get; } = Directory.CreateTempSubdirectory("osakadx-insight-").FullName;

    internal InsightPaths Paths { get; }

    public string File { get; }

    internal GeneratorResult Generated { get; }

    internal RiskReport Report { get; }

    internal static InsightPaths NewPaths(string dataPath) => new(Options.Create(new PlatformOptions { DataPath = dataPath }));

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // DuckDB may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineGroup : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
