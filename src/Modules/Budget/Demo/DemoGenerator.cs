// Reproducible demo budgets: the same seed gives the same 事業, lines and amounts on any machine.
// Rows are written with prepared ADO.NET commands in one transaction rather than through EF: the
// Osaka-scale set has some 200,000 rows, and one audit entry ("demo generated") is more useful
// than 200,000 insert entries for made-up data.
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Modules.Budget.Demo;

public enum DemoSize
{
    /// <summary>3 所属 × 4 事業, for tests.</summary>
    Tiny,

    /// <summary>Every 所属 × 25 事業 × ~10 lines: the data `serve` starts with.</summary>
    Small,

    /// <summary>About 5,000 事業 and 100,000 積算 lines in the year requested (and as many in the year before).</summary>
    Osaka,
}

public sealed record DemoSummary(int Year, int Projects, int Requests, long Lines, long GeneralAccountRequested);

public sealed class DemoGenerator(BudgetDb db, OrgDirectory orgs, AuditLog audit, StageService stages)
{
    public const int Seed = 20_261_126;

    private static readonly string[] Themes =
    [
        "地域活動支援", "防災啓発", "子育て支援", "高齢者見守り", "健康づくり推進", "生涯学習", "文化振興", "スポーツ振興", "商店街活性化",
        "創業支援", "観光案内", "環境美化", "ごみ減量推進", "省エネルギー推進", "公園維持管理", "道路維持補修", "橋梁長寿命化", "河川環境整備",
        "学校施設改修", "学習支援", "図書館運営", "情報システム運用", "窓口サービス改善", "広報紙発行", "区民まつり", "多文化共生推進",
        "障がい者就労支援", "生活困窮者自立支援", "母子保健", "感染症対策", "消防設備整備", "救急体制強化", "港湾施設管理", "市営住宅管理",
        "放置自転車対策", "交通安全推進", "空家対策", "人権啓発", "男女共同参画推進", "DX推進",
    ];

    private static readonly string[] Suffixes = ["事業", "推進事業", "運営事業", "管理事業", "支援事業"];

    // (節 number, item names) with a weight: what a typical project spends on.
    private static readonly (int Setsu, string[] Items, int Weight)[] Spending =
    [
        (1, ["会計年度任用職員報酬", "委員報酬"], 6),
        (7, ["講師謝礼", "記念品"], 4),
        (8, ["普通旅費", "費用弁償"], 4),
        (10, ["消耗品費", "印刷製本費", "光熱水費", "修繕料", "燃料費"], 16),
        (11, ["通信運搬費", "手数料", "広告料", "保険料"], 10),
        (12, ["業務委託料", "システム保守委託料", "清掃委託料", "警備委託料", "調査委託料"], 18),
        (13, ["複合機使用料", "会場使用料", "システム使用料"], 8),
        (14, ["改修工事", "補修工事", "設備更新工事"], 6),
        (17, ["備品購入費", "車両購入費"], 5),
        (18, ["補助金", "負担金", "交付金"], 10),
        (19, ["扶助費"], 4),
        (27, ["特別会計繰出金"], 1),
    ];

    /// <summary>
    /// Replaces every 事業, request, line and ceiling with generated ones for <paramref name="year"/>
    /// (requests in every workflow state) and <paramref name="year"/> − 1 (確定, for 前年度 figures).
    /// </summary>
    public async Task<DemoSummary> GenerateAsync(DemoSize size, int year, Func<long, long, string, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= (_, _, _) => Task.CompletedTask;
        await StandardMasters.EnsureAsync(db, cancellationToken);
        var shozoku = (await orgs.ShozokuAsync(cancellationToken)).ToList();
        if (shozoku.Count == 0)
        {
            throw new InvalidOperationException("組織マスタに局・室・区役所がないため、予算のデモデータを作れません。先に組織を登録してください。");
        }

        var (orgCount, perOrg, minLines, maxLines) = size switch
        {
            DemoSize.Tiny => (Math.Min(3, shozoku.Count), 4, 3, 6),
            DemoSize.Small => (shozoku.Count, 25, 6, 14),
            _ => (shozoku.Count, (int)Math.Ceiling(5000.0 / shozoku.Count), 12, 28),
        };
        shozoku = shozoku.Take(orgCount).ToList();

        var random = new Random(Seed);
        var accounts = await db.Accounts.AsNoTracking().ToListAsync(cancellationToken);
        var general = accounts.First(a => a.Kind == AccountKind.General);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToListAsync(cancellationToken);
        var generalMoku = items.Where(i => i.AccountId == general.Id && i.Level == ItemLevel.Moku).ToList();
        var specialMoku = items.Where(i => i.AccountId != general.Id && i.Level == ItemLevel.Moku).ToList();
        var kanNames = items.Where(i => i.Level == ItemLevel.Kan).ToDictionary(i => i.Id, i => i.Name);
        var kanOf = items.Where(i => i.Level == ItemLevel.Moku).ToDictionary(i => i.Id, i => items.First(k => k.Id == items.First(p => p.Id == i.ParentId).ParentId).Id);
        var setsuByNumber = await db.Setsus.AsNoTracking().Where(s => s.ToYear == null).ToDictionaryAsync(s => s.Number, s => s.Id, cancellationToken);

        await ClearAsync(cancellationToken);

        var projects = new List<object?[]>();
        var requests = new List<object?[]>();
        var lines = new List<object?[]>();
        var ceilings = new List<object?[]>();
        var executed = new Dictionary<(int Project, int Setsu), long>();
        var now = DateTime.UtcNow;
        int projectId = 0, requestId = 0, lineId = 0;
        long generalRequested = 0;
        foreach (var org in shozoku)
        {
            var preferred = PreferredKan(org.Name);
            var orgMoku = generalMoku.Where(m => preferred.Contains(kanNames[kanOf[m.Id]])).ToList();
            if (orgMoku.Count == 0)
            {
                orgMoku = generalMoku.Where(m => kanNames[kanOf[m.Id]] == "総務費").ToList();
            }

            long orgGeneralFunds = 0;
            for (var n = 0; n < perOrg; n++)
            {
                projectId++;
                var special = specialMoku.Count > 0 && random.Next(100) < 4;
                var moku = special ? specialMoku[random.Next(specialMoku.Count)] : orgMoku[random.Next(orgMoku.Count)];
                var recurrence = random.Next(100) < 80 ? Recurrence.Ordinary : Recurrence.Temporary;
                var subsidy = random.Next(100) < 35 ? SubsidyKind.Subsidized : SubsidyKind.Independent;
                var discretion = random.Next(100) switch { < 55 => Discretion.Discretionary, < 90 => Discretion.NonDiscretionary, _ => Discretion.Priority };
                var name = Themes[random.Next(Themes.Length)] + Suffixes[random.Next(Suffixes.Length)];
                var code = $"{org.Code}-{(n + 1).ToString("000", CultureInfo.InvariantCulture)}";
                projects.Add([projectId, code, name, org.Id, moku.AccountId, moku.Id, (int)recurrence, (int)subsidy, (int)discretion, StandardMasters.MasterFromYear, null, 0L]);

                // The project's shape: which 節 it spends on and at what scale, shared by both years.
                var count = random.Next(minLines, maxLines + 1);
                var shape = new List<(int Setsu, string Item, long Price, long Quantity, long Times)>();
                for (var i = 0; i < count; i++)
                {
                    var spend = Pick(random);
                    var price = (long)Math.Round(Math.Pow(10, 3 + (random.NextDouble() * 3.9)) / 100) * 100;
                    var times = random.Next(100) < 40 ? 12 : random.Next(1, 5);
                    shape.Add((spend.Setsu, spend.Items[random.Next(spend.Items.Length)], Math.Max(100, price), random.Next(1, 8), times));
                }

                var fractions = FundingMix(random, subsidy, recurrence);
                foreach (var (y, previous) in new[] { (year - 1, true), (year, false) })
                {
                    requestId++;
                    var status = previous ? RequestStatus.Confirmed : random.Next(100) switch
                    {
                        < 15 => RequestStatus.Draft,
                        < 25 => RequestStatus.OrgApproved,
                        < 80 => RequestStatus.Submitted,
                        < 95 => RequestStatus.Assessed,
                        _ => RequestStatus.Confirmed,
                    };
                    var assessedStage = status >= RequestStatus.Assessed;
                    long cost = 0, assessedCost = 0;
                    var sort = 0;
                    foreach (var s in shape)
                    {
                        lineId++;
                        // This year's request moves a little from last year's: price revisions, quantities.
                        var price = previous ? s.Price : Math.Max(100, s.Price * random.Next(95, 111) / 100 / 100 * 100);
                        var amount = price * s.Quantity * s.Times;
                        long? assessed = assessedStage ? amount * random.Next(85, 101) / 100 / 1000 * 1000 : null;
                        cost += amount;
                        assessedCost += assessed ?? 0;
                        if (previous)
                        {
                            executed[(projectId, setsuByNumber[s.Setsu])] = executed.GetValueOrDefault((projectId, setsuByNumber[s.Setsu])) + (assessed ?? 0);
                        }

                        lines.Add([lineId, requestId, setsuByNumber[s.Setsu], s.Item, price, s.Quantity, s.Times, amount, assessed,
                            assessed is { } a && a < amount ? "単価を精査し減額" : null, sort++, 0L]);
                    }

                    var f = Funds(fractions, cost);
                    var af = assessedStage ? Funds(fractions, assessedCost) : default(Funding?);
                    requests.Add([requestId, projectId, y, (int)status, $"{name}を実施する。", subsidy == SubsidyKind.Subsidized ? "国庫補助要綱" : null,
                        f.National, f.Prefectural, f.Bonds, f.OtherSpecific, af?.National, af?.Prefectural, af?.Bonds, af?.OtherSpecific,
                        assessedStage ? "概ね要求どおり" : null, now, 0L, cost, assessedStage ? assessedCost : null]);
                    if (!previous)
                    {
                        orgGeneralFunds += f.GeneralFunds(cost);
                        if (moku.AccountId == general.Id)
                        {
                            generalRequested += cost;
                        }
                    }
                }
            }

            // シーリング: within ±4% of what the 所属 asks, rounded to 百万円, so some are over.
            var limit = orgGeneralFunds * random.Next(96, 105) / 100 / 1_000_000 * 1_000_000;
            ceilings.Add([ceilings.Count + 1, year, org.Id, limit, 0L]);
        }

        // Execution of the year before (the year in progress while next year's budget is compiled),
        // as the accounting system would report it at the end of October: its own random stream, so
        // the budget figures above stay what they always were for this seed.
        var executionRandom = new Random(Seed + 1);
        var executions = new List<object?[]>();
        foreach (var ((project, setsu), budget) in executed.OrderBy(e => e.Key.Project).ThenBy(e => e.Key.Setsu))
        {
            var encumbered = budget * executionRandom.Next(45, 96) / 100;
            var spent = Math.Min(encumbered, budget * executionRandom.Next(30, 66) / 100);
            executions.Add([executions.Count + 1, year - 1, project, setsu, budget, budget * 7 / 12, encumbered, spent, 0L, 0L]);
        }

        long total = projects.Count + requests.Count + lines.Count + ceilings.Count + executions.Count, done = 0;
        await progress(0, total, "書き込み中");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            async Task Write(Type entity, string[] columns, List<object?[]> rows)
            {
                await InsertAsync(connection, tx, Table(entity), columns, rows, async n =>
                {
                    done += n;
                    await progress(done, total, "書き込み中");
                }, cancellationToken);
            }

            await Write(typeof(Project), ["Id", "Code", "Name", "OrgUnitId", "AccountId", "MokuId", "Recurrence", "Subsidy", "Discretion", "FromYear", "ToYear", "Version"], projects);
            await Write(typeof(BudgetRequest), ["Id", "ProjectId", "Year", "Status", "Purpose", "LegalBasis", "NationalFunds", "PrefecturalFunds", "Bonds", "OtherSpecificFunds",
                "AssessedNationalFunds", "AssessedPrefecturalFunds", "AssessedBonds", "AssessedOtherSpecificFunds", "ReviewComment", "UpdatedAtUtc", "Version", "Cost", "AssessedCost"], requests);
            await Write(typeof(RequestLine), ["Id", "RequestId", "SetsuId", "Item", "UnitPrice", "Quantity", "Times", "Amount", "AssessedAmount", "AssessComment", "SortOrder", "Version"], lines);
            await Write(typeof(Ceiling), ["Id", "Year", "OrgUnitId", "GeneralFundLimit", "Version"], ceilings);
            await Write(typeof(ExecutionRecord), ["Id", "Year", "ProjectId", "SetsuId", "CurrentBudget", "Allotted", "Encumbered", "Spent", "Assessed", "Received"], executions);
            await Write(typeof(ExecutionImport), ["Id", "Year", "AsOf", "FileName", "Rows", "ImportedAtUtc", "ImportedBy"],
                [[1, year - 1, new DateOnly(year - 1, 10, 31), "demo-execution.csv", executions.Count, now, "デモデータ"]]);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (db.Database.IsNpgsql())
        {
            // Ids were given explicitly: move the identity sequences past them.
            foreach (var entity in new[] { typeof(Project), typeof(BudgetRequest), typeof(RequestLine), typeof(Ceiling), typeof(ExecutionRecord), typeof(ExecutionImport) })
            {
                var table = Table(entity);
#pragma warning disable EF1002 // table names come from the EF model, not from input
                await db.Database.ExecuteSqlRawAsync($"SELECT setval(pg_get_serial_sequence('{table}', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM {table}), 1))", cancellationToken);
            }

            // Fresh statistics, or the planner treats 200,000 new rows as an empty table.
            await db.Database.ExecuteSqlRawAsync($"ANALYZE {Table(typeof(Project))}, {Table(typeof(BudgetRequest))}, {Table(typeof(RequestLine))}, {Table(typeof(Ceiling))}, {Table(typeof(ExecutionRecord))}", cancellationToken);
#pragma warning restore EF1002
        }

        await DemoDetails.AddAsync(db, year, Table, cancellationToken);
        await RevenueDemo.AddAsync(db, orgs, year, Table, cancellationToken);

        // The cycles: last year's closed through 確定 (its 当初, the 前年度 of every comparison), this
        // year's through 要求, 課長査定 and 内示: three stages to compare.
        var system = new BudgetUser("デモデータ", new HashSet<string>([BudgetPermissions.Admin], StringComparer.Ordinal), null);
        await progress(done, total, "段階の締切");
        foreach (var (y, count) in new[] { (year - 1, StageService.InitialCycle.Count), (year, 3) })
        {
            await stages.EnsureCycleAsync(y, cancellationToken);
            foreach (var stage in (await stages.ListAsync(y, cancellationToken)).Take(count))
            {
                var closed = await stages.CloseAsync(system, stage.Id, stage.Version, cancellationToken);
                if (!closed.Succeeded)
                {
                    throw new InvalidOperationException($"デモの段階「{stage.Name}」を締め切れませんでした: {closed.Forbidden}");
                }
            }
        }

        if (db.Database.IsNpgsql())
        {
#pragma warning disable EF1002 // table names come from the EF model, not from input
            await db.Database.ExecuteSqlRawAsync($"ANALYZE {Table(typeof(StageAmount))}, {Table(typeof(StageFunding))}", cancellationToken);
#pragma warning restore EF1002
        }

        await CycleDemo.SeedAsync(db, orgs, year, cancellationToken);
        await audit.WriteAsync(AuditCategories.Data, AuditActions.Insert,
            $"予算デモデータを生成（{size}、{year}年度と前年度、事業 {projects.Count} 件、積算 {lines.Count} 行、乱数の種 {Seed}）", entityType: nameof(Project), cancellationToken: cancellationToken);
        return new DemoSummary(year, projects.Count, requests.Count, lines.Count, generalRequested);
    }

    private async Task ClearAsync(CancellationToken cancellationToken)
    {
        await db.StageEntries.ExecuteDeleteAsync(cancellationToken);
        await db.StageRevenues.ExecuteDeleteAsync(cancellationToken);
        await db.RevenueRequests.ExecuteDeleteAsync(cancellationToken);
        await db.Entries.ExecuteDeleteAsync(cancellationToken);
        await db.Attachments.ExecuteDeleteAsync(cancellationToken);
        await CycleDemo.ClearAsync(db, cancellationToken);
        await db.StageAmounts.ExecuteDeleteAsync(cancellationToken);
        await db.StageFundings.ExecuteDeleteAsync(cancellationToken);
        await db.Stages.ExecuteDeleteAsync(cancellationToken);
        await db.Cycles.ExecuteDeleteAsync(cancellationToken);
        await db.Executions.ExecuteDeleteAsync(cancellationToken);
        await db.ExecutionImports.ExecuteDeleteAsync(cancellationToken);
        await db.Lines.ExecuteDeleteAsync(cancellationToken);
        await db.Requests.ExecuteDeleteAsync(cancellationToken);
        await db.Ceilings.ExecuteDeleteAsync(cancellationToken);
        await db.Projects.ExecuteDeleteAsync(cancellationToken);
    }

    private string Table(Type entity)
    {
        var type = db.Model.FindEntityType(entity)!;
        var schema = type.GetSchema();
        return schema is null ? $"\"{type.GetTableName()}\"" : $"\"{schema}\".\"{type.GetTableName()}\"";
    }

    internal static async Task InsertAsync(DbConnection connection, DbTransaction tx, string table, string[] columns, List<object?[]> rows, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        // PostgreSQL: multi-row INSERTs of 400 rows, one network round trip per chunk instead of per
        // row. SQLite is in-process and binds parameters by name (a linear search per parameter),
        // so one prepared single-row statement is fastest there.
        var chunk = connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal) ? 400 : 1;
        var head = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ";
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += chunk)
            {
                var count = Math.Min(chunk, rows.Count - start);
                var command = count == chunk && full is not null ? full : Prepare(connection, tx, head, columns.Length, count);
                if (count == chunk)
                {
                    full = command;
                }

                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < row.Length; c++)
                    {
                        command.Parameters[(r * columns.Length) + c].Value = row[c] ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (!ReferenceEquals(command, full))
                {
                    await command.DisposeAsync();
                }

                await progress(count);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction tx, string head, int columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        var sql = new System.Text.StringBuilder(head);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{(r * columns) + c}");
                sql.Append(c == 0 ? name : ", " + name);
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }

            sql.Append(')');
        }

#pragma warning disable CA2100 // table and column names come from the EF model and constants; values are parameters
        command.CommandText = sql.ToString();
#pragma warning restore CA2100
        return command;
    }

    private static (int Setsu, string[] Items, int Weight) Pick(Random random)
    {
        var roll = random.Next(Spending.Sum(s => s.Weight));
        foreach (var s in Spending)
        {
            if ((roll -= s.Weight) < 0)
            {
                return s;
            }
        }

        return Spending[^1];
    }

    private static (double National, double Prefectural, double Bonds, double Other) FundingMix(Random random, SubsidyKind subsidy, Recurrence recurrence) =>
        (subsidy == SubsidyKind.Subsidized ? 0.2 + (random.NextDouble() * 0.3) : 0,
         subsidy == SubsidyKind.Subsidized ? random.NextDouble() * 0.15 : 0,
         recurrence == Recurrence.Temporary ? random.NextDouble() * 0.3 : 0,
         random.Next(100) < 30 ? random.NextDouble() * 0.1 : 0);

    private static Funding Funds((double National, double Prefectural, double Bonds, double Other) f, long cost)
    {
        static long Part(double fraction, long cost) => (long)(cost * fraction) / 1000 * 1000;
        return new Funding(Part(f.National, cost), Part(f.Prefectural, cost), Part(f.Bonds, cost), Part(f.Other, cost));
    }

    private static string[] PreferredKan(string orgName) => orgName switch
    {
        _ when orgName.EndsWith("区役所", StringComparison.Ordinal) => ["市民費", "総務費"],
        _ when orgName.Contains("福祉", StringComparison.Ordinal) => ["福祉費"],
        _ when orgName.Contains("健康", StringComparison.Ordinal) => ["健康費"],
        _ when orgName.Contains("こども", StringComparison.Ordinal) => ["こども青少年費"],
        _ when orgName.Contains("環境", StringComparison.Ordinal) => ["環境費"],
        _ when orgName.Contains("経済", StringComparison.Ordinal) => ["経済戦略費"],
        _ when orgName.Contains("都市", StringComparison.Ordinal) || orgName.Contains("計画", StringComparison.Ordinal) => ["都市整備費"],
        _ when orgName.Contains("建設", StringComparison.Ordinal) => ["建設費"],
        _ when orgName.Contains("港湾", StringComparison.Ordinal) => ["港湾費"],
        _ when orgName.Contains("消防", StringComparison.Ordinal) => ["消防費"],
        _ when orgName.Contains("教育", StringComparison.Ordinal) => ["教育費"],
        _ when orgName.Contains("市会", StringComparison.Ordinal) => ["議会費"],
        _ when orgName.Contains("市民", StringComparison.Ordinal) => ["市民費"],
        _ => ["総務費"],
    };
}
