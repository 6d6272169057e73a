using OsakaDx.Modules.Search.Extraction;

namespace OsakaDx.Search.Tests;

/// <summary>A test of an optional external tool: skipped, with the reason, when the server does not have it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => t == "tesseract-jpn" ? !ExternalTools.OcrAvailable : ExternalTools.PathOf(t) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} がないため省略（apt-get install poppler-utils tesseract-ocr tesseract-ocr-jpn catdoc で実行されます）。";
        }
    }
}
