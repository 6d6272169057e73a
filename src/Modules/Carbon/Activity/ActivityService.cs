// Activity data: the monthly table per site and year, bill CSV import, and the checks that
// help a business catch a typo (negative values, wrong units, gaps, jumps against last year).
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Carbon.Activity;

/// <summary>A validated cell of the monthly table.</summary>
public sealed record ActivityCell(int Month, string ActivityKey, decimal Quantity, Unit Unit, long? CostYen = null);

/// <summary>A message about one field or line, in Japanese.</summary>
public sealed record ActivityProblem(string Field, string Message);

/// <summary>The sheet changed since the form was drawn.</summary>
public sealed class SheetConflictException() : Exception("他の利用者が先に更新しました。最新の内容を表示しています。もう一度入力してください。");

public sealed class ActivityService(CarbonDb db, TimeProvider clock)
{
    /// <summary>A jump against the same month last year beyond this ratio (or below its inverse) is flagged.</summary>
    public const decimal DeviationRatio = 1.5m;

    /// <summary>Reads 「1,234.5」「１２３４」; null when blank. Adds a problem when unreadable or negative.</summary>
    public static decimal? ParseQuantity(string? text, string field, string what, List<ActivityProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var t = JapaneseText.Nfkc(text)?.Trim().Replace(",", "", StringComparison.Ordinal) ?? "";
        if (t.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add(new(field, $"{what}「{text}」を数値として読めません。半角数字で入力してください。"));
            return null;
        }

        if (value < 0)
        {
            problems.Add(new(field, $"{what}に負の値（{t}）は入力できません。返金や訂正は、その月の正しい使用量を入力してください。"));
            return null;
        }

        if (decimal.Round(value, 6) != value)
        {
            problems.Add(new(field, $"{what}は小数点以下6桁までで入力してください（「{t}」）。"));
            return null;
        }

        return value;
    }

    /// <summary>Reads a bill amount in yen (「12,345」「１２３４５円」); null when blank. Adds a problem when unreadable or negative.</summary>
    public static long? ParseYen(string? text, string field, string what, List<ActivityProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var t = JapaneseText.Nfkc(text)?.Trim().Replace(",", "", StringComparison.Ordinal).TrimEnd('円').Trim() ?? "";
        if (t.Length == 0)
        {
            return null;
        }

        if (!long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var yen))
        {
            problems.Add(new(field, $"{what}「{text}」は円単位の整数で入力してください。"));
            return null;
        }

        if (yen is < 0 or > 100_000_000_000)
        {
            problems.Add(new(field, $"{what}は0円以上1,000億円以下で入力してください（「{t}」）。"));
            return null;
        }

        return yen;
    }

    /// <summary>Checks a unit for an activity kind; adds a problem on mismatch.</summary>
    public static Unit? ParseUnit(ActivityKind kind, string? text, string field, List<ActivityProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(problems);
        if (!Unit.TryParse(text, out var unit))
        {
            problems.Add(new(field, $"単位「{text}」は使えません。{kind.Label}は {string.Join("、", kind.Units.Select(u => u.Label))} のいずれかで入力してください。"));
            return null;
        }

        if (unit.Dimension != kind.DefaultUnit.Dimension)
        {
            problems.Add(new(field, $"{kind.Label}の単位に「{unit.Label}」は使えません（単位の種類が違います）。{string.Join("、", kind.Units.Select(u => u.Label))} のいずれかで入力してください。"));
            return null;
        }

        return unit;
    }

    public Task<ActivitySheet?> SheetAsync(int siteId, int fiscalYear, CancellationToken cancellationToken = default) =>
        db.Sheets.Include(s => s.Lines).FirstOrDefaultAsync(s => s.SiteId == siteId && s.FiscalYear == fiscalYear, cancellationToken);

    /// <summary>
    /// Replaces a site's year with <paramref name="cells"/>. <paramref name="expectedVersion"/> is the
    /// version the form showed (0 for a sheet not yet saved).
    /// </summary>
    /// <exception cref="SheetConflictException">Someone saved the sheet in between.</exception>
    public async Task<ActivitySheet> SaveSheetAsync(int siteId, int fiscalYear, IReadOnlyList<ActivityCell> cells, long expectedVersion, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sheet = await SheetAsync(siteId, fiscalYear, cancellationToken);
        if (sheet is null)
        {
            if (expectedVersion != 0)
            {
                throw new SheetConflictException();
            }

            sheet = new ActivitySheet { SiteId = siteId, FiscalYear = fiscalYear };
            db.Sheets.Add(sheet);
        }
        else
        {
            db.Entry(sheet).Property(s => s.Version).OriginalValue = expectedVersion;
        }

        // Keep unchanged lines as they are so the audit log shows only real changes.
        var wanted = cells.ToDictionary(c => (c.Month, c.ActivityKey));
        foreach (var line in sheet.Lines.ToList())
        {
            if (!wanted.TryGetValue((line.Month, line.ActivityKey), out var cell))
            {
                sheet.Lines.Remove(line);
                db.Lines.Remove(line);
            }
            else
            {
                line.Quantity = cell.Quantity;
                line.UnitCode = cell.Unit.Code;
                line.CostYen = cell.CostYen;
                wanted.Remove((line.Month, line.ActivityKey));
            }
        }

        foreach (var cell in wanted.Values)
        {
            sheet.Lines.Add(new ActivityLine { Month = cell.Month, ActivityKey = cell.ActivityKey, Quantity = cell.Quantity, UnitCode = cell.Unit.Code, CostYen = cell.CostYen });
        }

        sheet.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        sheet.UpdatedBy = user;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new SheetConflictException();
        }
        catch (DbUpdateException) when (sheet.Id == 0 || expectedVersion == 0)
        {
            // Two first saves of the same site and year: the unique index let one through.
            db.ChangeTracker.Clear();
            throw new SheetConflictException();
        }

        return sheet;
    }

    /// <summary>
    /// Warnings that do not stop a save: months left empty for a kind that has entries, and values
    /// far from the same month of the previous year.
    /// </summary>
    /// <param name="sheet">The year being checked.</param>
    /// <param name="previousYear">The same site's previous year, for the jump check.</param>
    /// <param name="yearIsOver">True for a past fiscal year: all 12 months are expected. For the
    /// current year only gaps before the last entered month are reported.</param>
    public static IReadOnlyList<string> Warnings(ActivitySheet? sheet, ActivitySheet? previousYear, bool yearIsOver = true)
    {
        var warnings = new List<string>();
        if (sheet is null)
        {
            return warnings;
        }

        foreach (var kind in ActivityKind.All)
        {
            var months = sheet.Lines.Where(l => l.ActivityKey == kind.Key).Select(l => l.Month).ToHashSet();
            if (months.Count is > 0 and < 12)
            {
                var order = ActivityKind.FiscalMonths.ToList();
                var last = months.Max(m => order.IndexOf(m));
                var missing = order.Where((m, i) => !months.Contains(m) && (yearIsOver || i < last)).Select(m => $"{m}月").ToList();
                if (missing.Count > 0)
                {
                    warnings.Add($"{kind.Label}: {string.Join("、", missing)} が未入力です（使用がない月は 0 を入力してください）。");
                }
            }

            if (previousYear is null)
            {
                continue;
            }

            foreach (var line in sheet.Lines.Where(l => l.ActivityKey == kind.Key).OrderBy(l => ActivityKind.FiscalMonths.ToList().IndexOf(l.Month)))
            {
                var before = previousYear.Lines.FirstOrDefault(l => l.ActivityKey == kind.Key && l.Month == line.Month);
                if (before is null || !Unit.TryParse(before.UnitCode, out var beforeUnit) || !Unit.TryParse(line.UnitCode, out var unit) || beforeUnit.Dimension != unit.Dimension)
                {
                    continue;
                }

                var last = beforeUnit.ConvertTo(before.Quantity, unit);
                var now = line.Quantity;
                if (last > 0 && (now > last * DeviationRatio || now * DeviationRatio < last))
                {
                    warnings.Add($"{kind.Label} {line.Month}月: {Format(now)} {unit.Label} は前年同月（{Format(last)} {unit.Label}）と大きく違います。入力に誤りがないか確認してください。");
                }
            }
        }

        return warnings;
    }

    public static string Format(decimal value) => value.ToString("#,##0.######", CultureInfo.InvariantCulture);

    /// <summary>Header of the bill CSV layout (see README): 事業所,年月,種別,数量,単位 and the optional 金額 (円).</summary>
    public static readonly IReadOnlyList<string> BillHeaders = ["事業所", "年月", "種別", "数量", "単位"];

    /// <summary>One readable row of a bill file.</summary>
    public sealed record BillRow(int Line, string Site, int Year, int Month, ActivityKind Kind, decimal Quantity, Unit Unit, long? CostYen = null)
    {
        public int FiscalYear => Month >= 4 ? Year : Year - 1;
    }

    /// <summary>Reads a bill file; every bad row is reported with its line, and nothing is returned when any is bad.</summary>
    public static (IReadOnlyList<BillRow> Rows, IReadOnlyList<string> Errors) ReadBills(Stream csv)
    {
        IReadOnlyList<string> headers;
        IReadOnlyList<BillSheetRow> tableRows;
        try
        {
            (headers, tableRows) = BillSheet.Read(csv);
        }
        catch (CsvFormatException ex)
        {
            return ([], [ex.Message]);
        }

        var errors = new List<string>();
        foreach (var h in BillHeaders.Where(h => h != "事業所" && !headers.Contains(h)))
        {
            errors.Add($"1行目: 見出し「{h}」の列がありません。見出しは {string.Join(",", BillHeaders)} です。");
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var rows = new List<BillRow>();
        var seen = new Dictionary<(string, int, int, string), int>();
        foreach (var r in tableRows)
        {
            var problems = new List<ActivityProblem>();
            var site = r.Has("事業所") ? JapaneseText.NormalizeWhitespace(JapaneseText.Nfkc(r["事業所"]))?.Trim() ?? "" : "";
            var ym = JapaneseText.Nfkc(r["年月"])?.Trim() ?? "";
            if (!TryParseYearMonth(ym, out var year, out var month))
            {
                problems.Add(new("年月", $"年月「{ym}」は 2025-04 の形で入力してください。"));
            }

            var kind = ActivityKind.FindByKeyOrLabel(r["種別"]);
            if (kind is null)
            {
                problems.Add(new("種別", $"種別「{r["種別"]}」は使えません（{string.Join("、", ActivityKind.All.Select(k => k.Label))}）。"));
            }

            var quantity = ParseQuantity(r["数量"], "数量", "数量", problems);
            if (quantity is null && string.IsNullOrWhiteSpace(r["数量"]))
            {
                problems.Add(new("数量", "数量を入力してください。"));
            }

            var unit = kind is null ? null : ParseUnit(kind, r["単位"], "単位", problems);
            var cost = r.Has("金額") ? ParseYen(r["金額"], "金額", "金額", problems) : null;
            if (problems.Count == 0)
            {
                var key = (site, year, month, kind!.Key);
                if (seen.TryGetValue(key, out var first))
                {
                    problems.Add(new("年月", $"{site}{(site.Length > 0 ? " の" : "")}{year}年{month}月の{kind.Label}は {first} 行目にもあります。"));
                }
                else
                {
                    seen[key] = r.Line;
                    rows.Add(new BillRow(r.Line, site, year, month, kind, quantity!.Value, unit!, cost));
                }
            }

            errors.AddRange(problems.Select(p => $"{r.Line}行目「{p.Field}」列: {p.Message}"));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add("2行目: データの行がありません。");
        }

        return errors.Count > 0 ? ([], errors) : (rows, errors);
    }

    private static bool TryParseYearMonth(string text, out int year, out int month)
    {
        year = month = 0;
        var parts = text.Replace('/', '-').Replace("年", "-", StringComparison.Ordinal).TrimEnd('月').Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out month) && month is >= 1 and <= 12;
    }

    /// <summary>
    /// Imports bills for one business: all rows or none. Site names must match the business's
    /// sites (blank: the only site). Cells in the file replace the same cells in the sheets.
    /// </summary>
    public async Task<(int Rows, IReadOnlyList<int> FiscalYears, IReadOnlyList<string> Errors)> ImportBillsAsync(int businessId, Stream csv, string user, CancellationToken cancellationToken = default)
    {
        var (rows, errors) = ReadBills(csv);
        if (errors.Count > 0)
        {
            return (0, [], errors);
        }

        var sites = await db.Sites.Where(s => s.BusinessId == businessId).ToListAsync(cancellationToken);
        var problems = new List<string>();
        var bySite = new Dictionary<(int Site, int Fy), List<BillRow>>();
        foreach (var row in rows)
        {
            var site = row.Site.Length == 0
                ? (sites.Count == 1 ? sites[0] : null)
                : sites.FirstOrDefault(s => s.Name == row.Site);
            if (site is null)
            {
                problems.Add(row.Site.Length == 0
                    ? $"{row.Line}行目「事業所」列: 事業所が複数あるため、事業所名を入力してください。"
                    : $"{row.Line}行目「事業所」列: 事業所「{row.Site}」は登録されていません（{string.Join("、", sites.Select(s => s.Name))}）。");
                continue;
            }

            var key = (site.Id, row.FiscalYear);
            if (!bySite.TryGetValue(key, out var list))
            {
                bySite[key] = list = [];
            }

            list.Add(row);
        }

        if (problems.Count > 0)
        {
            return (0, [], problems);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var ((siteId, fy), list) in bySite)
        {
            var sheet = await SheetAsync(siteId, fy, cancellationToken);
            var cells = (sheet?.Lines ?? []).Select(l => new ActivityCell(l.Month, l.ActivityKey, l.Quantity, Unit.TryParse(l.UnitCode, out var u) ? u : Unit.KWh, l.CostYen))
                .ToDictionary(c => (c.Month, c.ActivityKey));
            foreach (var row in list)
            {
                cells[(row.Month, row.Kind.Key)] = new ActivityCell(row.Month, row.Kind.Key, row.Quantity, row.Unit, row.CostYen);
            }

            await SaveSheetAsync(siteId, fy, cells.Values.ToList(), sheet?.Version ?? 0, user, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return (rows.Count, bySite.Keys.Select(k => k.Fy).Distinct().Order().ToList(), []);
    }
}
