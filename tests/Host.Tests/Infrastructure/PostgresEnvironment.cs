using Npgsql;

namespace OsakaDx.Host.Tests.Infrastructure;

/// <summary>
/// Whether the PostgreSQL variants of the data tests run: <c>OSAKADX_TEST_POSTGRES</c> holds a connection
/// string to a server where the user may create databases. <c>OSAKADX_REQUIRE_POSTGRES=1</c> (CI) turns a
/// missing variable into a failure instead of a skip.
/// </summary>
public static class PostgresEnvironment
{
    public const string Variable = "OSAKADX_TEST_POSTGRES";
    public const string RequireVariable = "OSAKADX_REQUIRE_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsAvailable => ConnectionString is not null;

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string SkipReason =>
        $"PostgreSQL tests are skipped: set {Variable} to a connection string (e.g. Host=127.0.0.1;Username=postgres;Password=postgres;Database=osakadx_test).";

    /// <summary>Creates an empty database named osakadx_test_{random} and returns a connection string to it.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var server = ServerConnectionString();
        var name = "osakadx_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still holds it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Throws when PostgreSQL is required but not configured; false when the tests should be skipped.</summary>
    public static bool EnsureOrSkip()
    {
        if (IsAvailable)
        {
            return true;
        }

        if (IsRequired)
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but {Variable} is not set: the PostgreSQL tests cannot run.");
        }

        return false;
    }

    // The maintenance database of the same server, to create and drop test databases from.
    private static string ServerConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set, but a PostgreSQL test ran ({RequireVariable}={Environment.GetEnvironmentVariable(RequireVariable)}).")) { Database = "postgres", Pooling = false }.ConnectionString;
}

/// <summary>
/// A fact that runs only against PostgreSQL: skipped (with the reason) when <c>OSAKADX_TEST_POSTGRES</c> is
/// absent, and failing loudly when <c>OSAKADX_REQUIRE_POSTGRES=1</c> says it must not be.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        // When PostgreSQL is required, the fact is not skipped: the fixture throws and every such test fails.
        if (!PostgresEnvironment.IsAvailable && !PostgresEnvironment.IsRequired)
        {
            Skip = PostgresEnvironment.SkipReason;
        }
    }
}
