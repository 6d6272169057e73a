// Turns the ways people and speech recognisers write numbers into ASCII digits: full-width
// digits (NFKC), kanji numerals (十四, 二十日, 〇), and the kana readings of days, months and
// hours that a recogniser may return (ついたち, はつか, じゅうよじ, くがつ).
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OsakaDx.Modules.Talk.Dates;

public static partial class JapaneseNumbers
{
    private static readonly (string Kana, string Text)[] Readings = BuildReadings();

    /// <summary>NFKC, kana readings to digits, kanji numerals to digits, spaces and commas removed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Normalize(NormalizationForm.FormKC);
        s = s.Replace(" ", "", StringComparison.Ordinal).Replace("、", "", StringComparison.Ordinal)
            .Replace(",", "", StringComparison.Ordinal).Replace("。", "", StringComparison.Ordinal);
        s = ToHiragana(s);
        foreach (var (kana, replacement) in Readings)
        {
            s = s.Replace(kana, replacement, StringComparison.Ordinal);
        }

        s = Gannen().Replace(s, "${era}1年");
        s = KanjiNumber().Replace(s, m => KanjiToInt(m.Value).ToString(CultureInfo.InvariantCulture));
        return s;
    }

    /// <summary>Value of a kanji numeral up to 9999: 十四 = 14, 二十 = 20, 百五 = 105, 二〇二六 = 2026.</summary>
    public static int KanjiToInt(string kanji)
    {
        ArgumentNullException.ThrowIfNull(kanji);
        if (!kanji.Any(c => c is '十' or '百' or '千'))
        {
            // Digit by digit: 二〇二六.
            var v = 0;
            foreach (var c in kanji)
            {
                v = (v * 10) + Digit(c);
            }

            return v;
        }

        var total = 0;
        var current = 0;
        foreach (var c in kanji)
        {
            switch (c)
            {
                case '十': total += (current == 0 ? 1 : current) * 10; current = 0; break;
                case '百': total += (current == 0 ? 1 : current) * 100; current = 0; break;
                case '千': total += (current == 0 ? 1 : current) * 1000; current = 0; break;
                default: current = Digit(c); break;
            }
        }

        return total + current;
    }

    private static int Digit(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => 0,
    };

    public static string ToHiragana(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'ァ' and <= 'ヶ')
            {
                chars[i] = (char)(chars[i] - 0x60);
            }
        }

        return new string(chars);
    }

    private static (string, string)[] BuildReadings()
    {
        var list = new List<(string, string)>
        {
            ("きょう", "今日"), ("ほんじつ", "本日"), ("しあさって", "3日後"), ("あさって", "明後日"),
            ("あした", "明日"), ("あす", "明日"), ("みょうにち", "明日"), ("みょうごにち", "明後日"),
            ("らいしゅう", "来週"), ("さらいしゅう", "再来週"), ("こんしゅう", "今週"), ("こんど", "今度"),
            ("らいげつ", "来月"), ("こんげつ", "今月"), ("ごご", "午後"), ("ごぜん", "午前"), ("しょうご", "正午"),
            ("れいわ", "令和"), ("へいせい", "平成"), ("はん", "半"),
            ("げつようび", "月曜日"), ("かようび", "火曜日"), ("すいようび", "水曜日"), ("もくようび", "木曜日"),
            ("きんようび", "金曜日"), ("どようび", "土曜日"), ("にちようび", "日曜日"),
            ("ついたち", "1日"), ("ふつか", "2日"), ("みっか", "3日"), ("よっか", "4日"), ("いつか", "5日"),
            ("むいか", "6日"), ("なのか", "7日"), ("ようか", "8日"), ("ここのか", "9日"), ("とおか", "10日"),
            ("はつか", "20日"), ("じゅうよっか", "14日"), ("にじゅうよっか", "24日"),
        };
        string[] units = ["", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"];
        string[] hours = ["", "いち", "に", "さん", "よ", "ご", "ろく", "しち", "はち", "く"];
        string[] months = ["", "いち", "に", "さん", "し", "ご", "ろく", "しち", "はち", "く"];
        for (var n = 1; n <= 24; n++)
        {
            var tens = n / 10;
            var prefix = tens switch { 0 => "", 1 => "じゅう", _ => units[tens] + "じゅう" };
            var one = n % 10;
            list.Add((prefix + hours[one] + "じ", n.ToString(CultureInfo.InvariantCulture) + "時"));
            if (one is 4 or 7 or 9)
            {
                list.Add((prefix + units[one] + "じ", n.ToString(CultureInfo.InvariantCulture) + "時"));
            }

            if (n <= 12)
            {
                list.Add((prefix + months[one] + "がつ", n.ToString(CultureInfo.InvariantCulture) + "月"));
            }

        }

        for (var n = 11; n <= 31; n++)
        {
            var tens = n / 10;
            var prefix = tens == 1 ? "じゅう" : units[tens] + "じゅう";
            if (n is not 14 and not 20 and not 24)
            {
                list.Add((prefix + units[n % 10] + "にち", n.ToString(CultureInfo.InvariantCulture) + "日"));
            }
        }

        list.Add(("しちじ", "7時"));
        list.Add(("じゅうじ", "10時"));
        list.Add(("さんじゅっぷん", "30分"));
        list.Add(("じゅっぷん", "10分"));
        list.Add(("じっぷん", "10分"));

        // Longest first, so じゅうよじ wins over よじ and しあさって over あさって.
        return [.. list.Where(p => p.Item1.Length > 0).DistinctBy(p => p.Item1).OrderByDescending(p => p.Item1.Length)];
    }

    [GeneratedRegex("(?<era>令和|平成)元年")]
    private static partial Regex Gannen();

    [GeneratedRegex("[〇零一二三四五六七八九十百千]+")]
    private static partial Regex KanjiNumber();
}
