// The financial accounting link: execution figures imported from the accounting system (CSV, one
// row per 事業 and 節), 執行状況 and 年度末見込 per 所属 and 事業, and the adopted budget exported in
// the layout the accounting system reads. An import replaces the year's figures as a whole and is
// all or nothing: every error names its line and column.
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Budget.Execution;

public sealed record ExecutionImportResult(int Rows, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>執行状況 of one 所属 or 事業 (yen) and its 年度末見込.</summary>
public sealed record ExecutionRow(string Key, string Label, long CurrentBudget, long Allotted, long Encumbered, long Spent, long Assessed, long Received, long Forecast)
{
    /// <summary>執行率 = 支出済 ÷ 予算現額, in percent with one decimal; null when there is no budget.</summary>
    public decimal? Rate => CurrentBudget == 0 ? null : Math.Round(Spent * 100m / CurrentBudget, 1, MidpointRounding.AwayFromZero);

    /// <summary>不用額見込 = 予算現額 − 年度末見込.</summary>
    public long UnusedForecast => CurrentBudget - Forecast;
}

public sealed record ExecutionStatus(int Year, DateOnly? AsOf, int ElapsedMonths, IReadOnlyList<ExecutionRow> Rows)
{
    public ExecutionRow Total => new("total", "合計", Rows.Sum(r => r.CurrentBudget), Rows.Sum(r => r.Allotted), Rows.Sum(r => r.Encumbered), Rows.Sum(r => r.Spent),
        Rows.Sum(r => r.Assessed), Rows.Sum(r => r.Received), Rows.Sum(r => r.Forecast));
}

public sealed class ExecutionService(BudgetDb db, OrgDirectory orgs, TimeProvider clock)
{
    /// <summary>The import layout (documented in the README). Amounts are whole yen.</summary>
    public static readonly IReadOnlyList<string> ImportHeaders = ["事業コード", "節", "予算現額", "配当額", "支出負担行為額", "支出済額", "調定額", "収入済額"];

    /// <summary>The export layout for the accounting system.</summary>
    public static readonly IReadOnlyList<string> ExportHeaders = ["年度", "会計コード", "款項目コード", "所属コード", "事業コード", "事業名", "節", "節名", "予算額"];

    /// <summary>
    /// 年度末見込 of a row: what is already committed (支出負担行為) or, if more, the spending so far
    /// continued at the same monthly pace to the end of the year (支出済 ÷ 経過月数 × 12), never above
    /// 予算現額. A simple, explainable rule; the 所属 can see both inputs beside it.
    /// </summary>
    public static long Forecast(long currentBudget, long encumbered, long spent, int elapsedMonths)
    {
        var paced = elapsedMonths <= 0 ? spent : (long)Math.Min(decimal.MaxValue / 2, spent * 12m / Math.Min(12, elapsedMonths));
        return Math.Min(Math.Max(currentBudget, 0), Math.Max(encumbered, paced));
    }

    /// <summary>Months of the fiscal year (April start) elapsed by the 基準日, 1..12.</summary>
    public static int ElapsedMonths(int year, DateOnly asOf) =>
        Math.Clamp(((asOf.Year - year) * 12) + asOf.Month - 4 + 1, 1, 12);

    public async Task<ExecutionImportResult> ImportAsync(int year, DateOnly asOf, Stream input, string fileName, string importedBy, CancellationToken cancellationToken = default)
    {
        CsvTable table;
        try
        {
            table = CsvReader.Read(input);
        }
        catch (CsvFormatException ex)
        {
            return new ExecutionImportResult(0, [ex.Message]);
        }

        var errors = new List<string>();
        foreach (var required in ImportHeaders)
        {
            if (!table.Headers.Contains(required))
            {
                errors.Add($"1行目: 見出しに「{required}」の列がありません。必要な列: {string.Join("、", ImportHeaders)}");
            }
        }

        if (errors.Count > 0)
        {
            return new ExecutionImportResult(0, errors);
        }

        if (table.Rows.Count == 0)
        {
            return new ExecutionImportResult(0, ["データの行がありません。見出しの次の行から、事業と節ごとに1行ずつ書いてください。"]);
        }

        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code }).ToDictionaryAsync(p => p.Code, p => p.Id, StringComparer.Ordinal, cancellationToken);
        var setsus = await db.Setsus.AsNoTracking().Where(s => s.FromYear <= year && (s.ToYear == null || s.ToYear >= year)).ToDictionaryAsync(s => s.Number, s => s.Id, cancellationToken);
        var seen = new Dictionary<(int, int), int>();
        var records = new List<ExecutionRecord>();
        foreach (var row in table.Rows)
        {
            var line = row.LineNumber.ToString(CultureInfo.InvariantCulture);
            string Field(string name) => JapaneseText.Nfkc(row[name]).Trim();
            var code = Field("事業コード");
            int projectId = 0, setsuId = 0;
            if (code.Length == 0)
            {
                errors.Add($"{line}行目「事業コード」列: 空です。");
            }
            else if (!projects.TryGetValue(code, out projectId))
            {
                errors.Add($"{line}行目「事業コード」列: 「{code}」の予算事業はありません。");
            }

            var setsuText = Field("節").TrimEnd('節');
            if (!int.TryParse(setsuText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !setsus.TryGetValue(number, out setsuId))
            {
                errors.Add($"{line}行目「節」列: 「{Field("節")}」は{year.ToString(CultureInfo.InvariantCulture)}年度の節番号（1〜27）ではありません。");
            }

            var amounts = new long[6];
            for (var i = 0; i < 6; i++)
            {
                var column = ImportHeaders[i + 2];
                var text = Field(column).Replace(",", "", StringComparison.Ordinal);
                if (text.Length == 0)
                {
                    continue;
                }

                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amounts[i]) || Math.Abs(amounts[i]) > BudgetMath.MaxAmount * 10)
                {
                    errors.Add($"{line}行目「{column}」列: 「{Field(column)}」は円単位の整数ではありません。");
                }
            }

            if (projectId != 0 && setsuId != 0)
            {
                if (seen.TryGetValue((projectId, setsuId), out var first))
                {
                    errors.Add($"{line}行目: 事業「{code}」の{number.ToString(CultureInfo.InvariantCulture)}節は{first.ToString(CultureInfo.InvariantCulture)}行目にもあります（事業と節の組は1行に1つ）。");
                }
                else
                {
                    seen[(projectId, setsuId)] = row.LineNumber;
                }
            }

            records.Add(new ExecutionRecord
            {
                Year = year, ProjectId = projectId, SetsuId = setsuId,
                CurrentBudget = amounts[0], Allotted = amounts[1], Encumbered = amounts[2], Spent = amounts[3], Assessed = amounts[4], Received = amounts[5],
            });
        }

        if (errors.Count > 0)
        {
            return new ExecutionImportResult(0, errors);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Executions.RemoveRange(await db.Executions.Where(e => e.Year == year).ToListAsync(cancellationToken));
            db.Executions.AddRange(records);
            db.ExecutionImports.Add(new ExecutionImport
            {
                Year = year, AsOf = asOf, FileName = Path.GetFileName(fileName), Rows = records.Count, ImportedAtUtc = clock.GetUtcNow().UtcDateTime, ImportedBy = importedBy,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return new ExecutionImportResult(records.Count, []);
    }

    /// <summary>執行状況 of the year by 所属, or by 事業 of one 所属.</summary>
    public async Task<ExecutionStatus> StatusAsync(int year, int? orgUnitId, CancellationToken cancellationToken = default)
    {
        var last = await db.ExecutionImports.AsNoTracking().Where(i => i.Year == year).OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        var months = last is null ? 12 : ElapsedMonths(year, last.AsOf);
        var query = from e in db.Executions.AsNoTracking()
                    where e.Year == year
                    join p in db.Projects.AsNoTracking() on e.ProjectId equals p.Id
                    select new { e, p.OrgUnitId, p.Code, p.Name };
        if (orgUnitId is { } org)
        {
            query = query.Where(x => x.OrgUnitId == org);
        }

        var data = await query.ToListAsync(cancellationToken);
        var units = await orgs.AllAsync(cancellationToken);
        var groups = orgUnitId is null
            ? data.GroupBy(x => (Key: x.OrgUnitId.ToString(CultureInfo.InvariantCulture), Label: units.TryGetValue(x.OrgUnitId, out var u) ? u.Name : "?", Sort: units.TryGetValue(x.OrgUnitId, out var v) ? v.SortOrder : int.MaxValue))
            : data.GroupBy(x => (Key: x.Code, Label: $"{x.Code} {x.Name}", Sort: 0));
        var rows = groups.OrderBy(g => g.Key.Sort).ThenBy(g => g.Key.Key, StringComparer.Ordinal).Select(g => new ExecutionRow(g.Key.Key, g.Key.Label,
            g.Sum(x => x.e.CurrentBudget), g.Sum(x => x.e.Allotted), g.Sum(x => x.e.Encumbered), g.Sum(x => x.e.Spent), g.Sum(x => x.e.Assessed), g.Sum(x => x.e.Received),
            // The forecast is made per 事業 × 節 (where commitments are known) and then summed.
            g.Sum(x => Forecast(x.e.CurrentBudget, x.e.Encumbered, x.e.Spent, months)))).ToList();
        return new ExecutionStatus(year, last?.AsOf, months, rows);
    }

    public static byte[] StatusToCsv(ExecutionStatus status, string dimension, CsvOutputEncoding encoding) =>
        CsvWriter.WriteToArray([dimension, "予算現額", "配当額", "支出負担行為額", "支出済額", "執行率（%）", "年度末見込", "不用額見込", "調定額", "収入済額"],
            status.Rows.Append(status.Total).Select(r => (IReadOnlyList<string?>)[r.Label, N(r.CurrentBudget), N(r.Allotted), N(r.Encumbered), N(r.Spent),
                r.Rate?.ToString("0.0", CultureInfo.InvariantCulture), N(r.Forecast), N(r.UnusedForecast), N(r.Assessed), N(r.Received)]), encoding);

    /// <summary>
    /// The adopted budget (the year's closed 確定 stage, or the latest closed 補正 after it) per 事業 and 節
    /// in the accounting layout; null when the year has no closed 確定.
    /// </summary>
    public async Task<(string StageName, byte[] Csv)?> ExportAccountingAsync(int year, CsvOutputEncoding encoding, CancellationToken cancellationToken = default)
    {
        var stage = await db.Stages.AsNoTracking().Where(s => s.Year == year && s.ClosedAtUtc != null && s.Kind >= StageKind.Adopted)
            .OrderByDescending(s => s.Kind).ThenByDescending(s => s.Round).FirstOrDefaultAsync(cancellationToken);
        if (stage is null)
        {
            return null;
        }

        var units = await orgs.AllAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, cancellationToken);
        var items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Code, cancellationToken);
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var rows = await (from a in db.StageAmounts.AsNoTracking()
                          where a.StageId == stage.Id
                          join p in db.Projects.AsNoTracking() on a.ProjectId equals p.Id
                          orderby p.Code, a.SetsuId
                          select new { p.Code, p.Name, p.AccountId, p.MokuId, p.OrgUnitId, a.SetsuId, a.Amount }).ToListAsync(cancellationToken);
        var y = year.ToString(CultureInfo.InvariantCulture);
        var csv = CsvWriter.WriteToArray(ExportHeaders, rows.Select(r => (IReadOnlyList<string?>)
        [
            y, accounts[r.AccountId], items[r.MokuId], units.TryGetValue(r.OrgUnitId, out var u) ? u.Code : "", r.Code, r.Name,
            setsus[r.SetsuId].Number.ToString(CultureInfo.InvariantCulture), setsus[r.SetsuId].Name, N(r.Amount),
        ]), encoding);
        return (StageService.Name(stage.Kind, stage.Round), csv);
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
