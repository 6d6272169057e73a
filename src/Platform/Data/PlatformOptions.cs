// Where the platform keeps its data and which database it talks to. Read from configuration
// section "OsakaDx" (environment: OSAKADX_DATA, OSAKADX_DB, OSAKADX_DEMO are mapped onto it).
namespace OsakaDx.Platform.Data;

public sealed class PlatformOptions
{
    public const string Section = "OsakaDx";

    /// <summary>Folder for SQLite files, indexes, exports. Default "./data".</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>PostgreSQL connection string (Npgsql keywords or postgres:// URI); empty = embedded SQLite.</summary>
    public string? Database { get; set; }

    /// <summary>Demo mode: demo accounts and demo data. Defaults to on for the embedded database, off for PostgreSQL.</summary>
    public bool? Demo { get; set; }

    /// <summary>Unique name of this replica (for job leases); defaults to the machine name and process id.</summary>
    public string? InstanceName { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Database);

    public bool IsDemo => Demo ?? !UsesPostgres;

    public string FullDataPath => Path.GetFullPath(DataPath);

    public string EffectiveInstanceName => string.IsNullOrWhiteSpace(InstanceName)
        ? $"{Environment.MachineName}:{Environment.ProcessId}"
        : InstanceName;

    /// <summary>Turns a postgres:// URI into Npgsql keywords; passes keyword strings through.</summary>
    public static string NormalizePostgresConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var parts = new List<string> { $"Host={uri.Host}" };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            parts.Add($"Port={uri.Port}");
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            parts.Add($"Database={Uri.UnescapeDataString(database)}");
        }

        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
            if (userInfo.Length > 1)
            {
                parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            parts.Add($"{Uri.UnescapeDataString(kv[0])}={(kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "")}");
        }

        return string.Join(';', parts);
    }
}
