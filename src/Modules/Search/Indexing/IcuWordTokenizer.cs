// ICU word segmentation for the ranking field, without the process-wide lock of Lucene.Net's
// ICUTokenizer (see docs/adr/0013-we-own-the-icu-word-tokenizer.md).
using ICU4N;
using ICU4N.Globalization;
using ICU4N.Support.Text;
using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Icu.Segmentation;
using Lucene.Net.Analysis.Icu.TokenAttributes;
using Lucene.Net.Analysis.TokenAttributes;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// Words by ICU segmentation: the text is cut into script runs, each run is broken by the config's
/// break iterator for its script, and the pieces with a word rule status become tokens. Gives the
/// same tokens as Lucene.Net's <c>ICUTokenizer</c> with the same <see cref="ICUTokenizerConfig"/>
/// (term, offsets, type, script code), checked by <c>IcuWordTokenizerTests</c>, but takes no lock:
/// Lucene.Net's takes one static lock for every tokenizer in the process, a workaround for break
/// iterator clones that shared state in ICU4N before 60.1.0-alpha.438. Each instance here owns its
/// break iterators (the config hands out clones) and its buffer, so instances on different threads
/// share nothing mutable.
/// </summary>
/// <remarks>
/// The input is read in chunks of 4,096 characters, as <c>ICUTokenizer</c> reads it, because the chunk
/// edges change tokens: a chunk is segmented up to its last white space (the rest goes on to the next
/// chunk), or whole if it has none, which cuts a token that runs over the edge. Keeping the same rule
/// keeps the same tokens for long texts and memory bounded for huge ones.
/// </remarks>
internal sealed class IcuWordTokenizer : Tokenizer
{
    private const int ChunkLength = 4096;

    private readonly char[] chunk = new char[ChunkLength];

    // Characters in the chunk; of them, those segmented now (up to a safe end); characters of the
    // input before the chunk's first, for offsets.
    private int filled;
    private int usable;
    private int consumed;

    private readonly ICUTokenizerConfig config;
    private readonly ScriptRuns runs;
    private readonly RunBreaker?[] breakers = new RunBreaker?[1 + UChar.GetIntPropertyMaxValue(UProperty.Script)];
    private RunBreaker breaker;

    private readonly IOffsetAttribute offsetAttribute;
    private readonly ICharTermAttribute termAttribute;
    private readonly ITypeAttribute typeAttribute;
    private readonly IScriptAttribute scriptAttribute;

    public IcuWordTokenizer(TextReader input, ICUTokenizerConfig config)
        : base(input)
    {
        // Same attributes in the same order as ICUTokenizer, so captured states and reflection match.
        offsetAttribute = AddAttribute<IOffsetAttribute>();
        termAttribute = AddAttribute<ICharTermAttribute>();
        typeAttribute = AddAttribute<ITypeAttribute>();
        scriptAttribute = AddAttribute<IScriptAttribute>();
        this.config = config;
        runs = new ScriptRuns(config.CombineCJ);
        breaker = Segment(0);
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        if (filled == 0)
        {
            Refill();
        }

        while (!NextWordInChunk())
        {
            Refill();
            if (filled == 0)
            {
                return false; // the input is exhausted
            }
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        filled = usable = consumed = 0;
        breaker = Segment(0);
    }

    public override void End()
    {
        base.End();
        var finalOffset = CorrectOffset(consumed + filled);
        offsetAttribute.SetOffset(finalOffset, finalOffset);
    }

    /// <summary>
    /// Moves the unsegmented rest of the chunk to its front, fills the chunk up from the input and
    /// starts segmenting it: up to just after its last white space while the input has more, else whole.
    /// </summary>
    private void Refill()
    {
        consumed += usable;
        var carried = filled - usable;
        Array.Copy(chunk, usable, chunk, 0, carried);
        var wanted = chunk.Length - carried;
        var read = ReadFully(carried, wanted);
        filled = carried + read;
        usable = read < wanted ? filled : SafeEnd();
        breaker = Segment(usable);
    }

    private int ReadFully(int at, int count)
    {
        var total = 0;
        while (total < count)
        {
            var read = m_input.Read(chunk, at + total, count - total);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Just after the chunk's last white space (ICU's definition), or the whole chunk when it has none.</summary>
    private int SafeEnd()
    {
        for (var i = filled - 1; i >= 0; i--)
        {
            if (UChar.IsWhiteSpace(chunk[i]))
            {
                return i + 1;
            }
        }

        return filled; // no white space in a whole chunk: a token across its end is cut there
    }

    /// <summary>Starts segmenting the chunk's first <paramref name="length"/> characters; returns the first run's breaker.</summary>
    private RunBreaker Segment(int length)
    {
        runs.Reset(chunk, length);
        if (runs.MoveNext())
        {
            return StartRun();
        }

        var empty = BreakerFor(UScript.Common);
        empty.SetText(chunk, 0, 0);
        return empty;
    }

    private RunBreaker StartRun()
    {
        var next = BreakerFor(runs.Script);
        next.SetText(chunk, runs.Start, runs.Limit - runs.Start);
        return next;
    }

    private RunBreaker BreakerFor(int script) =>
        breakers[script] ??= new RunBreaker(config.GetBreakIterator(script));

    /// <summary>The current boundary in chunk coordinates, or <see cref="BreakIterator.Done"/>.</summary>
    private int CurrentBoundary()
    {
        var current = breaker.Current;
        return current == BreakIterator.Done ? BreakIterator.Done : runs.Start + current;
    }

    /// <summary>The next boundary in chunk coordinates, going on into the next script run when this one is done.</summary>
    private int NextBoundary()
    {
        var next = breaker.Next();
        while (next == BreakIterator.Done && runs.MoveNext())
        {
            breaker = StartRun();
            next = breaker.Next();
        }

        return next == BreakIterator.Done ? BreakIterator.Done : runs.Start + next;
    }

    /// <summary>The next piece with a word status (not white space or punctuation) of the segmented part, if any.</summary>
    private bool NextWordInChunk()
    {
        var start = CurrentBoundary();
        if (start == BreakIterator.Done)
        {
            return false;
        }

        var end = NextBoundary();
        while (end != BreakIterator.Done && breaker.Status == BreakIterator.WordNone)
        {
            start = end;
            end = NextBoundary();
        }

        if (end == BreakIterator.Done)
        {
            return false;
        }

        termAttribute.CopyBuffer(chunk, start, end - start);
        offsetAttribute.SetOffset(CorrectOffset(consumed + start), CorrectOffset(consumed + end));
        typeAttribute.Type = config.GetType(runs.Script, breaker.Status);
        scriptAttribute.Code = runs.Script;
        return true;
    }

    /// <summary>
    /// Cuts a stretch of text into runs of one script (UAX #24 style, no paired punctuation): Common and
    /// Inherited characters join the run they stand in and take its script, a non-spacing mark never
    /// starts a new run, and with <c>combineCJ</c> Han, Hiragana and Katakana are one script (Japanese)
    /// while full-width digits count as Latin, so they stay out of the dictionary breaker.
    /// </summary>
    private sealed class ScriptRuns
    {
        private static readonly int[] AsciiScripts = Enumerable.Range(0, 128).Select(UScript.GetScript).ToArray();

        private readonly bool combineCJ;
        private char[] text = [];
        private int limit;
        private int index;

        public ScriptRuns(bool combineCJ)
        {
            this.combineCJ = combineCJ;
        }

        public int Start { get; private set; }

        public int Limit { get; private set; }

        public int Script { get; private set; }

        /// <summary>Runs over the first <paramref name="length"/> characters of <paramref name="text"/>.</summary>
        public void Reset(char[] text, int length)
        {
            this.text = text;
            limit = length;
            index = 0;
            Start = Limit = 0;
            Script = UScript.InvalidCode;
        }

        public bool MoveNext()
        {
            if (Limit >= limit)
            {
                return false;
            }

            Start = Limit;
            Script = UScript.Common;
            while (index < limit)
            {
                // ICU's reading of a code point: a lone surrogate is itself, a pair is one code point.
                var c = UTF16.CharAt(text.AsSpan(0, limit), index);
                var script = ScriptOf(c);
                var joins = Script <= UScript.Inherited || script <= UScript.Inherited || script == Script
                    || UChar.GetUnicodeCategory(c) == UUnicodeCategory.NonSpacingMark;
                if (!joins)
                {
                    break;
                }

                index += UTF16.GetCharCount(c);
                if (Script <= UScript.Inherited && script > UScript.Inherited)
                {
                    Script = script;
                }
            }

            Limit = index;
            return true;
        }

        private int ScriptOf(int c)
        {
            if (c < AsciiScripts.Length)
            {
                return AsciiScripts[c];
            }

            var script = UScript.GetScript(c);
            if (!combineCJ)
            {
                return script;
            }

            if (script is UScript.Han or UScript.Hiragana or UScript.Katakana)
            {
                return UScript.Japanese;
            }

            return c is >= 0xFF10 and <= 0xFF19 ? UScript.Latin : script;
        }
    }

    /// <summary>
    /// One script's break iterator over one run of the chunk, with the status of the piece it last
    /// stepped over: the iterator's rule status, or <see cref="ICUTokenizerConfig.EMOJI_SEQUENCE_STATUS"/>
    /// when the piece starts with an emoji (a keycap base or ©®™ only with a presentation selector or keycap after it).
    /// </summary>
    private sealed class RunBreaker
    {
        private static readonly UnicodeSet Emoji = new UnicodeSet("[[:Emoji:]]").Freeze();
        private static readonly UnicodeSet EmojiOnlyInSequence = new UnicodeSet("[*#0-9\u00A9\u00AE\u2122\u3030\u303D]").Freeze();

        private readonly RuleBasedBreakIterator iterator;
        private readonly CharSlice slice = new();
        private char[] text = [];
        private int start;

        public RunBreaker(RuleBasedBreakIterator iterator)
        {
            this.iterator = iterator;
        }

        /// <summary>The current boundary, relative to the run's start.</summary>
        public int Current => iterator.Current;

        public int Status { get; private set; }

        public void SetText(char[] text, int start, int length)
        {
            this.text = text;
            this.start = start;
            slice.Reset(text, start, length);
            iterator.SetText(slice);
            Status = BreakIterator.WordNone;
        }

        /// <summary>The next boundary relative to the run's start, or <see cref="BreakIterator.Done"/>.</summary>
        public int Next()
        {
            var from = iterator.Current;
            var to = iterator.Next();
            Status = to != BreakIterator.Done && StartsWithEmoji(start + from, start + to)
                ? ICUTokenizerConfig.EMOJI_SEQUENCE_STATUS
                : iterator.RuleStatus;
            return to;
        }

        private bool StartsWithEmoji(int begin, int end)
        {
            var c = UTF16.CharAt(text.AsSpan(0, end), begin);
            if (!Emoji.Contains(c))
            {
                return false;
            }

            if (!EmojiOnlyInSequence.Contains(c))
            {
                return true;
            }

            var after = begin + UTF16.GetCharCount(c);
            return after < end && (text[after] is '\uFE0F' or '\u20E3');
        }
    }

    /// <summary>A reusable <see cref="CharacterIterator"/> over part of a char array, its indexes counted from the part's start.</summary>
    private sealed class CharSlice : CharacterIterator
    {
        private char[] text = [];
        private int start;
        private int length;
        private int index;

        public void Reset(char[] text, int start, int length)
        {
            this.text = text;
            this.start = start;
            this.length = length;
            index = start;
        }

        public override char Current => index == start + length ? Done : text[index];

        public override int BeginIndex => 0;

        public override int EndIndex => length;

        public override int Index => index - start;

        public override char First()
        {
            index = start;
            return Current;
        }

        public override char Last()
        {
            index = length == 0 ? start : start + length - 1;
            return Current;
        }

        public override char Next()
        {
            if (index + 1 >= start + length)
            {
                index = start + length;
                return Done;
            }

            index++;
            return Current;
        }

        public override char Previous()
        {
            if (index - 1 < start)
            {
                index = start;
                return Done;
            }

            index--;
            return Current;
        }

        public override char SetIndex(int location)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(location);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(location, length);
            index = start + location;
            return Current;
        }

        public override object Clone()
        {
            var copy = new CharSlice();
            copy.Reset(text, start, length);
            copy.index = index;
            return copy;
        }
    }
}
