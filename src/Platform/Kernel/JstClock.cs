// The city works in Japan Standard Time regardless of where the server runs (containers
// default to UTC), so "today" must always be asked for in JST.
namespace OsakaDx.Platform.Kernel;

/// <summary>Japan Standard Time helpers on top of <see cref="TimeProvider"/>.</summary>
public static class JstClock
{
    /// <summary>Asia/Tokyo, or a fixed +09:00 zone where the OS has no time zone database.</summary>
    public static TimeZoneInfo Jst { get; } = LoadJst();

    /// <summary>Current time with the JST offset (+09:00).</summary>
    public static DateTimeOffset GetJstNow(this TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return timeProvider.GetUtcNow().ToJst();
    }

    /// <summary>Today's date in Japan.</summary>
    public static DateOnly GetJstToday(this TimeProvider timeProvider) =>
        DateOnly.FromDateTime(timeProvider.GetJstNow().DateTime);

    /// <summary>The same instant expressed in JST.</summary>
    public static DateTimeOffset ToJst(this DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Jst);

    private static TimeZoneInfo LoadJst()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Slim container images ship without tzdata; Japan has had no daylight saving since 1951,
            // so a fixed offset is exact for every date the platform handles.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "日本標準時", "日本標準時");
        }
    }
}
