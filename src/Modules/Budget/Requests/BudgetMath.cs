// The arithmetic of a request, in one place so that pages, API, documents and tests agree.
// Everything is whole yen in long with overflow checked; 千円 appears only on output.
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Requests;

/// <summary>財源内訳: the 特定財源 given, 一般財源 derived as 事業費 − 特定財源.</summary>
public readonly record struct Funding(long National, long Prefectural, long Bonds, long OtherSpecific)
{
    public long Specific => checked(National + Prefectural + Bonds + OtherSpecific);

    /// <summary>一般財源 = 事業費 − 特定財源. Negative means the 特定財源 exceed the cost: refused on save.</summary>
    public long GeneralFunds(long projectCost) => checked(projectCost - Specific);
}

public static class BudgetMath
{
    /// <summary>Largest amount a line or a request may reach: 1兆円, far above any one Osaka project.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    /// <summary>単価 × 数量 × 回数, or null when the product leaves the allowed range.</summary>
    public static long? LineAmount(long unitPrice, long quantity, long times)
    {
        try
        {
            var amount = checked(unitPrice * quantity * times);
            return amount is >= 0 and <= MaxAmount ? amount : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// 千円 amounts for printing, under which the printed parts add up to the printed total.
    /// The total is the exact yen total rounded half up to 千円 (<see cref="Yen.ToThousandYen"/>);
    /// each part is first cut down to whole 千円, and the thousands still missing are given, one
    /// each, to the parts with the largest cut-off remainders (earlier part first on a tie): the
    /// largest-remainder method. A part is therefore never more than 1千円 away from its own
    /// rounding, and no "調整" line is needed. Parts must not be negative.
    /// </summary>
    public static (long[] Parts, long Total) ToThousandYen(IReadOnlyList<long> yen)
    {
        ArgumentNullException.ThrowIfNull(yen);
        var parts = new long[yen.Count];
        var remainders = new long[yen.Count];
        long exact = 0;
        long floors = 0;
        for (var i = 0; i < yen.Count; i++)
        {
            if (yen[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(yen), "千円への丸めは0円以上の金額だけを扱います。");
            }

            exact = checked(exact + yen[i]);
            parts[i] = yen[i] / 1000;
            remainders[i] = yen[i] % 1000;
            floors += parts[i];
        }

        var total = new Yen(exact).ToThousandYen();
        var missing = total - floors;
        foreach (var i in Enumerable.Range(0, yen.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)missing))
        {
            parts[i]++;
        }

        return (parts, total);
    }

    /// <summary>
    /// Splits a 千円 total that is already fixed (e.g. a 目 total made of its rounded 節) among parts
    /// given in yen, so that the parts add up to it exactly: each part is cut down to whole 千円, then
    /// the difference is given one 千円 at a time to the parts with the largest cut-off remainders (or,
    /// when the target is below the sum of the cuts, taken from the parts with the smallest
    /// remainders that still have something). Parts must not be negative.
    /// </summary>
    public static long[] Apportion(IReadOnlyList<long> yen, long targetThousand)
    {
        ArgumentNullException.ThrowIfNull(yen);
        var parts = new long[yen.Count];
        if (yen.Count == 0)
        {
            return parts;
        }

        var remainders = new long[yen.Count];
        long floors = 0;
        for (var i = 0; i < yen.Count; i++)
        {
            var v = Math.Max(0, yen[i]);
            parts[i] = v / 1000;
            remainders[i] = v % 1000;
            floors += parts[i];
        }

        var missing = targetThousand - floors;
        var up = Enumerable.Range(0, yen.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var k = 0; missing > 0; k = (k + 1) % up.Length, missing--)
        {
            parts[up[k]]++;
        }

        var down = Enumerable.Range(0, yen.Count).OrderBy(i => remainders[i]).ThenByDescending(i => i).ToArray();
        for (var k = 0; missing < 0 && parts.Any(p => p > 0); k = (k + 1) % down.Length)
        {
            if (parts[down[k]] > 0)
            {
                parts[down[k]]--;
                missing++;
            }
        }

        return parts;
    }
}
