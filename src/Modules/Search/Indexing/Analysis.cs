// Japanese analysis without a dictionary: NFKC happens at extraction, then width and kana folding
// and CJK bigrams, so that 空港 finds 関西国際空港 (a word splitter keeps that compound whole and misses it).
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
        }

        return true;
    }
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

internal static class SearchAnalyzers
{
    public static Analyzer Create()
    {
        var bigram = new JapaneseBigramAnalyzer();
        var names = new NameGramAnalyzer();
        return new PerFieldAnalyzerWrapper(bigram, new Dictionary<string, Analyzer>
        {
            [IndexFields.NameGram] = names,
            [IndexFields.PathGram] = names,
        });
    }
}

/// <summary>Escapes only what HTML needs (&amp; &lt; &gt; &quot;), leaving Japanese as text rather than numeric entities.</summary>
internal sealed class MinimalHtmlEncoder : Lucene.Net.Search.Highlight.IEncoder
{
    public string EncodeText(string originalText) => System.Web.HttpUtility.HtmlEncode(originalText);
}
