using System.Globalization;

namespace OsakaDx.Ui.Charts;

/// <summary>
/// A value axis with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ) that always includes zero, so bars start at
/// the baseline and a reader is never misled by a truncated axis.
/// </summary>
public sealed class ChartScale
{
    private static readonly decimal[] Factors = [1m, 2m, 2.5m, 5m, 10m];

    private ChartScale(decimal min, decimal max, decimal step)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    /// <summary>Lowest tick (zero unless there are negative values).</summary>
    public decimal Min { get; }

    /// <summary>Highest tick.</summary>
    public decimal Max { get; }

    /// <summary>Distance between ticks.</summary>
    public decimal Step { get; }

    /// <summary>Tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IEnumerable<decimal> Ticks
    {
        get
        {
            for (var t = Min; t <= Max + (Step / 2); t += Step)
            {
                yield return t;
            }
        }
    }

    /// <summary>Builds a scale covering <paramref name="low"/>..<paramref name="high"/> and zero, with about <paramref name="targetTicks"/> intervals.</summary>
    public static ChartScale For(decimal low, decimal high, int targetTicks = 5)
    {
        low = Math.Min(low, 0);
        high = Math.Max(high, 0);
        if (low == high)
        {
            high = 1;
        }

        var raw = (high - low) / Math.Max(1, targetTicks);
        var magnitude = Pow10((int)Math.Floor(Math.Log10((double)raw)));
        var step = Factors.Select(f => f * magnitude).First(s => s >= raw);
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        return new ChartScale(min, max, step);
    }

    /// <summary>Position of <paramref name="value"/> as a fraction 0..1 of the axis.</summary>
    public double Fraction(decimal value) => (double)((value - Min) / (Max - Min));

    /// <summary>A tick label: thousands separators, no more decimals than the step needs.</summary>
    public string Label(decimal value)
    {
        var decimals = Step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10((double)Step)));
        return value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.GetCultureInfo("ja-JP"));
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }
}
