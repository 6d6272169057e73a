using OsakaDx.Modules.Search.Extraction;

namespace OsakaDx.Search.Tests;

/// <summary>
/// A test of an optional external tool: skipped, with the reason, when the server does not have it —
/// except with OSAKADX_REQUIRE_TOOLS=1 (set by .ci/run, which installs the tools): then it runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => t == "tesseract-jpn" ? !ExternalTools.OcrAvailable : ExternalTools.PathOf(t) is null).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("OSAKADX_REQUIRE_TOOLS") != "1")
        {
            Skip = $"{string.Join(", ", missing)} がないため省略（apt-get install poppler-utils tesseract-ocr tesseract-ocr-jpn で実行されます）。";
        }
    }
}
