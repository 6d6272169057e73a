// OCR of scanned PDFs (no text layer) and images with Tesseract (jpn+eng), when installed. PDF
// pages are rendered by pdftoppm into a private temp folder; at most MaxPages pages are read.
using System.Text;
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Extraction;

internal static class Ocr
{
    public const int MaxPages = 30;

    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.Ordinal) { "png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif" };

    /// <summary>Whether a file of this type with no text would be worth OCR on this server.</summary>
    public static bool CanOcr(string extension) =>
        ExternalTools.OcrAvailable && (ImageExtensions.Contains(extension) || (extension == "pdf" && ExternalTools.PathOf("pdftoppm") is not null));

    public static Extracted Run(string path, string extension, CancellationToken cancellationToken)
    {
        if (!CanOcr(extension))
        {
            return Extracted.NameOnly("文字認識（OCR）のツールがサーバーにないため、ファイル名だけで検索できます。");
        }

        try
        {
            var text = extension == "pdf" ? Pdf(path, cancellationToken) : Image(path, cancellationToken);
            text = TextExtractor.CleanText(text);
            return text.Length == 0
                ? Extracted.NameOnly("文字認識（OCR）で文字が見つかりませんでした。")
                : new Extracted(ExtractionStatus.Indexed, text, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Extracted.Failed("文字認識（OCR）が制限時間内に終わらなかったため中止しました（ファイル名で検索できます）。");
        }
        catch (OperationCanceledException)
        {
            return Extracted.Failed("文字認識（OCR）が制限時間内に終わらなかったため中止しました（ファイル名で検索できます）。");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return Extracted.Failed($"文字認識（OCR）に失敗しました（{ex.Message}）。");
        }
    }

    private static string Image(string path, CancellationToken cancellationToken)
    {
        var (code, output) = ExternalTools.Run(ExternalTools.PathOf("tesseract")!, [path, "stdout", "-l", "jpn+eng"], TimeSpan.FromMinutes(10), cancellationToken, environment: SingleThread);
        return code == 0 ? output : throw new InvalidOperationException($"tesseract が終了コード {code} で終わりました");
    }

    private static string Pdf(string path, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("osakadx-ocr-").FullName;
        try
        {
            var (code, _) = ExternalTools.Run(ExternalTools.PathOf("pdftoppm")!, ["-r", "200", "-gray", "-png", "-l", MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture), path, Path.Combine(work, "page")], TimeSpan.FromMinutes(10), cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"pdftoppm が終了コード {code} で終わりました（暗号化か破損の可能性）");
            }

            var text = new StringBuilder();
            foreach (var page in Directory.GetFiles(work, "page*.png").Order(StringComparer.Ordinal))
            {
                text.AppendLine(Image(page, cancellationToken));
            }

            return text.ToString();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>OCR runs at low priority beside the crawl: one thread, so it never takes both cores.</summary>
    private static readonly Dictionary<string, string> SingleThread = new() { ["OMP_THREAD_LIMIT"] = "1" };
}
