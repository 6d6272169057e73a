using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Platform.Audit;

/// <summary>The audit viewer's filters; also the input of the CSV export.</summary>
public sealed record AuditFilter
{
    /// <summary>From this day (JST), inclusive.</summary>
    public DateOnly? From { get; init; }

    /// <summary>To this day (JST), inclusive.</summary>
    public DateOnly? To { get; init; }

    public string? Actor { get; init; }

    public string? Category { get; init; }

    public string? Action { get; init; }

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query)
    {
        if (From is { } from)
        {
            var start = JstStartUtc(from);
            query = query.Where(a => a.AtUtc >= start);
        }

        if (To is { } to)
        {
            var end = JstStartUtc(to.AddDays(1));
            query = query.Where(a => a.AtUtc < end);
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var actor = Actor.Trim();
            query = query.Where(a => a.Actor.Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(Category))
        {
            query = query.Where(a => a.Category == Category);
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            query = query.Where(a => a.Action == Action);
        }

        if (!string.IsNullOrWhiteSpace(EntityType))
        {
            query = query.Where(a => a.EntityType == EntityType);
        }

        if (!string.IsNullOrWhiteSpace(EntityId))
        {
            query = query.Where(a => a.EntityId == EntityId);
        }

        return query;
    }

    private static DateTime JstStartUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).UtcDateTime;
}

/// <summary>Formats audit rows for CSV (viewer download and the export job share it).</summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Headers = ["ID", "日時（日本時間）", "区分", "操作", "操作者", "モジュール", "対象", "対象ID", "変更前", "変更後", "詳細", "IPアドレス"];

    public static IReadOnlyList<string?> Row(AuditEntry a) =>
    [
        a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        new DateTimeOffset(DateTime.SpecifyKind(a.AtUtc, DateTimeKind.Utc)).ToJst().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        a.Category == AuditCategories.Security ? "セキュリティ" : "データ",
        AuditActions.ToJapanese(a.Action),
        a.Actor, a.Module, a.EntityType, a.EntityId, a.Before, a.After, a.Detail, a.IpAddress,
    ];
}

/// <summary>Writes the (filtered) audit log to a CSV file under data/exports, in pages, reporting progress.</summary>
public sealed class AuditExportJob(TimeProvider clock, Microsoft.Extensions.Options.IOptions<PlatformOptions> options) : IJobHandler
{
    public const string JobKind = "platform.audit-export";

    public string Kind => JobKind;

    // A half-written export is worthless; starting over is cheap and exact.
    public bool Resumable => false;

    public sealed record Request(AuditFilter Filter, CsvOutputEncoding Encoding);

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = context.PayloadAs<Request>() ?? new Request(new AuditFilter(), CsvOutputEncoding.Utf8WithBom);
        var db = context.Services.GetRequiredService<PlatformDb>();
        var query = request.Filter.Apply(db.AuditEntries.AsNoTracking());
        var total = await query.LongCountAsync(cancellationToken);
        await context.ReportAsync(0, total, "書き出し中");

        var folder = Path.Combine(options.Value.FullDataPath, "exports");
        Directory.CreateDirectory(folder);
        var name = $"audit-{clock.GetUtcNow().ToJst():yyyyMMdd-HHmmss}-{context.Job.Id.ToString()[..8]}.csv";
        var path = Path.Combine(folder, name);

        long done = 0;
        await using (var stream = File.Create(path))
        {
            // Rows are read a page at a time while the file is written, so memory stays flat
            // however large the log; progress (and a cancel request) is checked after each page.
            IEnumerable<IReadOnlyList<string?>> Rows()
            {
                const int page = 5000;
                long lastId = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var last = lastId;
                    var batch = query.Where(a => a.Id > last).OrderBy(a => a.Id).Take(page).ToList();
                    if (batch.Count == 0)
                    {
                        yield break;
                    }

                    foreach (var row in batch)
                    {
                        yield return AuditCsv.Row(row);
                    }

                    lastId = batch[^1].Id;
                    done += batch.Count;
                    context.ReportAsync(done, total).GetAwaiter().GetResult();
                }
            }

            CsvWriter.Write(stream, AuditCsv.Headers, Rows(), request.Encoding);
        }

        await context.ReportAsync(done, total, $"{done} 件を書き出しました");
        context.ResultFile = Path.Combine("exports", name);
    }
}
