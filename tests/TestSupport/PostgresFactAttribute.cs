namespace OsakaDx.Testing;

/// <summary>
/// A fact that needs a PostgreSQL server: it runs when OSAKADX_TEST_POSTGRES holds a connection string
/// (CI sets it) and is skipped, with the reason, on a machine that has only the .NET SDK. Under
/// OSAKADX_REQUIRE_POSTGRES=1 (set by .ci/run) it is never skipped: a missing server fails the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Server is null && Environment.GetEnvironmentVariable("OSAKADX_REQUIRE_POSTGRES") != "1")
        {
            Skip = "OSAKADX_TEST_POSTGRES が設定されていないため、PostgreSQL のテストは行いません。";
        }
    }

    /// <summary>The connection string from OSAKADX_TEST_POSTGRES, or null.</summary>
    public static string? Server => Environment.GetEnvironmentVariable("OSAKADX_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;
}
