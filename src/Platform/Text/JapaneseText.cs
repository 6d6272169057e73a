// Citizens type the same name in many shapes (ｵｵｻｶ, オオサカ, おおさか, full-width Latin);
// these helpers make such input comparable without each module reinventing the tables.
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OsakaDx.Platform.Text;

/// <summary>Normalization helpers for Japanese text.</summary>
public static class JapaneseText
{
    // Half-width katakana U+FF61..U+FF9D in code point order, mapped to their full-width forms.
    private const string HalfWidthKanaTargets =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    private const char HalfWidthFirst = '\uFF61';
    private const char HalfWidthDakuten = '\uFF9E';
    private const char HalfWidthHandakuten = '\uFF9F';

    /// <summary>Unicode NFKC: full-width ASCII to half width, half-width kana to full width, "㋿" to "令和".</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Nfkc(string? text) => text?.Normalize(NormalizationForm.FormKC);

    /// <summary>Full-width ASCII (Ａ, １, ！) to half width and the ideographic space to a space; leaves kana alone.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? ToHalfWidthAscii(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        });
    }

    /// <summary>Half-width katakana to full width, joining sound marks: "ｶﾞ" → "ガ", "ﾊﾟ" → "パ", "ｳﾞ" → "ヴ".</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? ToFullWidthKatakana(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is HalfWidthDakuten or HalfWidthHandakuten)
            {
                // Canonical composition knows exactly which kana take which mark (ウ+゛ → ヴ, ワ+゛ → ヷ),
                // so it replaces a hand-written table and cannot drift from Unicode.
                var combining = c == HalfWidthDakuten ? '\u3099' : '\u309A';
                if (builder.Length > 0)
                {
                    var composed = string.Concat(builder[^1].ToString(), combining.ToString())
                        .Normalize(NormalizationForm.FormC);
                    if (composed.Length == 1)
                    {
                        builder[^1] = composed[0];
                        continue;
                    }
                }

                builder.Append(c == HalfWidthDakuten ? '゛' : '゜');
            }
            else if (c is >= HalfWidthFirst and < HalfWidthDakuten)
            {
                builder.Append(HalfWidthKanaTargets[c - HalfWidthFirst]);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Hiragana to katakana ("ゔ" → "ヴ"); "ー" and everything else is left alone.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? HiraganaToKatakana(string? text) => ShiftKana(text, toKatakana: true);

    /// <summary>Katakana to hiragana ("ヴ" → "ゔ"); kana without a hiragana form (ヷ, ヺ) and "ー" stay.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? KatakanaToHiragana(string? text) => ShiftKana(text, toKatakana: false);

    /// <summary>Collapses every run of whitespace (including "　") into one space and trims the ends.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? NormalizeWhitespace(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A key for matching search input: NFKC, invariant lower case, katakana as hiragana and single
    /// spaces, so "ｵｵｻｶ　Ｃｉｔｙ" and "おおさか city" fold to the same string. Null folds to "".
    /// </summary>
    public static string FoldForSearch(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return NormalizeWhitespace(KatakanaToHiragana(Nfkc(text).ToLowerInvariant()));
    }

    private static string? ShiftKana(string? text, bool toKatakana)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        return string.Create(text.Length, (text, toKatakana), static (span, state) =>
        {
            var (source, katakana) = state;
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];

                // The two blocks are laid out in parallel 0x60 apart: ぁ..ゖ ↔ ァ..ヶ and ゝゞ ↔ ヽヾ.
                span[i] = katakana
                    ? c is (>= 'ぁ' and <= 'ゖ') or 'ゝ' or 'ゞ' ? (char)(c + 0x60) : c
                    : c is (>= 'ァ' and <= 'ヶ') or 'ヽ' or 'ヾ' ? (char)(c - 0x60) : c;
            }
        });
    }
}
