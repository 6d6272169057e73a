// Zip archives: every entry's name (staff remember 「あのzipの中の様式」), and the text of entries
// in formats we read. Hostile archives are bounded: entry count, inflated size per entry and in
// total, compression ratio (a zip bomb inflates a thousandfold) and nesting depth.
using System.IO.Compression;
using System.Text;
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Extraction;

internal static class ZipContents
{
    public const int MaxDepth = 2;
    public const int MaxEntries = 10_000;
    public const long MaxEntryBytes = 50L * 1024 * 1024;
    public const long MaxTotalBytes = 200L * 1024 * 1024;
    public const int MaxRatio = 200;

    public static Extracted Read(string path, int depth, CancellationToken cancellationToken)
    {
        using var stream = TextExtractor.OpenShared(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: JapaneseEncodings.ShiftJisLenient);
        if (zip.Entries.Count > MaxEntries)
        {
            return Extracted.Failed($"zipの中のファイルが多すぎます（{zip.Entries.Count:N0}件、上限{MaxEntries:N0}件）。圧縮爆弾の疑いがあるため、本文は読んでいません。");
        }

        var text = new StringBuilder();
        long total = 0;
        var skipped = new List<string>();
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.AppendLine(entry.FullName);
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            var name = entry.Name;
            var extension = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
            if (!TextExtractor.Supports(extension) || entry.Length == 0)
            {
                continue;
            }

            if (entry.Length > MaxEntryBytes || (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxRatio) || total + entry.Length > MaxTotalBytes)
            {
                skipped.Add(entry.FullName);
                continue;
            }

            if (extension == "zip" && depth >= MaxDepth)
            {
                skipped.Add(entry.FullName);
                continue;
            }

            total += entry.Length;
            var temp = Path.Combine(Path.GetTempPath(), $"osakadx-zip-{Guid.NewGuid():N}.{extension}");
            try
            {
                using (var input = entry.Open())
                using (var output = File.Create(temp))
                {
                    // Copy at most what the header claims: a lying header cannot inflate more than that.
                    CopyBounded(input, output, entry.Length);
                }

                var inner = TextExtractor.Extract(temp, extension, entry.Length, MaxEntryBytes, depth + 1, cancellationToken);
                if (inner.Status == ExtractionStatus.Indexed)
                {
                    text.AppendLine(inner.Text);
                }
            }
            finally
            {
                File.Delete(temp);
            }

            if (text.Length > TextExtractor.MaxChars)
            {
                break;
            }
        }

        return skipped.Count == 0
            ? new Extracted(ExtractionStatus.Indexed, text.ToString(), null)
            : new Extracted(ExtractionStatus.Indexed, text.ToString(), $"zipの中の{skipped.Count}件（{string.Join("、", skipped.Take(3))}{(skipped.Count > 3 ? "…" : "")}）は、大きすぎる・圧縮率が異常・入れ子が深すぎるため本文を読んでいません。");
    }

    private static void CopyBounded(Stream input, Stream output, long limit)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - copied + 1))) > 0)
        {
            copied += read;
            if (copied > limit)
            {
                throw new InvalidDataException("zipの中のファイルが、見出しに書かれた大きさより大きく展開されました（改ざんの疑い）。");
            }

            output.Write(buffer, 0, read);
        }
    }
}
