// 細節 master: a local subdivision of each 歳出 節, effective-dated (FromYear..ToYear). The
// standard list (Gifu/Chiba style, reference §5) is created on start when there is none; the
// city maintains it by CSV export → edit → import (all or nothing, errors by line).
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Budget.Masters;

public sealed record SubSetsuImportResult(int Inserted, int Updated, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed class SubSetsuService(BudgetDb db)
{
    public static readonly IReadOnlyList<string> CsvHeaders = ["節番号", "細節コード", "細節名", "開始年度", "終了年度"];

    /// <summary>The standard 細節 (FY2020 節 numbers): 需用費, 役務費, 報償費, 旅費, 使用料及び賃借料, 委託料.</summary>
    internal static readonly IReadOnlyList<(int Setsu, string[] Names)> Standard =
    [
        (7, ["報償金", "記念品"]),
        (8, ["普通旅費", "特別旅費", "費用弁償"]),
        (10, ["消耗品費", "燃料費", "食糧費", "印刷製本費", "光熱水費", "修繕料", "賄材料費", "医薬材料費"]),
        (11, ["通信運搬費", "広告料", "手数料", "筆耕翻訳料", "保険料"]),
        (12, ["委託料"]),
        (13, ["使用料", "賃借料"]),
    ];

    public static async Task EnsureStandardAsync(BudgetDb db, CancellationToken cancellationToken)
    {
        if (await db.SubSetsus.AnyAsync(cancellationToken))
        {
            return;
        }

        var setsus = await db.Setsus.Where(s => s.FromYear == StandardMasters.SetsuReformYear).ToDictionaryAsync(s => s.Number, cancellationToken);
        foreach (var (number, names) in Standard)
        {
            if (!setsus.TryGetValue(number, out var setsu))
            {
                continue;
            }

            for (var i = 0; i < names.Length; i++)
            {
                db.SubSetsus.Add(new SubSetsu { SetsuId = setsu.Id, Code = (i + 1).ToString("00", CultureInfo.InvariantCulture), Name = names[i], SortOrder = i, FromYear = StandardMasters.SetsuReformYear });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The 細節 valid in a year, by 節 id.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<SubSetsu>>> ForYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var rows = await db.SubSetsus.AsNoTracking().Where(s => s.FromYear <= year && (s.ToYear == null || s.ToYear >= year))
            .OrderBy(s => s.SetsuId).ThenBy(s => s.SortOrder).ThenBy(s => s.Code).ToListAsync(cancellationToken);
        return rows.GroupBy(s => s.SetsuId).ToDictionary(g => g.Key, g => (IReadOnlyList<SubSetsu>)[.. g]);
    }

    public async Task ExportCsvAsync(Stream output, CsvOutputEncoding encoding, CancellationToken cancellationToken = default)
    {
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var rows = await db.SubSetsus.AsNoTracking().ToListAsync(cancellationToken);
        CsvWriter.Write(output, CsvHeaders, rows.OrderBy(r => setsus[r.SetsuId].Number).ThenBy(r => r.FromYear).ThenBy(r => r.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<string?>)
            [
                setsus[r.SetsuId].Number.ToString(CultureInfo.InvariantCulture), r.Code, r.Name,
                r.FromYear.ToString(CultureInfo.InvariantCulture), r.ToYear?.ToString(CultureInfo.InvariantCulture),
            ]), encoding);
    }

    /// <summary>
    /// Imports 細節 rows (UTF-8 or Shift_JIS). 節番号 is the number in the list valid at 開始年度 (27 from
    /// FY2020, 28 before). A row with an existing 節・細節コード・開始年度 updates it; nothing is deleted
    /// (a 細節 that ends gets 終了年度). Any error: nothing is written, every error is returned by line.
    /// </summary>
    public async Task<SubSetsuImportResult> ImportCsvAsync(Stream input, CancellationToken cancellationToken = default)
    {
        CsvTable table;
        try
        {
            table = CsvReader.Read(input);
        }
        catch (CsvFormatException ex)
        {
            return new SubSetsuImportResult(0, 0, [ex.Message]);
        }

        var errors = new List<string>();
        foreach (var required in CsvHeaders.Take(4))
        {
            if (!table.Headers.Contains(required))
            {
                errors.Add($"1行目: 見出しに「{required}」の列がありません。必要な列: {string.Join("、", CsvHeaders)}");
            }
        }

        if (errors.Count > 0)
        {
            return new SubSetsuImportResult(0, 0, errors);
        }

        string Field(CsvRecord r, string name) => table.Headers.Contains(name) ? JapaneseText.Nfkc(r[name]).Trim() : "";
        var setsus = await db.Setsus.AsNoTracking().ToListAsync(cancellationToken);
        var existing = await db.SubSetsus.ToListAsync(cancellationToken);
        var seen = new HashSet<(int, string, int)>();
        var changes = new List<(SubSetsu? Target, int SetsuId, string Code, string Name, int From, int? To, int Order)>();
        var order = 0;
        foreach (var row in table.Rows)
        {
            var line = $"{row.LineNumber.ToString(CultureInfo.InvariantCulture)}行目";
            var rowErrors = errors.Count;
            int? from = int.TryParse(Field(row, "開始年度"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f is >= 1900 and <= 2200 ? f : null;
            if (from is null)
            {
                errors.Add($"{line}「開始年度」列: 西暦の年度（例：2027）で入力してください（「{Field(row, "開始年度")}」）。");
            }

            int? to = null;
            var toText = Field(row, "終了年度");
            if (toText.Length > 0)
            {
                if (int.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t >= (from ?? 0))
                {
                    to = t;
                }
                else
                {
                    errors.Add($"{line}「終了年度」列: 開始年度以降の西暦の年度か、空欄にしてください（「{toText}」）。");
                }
            }

            Setsu? setsu = null;
            if (!int.TryParse(Field(row, "節番号"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                errors.Add($"{line}「節番号」列: 節の番号（1～27）で入力してください（「{Field(row, "節番号")}」）。");
            }
            else if (from is { } year)
            {
                setsu = setsus.FirstOrDefault(s => s.Number == number && s.FromYear <= year && (s.ToYear == null || s.ToYear >= year));
                if (setsu is null)
                {
                    errors.Add($"{line}「節番号」列: {year.ToString(CultureInfo.InvariantCulture)}年度に第{number.ToString(CultureInfo.InvariantCulture)}節はありません。");
                }
            }

            var code = Field(row, "細節コード");
            if (code.Length is 0 or > 10)
            {
                errors.Add($"{line}「細節コード」列: 1～10文字で入力してください。");
            }

            var name = Field(row, "細節名");
            if (name.Length is 0 or > 100)
            {
                errors.Add($"{line}「細節名」列: 1～100文字で入力してください。");
            }

            if (errors.Count > rowErrors || setsu is null || from is null)
            {
                continue;
            }

            if (!seen.Add((setsu.Id, code, from.Value)))
            {
                errors.Add($"{line}: 節{number.ToString(CultureInfo.InvariantCulture)}・細節コード「{code}」・開始年度{from.Value.ToString(CultureInfo.InvariantCulture)}が重複しています。");
                continue;
            }

            var target = existing.FirstOrDefault(s => s.SetsuId == setsu.Id && s.Code == code && s.FromYear == from.Value);
            changes.Add((target, setsu.Id, code, name, from.Value, to, order++));
        }

        if (errors.Count > 0)
        {
            return new SubSetsuImportResult(0, 0, errors);
        }

        var inserted = 0;
        var updated = 0;
        foreach (var c in changes)
        {
            if (c.Target is { } t)
            {
                if (t.Name != c.Name || t.ToYear != c.To)
                {
                    t.Name = c.Name;
                    t.ToYear = c.To;
                    updated++;
                }
            }
            else
            {
                db.SubSetsus.Add(new SubSetsu { SetsuId = c.SetsuId, Code = c.Code, Name = c.Name, FromYear = c.From, ToYear = c.To, SortOrder = c.Order });
                inserted++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SubSetsuImportResult(inserted, updated, []);
    }
}
