// Japanese analysis without a dictionary: NFKC happens at extraction, then width and kana folding
// and CJK bigrams, so that 空港 finds 関西国際空港 (a word splitter keeps that compound whole and misses it).
using System.Collections.Frozen;
using System.Text;
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
/// <c>runEdgesOnly</c> keeps, of the unigrams, only a CJK run's first and last characters (the content
/// field, where they are all a phrase needs, see <see cref="RunEdgeUnigramFilter"/>); names and
/// highlighting keep them all.
/// </summary>
internal sealed class JapaneseBigramAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly bool runEdgesOnly;

    public JapaneseBigramAnalyzer(bool runEdgesOnly = false)
    {
        this.runEdgesOnly = runEdgesOnly;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader) { MaxTokenLength = 255 };
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new KanaFoldFilter(stream);
        stream = new CJKBigramFilter(stream, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, outputUnigrams: true);
        if (runEdgesOnly)
        {
            stream = new RunEdgeUnigramFilter(stream);
        }

        return new TokenStreamComponents(source, stream);
    }
}

/// <summary>
/// Drops the unigrams inside a CJK run and keeps its first and last character's, positions unchanged
/// (a dropped token's increment passes to the next). A phrase needs only those: its own bigrams
/// cover every character of a run of two or more, and a lone character at the query's start or end
/// stands at the end or start of the document's run (第3回 in の第3回会議). About a third less to
/// index than every unigram; a one-character query reads the character field instead.
/// </summary>
internal sealed class RunEdgeUnigramFilter : TokenFilter
{
    private const string Single = CJKBigramFilter.SINGLE_TYPE;
    private const string Double = CJKBigramFilter.DOUBLE_TYPE;

    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private readonly ITypeAttribute type;
    private readonly IPositionIncrementAttribute increment;

    // A unigram right after a bigram is held until the next token shows whether a bigram starts at
    // it (inside the run: dropped) or not (the run's last character: emitted, the next token kept
    // as a captured state, once per run, so no state is captured for the unigrams inside).
    private readonly char[] held = new char[2];
    private int heldLength;
    private int heldStart;
    private int heldEnd;
    private int heldIncrement;
    private bool holding;
    private State? pending;
    private bool exhausted;
    private bool previousWasBigram;
    private int carried;

    public RunEdgeUnigramFilter(TokenStream input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
        type = AddAttribute<ITypeAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        while (true)
        {
            if (pending is not null)
            {
                RestoreState(pending);
                pending = null;
            }
            else if (exhausted || !m_input.IncrementToken())
            {
                exhausted = true;
                if (holding)
                {
                    EmitHeld();
                    return true;
                }

                return false;
            }

            if (holding)
            {
                if (type.Type == Double && increment.PositionIncrement == 0)
                {
                    holding = false;
                    carried += heldIncrement;
                    previousWasBigram = true;
                    Emit();
                    return true;
                }

                pending = CaptureState();
                EmitHeld();
                return true;
            }

            if (type.Type == Single && previousWasBigram && term.Length <= held.Length)
            {
                heldLength = term.Length;
                Array.Copy(term.Buffer, held, heldLength);
                heldStart = offset.StartOffset;
                heldEnd = offset.EndOffset;
                heldIncrement = increment.PositionIncrement;
                holding = true;
                previousWasBigram = false;
                continue;
            }

            previousWasBigram = type.Type == Double;
            Emit();
            return true;
        }
    }

    private void Emit()
    {
        if (carried > 0)
        {
            increment.PositionIncrement += carried;
            carried = 0;
        }
    }

    private void EmitHeld()
    {
        ClearAttributes();
        term.CopyBuffer(held, 0, heldLength);
        offset.SetOffset(heldStart, heldEnd);
        type.Type = Single;
        increment.PositionIncrement = heldIncrement + carried;
        carried = 0;
        holding = false;
        previousWasBigram = false;
    }

    public override void Reset()
    {
        base.Reset();
        holding = false;
        pending = null;
        exhausted = false;
        previousWasBigram = false;
        carried = 0;
    }
}

/// <summary>The content's character field: every CJK character, katakana folded to hiragana like the bigram fields.</summary>
internal sealed class CjkCharAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var characters = new CjkCharTokenizer(reader);
        return new TokenStreamComponents(characters, new KanaFoldFilter(characters));
    }
}

/// <summary>
/// Every CJK character (kana, kanji, hangul) of an already NFKC-normalized text as its own token,
/// without the standard tokenizer's cost: the content's character field, which keeps no positions.
/// </summary>
internal sealed class CjkCharTokenizer : Tokenizer
{
    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private readonly ITypeAttribute type;
    private string text = "";
    private int position;

    public CjkCharTokenizer(TextReader input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
        type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        while (position < text.Length)
        {
            var start = position;
            Rune.DecodeFromUtf16(text.AsSpan(position), out var rune, out var length); // a lone surrogate: U+FFFD, one char
            position += length;
            if (IsCjk(rune.Value))
            {
                ClearAttributes();
                var buffer = term.ResizeBuffer(2);
                buffer[0] = text[start];
                if (length == 2)
                {
                    buffer[1] = text[start + 1];
                }

                term.Length = length;
                offset.SetOffset(CorrectOffset(start), CorrectOffset(position));
                type.Type = CJKBigramFilter.SINGLE_TYPE;
                return true;
            }
        }

        return false;
    }

    internal static bool IsCjk(int c) =>
        c is (>= 0x3041 and <= 0x309F) or (>= 0x30A0 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF)
            or 0x3005 or 0x3007 or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x3FFFF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F);

    public override void Reset()
    {
        base.Reset();
        text = m_input.ReadToEnd();
        position = 0;
    }

    public override void End()
    {
        base.End();
        offset.SetOffset(CorrectOffset(text.Length), CorrectOffset(text.Length));
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
/// (空港 inside 関西国際空港 is still found through the bigram field). The segmentation is our
/// <see cref="IcuWordTokenizer"/>, the same tokens as Lucene.Net's ICUTokenizer without its
/// process-wide lock (ADR 0013).
/// </summary>
internal sealed class JapaneseWordAnalyzer : Analyzer
{
    /// <summary>The segmentation's config: dictionary words for Han and kana, Myanmar by syllable.</summary>
    internal static readonly Lucene.Net.Analysis.Icu.Segmentation.ICUTokenizerConfig Config =
        new Lucene.Net.Analysis.Icu.Segmentation.DefaultICUTokenizerConfig(cjkAsWords: true, myanmarAsWords: false);

    /// <summary>
    /// ICU4N's dictionary break engine keeps process-wide state that the first Japanese text it breaks decides
    /// (ICU4N issue #100): if that text starts with ー (as a line can, e.g. "バ" + line break + "ージョン"), ージョン
    /// stays one word for the life of the process; after any ordinary text it is ージ / ョン. So two processes
    /// (the server that built the index, the CLI that queries it) could cut the same word differently. Breaking an
    /// ordinary text before anything else puts every process in the same, usual state (ADR 0013).
    /// </summary>
    static JapaneseWordAnalyzer() => Warm();

    private static void Warm()
    {
        using var tokenizer = new IcuWordTokenizer(new StringReader("関西国際空港の予算"), Config);
        tokenizer.Reset();
        while (tokenizer.IncrementToken())
        {
        }

        tokenizer.End();
    }

    /// <summary>The terms this analyzer gives a text, in order (tests and diagnostics).</summary>
    internal static List<string> Words(string text)
    {
        using var analyzer = new JapaneseWordAnalyzer();
        using var stream = analyzer.GetTokenStream(IndexFields.ContentWords, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        var words = new List<string>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }

        stream.End();
        return words;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new IcuWordTokenizer(reader, Config);
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
            [IndexFields.Content] = new JapaneseBigramAnalyzer(runEdgesOnly: true),
            [IndexFields.ContentChars] = new CjkCharAnalyzer(),
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
