// Reads the text of the office documents city staff keep on their shares. Every failure becomes
// a Japanese reason on the catalogue entry: one bad file must never stop a crawl.
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OsakaDx.Modules.Search.Data;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace OsakaDx.Modules.Search.Extraction;

/// <summary>What the extractor got out of one file.</summary>
internal sealed record Extracted(ExtractionStatus Status, string Text, string? Reason)
{
    public static Extracted NameOnly(string reason) => new(ExtractionStatus.NameOnly, "", reason);

    public static Extracted Failed(string reason) => new(ExtractionStatus.Failed, "", reason);
}

internal static partial class TextExtractor
{
    /// <summary>Text kept per file: enough for any document staff write; a hostile file cannot exhaust memory.</summary>
    public const int MaxChars = 2_000_000;

    private static readonly HashSet<string> PlainText = new(StringComparer.Ordinal) { "txt", "csv", "tsv", "md", "log", "json", "ini" };
    private static readonly HashSet<string> Markup = new(StringComparer.Ordinal) { "html", "htm", "xml", "xhtml" };

    public static bool Supports(string extension) =>
        PlainText.Contains(extension) || Markup.Contains(extension) || extension is "docx" or "xlsx" or "xlsm" or "docm" or "pptx" or "pdf" or "rtf" or "zip" ||
        OpenDocument.Extensions.Contains(extension) || LegacyOffice.Extensions.Contains(extension) || Ocr.ImageExtensions.Contains(extension);

    /// <summary>Type label for facets and the result list.</summary>
    public static string TypeOf(string extension, bool folder) => folder ? "フォルダ" : extension switch
    {
        "docx" or "docm" or "doc" or "rtf" or "odt" => "Word",
        "jtd" or "jtdc" or "jttc" or "jaw" or "jbw" or "juw" => "一太郎",
        "xlsx" or "xls" or "xlsm" or "ods" => "Excel",
        "pptx" or "ppt" or "odp" => "PowerPoint",
        "pdf" => "PDF",
        "txt" or "md" or "log" => "テキスト",
        "csv" or "tsv" => "CSV",
        "html" or "htm" or "xhtml" => "HTML",
        "xml" or "json" => "データ",
        "jpg" or "jpeg" or "png" or "gif" or "tif" or "tiff" or "bmp" => "画像",
        "zip" or "lzh" or "7z" => "圧縮",
        _ => "その他",
    };

    /// <param name="cancellationToken">The crawler's per-file time limit: external tools are killed, long loops stop.</param>
    /// <param name="depth">Nesting depth inside zip archives (0 = a file on the share).</param>
    public static Extracted Extract(string path, string extension, long size, long maxBytes, int depth = 0, CancellationToken cancellationToken = default)
    {
        if (!Supports(extension))
        {
            return Extracted.NameOnly("本文の抽出に対応していない形式です（ファイル名とフォルダ名で検索できます）。");
        }

        if (size > maxBytes)
        {
            return Extracted.NameOnly($"ファイルサイズ（{FormatSize(size)}）が上限（{FormatSize(maxBytes)}）を超えるため、本文は索引していません（ファイル名で検索できます）。");
        }

        if (size == 0)
        {
            return Extracted.NameOnly("空のファイルです。");
        }

        if (Ocr.ImageExtensions.Contains(extension))
        {
            return Ocr.CanOcr(extension)
                ? new Extracted(ExtractionStatus.OcrPending, "", "文字認識（OCR）待ちです。巡回の最後に処理します。")
                : Extracted.NameOnly("画像です。文字認識（OCR）のツールがサーバーにないため、ファイル名だけで検索できます。");
        }

        try
        {
            if (extension == "zip")
            {
                return ZipContents.Read(path, depth, cancellationToken);
            }

            if (LegacyOffice.Extensions.Contains(extension))
            {
                var legacy = LegacyOffice.Extract(path, extension, TimeSpan.FromMinutes(5), cancellationToken);
                return legacy.Status == ExtractionStatus.Indexed ? Finish(legacy.Text, extension) : legacy;
            }

            var text = extension switch
            {
                "docx" or "docm" => OfficeOpenXml.Docx(path, cancellationToken),
                "xlsx" or "xlsm" => OfficeOpenXml.Xlsx(path, cancellationToken),
                "pptx" => OfficeOpenXml.Pptx(path, cancellationToken),
                "pdf" => Pdf(path, cancellationToken),
                "rtf" => RtfReader.Read(Encoding.Latin1.GetString(ReadAll(path)), cancellationToken),
                _ when OpenDocument.Extensions.Contains(extension) => OpenDocument.Read(path, cancellationToken),
                _ when Markup.Contains(extension) => StripMarkup(DecodeText(ReadAll(path))),
                _ => DecodeText(ReadAll(path)),
            };
            return Finish(text, extension);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            return Extracted.Failed($"本文の抽出を中止しました（{Shorten(ex.Message)}）。");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Extracted.Failed($"本文を読むツールを起動できませんでした（{Shorten(ex.Message)}）。");
        }
        catch (PdfDocumentEncryptedException)
        {
            return Extracted.Failed("パスワードで保護されたPDFのため、本文を読み取れません。");
        }
        catch (Exception ex) when (IsEncryptedOffice(path, extension))
        {
            _ = ex;
            return Extracted.Failed("パスワードで保護（暗号化）されたOfficeファイルのため、本文を読み取れません。");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Extracted.Failed($"ファイルを開けませんでした（{ex.GetType().Name}: {Shorten(ex.Message)}）。");
        }
#pragma warning disable CA1031 // parsers of untrusted files throw anything; each becomes the file's recorded reason
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Extracted.Failed($"ファイルが壊れているか形式が正しくないため、本文を読み取れません（{ex.GetType().Name}: {Shorten(ex.Message)}）。");
        }
    }

    private static Extracted Finish(string text, string extension)
    {
        text = Clean(text);
        if (text.Length > 0)
        {
            return new Extracted(ExtractionStatus.Indexed, text, null);
        }

        if (extension == "pdf")
        {
            return Ocr.CanOcr("pdf")
                ? new Extracted(ExtractionStatus.OcrPending, "", "PDFに文字情報がありません（スキャン画像）。文字認識（OCR）待ちです。巡回の最後に処理します。")
                : Extracted.NameOnly("PDFに文字情報がありません（スキャン画像の可能性があります）。文字認識（OCR）のツールがサーバーにないため、ファイル名だけで検索できます。");
        }

        return Extracted.NameOnly("本文に文字がありません。");
    }

    /// <summary>The same cleaning as every extractor's output (NFKC, no control characters, capped), for OCR results.</summary>
    public static string CleanText(string text) => Clean(text);

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GB",
    };

    /// <summary>Opens for reading only and lets others keep writing, renaming or deleting: the crawler never gets in a clerk's way.</summary>
    public static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);

    private static byte[] ReadAll(string path)
    {
        using var stream = OpenShared(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS (CP932) or EUC-JP. Valid UTF-8 wins;
    /// otherwise both Japanese legacy encodings are tried strictly and the one that yields more
    /// kana and kanji (and fewer half-width kana, the usual sign of a wrong guess) is taken.
    /// </summary>
    public static string DecodeText(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return (bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(bytes, 2, bytes.Length - 2);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var sjis = TryDecode(JapaneseEncodings.ShiftJis, bytes);
        var euc = TryDecode(JapaneseEncodings.EucJp, bytes);
        return (sjis, euc) switch
        {
            (not null, null) => sjis,
            (null, not null) => euc,
            (not null, not null) => JapaneseScore(euc) > JapaneseScore(sjis) ? euc : sjis,
            _ => JapaneseEncodings.ShiftJisLenient.GetString(bytes),
        };
    }

    private static string? TryDecode(Encoding encoding, byte[] bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int JapaneseScore(string text)
    {
        var score = 0;
        foreach (var c in text)
        {
            if (c is (>= 'ぁ' and <= 'ゖ') or (>= 'ァ' and <= 'ヶ') or (>= '\u4E00' and <= '\u9FFF') or '。' or '、')
            {
                score += 2;
            }
            else if (c is >= '\uFF61' and <= '\uFF9F')
            {
                score -= 3;
            }
        }

        return score;
    }

    private static string StripMarkup(string html)
    {
        var withoutScripts = ScriptOrStyle().Replace(html, " ");
        var text = Tag().Replace(withoutScripts, " ");
        return WebUtility.HtmlDecode(text);
    }

    private static string Pdf(string path, CancellationToken cancellationToken)
    {
        using var stream = OpenShared(path);
        using var pdf = PdfDocument.Open(stream);
        var text = new StringBuilder();
        if (pdf.Information.Title is { Length: > 0 } title)
        {
            text.AppendLine(title);
        }

        foreach (var page in pdf.GetPages())
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.AppendLine(page.Text);
            if (text.Length > MaxChars)
            {
                break;
            }
        }

        return text.ToString();
    }

    /// <summary>An encrypted docx/xlsx/pptx is not a zip at all but an OLE compound file (D0 CF 11 E0).</summary>
    private static bool IsEncryptedOffice(string path, string extension)
    {
        if (extension is not ("docx" or "xlsx" or "pptx" or "docm" or "xlsm"))
        {
            return false;
        }

        try
        {
            using var stream = OpenShared(path);
            Span<byte> head = stackalloc byte[4];
            return stream.Read(head) == 4 && head is [0xD0, 0xCF, 0x11, 0xE0];
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>NFKC (so full-width digits and half-width kana match their usual forms), control characters out, capped.</summary>
    private static string Clean(string text)
    {
        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
        }

        text = text.Replace('\0', ' ');
        try
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Unpaired surrogates from a damaged file: keep the text as it is rather than lose it.
        }

        return text.Trim();
    }

    private static string Shorten(string message) => message.Length > 150 ? message[..150] + "…" : message;

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex("<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tag();
}

/// <summary>The legacy Japanese encodings, strict (throwing) for detection, lenient for a last resort.</summary>
internal static class JapaneseEncodings
{
    // Initializers run in order: the provider must be registered before the first lookup.
    private static readonly bool Registered = Register();

    public static Encoding ShiftJis { get; } = Get(932, strict: true);

    public static Encoding EucJp { get; } = Get(51932, strict: true);

    public static Encoding ShiftJisLenient { get; } = Get(932, strict: false);

    private static bool Register()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }

    private static Encoding Get(int codePage, bool strict) => Registered && strict
        ? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        : Encoding.GetEncoding(codePage);
}
