// はい/いいえ and the keypad 1/2. 「結構です」 can mean either, so it is not understood (ask for 1 or 2).
namespace OsakaDx.Modules.Talk.Dates;

public enum Answer
{
    Unknown,
    Yes,
    No,
}

public static class YesNo
{
    private static readonly string[] NoWords = ["いいえ", "いえ", "いや", "イヤ", "違います", "違う", "ちがいます", "ちがう", "やめ", "だめ", "ダメ", "キャンセル", "no"];
    private static readonly string[] YesWords = ["はい", "ええ", "うん", "そうです", "そう", "お願いします", "おねがいします", "お願い", "大丈夫", "だいじょうぶ", "合って", "あって", "それで", "オッケー", "ハイ", "ok", "yes"];

    // Hesitations: 「ええと」 starts with ええ but is not a yes.
    private static readonly string[] Fillers = ["ええっと", "えーっと", "ええと", "えーと", "えっと", "あのー", "うーん"];

    public static Answer Parse(string utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var s = utterance.Normalize(System.Text.NormalizationForm.FormKC).Trim().Trim('。', '、', '!', '?', '.', ' ').ToLowerInvariant();
        foreach (var filler in Fillers)
        {
            s = s.Replace(filler, "", StringComparison.Ordinal);
        }

        s = s.Trim().Trim('。', '、', ',', ' ');
        if (s is "1" or "一" or "いち")
        {
            return Answer.Yes;
        }

        if (s is "2" or "二" or "に")
        {
            return Answer.No;
        }

        if (s.Contains("結構", StringComparison.Ordinal) || s.Contains("けっこう", StringComparison.Ordinal))
        {
            return Answer.Unknown;
        }

        if (NoWords.Any(w => s.StartsWith(w, StringComparison.Ordinal)) || s.Contains("じゃない", StringComparison.Ordinal) || s.Contains("ではない", StringComparison.Ordinal) || s.Contains('違', StringComparison.Ordinal))
        {
            return Answer.No;
        }

        return YesWords.Any(w => s.Contains(w, StringComparison.Ordinal)) ? Answer.Yes : Answer.Unknown;
    }
}
