using System.Globalization;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>補助率 of a 積算 line: a fraction (1/2, 2/3, 3/4, 10/10 …) of the line's amount paid by 国 or 府.</summary>
public static class SubsidyRate
{
    /// <summary>The share in whole yen, cut down (a subsidy is never over-counted): ⌊金額 × 分子 ÷ 分母⌋.</summary>
    public static long Share(long amount, int numerator, int denominator) => (long)((Int128)amount * numerator / denominator);

    /// <summary>Null when the rate is acceptable (all three empty, or a source with 1 ≤ 分子 ≤ 分母 ≤ 100); else the reason.</summary>
    public static string? Check(SubsidySource? source, int? numerator, int? denominator)
    {
        if (source is null && numerator is null && denominator is null)
        {
            return null;
        }

        if (source is null || !Enum.IsDefined(source.Value))
        {
            return "は国か府かを選んでください。";
        }

        if (numerator is not { } n || denominator is not { } d)
        {
            return "は「1/2」のように分数で入力してください。";
        }

        return d is < 1 or > 100 || n < 1 || n > d ? "の分母は1～100、分子は1から分母までです（例：1/2、2/3、10/10）。" : null;
    }

    /// <summary>"国 1/2".</summary>
    public static string Display(SubsidySource? source, int? numerator, int? denominator) =>
        source is null || numerator is null || denominator is null ? ""
            : $"{(source == SubsidySource.National ? "国" : "府")} {numerator.Value.ToString(CultureInfo.InvariantCulture)}/{denominator.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads "1/2", "１／２", "10/10", "50%" (→ 1/2 only when exact in hundredths); false when it cannot.</summary>
    public static bool TryParse(string? text, out int numerator, out int denominator)
    {
        numerator = denominator = 0;
        var t = OsakaDx.Platform.Text.JapaneseText.Nfkc(text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (t.EndsWith('%') && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            numerator = percent;
            denominator = 100;
            return percent is >= 1 and <= 100;
        }

        var parts = t.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out numerator)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out denominator);
    }
}
