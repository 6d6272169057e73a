using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Jobs;

namespace OsakaDx.Modules.Search.Crawling;

/// <summary>A crawl of one source as a platform job: progress on the jobs page and the CLI, resumable after a restart.</summary>
internal sealed class CrawlJob : IJobHandler
{
    public const string JobKind = "search.crawl";

    public string Kind => JobKind;

    public bool Resumable => true;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.PayloadAs<CrawlRequest>() ?? throw new InvalidOperationException("巡回する検索対象が指定されていません。");
        var crawler = context.Services.GetRequiredService<Crawler>();
        var resume = context.Checkpoint is { Length: > 0 } checkpoint ? JsonSerializer.Deserialize<CrawlCounts>(checkpoint) : null;
        await crawler.CrawlAsync(request.SourceId, context.Job.Id, resume,
            counts => context.ReportAsync(counts.Seen, counts.Total, counts.ToMessage(), JsonSerializer.Serialize(counts)),
            null, cancellationToken, request.Paths);

        // New, renamed and deleted names reach the as-you-type suggestions.
        await context.Services.GetRequiredService<Indexing.NameSuggestions>().RebuildAsync(context.Services.GetRequiredService<Data.SearchDb>(), cancellationToken);
    }

    /// <param name="Paths">Null for a full crawl; the watcher's changed paths otherwise.</param>
    public sealed record CrawlRequest(int SourceId, IReadOnlyList<string>? Paths = null);
}
