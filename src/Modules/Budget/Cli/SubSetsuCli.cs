using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Budget.Cli;

/// <summary>`budget import FILE` tells a 細節 CSV from a 予算事業 CSV by its header (a 「細節コード」 column).</summary>
internal static class SubSetsuCli
{
    public static async Task<bool> IsSubSetsuCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[4096];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        var span = head.AsSpan(0, read);
        var text = CsvEncodingDetector.Detect(span) is var encoding ? new System.Text.UTF8Encoding(false).GetString(span) : "";
        try
        {
            text = System.Text.Encoding.GetEncoding(encoding.CodePage, System.Text.EncoderFallback.ReplacementFallback, System.Text.DecoderFallback.ReplacementFallback).GetString(span);
        }
        catch (ArgumentException)
        {
            // keep the UTF-8 reading
        }

        var firstLine = text.Split('\n')[0];
        return firstLine.Contains("細節コード", StringComparison.Ordinal);
    }

    /// <summary>`budget import FILE.xlsx`: the request template, saved as the 財政局 administrator would (all or nothing).</summary>
    public static async Task<int> ImportTemplateAsync(IServiceProvider services, Stream stream, bool json, CancellationToken cancellationToken)
    {
        var system = new Requests.BudgetUser("コマンドライン", new HashSet<string>([Requests.BudgetPermissions.Admin], StringComparer.Ordinal), null);
        await using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var result = await services.GetRequiredService<Template.RequestTemplateService>().ImportAsync(system, buffer, cancellationToken);
        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, CliOutput.JsonOptions));
        }
        else if (result.Succeeded)
        {
            Console.WriteLine($"予算要求テンプレートを取り込みました（調書 {result.RequestId}）");
        }

        foreach (var e in result.Errors)
        {
            Console.Error.WriteLine(e);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{result.Errors.Count}件の誤りがあるため、何も取り込んでいません。");
        }

        return 0;
    }

    public static async Task<ProjectImportResult> ImportAsync(IServiceProvider services, Stream stream, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<SubSetsuService>().ImportCsvAsync(stream, cancellationToken);
        return new ProjectImportResult(result.Inserted, result.Updated, result.Errors);
    }
}
