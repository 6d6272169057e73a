// An amount of CO2 is stored as whole grams in a long: exact sums, no floating point, and
// enough range (9.2 × 10^12 t-CO2) for any business or the whole city. One gram is far below
// what any official method reports (t-CO2 to three decimals = kg), so rounding each line to the
// gram loses nothing a report shows.
using System.Globalization;

namespace OsakaDx.Modules.Carbon.Calc;

/// <summary>An amount of CO2 (t-CO2 / kg-CO2) held as whole grams.</summary>
public readonly record struct Emission(long Grams) : IComparable<Emission>
{
    public static Emission Zero => default;

    /// <summary>
    /// From an exact amount in t-CO2, rounded to the gram half away from zero (四捨五入).
    /// This is the only place a calculation rounds; sums of emissions are exact.
    /// </summary>
    public static Emission FromTonnes(decimal tonnes) =>
        new((long)Math.Round(tonnes * 1_000_000m, 0, MidpointRounding.AwayFromZero));

    public static Emission FromKilograms(decimal kilograms) =>
        new((long)Math.Round(kilograms * 1_000m, 0, MidpointRounding.AwayFromZero));

    public decimal Tonnes => Grams / 1_000_000m;

    public decimal Kilograms => Grams / 1_000m;

    /// <summary>「12.345」: t-CO2 to three decimals (the kg), rounded half away from zero.</summary>
    public string ToTonnesString(int decimals = 3) =>
        Math.Round(Tonnes, decimals, MidpointRounding.AwayFromZero).ToString("#,##0." + new string('0', decimals), CultureInfo.InvariantCulture);

    /// <summary>「1,234.5」: kg-CO2 to one decimal.</summary>
    public string ToKilogramsString(int decimals = 1) =>
        Math.Round(Kilograms, decimals, MidpointRounding.AwayFromZero).ToString(decimals == 0 ? "#,##0" : "#,##0." + new string('0', decimals), CultureInfo.InvariantCulture);

    public override string ToString() => ToTonnesString() + " t-CO2";

    public int CompareTo(Emission other) => Grams.CompareTo(other.Grams);

    public static Emission operator +(Emission a, Emission b) => new(checked(a.Grams + b.Grams));

    public static Emission operator -(Emission a, Emission b) => new(checked(a.Grams - b.Grams));

    public static Emission Add(Emission a, Emission b) => a + b;

    public static Emission Subtract(Emission a, Emission b) => a - b;

    public static bool operator <(Emission a, Emission b) => a.Grams < b.Grams;

    public static bool operator >(Emission a, Emission b) => a.Grams > b.Grams;

    public static bool operator <=(Emission a, Emission b) => a.Grams <= b.Grams;

    public static bool operator >=(Emission a, Emission b) => a.Grams >= b.Grams;
}
