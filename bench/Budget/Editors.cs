// 50 simulated editors saving 積算 lines at once. Five editors share each of ten 作成中 requests, so
// they collide: every save goes through RequestService.SaveDraftAsync with the version the editor
// read, exactly as the page and the API do. A save that meets a newer version is refused (409 on
// the API) and the editor reloads and tries again. Each accepted save adds 1 to the 数量 of one
// line; at the end the stored 数量 must have grown by exactly the number of accepted saves — any
// difference would be a lost update.
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Bench;

internal static class Editors
{
    public static async Task RunAsync(IServiceProvider services, int year, int editors, TimeSpan duration)
    {
        List<int> requestIds;
        Dictionary<int, long> before;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            var count = Math.Max(1, editors / 5);
            requestIds = await db.Requests.Where(r => r.Year == year && r.Status == RequestStatus.Draft && r.Lines.Count > 0).OrderBy(r => r.Id).Select(r => r.Id).Take(count).ToListAsync();
            before = await db.Lines.Where(l => requestIds.Contains(l.RequestId)).GroupBy(l => l.RequestId).Select(g => new { g.Key, Q = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Q);
        }

        var user = new BudgetUser("bench", new HashSet<string>([BudgetPermissions.Admin], StringComparer.Ordinal), null);
        var accepted = new ConcurrentDictionary<int, long>();
        long conflicts = 0, failures = 0;
        var latencies = new ConcurrentBag<double>();
        var stop = DateTime.UtcNow + duration;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, editors).Select(e => Task.Run(async () =>
        {
            var requestId = requestIds[e % requestIds.Count];
            var random = new Random(e);
            while (DateTime.UtcNow < stop)
            {
                await using var scope = services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<RequestService>();
                var view = await service.LoadAsync(requestId);
                var r = view!.Request;
                var target = random.Next(r.Lines.Count);
                var lines = r.Lines.Select((l, i) => new LineInput(l.Id, l.Version, l.SetsuId, l.Item, l.UnitPrice, i == target ? l.Quantity + 1 : l.Quantity, l.Times)).ToList();
                var input = new DraftInput(r.Version, r.Purpose, r.LegalBasis, new Funding(r.NationalFunds, r.PrefecturalFunds, r.Bonds, r.OtherSpecificFunds), lines);
                var t = Stopwatch.StartNew();
                BudgetResult result;
                try
                {
                    result = await service.SaveDraftAsync(user, requestId, input);
                }
                catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidOperationException)
                {
                    // e.g. SQLite "database is locked" after the busy timeout: the save did not happen and is counted as refused.
                    Interlocked.Increment(ref failures);
                    continue;
                }

                latencies.Add(t.Elapsed.TotalMilliseconds);
                if (result.Succeeded)
                {
                    accepted.AddOrUpdate(requestId, 1, (_, n) => n + 1);
                }
                else if (result.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }))).ConfigureAwait(false);
        watch.Stop();

        Dictionary<int, long> after;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            after = await db.Lines.Where(l => requestIds.Contains(l.RequestId)).GroupBy(l => l.RequestId).Select(g => new { g.Key, Q = g.Sum(l => l.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Q);
        }

        var saved = accepted.Values.Sum();
        var stored = requestIds.Sum(id => after[id] - before[id]);
        var sorted = latencies.Order().ToList();
        double P(int p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        Console.WriteLine($"同時編集: {editors} 人 × {watch.Elapsed.TotalSeconds:F0} 秒（{requestIds.Count} 件の調書を5人ずつで編集）");
        Console.WriteLine($"  保存成功 {saved:N0} 回（{saved / watch.Elapsed.TotalSeconds:F1} 回/秒）, 版の競合で拒否 {conflicts:N0} 回（再読込して再試行）, その他の失敗 {failures:N0} 回");
        Console.WriteLine($"  保存の所要時間 p50 {P(50):F1} ms, p95 {P(95):F1} ms");
        Console.WriteLine($"  数量の増分 {stored:N0} = 保存成功 {saved:N0}: {(stored == saved ? "失われた更新 0" : $"不一致 {saved - stored:N0}（失われた更新あり）")}");
        foreach (var id in requestIds.Where(id => after[id] - before[id] != accepted.GetValueOrDefault(id)))
        {
            Console.WriteLine($"  調書 {id}: 保存成功 {accepted.GetValueOrDefault(id)}, 増分 {after[id] - before[id]}");
        }
    }
}
