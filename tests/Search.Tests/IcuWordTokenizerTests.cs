using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Icu.Segmentation;
using Lucene.Net.Analysis.Icu.TokenAttributes;
using Lucene.Net.Analysis.TokenAttributes;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Search.Tests;

/// <summary>
/// Our lock-free <see cref="IcuWordTokenizer"/> against Lucene.Net's ICUTokenizer with the same config:
/// the same tokens for every input, on many threads at once, and through a reused analyzer.
/// </summary>
public sealed class IcuWordTokenizerTests
{
    private const string Prose =
        "関西国際空港の第3回会議では、アクセス改善とＡＢＣ予算（令和６年度）を検討した。" +
        "ｶﾀｶﾅのﾃﾞｰﾀも、ひらがなの説明も、Search engine 2.0 と version 3.14 と 1,000円 を含む。\n" +
        "𠮷野家の㈱や①、ヴァイオリンとヷ、〆切は々と〇で。メールは info@example.jp、URL は https://example.jp/a?b=1 です。";

    private static readonly Lazy<List<string>> RandomSet = new(RandomTexts);

    // ICU's break engines are process-wide and take characters on first sight, for ICUTokenizer as for
    // ours (ICU4N issue #100: ージョン is one word until the process has broken a kana text, two after).
    // Every test starts once all its texts have been seen, so that a first sight in the middle of a
    // comparison cannot make the two sides differ.
    private static readonly Lazy<bool> AllSeen = new(() =>
    {
        foreach (var text in AllTexts())
        {
            Reference(text);
        }

        return true;
    });

    public IcuWordTokenizerTests()
    {
        _ = AllSeen.Value;
    }

    /// <summary>Inputs chosen by hand: every script and edge the ranking field meets, and the chunk edges.</summary>
    public static TheoryData<string, string> HandPicked()
    {
        var data = new TheoryData<string, string>
        {
            { "empty", "" },
            { "white space only", " \t\n\u3000 " },
            { "Japanese prose", Prose },
            { "half-width katakana", "ｱｲｳｴｵ ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟﾌﾟ ｰｰ ｺﾝﾋﾟｭｰﾀｰ" },
            { "full-width ASCII", "ＡＢＣｄｅｆ　１２３４５　Ｈｅｌｌｏ，Ｗｏｒｌｄ！　令和６年１２月" },
            { "Latin and digits", "The quick brown fox's 42 jumps, 3.14159 and 1,234,567; e-mail: a.b@c.d; C++ and .NET 10" },
            { "emoji", "今日は😀晴れ👍🏽。家族👨‍👩‍👧で🇯🇵へ。1️⃣ #️⃣ *️⃣ ©️ ® ™ 〰️ 〽 ©abc 9⃣ ☺ ☺️ ❤️‍🔥 🏳️‍🌈" },
            { "surrogates", "𠮷𩸽𠀋 𝒜𝓑 \uD800abc abc\uDC00 \uDBFF\uDFFF x\uD83D 😀\uDE00" },
            { "combining marks", "e\u0301te\u0301 か\u3099き\u3099 \u0301あ a\u20DD \u0915\u094D\u0937" },
            { "Thai", "ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำ และใช้พจนานุกรมในการตัดคำ ๑๒๓" },
            { "Myanmar", "မြန်မာဘာသာစကားသည် မြန်မာနိုင်ငံ၏ ရုံးသုံးဘာသာစကား ဖြစ်သည်။ ၁၂၃" },
            { "Korean", "한국어 텍스트 분석기는 띄어쓰기를 기준으로 단어를 나눈다. 서울특별시 2024년" },
            { "mixed scripts", "Привет мир! مرحبا بالعالم שלום Γειά σου 你好世界 ＡＩ技術とMLモデル" },
            { "no-break spaces", "関西\u00A0空港\u2007案内\u202F資料\u3000会議" },
        };

        // Whitespace-free runs longer than a chunk: Japanese (dictionary), Latin (one token cut at the
        // edge), Thai, a surrogate pair split by the chunk edge, and white space just at the edges.
        data.Add("Japanese without white space, 6,000+", Repeat("関西国際空港の利用者数は増加した。", 6_100));
        data.Add("one Latin word of 9,000", Repeat("abcdefghij", 9_000));
        data.Add("Thai without white space, 5,000+", Repeat("ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรค", 5_200));
        data.Add("pair split by the chunk edge", new string('a', 4_095) + "😀" + new string('b', 10) + " 終わり");
        data.Add("pair split, kanji", Repeat("漢字", 4_095) + "𠮷野家" + Repeat("かな", 300));
        data.Add("exactly one chunk", new string('x', 4_095) + " ");
        data.Add("exactly one chunk, no white space", Repeat("予算要求資料", 4_096));
        data.Add("one chunk and one", Repeat("予算要求資料", 4_096) + "ア");
        data.Add("white space at the chunk edge", Repeat("予算 要求 資料 ", 4_095) + "\n" + Repeat("会議録", 200));
        data.Add("two chunks exactly", Repeat("会議 ", 8_192));

        // Long texts: prose with line breaks only (as extracted documents are), and with white space.
        var longProse = new StringBuilder();
        while (longProse.Length < 12_000)
        {
            longProse.Append(Prose.Replace(" ", "", StringComparison.Ordinal)).Append('\n');
        }

        data.Add("prose 12,000 with line breaks only", longProse.ToString());
        data.Add("prose 30,000 with spaces", Repeat(Prose + " ", 30_000));
        data.Add("prose 12,000 without any white space", Repeat(Prose.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), 12_000));
        return data;
    }

    [Theory]
    [MemberData(nameof(HandPicked))]
    public void Gives_the_same_tokens_as_Lucenes_ICUTokenizer(string name, string text)
    {
        var expected = Reference(text);
        var actual = Ours(text);
        AssertSame(expected, actual, name);
    }

    [Fact]
    public void Gives_the_same_tokens_as_Lucenes_ICUTokenizer_on_seeded_random_text()
    {
        foreach (var (text, i) in RandomSet.Value.Select((t, i) => (t, i)))
        {
            AssertSame(Reference(text), Ours(text), $"random text {i}");
        }
    }

    [Fact]
    public void The_inputs_reach_the_token_types_of_this_config_and_the_chunk_edges()
    {
        // Guards the equivalence tests themselves: without these the inputs could miss the paths that matter.
        // With cjkAsWords the dictionary tags kana words ideographic, so <HIRAGANA> and <KATAKANA> never occur;
        // Thai and Myanmar come out as <ALPHANUM>.
        var all = AllTexts().Select(Ours).ToList();
        var types = all.SelectMany(run => run.Tokens).Select(token => token.Type).ToHashSet();
        Assert.Superset(new HashSet<string> { "<IDEOGRAPHIC>", "<ALPHANUM>", "<NUM>", "<EMOJI>", "<HANGUL>" }, types);
        Assert.Contains(all, run => run.Tokens.Any(token => token.Start == 4_096 || token.End == 4_096));
        Assert.Contains(all, run => run.Tokens.Any(token => token.End - token.Start == 4_096)); // a word cut by the chunk
        Assert.Contains(all, run => run.FinalOffset >= 12_000);
    }

    [Fact]
    public void Gives_the_same_offsets_as_Lucenes_ICUTokenizer_behind_a_char_filter()
    {
        const string Html = "<p>関西&amp;国際空港の<b>案内</b>&nbsp;です。&#x1F600; ｶﾀｶﾅ</p>";
        AssertSame(
            Run(new ICUTokenizer(new HTMLStripCharFilter(new StringReader(Html)), JapaneseWordAnalyzer.Config)),
            Run(new IcuWordTokenizer(new HTMLStripCharFilter(new StringReader(Html)), JapaneseWordAnalyzer.Config)),
            "HTML");
    }

    [Fact]
    public void Reads_a_reader_that_returns_a_few_characters_at_a_time_like_a_string()
    {
        var text = Repeat(Prose, 9_000);
        AssertSame(
            Run(new ICUTokenizer(new StringReader(text), JapaneseWordAnalyzer.Config)),
            Run(new IcuWordTokenizer(new TricklingReader(text), JapaneseWordAnalyzer.Config)),
            "trickling reader");
    }

    [Fact]
    public void Many_threads_with_their_own_tokenizers_give_the_sequential_tokens()
    {
        // The old static lock guarded against break iterator state shared between instances; without it,
        // any such sharing would show here as tokens of another thread's text or wrong boundaries.
        var texts = AllTexts().ToArray();
        var expected = texts.Select(Reference).ToArray();
        const int Threads = 6;
        const int Rounds = 3;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(worker => new Thread(() =>
        {
            try
            {
                // One reused instance per thread for most texts (closed between texts, as an analyzer
                // leaves it), a fresh one for every seventh.
                var tokenizer = new IcuWordTokenizer(new StringReader(""), JapaneseWordAnalyzer.Config);
                tokenizer.Dispose();
                start.SignalAndWait();
                for (var round = 0; round < Rounds; round++)
                {
                    for (var k = 0; k < texts.Length; k++)
                    {
                        var i = (k * (worker + 1) + worker * 37 + round * 11) % texts.Length; // a different order in every thread
                        TokenRun actual;
                        if (k % 7 == 0)
                        {
                            actual = Run(new IcuWordTokenizer(new StringReader(texts[i]), JapaneseWordAnalyzer.Config));
                        }
                        else
                        {
                            tokenizer.SetReader(new StringReader(texts[i]));
                            actual = Run(tokenizer);
                        }

                        if (!actual.Equals(expected[i]))
                        {
                            failures.Add($"thread {worker} round {round} text {i}");
                        }
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"thread {worker}: {e}");
            }
        })).ToList();
        workers.ForEach(thread => thread.Start());
        workers.ForEach(thread => thread.Join());

        Assert.Empty(failures);
    }

    [Fact]
    public void A_reused_word_analyzer_gives_what_fresh_analyzers_and_the_old_ICUTokenizer_chain_give()
    {
        var texts = AllTexts().Take(HandPicked().Count + 120).ToArray();
        using var reused = new JapaneseWordAnalyzer();
        for (var i = 0; i < texts.Length; i++)
        {
            // Leave every fifth stream half read: closing it must leave nothing behind for the next document.
            if (i % 5 == 4)
            {
                using var partial = reused.GetTokenStream(IndexFields.ContentWords, texts[(i * 13) % texts.Length]);
                partial.Reset();
                partial.IncrementToken();
                partial.IncrementToken();
            }

            var again = Analyze(reused, texts[i]);
            using var fresh = new JapaneseWordAnalyzer();
            using var old = new OldWordAnalyzer();
            AssertSame(Analyze(fresh, texts[i]), again, $"text {i}, fresh analyzer");
            AssertSame(Analyze(old, texts[i]), again, $"text {i}, ICUTokenizer chain");
        }
    }

    private static IEnumerable<string> AllTexts() =>
        HandPicked().Select(row => (string)row[1]).Concat(RandomSet.Value);

    private static TokenRun Reference(string text) =>
        Run(new ICUTokenizer(new StringReader(text), JapaneseWordAnalyzer.Config));

    private static TokenRun Ours(string text) =>
        Run(new IcuWordTokenizer(new StringReader(text), JapaneseWordAnalyzer.Config));

    private static TokenRun Run(Tokenizer tokenizer)
    {
        try
        {
            return Consume(tokenizer);
        }
        finally
        {
            tokenizer.Dispose();
        }
    }

    private static TokenRun Analyze(Analyzer analyzer, string text)
    {
        using var stream = analyzer.GetTokenStream(IndexFields.ContentWords, text);
        return Consume(stream);
    }

    /// <summary>Reset, every token, End: term, offsets, position increment, type and script code.</summary>
    private static TokenRun Consume(TokenStream stream)
    {
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var script = stream.AddAttribute<IScriptAttribute>();
        stream.Reset();
        var tokens = new List<Token>();
        while (stream.IncrementToken())
        {
            tokens.Add(new Token(term.ToString(), offset.StartOffset, offset.EndOffset, increment.PositionIncrement, type.Type, script.Code));
        }

        stream.End();
        return new TokenRun(tokens, offset.EndOffset);
    }

    private static void AssertSame(TokenRun expected, TokenRun actual, string name)
    {
        var at = 0;
        while (at < Math.Min(expected.Tokens.Count, actual.Tokens.Count) && expected.Tokens[at] == actual.Tokens[at])
        {
            at++;
        }

        Assert.True(
            at == expected.Tokens.Count && at == actual.Tokens.Count,
            $"{name}: token {at} of {expected.Tokens.Count} (ICUTokenizer) / {actual.Tokens.Count} (ours): " +
            $"{expected.Tokens.ElementAtOrDefault(at)} / {actual.Tokens.ElementAtOrDefault(at)}");
        Assert.True(expected.FinalOffset == actual.FinalOffset, $"{name}: final offset {expected.FinalOffset} / {actual.FinalOffset}");
    }

    private static string Repeat(string piece, int length)
    {
        var text = new StringBuilder(length + piece.Length);
        while (text.Length < length)
        {
            text.Append(piece);
        }

        return text.ToString(0, length);
    }

    /// <summary>A few hundred strings from mixed Unicode ranges, always the same (fixed seed).</summary>
    private static List<string> RandomTexts()
    {
        (int From, int To)[] ranges =
        [
            (0x20, 0x7E), (0x20, 0x20), (0x0A, 0x0A), (0x09, 0x09), (0x3000, 0x3000), (0xA0, 0xA0),
            (0x3041, 0x3096), (0x30A1, 0x30FA), (0x30FC, 0x30FC), (0xFF66, 0xFF9F), (0x4E00, 0x4FFF), (0x6000, 0x6FFF),
            (0xFF01, 0xFF5E), (0xFF10, 0xFF19), (0xAC00, 0xAD00), (0x1100, 0x1112), (0x0E01, 0x0E5B), (0x1000, 0x109F),
            (0x00C0, 0x017F), (0x0300, 0x036F), (0x3099, 0x309A), (0x0600, 0x06FF), (0x05D0, 0x05EA), (0x0400, 0x04FF),
            (0x0E81, 0x0EDF), (0x1780, 0x17FF), (0x0900, 0x097F), (0x2000, 0x206F), (0x2460, 0x24FF), (0x3200, 0x32FF),
            (0x1F300, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1F1E6, 0x1F1FF), (0x1F3FB, 0x1F3FF), (0x200D, 0x200D), (0xFE0F, 0xFE0F),
            (0x20E3, 0x20E3), (0x0023, 0x0023), (0x00A9, 0x00AE), (0x2122, 0x2122), (0x20000, 0x2A6DF), (0x1D400, 0x1D7FF),
            (0xD800, 0xDBFF), (0xDC00, 0xDFFF), (0xE000, 0xE0FF), (0xFFF0, 0xFFFF), (0x0030, 0x0039), (0x3005, 0x3007),
        ];
        var random = new Random(20_261_127);
        var texts = new List<string>();
        for (var n = 0; n < 320; n++)
        {
            // Mostly short texts; every twentieth long enough to cross one or two chunk edges, with little white space.
            var length = n % 20 == 19 ? random.Next(4_000, 9_500) : random.Next(0, 400);
            var favourites = Enumerable.Range(0, 4).Select(_ => ranges[random.Next(ranges.Length)]).ToArray();
            var text = new StringBuilder(length + 2);
            while (text.Length < length)
            {
                var (from, to) = random.Next(4) == 0 ? ranges[random.Next(ranges.Length)] : favourites[random.Next(favourites.Length)];
                var code = random.Next(from, to + 1);
                if (code > 0xFFFF)
                {
                    text.Append(char.ConvertFromUtf32(code));
                }
                else
                {
                    text.Append((char)code); // lone surrogates included on purpose
                }
            }

            texts.Add(text.ToString());
        }

        return texts;
    }

    private sealed record Token(string Term, int Start, int End, int Increment, string Type, int Script);

    private sealed record TokenRun(IReadOnlyList<Token> Tokens, int FinalOffset)
    {
        public bool Equals(TokenRun? other) =>
            other is not null && FinalOffset == other.FinalOffset && Tokens.SequenceEqual(other.Tokens);

        public override int GetHashCode() => HashCode.Combine(Tokens.Count, FinalOffset);
    }

    /// <summary>The word analyzer as it was before <see cref="IcuWordTokenizer"/>: Lucene.Net's ICUTokenizer and the same filters.</summary>
    private sealed class OldWordAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new ICUTokenizer(reader, JapaneseWordAnalyzer.Config);
            TokenStream stream = new Lucene.Net.Analysis.Cjk.CJKWidthFilter(source);
            stream = new Lucene.Net.Analysis.Icu.ICUNormalizer2Filter(stream);
            stream = new KanaFoldFilter(stream);
            return new TokenStreamComponents(source, stream);
        }
    }

    /// <summary>Returns at most seven characters a call, as a slow stream might.</summary>
    private sealed class TricklingReader(string text) : TextReader
    {
        private int position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, 7), text.Length - position);
            text.CopyTo(position, buffer, index, n);
            position += n;
            return n;
        }
    }
}
