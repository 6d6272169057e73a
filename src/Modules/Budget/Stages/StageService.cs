// The budget cycle of a fiscal year: 予算編成方針, the stages with their deadlines, and closing a
// stage into an immutable snapshot. A snapshot is written with two INSERT … SELECT statements
// (one GROUP BY each) so closing a stage over 100,000 積算 lines costs the database a second, not
// 100,000 tracked entities; the stage's own update (ClosedAtUtc, ClosedBy) is what the audit
// interceptor records. Snapshot rows are never updated or deleted by the module.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Kernel;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Stages;

public sealed record StageView(int Id, int Year, StageKind Kind, int Round, string Name, DateOnly? Deadline, DateTime? ClosedAtUtc, string? ClosedBy, long Version)
{
    public bool Closed => ClosedAtUtc is not null;
}

public sealed record Milestone(StageView Stage, long Total, long General, long GeneralFunds, long? ChangeFromPrevious);

public sealed class StageService(BudgetDb db, TimeProvider clock)
{
    /// <summary>The 当初 cycle, in order; 補正 rounds follow 確定.</summary>
    public static readonly IReadOnlyList<StageKind> InitialCycle =
        [StageKind.Request, StageKind.ChiefAssessment, StageKind.Naiji, StageKind.Revival, StageKind.DirectorAssessment, StageKind.MayorAssessment, StageKind.Adopted];

    public const string DefaultPolicy =
        "市税等の一般財源の見込みを踏まえ、人件費・公債費・非裁量経費・重点施策推進経費に先に一般財源を配分し、裁量経費は所属ごとのシーリングの範囲内で要求する。区の節減分は区間で再配分する。";

    public static string KindName(StageKind kind) => kind switch
    {
        StageKind.Request => "要求",
        StageKind.ChiefAssessment => "課長査定",
        StageKind.Naiji => "内示",
        StageKind.Revival => "復活要求",
        StageKind.DirectorAssessment => "局長査定",
        StageKind.MayorAssessment => "市長査定",
        StageKind.Adopted => "確定",
        StageKind.Supplementary => "補正",
        _ => kind.ToString(),
    };

    public static string Name(StageKind kind, int round) =>
        kind == StageKind.Supplementary ? $"補正 第{round.ToString(CultureInfo.InvariantCulture)}回" : KindName(kind);

    /// <summary>Reads a stage as the CLI and URLs name it: 要求, 課長査定, …, 確定, 補正1 (or request, chief, naiji, revival, director, mayor, adopted, supplementary-1).</summary>
    public static bool TryParseStage(string? text, out StageKind kind, out int round)
    {
        kind = StageKind.Request;
        round = 0;
        var t = (text ?? "").Trim().ToLowerInvariant();
        foreach (var k in InitialCycle)
        {
            if (t == KindName(k) || t == Code(k, 0))
            {
                kind = k;
                return true;
            }
        }

        foreach (var prefix in new[] { "補正", "supplementary-", "補正第" })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(t[prefix.Length..].TrimEnd('回'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                kind = StageKind.Supplementary;
                round = n;
                return true;
            }
        }

        return false;
    }

    public static string Code(StageKind kind, int round) => kind switch
    {
        StageKind.Request => "request",
        StageKind.ChiefAssessment => "chief",
        StageKind.Naiji => "naiji",
        StageKind.Revival => "revival",
        StageKind.DirectorAssessment => "director",
        StageKind.MayorAssessment => "mayor",
        StageKind.Adopted => "adopted",
        _ => "supplementary-" + round.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Default deadlines: 要求 mid-November of the year before, 確定 mid-February (reference §9).</summary>
    private static DateOnly DefaultDeadline(int year, StageKind kind) => kind switch
    {
        StageKind.Request => new DateOnly(year - 1, 11, 15),
        StageKind.ChiefAssessment => new DateOnly(year - 1, 12, 20),
        StageKind.Naiji => new DateOnly(year, 1, 10),
        StageKind.Revival => new DateOnly(year, 1, 20),
        StageKind.DirectorAssessment => new DateOnly(year, 1, 31),
        StageKind.MayorAssessment => new DateOnly(year, 2, 7),
        _ => new DateOnly(year, 2, 14),
    };

    /// <summary>Creates the year's cycle (方針 and the seven stages) when it does not exist yet.</summary>
    public async Task EnsureCycleAsync(int year, CancellationToken cancellationToken = default)
    {
        if (!await db.Cycles.AnyAsync(c => c.Year == year, cancellationToken))
        {
            db.Cycles.Add(new BudgetCycle { Year = year, Policy = DefaultPolicy });
        }

        var existing = await db.Stages.Where(s => s.Year == year).Select(s => s.Kind).ToListAsync(cancellationToken);
        foreach (var kind in InitialCycle.Where(k => !existing.Contains(k)))
        {
            db.Stages.Add(new BudgetStage { Year = year, Kind = kind, Deadline = DefaultDeadline(year, kind) });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<BudgetCycle?> CycleAsync(int year, CancellationToken cancellationToken = default) =>
        await db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Year == year, cancellationToken);

    public async Task<IReadOnlyList<StageView>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        var stages = await db.Stages.AsNoTracking().Where(s => s.Year == year).ToListAsync(cancellationToken);
        return [.. stages.OrderBy(s => s.Kind).ThenBy(s => s.Round).Select(View)];
    }

    public async Task<StageView?> FindAsync(int year, StageKind kind, int round, CancellationToken cancellationToken = default) =>
        await db.Stages.AsNoTracking().Where(s => s.Year == year && s.Kind == kind && s.Round == round).Select(s => View(s)).FirstOrDefaultAsync(cancellationToken);

    public async Task<StageView?> FindAsync(int stageId, CancellationToken cancellationToken = default) =>
        await db.Stages.AsNoTracking().Where(s => s.Id == stageId).Select(s => View(s)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>True once the 内示 of the year has been closed: from then on only re-opening examiners may send a request back.</summary>
    public Task<bool> NaijiClosedAsync(int year, CancellationToken cancellationToken = default) =>
        db.Stages.AnyAsync(s => s.Year == year && s.Kind == StageKind.Naiji && s.ClosedAtUtc != null, cancellationToken);

    private static StageView View(BudgetStage s) => new(s.Id, s.Year, s.Kind, s.Round, Name(s.Kind, s.Round), s.Deadline, s.ClosedAtUtc, s.ClosedBy, s.Version);

    /// <summary>Saves the 予算編成方針 (財政局).</summary>
    public async Task<BudgetResult> SavePolicyAsync(BudgetUser user, int year, long version, string? policy, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("予算編成方針を変更できるのは財政局だけです。");
        }

        if (policy?.Length > 4000)
        {
            var tooLong = new BudgetResult();
            tooLong.Errors.Add(new FieldError("policy", "「予算編成方針」は4000文字以内で入力してください。"));
            return tooLong;
        }

        var cycle = await db.Cycles.FirstOrDefaultAsync(c => c.Year == year, cancellationToken);
        if (cycle is null)
        {
            return BudgetResult.Deny("この年度の予算編成はまだ始まっていません。");
        }

        if (cycle.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        cycle.Policy = string.IsNullOrWhiteSpace(policy) ? null : policy.Trim();
        db.Entry(cycle).Property(c => c.Version).OriginalValue = version;
        return await db.SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>Sets a stage's deadline (財政局); a closed stage keeps its deadline.</summary>
    public async Task<BudgetResult> SetDeadlineAsync(BudgetUser user, int stageId, long version, DateOnly? deadline, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("締切を変更できるのは財政局だけです。");
        }

        var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, cancellationToken);
        if (stage is null)
        {
            return BudgetResult.Deny("指定された段階はありません。");
        }

        if (stage.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        if (stage.ClosedAtUtc is not null)
        {
            return BudgetResult.Deny($"締め切った段階「{Name(stage.Kind, stage.Round)}」の締切は変更できません。");
        }

        stage.Deadline = deadline;
        db.Entry(stage).Property(c => c.Version).OriginalValue = version;
        await db.SaveChangesAsync(cancellationToken);
        return BudgetResult.Ok();
    }

    /// <summary>Adds the next 補正 round after 確定 (財政局).</summary>
    public async Task<BudgetResult> AddSupplementaryAsync(BudgetUser user, int year, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("補正予算の段階を追加できるのは財政局だけです。");
        }

        var stages = await db.Stages.Where(s => s.Year == year).ToListAsync(cancellationToken);
        if (!stages.Any(s => s.Kind == StageKind.Adopted && s.ClosedAtUtc is not null))
        {
            return BudgetResult.Deny("補正は当初予算の「確定」を締め切った後に追加できます。");
        }

        if (stages.Any(s => s.Kind == StageKind.Supplementary && s.ClosedAtUtc is null))
        {
            return BudgetResult.Deny("締め切っていない補正の段階があります。先にそれを締め切ってください。");
        }

        var round = stages.Where(s => s.Kind == StageKind.Supplementary).Select(s => s.Round).DefaultIfEmpty(0).Max() + 1;
        db.Stages.Add(new BudgetStage { Year = year, Kind = StageKind.Supplementary, Round = round });
        await db.SaveChangesAsync(cancellationToken);
        return BudgetResult.Ok();
    }

    /// <summary>
    /// Closes the year's next open stage: records every 事業's amounts per 節 and its 財源内訳 as they
    /// stand. 要求 takes the requested amounts of requests submitted (提出 or later); every later stage
    /// takes the 査定額 and assessed 財源 of requests at 課長査定 or 確定. Stages close in order.
    /// </summary>
    public async Task<BudgetResult> CloseAsync(BudgetUser user, int stageId, long version, CancellationToken cancellationToken = default)
    {
        if (!user.Can(BudgetPermissions.Review))
        {
            return BudgetResult.Deny("段階を締め切れるのは財政局だけです。");
        }

        var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, cancellationToken);
        if (stage is null)
        {
            return BudgetResult.Deny("指定された段階はありません。");
        }

        if (stage.Version != version)
        {
            return BudgetResult.VersionConflict();
        }

        if (stage.ClosedAtUtc is not null)
        {
            return BudgetResult.Deny($"「{Name(stage.Kind, stage.Round)}」は既に締め切られています。締め切った段階の数字は変わりません。");
        }

        var firstOpen = await db.Stages.AsNoTracking().Where(s => s.Year == stage.Year && s.ClosedAtUtc == null)
            .OrderBy(s => s.Kind).ThenBy(s => s.Round).FirstAsync(cancellationToken);
        if (firstOpen.Id != stage.Id)
        {
            return BudgetResult.Deny($"段階は順に締め切ります。先に「{Name(firstOpen.Kind, firstOpen.Round)}」を締め切ってください。");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            stage.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
            stage.ClosedBy = user.Name;
            db.Entry(stage).Property(s => s.Version).OriginalValue = version;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return BudgetResult.VersionConflict();
            }

            await SnapshotAsync(stage, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return BudgetResult.Ok();
        });
    }

    private async Task SnapshotAsync(BudgetStage stage, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Table<T>() => sql.DelimitIdentifier(db.Model.FindEntityType(typeof(T))!.GetTableName()!, db.Model.FindEntityType(typeof(T))!.GetSchema());
        string C(string column) => sql.DelimitIdentifier(column);
        var requested = stage.Kind == StageKind.Request;
        var minStatus = (int)(requested ? RequestStatus.Submitted : RequestStatus.Assessed);
        var amount = requested ? $"l.{C("Amount")}" : $"COALESCE(l.{C("AssessedAmount")}, 0)";
        string Fund(string requestedColumn, string assessedColumn) => requested ? $"r.{C(requestedColumn)}" : $"COALESCE(r.{C(assessedColumn)}, 0)";
        var stageId = stage.Id.ToString(CultureInfo.InvariantCulture);
        var year = stage.Year.ToString(CultureInfo.InvariantCulture);
        var status = minStatus.ToString(CultureInfo.InvariantCulture);
        var where = $"r.{C("Year")} = {year} AND r.{C("Status")} >= {status}";

        // Identifiers come from the EF model and the values are integers formatted here: no user text reaches the SQL.
#pragma warning disable EF1002, EF1003
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {Table<StageAmount>()} ({C("StageId")}, {C("ProjectId")}, {C("SetsuId")}, {C("Amount")}) " +
            $"SELECT {stageId}, r.{C("ProjectId")}, l.{C("SetsuId")}, SUM({amount}) FROM {Table<RequestLine>()} l " +
            $"JOIN {Table<BudgetRequest>()} r ON r.{C("Id")} = l.{C("RequestId")} WHERE {where} GROUP BY r.{C("ProjectId")}, l.{C("SetsuId")}",
            cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {Table<StageFunding>()} ({C("StageId")}, {C("ProjectId")}, {C("Cost")}, {C("National")}, {C("Prefectural")}, {C("Bonds")}, {C("OtherSpecific")}) " +
            $"SELECT {stageId}, r.{C("ProjectId")}, COALESCE((SELECT SUM({amount}) FROM {Table<RequestLine>()} l WHERE l.{C("RequestId")} = r.{C("Id")}), 0), " +
            $"{Fund("NationalFunds", "AssessedNationalFunds")}, {Fund("PrefecturalFunds", "AssessedPrefecturalFunds")}, {Fund("Bonds", "AssessedBonds")}, {Fund("OtherSpecificFunds", "AssessedOtherSpecificFunds")} " +
            $"FROM {Table<BudgetRequest>()} r WHERE {where}",
            cancellationToken);
#pragma warning restore EF1002, EF1003
        await RequestEntryService.SnapshotAsync(db, stage.Id, stage.Year, minStatus, !requested, cancellationToken);
        await Revenue.RevenueSnapshot.WriteAsync(db, stage, cancellationToken);
    }

    /// <summary>How the budget moved: each closed stage's total, 一般会計 and 一般財源, and the change from the stage before.</summary>
    public async Task<IReadOnlyList<Milestone>> MilestonesAsync(int year, CancellationToken cancellationToken = default)
    {
        var stages = (await ListAsync(year, cancellationToken)).Where(s => s.Closed).ToList();
        var ids = stages.Select(s => s.Id).ToList();
        var generalAccount = await db.Accounts.AsNoTracking().Where(a => a.Kind == AccountKind.General).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var rows = await (from f in db.StageFundings.AsNoTracking()
                          where ids.Contains(f.StageId)
                          join p in db.Projects.AsNoTracking() on f.ProjectId equals p.Id
                          group new { f, General = p.AccountId == generalAccount } by f.StageId into g
                          select new
                          {
                              g.Key,
                              Total = g.Sum(x => x.f.Cost),
                              General = g.Sum(x => x.General ? x.f.Cost : 0),
                              Specific = g.Sum(x => x.f.National + x.f.Prefectural + x.f.Bonds + x.f.OtherSpecific),
                          }).ToDictionaryAsync(x => x.Key, cancellationToken);
        var result = new List<Milestone>();
        long? previous = null;
        foreach (var s in stages)
        {
            var r = rows.GetValueOrDefault(s.Id);
            var total = r?.Total ?? 0;
            result.Add(new Milestone(s, total, r?.General ?? 0, total - (r?.Specific ?? 0), previous is { } p ? total - p : null));
            previous = total;
        }

        return result;
    }

    /// <summary>For the progress board: today's date in JST.</summary>
    public DateOnly Today => clock.GetJstToday();
}
