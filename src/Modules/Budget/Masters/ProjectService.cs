// 予算事業 master: CSV export, and CSV import that is all or nothing, with every error naming its line.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Budget.Masters;

public sealed record ProjectImportResult(int Inserted, int Updated, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed class ProjectService(BudgetDb db, OrgDirectory orgs)
{
    public static readonly IReadOnlyList<string> CsvHeaders = ["事業コード", "事業名", "所属コード", "会計コード", "目コード", "経常臨時", "補助単独", "裁量区分", "開始年度", "終了年度"];

    public static string Name(Recurrence r) => r == Recurrence.Ordinary ? "経常" : "臨時";

    public static string Name(SubsidyKind s) => s == SubsidyKind.Subsidized ? "補助" : "単独";

    public static string Name(Discretion d) => d switch
    {
        Discretion.Discretionary => "裁量",
        Discretion.NonDiscretionary => "非裁量",
        _ => "重点",
    };

    public async Task ExportCsvAsync(Stream output, CsvOutputEncoding encoding, CancellationToken cancellationToken = default)
    {
        var units = await orgs.AllAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Level == ItemLevel.Moku).ToDictionaryAsync(i => i.Id, i => i.Code, cancellationToken);
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Code).ToListAsync(cancellationToken);
        CsvWriter.Write(output, CsvHeaders, projects.Select(p => (IReadOnlyList<string?>)
        [
            p.Code, p.Name, units.TryGetValue(p.OrgUnitId, out var u) ? u.Code : "", accounts[p.AccountId], items[p.MokuId],
            Name(p.Recurrence), Name(p.Subsidy), Name(p.Discretion),
            p.FromYear.ToString(CultureInfo.InvariantCulture), p.ToYear?.ToString(CultureInfo.InvariantCulture),
        ]), encoding);
    }

    /// <summary>
    /// Imports 予算事業 rows (UTF-8 or Shift_JIS). Every row is checked first; on any error nothing
    /// is written and all errors are returned, each naming its line. Existing codes are updated.
    /// </summary>
    public async Task<ProjectImportResult> ImportCsvAsync(Stream input, CancellationToken cancellationToken = default)
    {
        CsvTable table;
        try
        {
            table = CsvReader.Read(input);
        }
        catch (CsvFormatException ex)
        {
            return new ProjectImportResult(0, 0, [ex.Message]);
        }

        var errors = new List<string>();
        foreach (var required in CsvHeaders.Take(8))
        {
            if (!table.Headers.Contains(required))
            {
                errors.Add($"1行目: 見出しに「{required}」の列がありません。必要な列: {string.Join("、", CsvHeaders)}");
            }
        }

        if (errors.Count > 0)
        {
            return new ProjectImportResult(0, 0, errors);
        }

        string Field(CsvRecord r, string name) => table.Headers.Contains(name) ? JapaneseText.Nfkc(r[name]).Trim() : "";

        var units = (await orgs.AllAsync(cancellationToken)).Values.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, cancellationToken);
        var mokus = await db.Items.AsNoTracking().Where(i => i.Level == ItemLevel.Moku && i.Side == BudgetSide.Expenditure).ToListAsync(cancellationToken);
        var existing = await db.Projects.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<(string Code, Project Values)>();
        if (table.Rows.Count == 0)
        {
            errors.Add("2行目: データ行がありません。");
        }

        foreach (var row in table.Rows)
        {
            var line = row.LineNumber;
            var code = Field(row, "事業コード");
            var name = Field(row, "事業名");
            var project = new Project();
            if (code.Length is 0 or > 20)
            {
                errors.Add($"{line}行目: 「事業コード」は1〜20文字で入力してください（「{code}」）。");
            }
            else if (seen.TryGetValue(code, out var first))
            {
                errors.Add($"{line}行目: 事業コード「{code}」が{first}行目と重複しています。");
            }
            else
            {
                seen[code] = line;
            }

            if (name.Length is 0 or > 200)
            {
                errors.Add($"{line}行目: 「事業名」は1〜200文字で入力してください。");
            }

            project.Name = name;
            var orgCode = Field(row, "所属コード");
            if (!units.TryGetValue(orgCode, out var unit))
            {
                errors.Add($"{line}行目: 所属コード「{orgCode}」は組織マスタにありません。");
            }
            else if (unit.ParentId is not null)
            {
                errors.Add($"{line}行目: 所属コード「{orgCode}」（{unit.Name}）は局・室・区役所ではありません。予算の所属は最上位の組織です。");
            }
            else
            {
                project.OrgUnitId = unit.Id;
            }

            var accountCode = Field(row, "会計コード");
            var mokuCode = Field(row, "目コード");
            if (!accounts.TryGetValue(accountCode, out var account))
            {
                errors.Add($"{line}行目: 会計コード「{accountCode}」は会計マスタにありません。");
            }
            else if (mokus.FirstOrDefault(m => m.AccountId == account.Id && m.Code == mokuCode) is not { } moku)
            {
                errors.Add($"{line}行目: 目コード「{mokuCode}」は{account.Name}の歳出の目にありません。");
            }
            else
            {
                project.AccountId = account.Id;
                project.MokuId = moku.Id;
            }

            switch (Field(row, "経常臨時"))
            {
                case "経常": project.Recurrence = Recurrence.Ordinary; break;
                case "臨時": project.Recurrence = Recurrence.Temporary; break;
                default: errors.Add($"{line}行目: 「経常臨時」は「経常」か「臨時」にしてください（「{Field(row, "経常臨時")}」）。"); break;
            }

            switch (Field(row, "補助単独"))
            {
                case "補助": project.Subsidy = SubsidyKind.Subsidized; break;
                case "単独": project.Subsidy = SubsidyKind.Independent; break;
                default: errors.Add($"{line}行目: 「補助単独」は「補助」か「単独」にしてください（「{Field(row, "補助単独")}」）。"); break;
            }

            switch (Field(row, "裁量区分"))
            {
                case "裁量": project.Discretion = Discretion.Discretionary; break;
                case "非裁量": project.Discretion = Discretion.NonDiscretionary; break;
                case "重点": project.Discretion = Discretion.Priority; break;
                default: errors.Add($"{line}行目: 「裁量区分」は「裁量」「非裁量」「重点」のいずれかにしてください（「{Field(row, "裁量区分")}」）。"); break;
            }

            var from = Field(row, "開始年度");
            var to = Field(row, "終了年度");
            if (from.Length == 0)
            {
                project.FromYear = StandardMasters.MasterFromYear;
            }
            else if (!Kernel.FiscalYearText.TryParse(from, out var fy))
            {
                errors.Add($"{line}行目: 「開始年度」の「{from}」は年度として読めません（例: 2026、令和8年度）。");
            }
            else
            {
                project.FromYear = fy;
            }

            if (to.Length > 0)
            {
                if (!Kernel.FiscalYearText.TryParse(to, out var ty))
                {
                    errors.Add($"{line}行目: 「終了年度」の「{to}」は年度として読めません。");
                }
                else if (ty < project.FromYear)
                {
                    errors.Add($"{line}行目: 「終了年度」が「開始年度」より前です。");
                }
                else
                {
                    project.ToYear = ty;
                }
            }

            parsed.Add((code, project));
        }

        if (errors.Count > 0)
        {
            return new ProjectImportResult(0, 0, errors);
        }

        int inserted = 0, updated = 0;
        foreach (var (code, values) in parsed)
        {
            if (!existing.TryGetValue(code, out var target))
            {
                target = new Project { Code = code };
                db.Projects.Add(target);
                inserted++;
            }
            else
            {
                updated++;
            }

            target.Name = values.Name;
            target.OrgUnitId = values.OrgUnitId;
            target.AccountId = values.AccountId;
            target.MokuId = values.MokuId;
            target.Recurrence = values.Recurrence;
            target.Subsidy = values.Subsidy;
            target.Discretion = values.Discretion;
            target.FromYear = values.FromYear;
            target.ToYear = values.ToYear;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ProjectImportResult(inserted, updated, []);
    }
}
