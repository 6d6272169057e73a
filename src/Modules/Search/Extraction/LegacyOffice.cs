// doc/xls/ppt (OLE2 Office 97–2003), Ichitaro .jtd and others LibreOffice reads: through catdoc's
// tools when installed, otherwise LibreOffice headless converting to OpenDocument, which the
// managed reader then reads. Each LibreOffice run gets a private profile folder, so parallel
// conversions never share (and never corrupt) a user profile.
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Extraction;

internal static class LegacyOffice
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.Ordinal) { "doc", "xls", "ppt", "jtd", "jtdc", "jttc", "jaw", "jbw", "juw", "wk3", "sxw", "sxc", "sxi" };

    public static Extracted Extract(string path, string extension, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? text = null;
        // Each arm is explicitly nullable: a bare `default` in `c ? (a, b) : default` is a (null, null) tuple, not "no tool".
        (string, string[])? none = null;
        var tool = extension switch
        {
            "doc" => ExternalTools.PathOf("catdoc") is { } catdoc ? (catdoc, new[] { "-d", "utf-8", "-w", path })
                : ExternalTools.PathOf("antiword") is { } antiword ? (antiword, new[] { "-m", "UTF-8.txt", path }) : none,
            // xls2csv garbles Japanese strings of Excel's shared string table (seen on a LibreOffice-written .xls: some cells
            // came out as unrelated CJK/Hangul, others empty), so LibreOffice reads .xls whenever it is installed.
            "xls" => ExternalTools.PathOf("soffice") is null && ExternalTools.PathOf("xls2csv") is { } xls2csv ? (xls2csv, new[] { "-d", "utf-8", "-q", "0", path }) : none,
            "ppt" => ExternalTools.PathOf("catppt") is { } catppt ? (catppt, new[] { "-d", "utf-8", path }) : none,
            _ => none,
        };
        if (tool is { } t)
        {
            var (code, output) = ExternalTools.Run(t.Item1, t.Item2, timeout, cancellationToken);
            if (code == 0 && output.Trim().Length > 0)
            {
                text = output;
            }
        }

        if (extension is "jtd" or "jtdc" or "jttc" or "jaw" or "jbw" or "juw" && ExternalTools.PathOf("soffice") is not null && !ExternalTools.LibreOfficeReadsIchitaro)
        {
            return Extracted.NameOnly("このサーバーの LibreOffice には一太郎の読み込み機能（フィルタ）がないため、ファイル名だけで検索できます。");
        }

        if (text is null && ExternalTools.PathOf("soffice") is { } soffice)
        {
            text = ViaLibreOffice(soffice, path, extension, timeout, cancellationToken);
        }

        if (text is null)
        {
            return tool is null && ExternalTools.PathOf("soffice") is null
                ? Extracted.NameOnly($"「.{extension}」形式の本文を読むツール（{(extension is "jtd" or "jtdc" or "jttc" ? "LibreOffice" : "catdoc または LibreOffice")}）がサーバーにないため、ファイル名だけで検索できます。")
                : Extracted.Failed($"「.{extension}」形式の本文を読み取れませんでした（パスワード保護か、壊れている可能性があります）。");
        }

        return new Extracted(ExtractionStatus.Indexed, text, null);
    }

    internal static string? ViaLibreOffice(string soffice, string path, string extension, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = extension switch { "xls" or "wk3" or "sxc" => "ods", "ppt" or "sxi" => "odp", _ => "odt" };
        var work = Directory.CreateTempSubdirectory("osakadx-soffice-").FullName;
        try
        {
            // A copy under an ASCII name: LibreOffice then never touches the original (no lock file next to it).
            var copy = System.IO.Path.Combine(work, "in." + extension);
            using (var source = TextExtractor.OpenShared(path))
            using (var destination = File.Create(copy))
            {
                source.CopyTo(destination);
            }

            var profile = new Uri(System.IO.Path.Combine(work, "profile")).AbsoluteUri;
            var (code, _) = ExternalTools.Run(soffice, ["--headless", "--norestore", "--nolockcheck", $"-env:UserInstallation={profile}", "--convert-to", target, "--outdir", work, copy], timeout, cancellationToken, work);
            var converted = System.IO.Path.Combine(work, "in." + target);
            return code == 0 && File.Exists(converted) ? OpenDocument.Read(converted, cancellationToken) : null;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // a killed soffice may still hold a file for a moment; the temp folder is cleaned by the OS
            }
        }
    }
}
