// A small RTF reader: enough for the text of letters and forms saved as .rtf. It follows \ansicpg
// (Japanese RTF from Word is \ansicpg932, whose \'xx bytes pair up into Shift_JIS characters),
// \uN escapes with their \ucN fallbacks, and skips destinations that are not body text.
using System.Globalization;
using System.Text;

namespace OsakaDx.Modules.Search.Extraction;

internal static class RtfReader
{
    private static readonly HashSet<string> SkippedDestinations = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata", "colorschememapping", "datastore", "latentstyles",
        "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr", "header", "footer", "fldinst", "bkmkstart", "bkmkend",
    };

    public static string Read(string rtf, CancellationToken cancellationToken = default)
    {
        if (!rtf.StartsWith("{\\rtf", StringComparison.Ordinal))
        {
            throw new InvalidDataException("RTFの先頭（{\\rtf）がありません。");
        }

        var text = new StringBuilder();
        var bytes = new List<byte>();
        var encoding = JapaneseEncodings.ShiftJisLenient;
        var stack = new Stack<(bool Skip, int Uc)>();
        var skip = false;
        var uc = 1;
        var pendingSkipChars = 0;

        void FlushBytes()
        {
            if (bytes.Count > 0)
            {
                text.Append(encoding.GetString(bytes.ToArray()));
                bytes.Clear();
            }
        }

        for (var i = 0; i < rtf.Length && text.Length < TextExtractor.MaxChars; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var c = rtf[i];
            switch (c)
            {
                case '{':
                    FlushBytes();
                    stack.Push((skip, uc));
                    break;
                case '}':
                    FlushBytes();
                    (skip, uc) = stack.Count > 0 ? stack.Pop() : (skip, uc);
                    break;
                case '\\' when i + 1 < rtf.Length:
                    var next = rtf[i + 1];
                    if (next == '\'' && i + 3 < rtf.Length)
                    {
                        if (pendingSkipChars > 0)
                        {
                            pendingSkipChars--;
                        }
                        else if (!skip && byte.TryParse(rtf.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                        {
                            bytes.Add(b);
                        }

                        i += 3;
                        break;
                    }

                    if (!char.IsAsciiLetter(next))
                    {
                        FlushBytes();
                        if (next == '*')
                        {
                            skip = true; // an ignorable destination we do not know
                        }
                        else if (!skip && next is '\\' or '{' or '}')
                        {
                            text.Append(next);
                        }
                        else if (!skip && next == '~')
                        {
                            text.Append(' ');
                        }

                        i++;
                        break;
                    }

                    var start = i + 1;
                    var end = start;
                    while (end < rtf.Length && char.IsAsciiLetter(rtf[end]))
                    {
                        end++;
                    }

                    var word = rtf[start..end];
                    var numberStart = end;
                    if (end < rtf.Length && rtf[end] == '-')
                    {
                        end++;
                    }

                    while (end < rtf.Length && char.IsAsciiDigit(rtf[end]))
                    {
                        end++;
                    }

                    int? number = end > numberStart && int.TryParse(rtf.AsSpan(numberStart, end - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
                    if (end < rtf.Length && rtf[end] == ' ')
                    {
                        end++;
                    }

                    i = end - 1;
                    FlushBytes();
                    switch (word)
                    {
                        case "ansicpg" when number is { } cp:
                            try
                            {
                                encoding = cp == 932 ? JapaneseEncodings.ShiftJisLenient : Encoding.GetEncoding(cp);
                            }
                            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
                            {
                                encoding = JapaneseEncodings.ShiftJisLenient;
                            }

                            break;
                        case "uc" when number is { } count:
                            uc = count;
                            break;
                        case "u" when number is { } code:
                            if (!skip)
                            {
                                text.Append((char)(code < 0 ? code + 65536 : code));
                            }

                            pendingSkipChars = uc;
                            break;
                        case "par" or "line" or "row" or "sect" or "page":
                            if (!skip)
                            {
                                text.AppendLine();
                            }

                            break;
                        case "tab" or "cell":
                            if (!skip)
                            {
                                text.Append(' ');
                            }

                            break;
                        default:
                            if (SkippedDestinations.Contains(word))
                            {
                                skip = true;
                            }

                            break;
                    }

                    break;
                case '\r' or '\n':
                    break;
                default:
                    if (pendingSkipChars > 0)
                    {
                        pendingSkipChars--;
                    }
                    else if (!skip)
                    {
                        FlushBytes();
                        text.Append(c);
                    }

                    break;
            }
        }

        FlushBytes();
        return text.ToString();
    }
}
