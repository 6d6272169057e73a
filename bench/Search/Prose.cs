// The prose pool: real Japanese paragraphs from Debian's Japanese documentation (installed by setup.sh),
// tags, roff macros and code blocks stripped, cached in the work folder as one paragraph per line.
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OsakaDx.Search.Bench;

internal static partial class Prose
{
    private static readonly string[] HtmlRoots =
    [
        "/usr/share/debian-reference",          // debian-reference-ja: *.ja.html
        "/usr/share/doc/maint-guide-ja/html",   // maint-guide-ja
        "/usr/share/developers-reference/ja",   // developers-reference-ja
        "/usr/share/doc/aptitude/html/ja",      // aptitude-doc-ja
    ];

    private const string ManRoot = "/usr/share/man/ja"; // manpages-ja

    /// <summary>The pool, read from the cache in <paramref name="work"/> or built from the installed packages.</summary>
    public static string[] Load(string work)
    {
        var cache = Path.Combine(work, "prose.txt");
        if (File.Exists(cache))
        {
            return File.ReadAllLines(cache, Encoding.UTF8);
        }

        var paragraphs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string raw)
        {
            var text = WebUtility.HtmlDecode(Spaces().Replace(raw, " ")).Trim();
            text = CjkGap().Replace(CjkGap().Replace(text, "$1$2"), "$1$2"); // a line break inside a Japanese sentence is not a space
            if (text.Length is >= 25 and <= 1200 && MostlyJapanese(text) && FitsShiftJis(text) && seen.Add(text))
            {
                paragraphs.Add(text);
            }
        }

        foreach (var root in HtmlRoots.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".html", StringComparison.Ordinal) && !f.Contains("/_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var html = File.ReadAllText(file, Encoding.UTF8);
                html = CodeBlocks().Replace(html, " ");
                foreach (Match m in HtmlParagraphs().Matches(html))
                {
                    Add(Tags().Replace(m.Groups[1].Value, ""));
                }
            }
        }

        if (Directory.Exists(ManRoot))
        {
            foreach (var file in Directory.EnumerateFiles(ManRoot, "*.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var reader = new StreamReader(gz, Encoding.UTF8);
                var current = new StringBuilder();
                var inCode = false;
                foreach (var line in reader.ReadToEnd().Split('\n'))
                {
                    if (line.StartsWith(".nf", StringComparison.Ordinal) || line.StartsWith(".EX", StringComparison.Ordinal))
                    {
                        inCode = true;
                    }
                    else if (line.StartsWith(".fi", StringComparison.Ordinal) || line.StartsWith(".EE", StringComparison.Ordinal))
                    {
                        inCode = false;
                        continue;
                    }

                    // A macro or an empty line ends a paragraph; font macros (.B, .I, .BR...) carry words of the sentence.
                    if (line.Length == 0 || line.StartsWith('.') || line.StartsWith('\''))
                    {
                        var fontMacro = FontMacro().Match(line);
                        if (fontMacro.Success && !inCode)
                        {
                            current.Append(fontMacro.Groups[1].Value.Replace("\"", "", StringComparison.Ordinal));
                            continue;
                        }

                        if (current.Length > 0)
                        {
                            Add(RoffEscapes().Replace(current.ToString(), ""));
                            current.Clear();
                        }

                        continue;
                    }

                    if (!inCode)
                    {
                        current.Append(line).Append('\n');
                    }
                }

                if (current.Length > 0)
                {
                    Add(RoffEscapes().Replace(current.ToString(), ""));
                }
            }
        }

        if (paragraphs.Count < 1000)
        {
            throw new InvalidOperationException($"日本語の文章が見つかりません（{paragraphs.Count} 段落）。先に sudo sh bench/Search/setup.sh で日本語文書のパッケージ（manpages-ja、debian-reference-ja など）を入れてください。");
        }

        Directory.CreateDirectory(work);
        File.WriteAllLines(cache + ".tmp", paragraphs, new UTF8Encoding(false));
        File.Move(cache + ".tmp", cache, overwrite: true);
        return [.. paragraphs];
    }

    /// <summary>At least 60 % of the letters are kana or kanji (man pages and guides mix in commands and options).</summary>
    private static bool MostlyJapanese(string text)
    {
        int japanese = 0, letters = 0;
        foreach (var c in text)
        {
            if (IsJapanese(c))
            {
                japanese++;
                letters++;
            }
            else if (char.IsLetterOrDigit(c))
            {
                letters++;
            }
        }

        return letters > 0 && japanese >= letters * 0.6 && text.Contains('。', StringComparison.Ordinal);
    }

    public static bool IsJapanese(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u4E00' and <= '\u9FFF') or '々';

    /// <summary>csv and some txt are Shift_JIS: the pool keeps only text that encodes without loss.</summary>
    private static bool FitsShiftJis(string text)
    {
        try
        {
            _ = OsakaDx.Modules.Search.Extraction.JapaneseEncodings.ShiftJis.GetByteCount(text);
            _ = OsakaDx.Modules.Search.Extraction.JapaneseEncodings.EucJp.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"<(?:pre|code|tt|kbd|screen|script|style)\b[^>]*>.*?</(?:pre|code|tt|kbd|screen|script|style)>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CodeBlocks();

    [GeneratedRegex(@"<(?:p|li|dd|td)\b[^>]*>(.*?)</(?:p|li|dd|td)>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlParagraphs();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"([\u3000-\u30FF\u4E00-\u9FFF、。）」]) ([\u3000-\u30FF\u4E00-\u9FFF（「])")]
    private static partial Regex CjkGap();

    [GeneratedRegex(@"^\.(?:B|I|BR|RB|IR|RI|BI|IB|SM|SB)\s+(.*)$")]
    private static partial Regex FontMacro();

    [GeneratedRegex(@"\\f(?:\[[^\]]*\]|\(..|.)|\\\(..|\\[&\-e|^ ]|\\s[-+]?\d")]
    private static partial Regex RoffEscapes();
}
