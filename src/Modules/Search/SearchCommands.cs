using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Search.Crawling;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;
using OsakaDx.Modules.Search.Indexing;
using OsakaDx.Modules.Search.Querying;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Modules;
using Spectre.Console;

namespace OsakaDx.Modules.Search;

/// <summary>./osakadx search add-source | crawl | query | stats</summary>
internal static class SearchCommands
{
    public static Command Create(ModuleCommandContext context) => new("search", "AIファイル検索: 検索対象の登録・巡回・検索・統計")
    {
        Subcommands = { AddSource(context), Sources(context), Crawl(context), Pause(context), Resume(context), RemoveSource(context), Query(context), Stats(context), TrainRanker(context), Semantic.SemanticCommands.Embed(context), Semantic.SemanticCommands.Evaluate(context), PruneLogs(context), Permissions.PrincipalCommands.Import(context), Permissions.PrincipalCommands.List(context) },
    };

    private static Command AddSource(ModuleCommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "表示名（例：財政局 共有フォルダ）" };
        var path = new Argument<string>("PATH") { Description = "フォルダの絶対パス（ローカルまたはマウント済みの共有）" };
        var org = new Option<string?>("--org") { Description = "所管所属コード（例：B06）" };
        var restricted = new Option<bool>("--owner-only") { Description = "所管所属（とその下の組織）の職員だけに見せる（既定: 全職員）" };
        var maxMb = new Option<int>("--max-mb") { Description = "1ファイルの上限（MB）。超えるファイルは名前だけ索引する", DefaultValueFactory = _ => 50 };
        var groups = new Option<string[]>("--group") { Description = "POSIXグループの対応 GID=所属コード（複数可）。例：--group 2001=B06", AllowMultipleArgumentsPerToken = true };
        var everyHours = new Option<int?>("--every-hours") { Description = "N時間ごとに定期巡回する（1〜168）" };
        var dailyAt = new Option<string?>("--daily-at") { Description = "毎日この時刻（日本時間 HH:MM）に定期巡回する。例：22:30" };
        var noWatch = new Option<bool>("--no-watch") { Description = "ローカルフォルダの変更監視をしない（定期巡回だけで反映）" };
        var seconds = new Option<int>("--max-seconds") { Description = "1ファイルの本文抽出の制限時間（秒）", DefaultValueFactory = _ => 60 };
        var throttle = new Option<int>("--throttle-mb") { Description = "読み取り速度の上限（MB/秒、0は上限なし）", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "同時に読むファイル数（0はCPUコア数）", DefaultValueFactory = _ => 0 };
        var aclFile = new Option<string?>("--acl-file") { Description = "NTFS アクセス権をこのファイル（getcifsacl 形式、「# file: パス」ごと）から読む" };
        var aclCifs = new Option<bool>("--acl-cifs") { Description = "NTFS アクセス権を SMB 共有から getcifsacl（cifs-utils）で読む" };
        var command = new Command("add-source", "検索対象のフォルダを登録する") { Arguments = { name, path }, Options = { org, restricted, maxMb, groups, everyHours, dailyAt, noWatch, seconds, throttle, parallel, aclFile, aclCifs } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var platform = session.Services.GetRequiredService<PlatformDb>();
            int? orgId = null;
            if (parse.GetValue(org) is { Length: > 0 } code)
            {
                orgId = await platform.OrgUnits.Where(o => o.Code == code).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct)
                    ?? throw new InvalidOperationException($"--org: 所属コード「{code}」は組織マスタにありません。");
            }

            var mappings = new List<(long, int)>();
            foreach (var g in parse.GetValue(groups) ?? [])
            {
                var parts = g.Split('=', 2);
                var unit = parts.Length == 2 ? await platform.OrgUnits.Where(o => o.Code == parts[1]).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct) : null;
                if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var gid) || unit is null)
                {
                    throw new InvalidOperationException($"--group: 「{g}」は GID=所属コード の形で、組織マスタにある所属コードを指定してください。");
                }

                mappings.Add((gid, unit.Value));
            }

            var schedule = CrawlScheduleKind.Manual;
            var minute = 22 * 60;
            if (parse.GetValue(everyHours) is not null && parse.GetValue(dailyAt) is not null)
            {
                throw new InvalidOperationException("--every-hours と --daily-at はどちらか一方だけを指定してください。");
            }

            if (parse.GetValue(everyHours) is not null)
            {
                schedule = CrawlScheduleKind.EveryHours;
            }
            else if (parse.GetValue(dailyAt) is { } at)
            {
                if (!TimeOnly.TryParseExact(at, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    throw new InvalidOperationException($"--daily-at: 「{at}」は 22:30 のように24時間制で指定してください。");
                }

                schedule = CrawlScheduleKind.DailyAt;
                minute = time.Hour * 60 + time.Minute;
            }

            var service = session.Services.GetRequiredService<SourceService>();
            var (source, errors) = await service.AddAsync(new SourceService.NewSource(
                parse.GetValue(name)!, parse.GetValue(path)!, orgId, parse.GetValue(restricted) ? SourceVisibility.OwningDepartment : SourceVisibility.AllStaff,
                parse.GetValue(maxMb) * 1024L * 1024, mappings)
            {
                Schedule = schedule,
                ScheduleHours = parse.GetValue(everyHours) ?? 24,
                ScheduleMinuteOfDay = minute,
                WatchChanges = !parse.GetValue(noWatch),
                MaxSecondsPerFile = parse.GetValue(seconds),
                ThrottleMbPerSecond = parse.GetValue(throttle),
                Parallelism = parse.GetValue(parallel),
                AclMode = parse.GetValue(aclFile) is not null ? AclMode.Sidecar : parse.GetValue(aclCifs) ? AclMode.Cifs : AclMode.Posix,
                AclFile = parse.GetValue(aclFile),
            }, cancellationToken: ct);
            if (source is null)
            {
                throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
            }

            Write(session.Json, new { id = source.Id, name = source.Name, path = source.RootPath }, $"検索対象「{source.Name}」を登録しました（{source.RootPath}）。巡回: ./osakadx search crawl \"{source.Name}\" --wait");
            return 0;
        });
        return command;
    }

    private static Command Crawl(ModuleCommandContext context)
    {
        var name = new Argument<string?>("NAME") { Description = "表示名（省略時はすべての検索対象）", Arity = ArgumentArity.ZeroOrOne };
        var wait = new Option<bool>("--wait") { Description = "この場で巡回し、終わるまで進捗を表示する（省略時はサーバーのジョブとして登録だけ行う）" };
        var command = new Command("crawl", "検索対象を巡回して索引を更新する（差分のみ）") { Arguments = { name }, Options = { wait } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<SearchDb>();
            var wanted = parse.GetValue(name);
            // All: the active ones. By name: that one, even when paused (an admin asked for it explicitly).
            var sources = await db.Sources.AsNoTracking().Where(s => wanted == null ? s.IsActive : s.Name == wanted).OrderBy(s => s.Id).ToListAsync(ct);
            if (sources.Count == 0)
            {
                throw new InvalidOperationException(wanted is null ? "検索対象が登録されていません（./osakadx search add-source NAME PATH）。" : $"検索対象「{wanted}」は登録されていません。");
            }

            var service = session.Services.GetRequiredService<SourceService>();
            var runner = session.Services.GetRequiredService<JobRunner>();
            var results = new List<object>();
            foreach (var source in sources)
            {
                var job = await service.EnqueueCrawlAsync(source, ct);
                if (parse.GetValue(wait) && job.Status == JobStatus.Running && !IndexIsFree(session.Services.GetRequiredService<ISearchIndex>()))
                {
                    throw new InvalidOperationException($"「{source.Name}」は既に巡回中です（ジョブ {job.Id}）。終わるのを待つか、./osakadx search pause \"{source.Name}\" で止めてください。");
                }

                // A Running job while nobody holds the index writer's lock (the OS drops it when a
                // process dies): its process was killed. --wait resumes it from its checkpoint.

                if (!parse.GetValue(wait))
                {
                    results.Add(new { source = source.Name, job = job.Id, status = "queued" });
                    if (!session.Json)
                    {
                        Console.WriteLine($"「{source.Name}」の巡回をジョブとして登録しました（{job.Id}）。サーバーが実行します。");
                    }

                    continue;
                }

                var done = await CliOutput.WithProgressAsync(session.Json, $"巡回: {source.Name}", report => runner.ExecuteAsync(job.Id, j => report(j.Done, j.Total, j.Message), ct));
                results.Add(new { source = source.Name, job = done.Id, status = done.Status.ToString().ToLowerInvariant(), message = done.Message, error = done.Error });
                if (!session.Json)
                {
                    Console.WriteLine($"「{source.Name}」: {done.Status.ToJapanese()}。{done.Message}{(done.Error is null ? "" : " " + done.Error)}");
                }

                if (done.Status != JobStatus.Succeeded)
                {
                    if (session.Json)
                    {
                        Console.WriteLine(JsonSerializer.Serialize(results, CliOutput.JsonOptions));
                    }

                    return 1;
                }
            }

            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(results, CliOutput.JsonOptions));
            }

            return 0;
        });
        return command;
    }

    private static Command Sources(ModuleCommandContext context)
    {
        var command = new Command("sources", "登録済みの検索対象と、巡回の設定・状態を表示する");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<SearchDb>();
            var service = session.Services.GetRequiredService<SourceService>();
            var platform = session.Services.GetRequiredService<PlatformDb>();
            var units = await platform.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
            var sources = await db.Sources.AsNoTracking().Include(s => s.GroupMappings).OrderBy(s => s.Id).ToListAsync(ct);
            var counts = await db.Catalog.GroupBy(c => new { c.SourceId, c.Status }).Select(g => new { g.Key.SourceId, g.Key.Status, Count = g.LongCount() }).ToListAsync(ct);
            var runs = await db.CrawlRuns.AsNoTracking().ToListAsync(ct);
            var rows = new List<SourceRow>();
            foreach (var s in sources)
            {
                var last = runs.Where(r => r.SourceId == s.Id).MaxBy(r => r.StartedAtUtc);
                var finished = runs.Where(r => r.SourceId == s.Id && r.FinishedAtUtc != null).MaxBy(r => r.FinishedAtUtc);
                var job = (await service.ActiveJobsAsync(s.Id, ct)).FirstOrDefault();
                rows.Add(new SourceRow(
                    s.Id, s.Name, s.RootPath, units.FirstOrDefault(u => u.Id == s.OwnerOrgUnitId)?.Code, s.Visibility.ToJapanese(),
                    s.GroupMappings.Select(g => $"{g.Gid}={units.FirstOrDefault(u => u.Id == g.OrgUnitId)?.Code}").ToList(),
                    s.IsActive ? (job is null ? "待機" : job.Status == JobStatus.Running ? "巡回中" : "巡回待ち") : "一時停止",
                    s.Describe(), s.IsActive && SourceService.NextDueUtc(s, last?.StartedAtUtc) is { } due ? SearchModule.Jst(due < DateTime.UtcNow ? DateTime.UtcNow : due) : null,
                    s.WatchChanges && !CrawlScheduler.IsNetworkMount(s.RootPath),
                    counts.Where(c => c.SourceId == s.Id && c.Status != ExtractionStatus.Folder).Sum(c => c.Count),
                    counts.Where(c => c.SourceId == s.Id && c.Status == ExtractionStatus.Failed).Sum(c => c.Count),
                    finished?.FinishedAtUtc is { } at ? SearchModule.Jst(at) : null,
                    job?.Message));
            }

            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, CliOutput.JsonOptions));
                return 0;
            }

            // The folder, owner, groups and watch flag are in --json; the table keeps to what fits a terminal.
            var table = new Table().AddColumns("ID", "表示名", "状態", "定期巡回", "次回", "ファイル", "失敗", "最終巡回");
            foreach (var r in rows)
            {
                table.AddRow($"{r.Id}", Markup.Escape(r.Name), r.State, r.Schedule, r.NextCrawl ?? "—", $"{r.Files:N0}", $"{r.Failed:N0}", r.LastCrawl ?? "—");
            }

            AnsiConsole.Write(table);
            foreach (var r in rows.Where(r => r.Progress is not null))
            {
                Console.WriteLine($"「{r.Name}」: {r.Progress}");
            }

            return 0;
        });
        return command;
    }

    private sealed record SourceRow(int Id, string Name, string Path, string? Org, string Visibility, List<string> Groups, string State, string Schedule, string? NextCrawl, bool Watched, long Files, long Failed, string? LastCrawl, string? Progress);

    private static Command Pause(ModuleCommandContext context) => SourceVerb(context, "pause", "巡回を一時停止する（実行中の巡回は次の区切りで止まり、定期巡回と変更監視もしない）", async (service, source, ct) =>
    {
        await service.PauseAsync(source.Id, ct);
        return $"「{source.Name}」を一時停止しました。再開: ./osakadx search resume \"{source.Name}\"";
    });

    private static Command Resume(ModuleCommandContext context) => SourceVerb(context, "resume", "一時停止を解除し、続きから巡回する（サーバーのジョブとして登録）", async (service, source, ct) =>
    {
        var (_, job) = await service.ResumeAsync(source.Id, ct);
        return $"「{source.Name}」を再開しました。巡回をジョブとして登録しました（{job?.Id}）。";
    });

    private static Command RemoveSource(ModuleCommandContext context) => SourceVerb(context, "remove-source", "検索対象の登録を削除する（索引と一覧から消す。ファイル自体は変更しない）", async (service, source, ct) =>
        await service.RemoveAsync(source.Id, ct) is { } error ? throw new InvalidOperationException(error) : $"「{source.Name}」を検索対象から削除しました。");

    private static Command SourceVerb(ModuleCommandContext context, string verb, string description, Func<SourceService, SearchSource, CancellationToken, Task<string>> action)
    {
        var name = new Argument<string>("NAME") { Description = "表示名" };
        var command = new Command(verb, description) { Arguments = { name } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<SearchDb>();
            var wanted = parse.GetValue(name)!;
            var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Name == wanted, ct)
                ?? throw new InvalidOperationException($"検索対象「{wanted}」は登録されていません（一覧: ./osakadx search sources）。");
            var message = await action(session.Services.GetRequiredService<SourceService>(), source, ct);
            Write(session.Json, new { id = source.Id, name = source.Name, result = message }, message);
            return 0;
        });
        return command;
    }

    private static Command Query(ModuleCommandContext context)
    {
        var text = new Argument<string>("QUERY") { Description = "検索語（空白区切りでAND、OR、-除外、\"フレーズ\"）" };
        var asUser = new Option<string?>("--as") { Description = "この職員の権限で検索する（ユーザー名）。省略時は全職員に見えるものだけ" };
        var limit = new Option<int>("--limit") { Description = "表示する件数", DefaultValueFactory = _ => 10 };
        var command = new Command("query", "検索する") { Arguments = { text }, Options = { asUser, limit } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var service = session.Services.GetRequiredService<SearchService>();
            var principal = parse.GetValue(asUser) is { Length: > 0 } user
                ? await service.PrincipalForUserNameAsync(user, ct) ?? throw new InvalidOperationException($"--as: 職員「{user}」はいないか、無効です。")
                : await service.PrincipalForOrgAsync("cli", null, ct);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (results, _) = await service.RunAsync(new SearchRequest(parse.GetValue(text)!) { PageSize = Math.Clamp(parse.GetValue(limit), 1, 1000) }, principal, "cli", "", ct);
            var elapsed = started.Elapsed.TotalMilliseconds;
            var sources = await service.SourcesAsync(ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    total = results.Total,
                    elapsedMs = Math.Round(elapsed, 1),
                    didYouMean = results.DidYouMean,
                    synonyms = results.Expansions,
                    collapsed = results.Collapsed,
                    results = results.Hits.Select(h => new
                    {
                        key = h.Key,
                        path = service.DisplayPath(sources.GetValueOrDefault(h.SourceId), h.RelativePath),
                        name = h.Name,
                        type = h.Type,
                        isFolder = h.IsFolder,
                        size = h.Size,
                        modified = new DateTimeOffset(h.ModifiedUtc, TimeSpan.Zero).ToJst(),
                        score = h.Score,
                        snippet = h.SnippetHtml,
                        similar = h.Similar.Select(c => service.DisplayPath(sources.GetValueOrDefault(c.SourceId), c.RelativePath)),
                    }),
                }, CliOutput.JsonOptions));
                return 0;
            }

            Console.WriteLine($"{results.Total:N0} 件（{elapsed:0.0} ms）");
            if (results.DidYouMean is not null)
            {
                Console.WriteLine($"もしかして: {results.DidYouMean}（{results.DidYouMeanTotal:N0} 件）");
            }

            if (results.Expansions.Count > 0)
            {
                Console.WriteLine($"同義語: {string.Join("、", results.Expansions)}");
            }

            var table = new Table().AddColumns("名前", "種類", "更新日時", "類似", "パス");
            foreach (var h in results.Hits)
            {
                table.AddRow(Markup.Escape(h.Name), Markup.Escape(h.Type), SearchModule.Jst(h.ModifiedUtc), h.Similar.Count == 0 ? "" : $"{h.Similar.Count}件", Markup.Escape(service.DisplayPath(sources.GetValueOrDefault(h.SourceId), h.RelativePath)));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Stats(ModuleCommandContext context)
    {
        var command = new Command("stats", "検索対象ごとの件数・読み取り失敗・索引の大きさ、検索の利用状況");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<SearchDb>();
            var index = session.Services.GetRequiredService<ISearchIndex>();
            var sources = await db.Sources.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
            var counts = await db.Catalog.GroupBy(c => new { c.SourceId, c.Status }).Select(g => new { g.Key.SourceId, g.Key.Status, Count = g.LongCount() }).ToListAsync(ct);
            var runs = await db.CrawlRuns.AsNoTracking().ToListAsync(ct);
            var stats = index.Statistics();
            var usage = await session.Services.GetRequiredService<SearchAnalytics>().ComputeAsync(ct);
            var rows = sources.Select(s => new
            {
                name = s.Name,
                path = s.RootPath,
                visibility = s.Visibility.ToJapanese(),
                files = counts.Where(c => c.SourceId == s.Id && c.Status != ExtractionStatus.Folder).Sum(c => c.Count),
                folders = counts.Where(c => c.SourceId == s.Id && c.Status == ExtractionStatus.Folder).Sum(c => c.Count),
                indexed = counts.Where(c => c.SourceId == s.Id && c.Status == ExtractionStatus.Indexed).Sum(c => c.Count),
                nameOnly = counts.Where(c => c.SourceId == s.Id && c.Status == ExtractionStatus.NameOnly).Sum(c => c.Count),
                failed = counts.Where(c => c.SourceId == s.Id && c.Status == ExtractionStatus.Failed).Sum(c => c.Count),
                lastCrawl = runs.Where(r => r.SourceId == s.Id && r.FinishedAtUtc != null).MaxBy(r => r.FinishedAtUtc)?.FinishedAtUtc is { } at ? SearchModule.Jst(at) : null,
            }).ToList();
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { sources = rows, indexDocuments = stats.Documents, indexBytes = stats.Bytes, usage }, CliOutput.JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("検索対象", "公開範囲", "ファイル", "フォルダ", "本文索引", "名前のみ", "失敗", "最終巡回");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.name), r.visibility, $"{r.files:N0}", $"{r.folders:N0}", $"{r.indexed:N0}", $"{r.nameOnly:N0}", $"{r.failed:N0}", r.lastCrawl ?? "—");
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"索引: {stats.Documents:N0} 件、{TextExtractor.FormatSize(stats.Bytes)}");
            Console.WriteLine(
                $"検索: {usage.Searches:N0} 回、利用者 {usage.UniqueUsers:N0} 人、0件率 {Percent(usage.ZeroHitRate)}、クリック率 {Percent(usage.ClickThroughRate)}、" +
                $"応答 p50 {Ms(usage.LatencyP50Ms)} / p95 {Ms(usage.LatencyP95Ms)}");
            foreach (var y in usage.Years)
            {
                Console.WriteLine($"  {y.Label}: {y.Searches:N0} 回（{y.Users:N0} 人）");
            }

            if (usage.TopQueries.Count > 0)
            {
                Console.WriteLine("よく検索される語: " + string.Join("、", usage.TopQueries.Take(10).Select(q => $"{q.Query}（{q.Searches:N0}）")));
            }

            if (usage.ZeroHitQueries.Count > 0)
            {
                Console.WriteLine("0件だった語: " + string.Join("、", usage.ZeroHitQueries.Take(10).Select(q => $"{q.Query}（{q.Searches:N0}）")));
            }

            return 0;
        });
        return command;
    }

    private static Command TrainRanker(ModuleCommandContext context)
    {
        var command = new Command("train-ranker", "検索ログとクリックから並べ替えを学習し、保留した検索で評価する（基本の並び順に勝ったときだけ使う）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var result = await session.Services.GetRequiredService<Ranking.RankerTraining>().TrainAsync(ct);
            if (session.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, CliOutput.JsonOptions));
                return 0;
            }

            Console.WriteLine($"学習: {result.TrainingSearches:N0} 件、評価（保留）: {result.HeldOutSearches:N0} 件");
            Console.WriteLine($"nDCG@10 基本 {Number(result.BaseNdcg)} / 学習 {Number(result.ModelNdcg)}");
            Console.WriteLine(result.Reason);
            return 0;
        });
        return command;
    }

    private static Command PruneLogs(ModuleCommandContext context)
    {
        var command = new Command("prune-logs", "保存期間（OsakaDx:Search:LogRetentionFiscalYears 年度、既定3）より古い検索ログを月別の集計に置き換えて削除する（serve 中は毎日自動）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var result = await session.Services.GetRequiredService<Maintenance.LogRetention>().PruneAsync(ct);
            Write(session.Json, result, $"{SearchModule.Jst(result.CutoffUtc)} より前: {result.Months:N0} か月分（検索 {result.Searches:N0} 件）を月別に集計し、ログ {result.RowsDeleted:N0} 行・クリック {result.ClicksDeleted:N0} 行を削除しました。");
            return 0;
        });
        return command;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Ms(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "—";

    private static bool IndexIsFree(ISearchIndex index)
    {
        try
        {
            index.OpenSession().Dispose();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Write(bool json, object value, string human) => Console.WriteLine(json ? JsonSerializer.Serialize(value, CliOutput.JsonOptions) : human);
}
