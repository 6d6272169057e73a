// Digits said one by one, the way phone numbers and reference numbers are read on the phone:
// 「ゼロ ろく の ろくなな…」, 「れーいちにー」, 「まる」, 「よん/し」, 「なな/しち」, 「きゅう/く」, 「の」 for
// the hyphen. Anything that is not a digit word or a filler makes the whole answer not understood
// (「お願いします」 must not turn its し into a 4).
using System.Text;

namespace OsakaDx.Modules.Talk.Dates;

public static class SpokenDigits
{
    private static readonly (string Word, char Digit)[] Words =
    [
        ("ぜろ", '0'), ("れい", '0'), ("れー", '0'), ("まる", '0'), ("〇", '0'), ("零", '0'),
        ("いち", '1'), ("一", '1'), ("きゅう", '9'), ("きゅー", '9'), ("く", '9'), ("九", '9'),
        ("にい", '2'), ("にー", '2'), ("に", '2'), ("二", '2'), ("さん", '3'), ("三", '3'),
        ("よん", '4'), ("し", '4'), ("四", '4'), ("ごお", '5'), ("ごー", '5'), ("ご", '5'), ("五", '5'),
        ("ろく", '6'), ("六", '6'), ("なな", '7'), ("しち", '7'), ("七", '7'), ("はち", '8'), ("八", '8'),
    ];

    private static readonly string[] Fillers =
    [
        "お願いします", "おねがいします", "です", "電話番号は", "でんわばんごうは", "予約番号は", "よやくばんごうは", "番号は", "ばんごうは", "えーと", "えっと",
    ];

    /// <summary>The digits said, or null when the answer holds anything else.</summary>
    public static string? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = JapaneseNumbers.ToHiragana(text.Normalize(NormalizationForm.FormKC));
        foreach (var f in Fillers)
        {
            s = s.Replace(f, " ", StringComparison.Ordinal);
        }

        var digits = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
                i++;
                continue;
            }

            if (c is ' ' or '　' or '-' or 'ー' or '、' or '。' or ',' or '.' or 'の' or '(' or ')')
            {
                i++;
                continue;
            }

            // Longest word first: しち before し, きゅう before く.
            var match = Words.Where(w => string.CompareOrdinal(s, i, w.Word, 0, w.Word.Length) == 0).OrderByDescending(w => w.Word.Length).FirstOrDefault();
            if (match.Word is null)
            {
                return null;
            }

            digits.Append(match.Digit);
            i += match.Word.Length;
        }

        return digits.Length == 0 ? null : digits.ToString();
    }
}
