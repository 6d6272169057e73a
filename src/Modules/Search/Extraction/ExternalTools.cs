// Legacy formats (doc/xls/ppt, Ichitaro .jtd) and OCR have no extractor on our NuGet feed, so the
// crawler uses the Debian tools when the server has them: detected once at start, listed on the
// admin page, and never required (without them such files are indexed by name, with the reason).
using System.Diagnostics;
using System.Text;

namespace OsakaDx.Modules.Search.Extraction;

/// <summary>One external program the extractor can use.</summary>
internal sealed record ExternalTool(string Name, string Purpose, string? Path, string Package)
{
    public bool Available => Path is not null;
}

internal static class ExternalTools
{
    private static readonly Lazy<IReadOnlyDictionary<string, ExternalTool>> Detected = new(Detect);

    public static IReadOnlyDictionary<string, ExternalTool> All => Detected.Value;

    public static string? PathOf(string name) => All.TryGetValue(name, out var tool) ? tool.Path : null;

    /// <summary>Tesseract with the Japanese model: OCR is only worth doing when both are there.</summary>
    public static bool OcrAvailable => PathOf("tesseract") is not null && TesseractHasJapanese.Value;

    private static readonly Lazy<bool> TesseractHasJapanese = new(() =>
    {
        if (PathOf("tesseract") is not { } tesseract)
        {
            return false;
        }

        var (code, output) = Run(tesseract, ["--list-langs"], TimeSpan.FromSeconds(10), CancellationToken.None);
        return code == 0 && output.Split('\n').Any(l => l.Trim() == "jpn");
    });

    /// <summary>
    /// Whether this LibreOffice has an Ichitaro import filter (its filter registry names one). Debian 12's
    /// LibreOffice 7.4 has none, so .jtd files are then indexed by name with that reason instead of being
    /// handed to a converter that would guess another format.
    /// </summary>
    public static bool LibreOfficeReadsIchitaro => IchitaroFilter.Value;

    private static readonly Lazy<bool> IchitaroFilter = new(() =>
    {
        if (PathOf("soffice") is not { } soffice)
        {
            return false;
        }

        try
        {
            var program = System.IO.Path.GetDirectoryName(new FileInfo(soffice).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? soffice)!;
            var registry = System.IO.Path.GetFullPath(System.IO.Path.Combine(program, "..", "share", "registry"));
            return Directory.Exists(registry) && Directory.EnumerateFiles(registry, "*.xcd")
                .Any(f => File.ReadAllText(f).Contains("Ichitaro", StringComparison.OrdinalIgnoreCase));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    });

    private static Dictionary<string, ExternalTool> Detect()
    {
        ExternalTool Tool(string name, string purpose, string package, params string[] candidates) =>
            new(name, purpose, candidates.Select(Find).FirstOrDefault(p => p is not null), package);
        var tools = new[]
        {
            Tool("catdoc", "Word 97–2003（.doc）の本文", "catdoc", "catdoc"),
            Tool("xls2csv", "Excel 97–2003（.xls）の本文", "catdoc", "xls2csv"),
            Tool("catppt", "PowerPoint 97–2003（.ppt）の本文", "catdoc", "catppt"),
            Tool("antiword", ".doc の本文（catdoc がないとき）", "antiword", "antiword"),
            Tool("soffice", "一太郎（.jtd）と、上のツールで読めない doc/xls/ppt を変換", "libreoffice-writer-nogui など", "soffice", "libreoffice"),
            Tool("tesseract", "スキャンPDF・画像の文字認識（OCR、日本語モデル jpn が必要）", "tesseract-ocr, tesseract-ocr-jpn", "tesseract"),
            Tool("pdftoppm", "スキャンPDFのページを画像にする（OCRの前処理）", "poppler-utils", "pdftoppm"),
            Tool("getcifsacl", "SMB 共有の NTFS アクセス権を読む（アクセス権の取得方法が getcifsacl の検索対象）", "cifs-utils", "getcifsacl"),
        };
        return tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    private static string? Find(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs a tool with arguments (never through a shell), returns its exit code and stdout (capped
    /// at the extractor's text limit). On timeout or cancellation the whole process tree is killed.
    /// </summary>
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? System.IO.Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} を起動できませんでした。");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var truncated = false;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                if (output.Length < TextExtractor.MaxChars)
                {
                    output.AppendLine(e.Data);
                }
                else
                {
                    truncated = true;
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            throw new OperationCanceledException($"{System.IO.Path.GetFileName(program)} が制限時間内に終わらなかったため中止しました。");
        }

        process.WaitForExit(); // drains the asynchronous readers
        _ = truncated;
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
