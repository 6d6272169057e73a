// Units of activity data and their conversion. Quantities are decimal; conversions are exact
// powers of ten, so converting never rounds — except Nm³ (0 ℃, 1 atm), which is converted to the
// m³ at 25 ℃ that the 都市ガス factor assumes by the ideal-gas ratio 298.15/273.15 (decimal
// division, 28 significant digits; the result is then rounded only at the gram like any line).
using System.Diagnostics.CodeAnalysis;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Carbon.Calc;

/// <summary>What a unit measures; a factor can only be applied to a quantity of the same dimension.</summary>
public enum Dimension
{
    /// <summary>Electric energy (kWh, MWh).</summary>
    Electricity,

    /// <summary>Volume (L, kL, m³, 千m³; 1 kL = 1 m³).</summary>
    Volume,

    /// <summary>Mass (kg, t).</summary>
    Mass,

    /// <summary>Heat (GJ).</summary>
    Heat,

    /// <summary>Passenger distance (人km).</summary>
    PassengerKm,

    /// <summary>Nights of lodging (人泊).</summary>
    Night,

    /// <summary>Money (円, 千円, 百万円): spend-based Scope 3.</summary>
    Money,

    /// <summary>Freight (t-km, トンキロ).</summary>
    TonneKm,

    /// <summary>Person-days (出張日数, 通勤日数).</summary>
    PersonDay,

    /// <summary>Person-years (従業員数 × 年).</summary>
    PersonYear,
}

/// <summary>A unit of activity data.</summary>
public sealed record Unit(string Code, string Label, Dimension Dimension, decimal PerBase)
{
    /// <summary>kWh (base of electricity).</summary>
    public static readonly Unit KWh = new("kWh", "kWh", Dimension.Electricity, 1m);
    public static readonly Unit MWh = new("MWh", "MWh", Dimension.Electricity, 1000m);

    /// <summary>L (base of volume): 1 kL = 1 m³ = 1,000 L.</summary>
    public static readonly Unit L = new("L", "L", Dimension.Volume, 1m);
    public static readonly Unit KL = new("kL", "kL", Dimension.Volume, 1000m);
    public static readonly Unit M3 = new("m3", "m³", Dimension.Volume, 1000m);
    public static readonly Unit ThousandM3 = new("千m3", "千m³", Dimension.Volume, 1_000_000m);

    /// <summary>Nm³ (0 ℃, 1 atm) expressed in litres at 25 ℃: 1,000 × 298.15 / 273.15.</summary>
    public static readonly Unit NormalM3 = new("Nm3", "Nm³", Dimension.Volume, 1000m * 29815m / 27315m);
    public static readonly Unit ThousandNormalM3 = new("千Nm3", "千Nm³", Dimension.Volume, 1_000_000m * 29815m / 27315m);

    /// <summary>kg (base of mass).</summary>
    public static readonly Unit Kg = new("kg", "kg", Dimension.Mass, 1m);
    public static readonly Unit T = new("t", "t", Dimension.Mass, 1000m);
    public static readonly Unit GJ = new("GJ", "GJ", Dimension.Heat, 1m);
    public static readonly Unit PersonKm = new("人km", "人km", Dimension.PassengerKm, 1m);
    public static readonly Unit Night = new("人泊", "人泊", Dimension.Night, 1m);
    public static readonly Unit Yen = new("円", "円", Dimension.Money, 1m);
    public static readonly Unit ThousandYen = new("千円", "千円", Dimension.Money, 1000m);
    public static readonly Unit MillionYen = new("百万円", "百万円", Dimension.Money, 1_000_000m);
    public static readonly Unit TonneKm = new("tkm", "t・km", Dimension.TonneKm, 1m);
    public static readonly Unit PersonDay = new("人日", "人日", Dimension.PersonDay, 1m);
    public static readonly Unit PersonYear = new("人年", "人・年", Dimension.PersonYear, 1m);

    public static readonly IReadOnlyList<Unit> All = [KWh, MWh, L, KL, M3, ThousandM3, NormalM3, ThousandNormalM3, Kg, T, GJ, PersonKm, Night, Yen, ThousandYen, MillionYen, TonneKm, PersonDay, PersonYear];

    /// <summary>Reads 「kWh」「ｋＬ」「m³」「千㎥」「トン」… after NFKC; null when unknown.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Unit? unit)
    {
        var t = JapaneseText.Nfkc(text)?.Trim().Replace("³", "3", StringComparison.Ordinal) ?? "";
        unit = t.ToUpperInvariant() switch
        {
            "KWH" => KWh,
            "MWH" => MWh,
            "L" or "リットル" or "ℓ" => L,
            "KL" or "キロリットル" => KL,
            "M3" or "立方メートル" => M3,
            "千M3" or "1000M3" => ThousandM3,
            "NM3" or "ノルマル立方メートル" => NormalM3,
            "千NM3" or "1000NM3" => ThousandNormalM3,
            "円" => Yen,
            "千円" => ThousandYen,
            "百万円" => MillionYen,
            "TKM" or "T・KM" or "T-KM" or "トンキロ" => TonneKm,
            "人日" => PersonDay,
            "人年" or "人・年" => PersonYear,
            "KG" or "キログラム" => Kg,
            "T" or "トン" => T,
            "GJ" => GJ,
            "人KM" => PersonKm,
            "人泊" or "泊" => Night,
            _ => null,
        };
        return unit is not null;
    }

    /// <summary>Converts an amount in this unit into <paramref name="target"/> exactly.</summary>
    /// <exception cref="InvalidOperationException">The units measure different things.</exception>
    public decimal ConvertTo(decimal quantity, Unit target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Dimension != Dimension)
        {
            throw new InvalidOperationException($"単位「{Label}」を「{target.Label}」に換算できません（量の種類が違います）。");
        }

        return quantity * PerBase / target.PerBase;
    }

    public override string ToString() => Label;
}
