// Japanese analysis without a dictionary: NFKC happens at extraction, then width and kana folding
// and CJK bigrams, so that 空港 finds 関西国際空港 (a word splitter keeps that compound whole and misses it).
using System.Collections.Frozen;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// Content and name text: standard tokenizer, CJK width folding, lower case, katakana folded to
/// hiragana, then CJK bigrams with unigrams alongside (so a one-character query still finds).
/// </summary>
internal sealed class JapaneseBigramAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader) { MaxTokenLength = 255 };
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new KanaFoldFilter(stream);
        stream = new CJKBigramFilter(stream, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, outputUnigrams: true);
        return new TokenStreamComponents(source, stream);
    }
}

/// <summary>Katakana to hiragana inside each token: ファイル and ふぁいる index alike. Length-preserving, so offsets stay right.</summary>
internal sealed class KanaFoldFilter : TokenFilter
{
    private readonly ICharTermAttribute term;

    public KanaFoldFilter(TokenStream input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        var buffer = term.Buffer;
        for (var i = 0; i < term.Length; i++)
        {
            var c = buffer[i];
            if (c is (>= 'ァ' and <= 'ヶ') or 'ヽ' or 'ヾ' && c is not ('ヷ' or 'ヸ' or 'ヹ' or 'ヺ'))
            {
                buffer[i] = c is 'ヵ' or 'ヶ' ? c : (char)(c - 0x60);
            }
            else if (c >= 0x3400 && KanjiVariants.Map.TryGetValue(c, out var plain))
            {
                buffer[i] = plain;
            }
        }

        return true;
    }
}

/// <summary>
/// Old and variant kanji common in names and older documents, folded to the everyday form (one
/// character to one, so offsets stay right): 髙橋 finds 高橋, 齋藤 finds 斎藤, 大阪府立圖書館 finds 図書館.
/// </summary>
internal static class KanjiVariants
{
    public static readonly IReadOnlyDictionary<char, char> Map = new Dictionary<char, char>
    {
        ['髙'] = '高', ['﨑'] = '崎', ['嵜'] = '崎', ['邊'] = '辺', ['邉'] = '辺', ['齋'] = '斎', ['齊'] = '斉', ['澤'] = '沢',
        ['濱'] = '浜', ['國'] = '国', ['會'] = '会', ['縣'] = '県', ['廣'] = '広', ['德'] = '徳', ['榮'] = '栄', ['壽'] = '寿',
        ['驛'] = '駅', ['圖'] = '図', ['學'] = '学', ['檢'] = '検', ['證'] = '証', ['條'] = '条', ['與'] = '与', ['讀'] = '読',
        ['關'] = '関', ['發'] = '発', ['區'] = '区', ['體'] = '体', ['號'] = '号', ['總'] = '総', ['藝'] = '芸', ['實'] = '実',
        ['當'] = '当', ['豫'] = '予', ['辨'] = '弁', ['辯'] = '弁', ['瀨'] = '瀬', ['眞'] = '真', ['槇'] = '槙', ['冨'] = '富',
        ['栁'] = '柳', ['舘'] = '館', ['峯'] = '峰', ['嶋'] = '島', ['嶌'] = '島', ['廳'] = '庁', ['應'] = '応', ['醫'] = '医',
    }.ToFrozenDictionary();
}

/// <summary>
/// File and folder names: overlapping character bigrams of the whole folded name (plus the last
/// character alone), so any fragment of two or more characters matches as a phrase, in any script:
/// 「予算要求」 in 令和6年度_予算要求資料_最終版(2).xlsx, or "final" in budget_final_v2.docx.
/// </summary>
internal sealed class NameGramAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new CharBigramTokenizer(reader));

    /// <summary>The same folding as the tokenizer applies, for query text.</summary>
    public static string Fold(string text)
    {
        var folded = text.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant().ToCharArray();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (c is >= 'ァ' and <= 'ヴ')
            {
                folded[i] = (char)(c - 0x60);
            }
            else if (c >= 0x3400 && KanjiVariants.Map.TryGetValue(c, out var plain))
            {
                folded[i] = plain;
            }
        }

        return new string(folded);
    }
}

internal sealed class CharBigramTokenizer : Tokenizer
{
    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private string text = "";
    private int position;

    public CharBigramTokenizer(TextReader input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        if (position >= text.Length)
        {
            return false;
        }

        var length = position + 1 < text.Length ? 2 : 1;
        term.SetEmpty().Append(text, position, length);
        offset.SetOffset(CorrectOffset(position), CorrectOffset(position + length));
        position++;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        text = NameGramAnalyzer.Fold(m_input.ReadToEnd());
        position = 0;
    }

    public override void End()
    {
        base.End();
        offset.SetOffset(CorrectOffset(text.Length), CorrectOffset(text.Length));
    }
}

/// <summary>
/// Words for ranking: ICU word segmentation (its dictionary splits Japanese, e.g. 予算要求 / 資料),
/// width folding and NFKC case folding, katakana folded to hiragana like the bigram field. A word
/// match means the query is a whole word of the document, which ranks above a bigram-only match
/// (空港 inside 関西国際空港 is still found through the bigram field).
/// </summary>
internal sealed class JapaneseWordAnalyzer : Analyzer
{
    private static readonly Lucene.Net.Analysis.Icu.Segmentation.ICUTokenizerConfig Config =
        new Lucene.Net.Analysis.Icu.Segmentation.DefaultICUTokenizerConfig(cjkAsWords: true, myanmarAsWords: false);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new Lucene.Net.Analysis.Icu.Segmentation.ICUTokenizer(reader, Config);
        TokenStream stream = new CJKWidthFilter(source);
        stream = new Lucene.Net.Analysis.Icu.ICUNormalizer2Filter(stream);
        stream = new KanaFoldFilter(stream);
        return new TokenStreamComponents(source, stream);
    }
}

internal static class SearchAnalyzers
{
    public static Analyzer Create()
    {
        var bigram = new JapaneseBigramAnalyzer();
        var names = new NameGramAnalyzer();
        var words = new JapaneseWordAnalyzer();
        return new PerFieldAnalyzerWrapper(bigram, new Dictionary<string, Analyzer>
        {
            [IndexFields.NameGram] = names,
            [IndexFields.PathGram] = names,
            [IndexFields.ContentWords] = words,
            [IndexFields.NameWords] = words,
        });
    }
}

/// <summary>Escapes only what HTML needs (&amp; &lt; &gt; &quot;), leaving Japanese as text rather than numeric entities.</summary>
internal sealed class MinimalHtmlEncoder : Lucene.Net.Search.Highlight.IEncoder
{
    public string EncodeText(string originalText) => System.Web.HttpUtility.HtmlEncode(originalText);
}
