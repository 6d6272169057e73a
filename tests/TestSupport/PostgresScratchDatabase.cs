using Npgsql;

namespace OsakaDx.Testing;

/// <summary>
/// An empty database of its own on the <see cref="PostgresFactAttribute.Server"/> for one test, dropped
/// (closing whatever still holds it) when disposed.
/// </summary>
public sealed class PostgresScratchDatabase : IAsyncDisposable
{
    private readonly string server;

    private PostgresScratchDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>To the new database, with the server's user and password.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates <c>{prefix}_{guid}</c> on the server of OSAKADX_TEST_POSTGRES.</summary>
    public static async Task<PostgresScratchDatabase> CreateAsync(string prefix)
    {
        var server = PostgresFactAttribute.Server ?? throw new InvalidOperationException("OSAKADX_TEST_POSTGRES is not set, but a PostgreSQL test ran.");
        var database = new PostgresScratchDatabase(server, $"{prefix}_{Guid.NewGuid():N}");
        await database.ExecuteAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
