// Where Insight keeps its files under the platform data folder. The quarantine folder holds the
// raw extract; only the importer writes it and only the anonymization job reads it.
using Microsoft.Extensions.Options;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Insight.Data;

internal sealed class InsightPaths(IOptions<PlatformOptions> options)
{
    public string Root => Path.Combine(options.Value.FullDataPath, "insight");

    /// <summary>data/insight/quarantine (mode 0700): the raw store. Never served, never exported.</summary>
    public string Quarantine => Path.Combine(Root, "quarantine");

    public string RawStore => Path.Combine(Quarantine, "raw.duckdb");

    /// <summary>data/insight/keys/pseudonym.key (mode 0600): the HMAC key for pseudonyms.</summary>
    public string KeyFile => Path.Combine(Root, "keys", "pseudonym.key");

    /// <summary>data/insight/published/run-N.duckdb: anonymized microdata and protected aggregates of run N.</summary>
    public string Published(int runId) => Path.Combine(Root, "published", $"run-{runId}.duckdb");

    /// <summary>data/insight/quarantine/datasets/ds-D-upload-U.duckdb: a department's raw upload (quarantined like the register).</summary>
    public string DatasetRaw(int datasetId, int uploadId) => Path.Combine(Quarantine, "datasets", $"ds-{datasetId}-upload-{uploadId}.duckdb");

    /// <summary>data/insight/published/datasets/ds-D-run-R.duckdb: anonymized microdata and protected aggregates of a dataset run.</summary>
    public string DatasetPublished(int datasetId, int runId) => Path.Combine(Root, "published", "datasets", $"ds-{datasetId}-run-{runId}.duckdb");

    public static void EnsurePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
