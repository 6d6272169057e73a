using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Platform.Organization;

/// <summary>The organization master: tree listing, and the CSV import/export the admin page and CLI share.</summary>
public sealed class OrgService(PlatformDb db)
{
    public static readonly IReadOnlyList<string> CsvHeaders = ["コード", "名称", "よみ", "種別", "上位コード", "表示順", "電話", "有効"];

    /// <summary>All units in tree order (parent before children, siblings by SortOrder), with depth.</summary>
    public async Task<IReadOnlyList<(OrgUnit Unit, int Depth)>> TreeAsync(bool includeInactive = true, CancellationToken cancellationToken = default)
    {
        var all = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        return Flatten(all, includeInactive);
    }

    internal static List<(OrgUnit Unit, int Depth)> Flatten(IReadOnlyList<OrgUnit> all, bool includeInactive)
    {
        var children = all.ToLookup(u => u.ParentId);
        var result = new List<(OrgUnit, int)>(all.Count);
        void Walk(int? parent, int depth)
        {
            foreach (var unit in children[parent].OrderBy(u => u.SortOrder).ThenBy(u => u.Code, StringComparer.Ordinal))
            {
                if (!includeInactive && !unit.IsActive)
                {
                    continue;
                }

                result.Add((unit, depth));
                Walk(unit.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }

    /// <summary>Writes the master as CSV in the import format.</summary>
    public async Task ExportCsvAsync(Stream output, CsvOutputEncoding encoding, CancellationToken cancellationToken = default)
    {
        var tree = await TreeAsync(true, cancellationToken);
        var codes = tree.ToDictionary(t => t.Unit.Id, t => t.Unit.Code);
        var rows = tree.Select(t => (IReadOnlyList<string?>)
        [
            t.Unit.Code, t.Unit.Name, t.Unit.Kana, t.Unit.Kind.ToJapanese(),
            t.Unit.ParentId is { } p ? codes[p] : "",
            t.Unit.SortOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Unit.Phone, t.Unit.IsActive ? "1" : "0",
        ]);
        CsvWriter.Write(output, CsvHeaders, rows, encoding);
    }

    /// <summary>
    /// Imports units from CSV (UTF-8 or Shift_JIS, detected). All or nothing: every row is checked
    /// first, and on any error nothing is written and every error is returned with its line.
    /// Rows whose code exists update that unit; new codes insert. Units absent from the file are left as they are.
    /// </summary>
    public async Task<OrgImportResult> ImportCsvAsync(Stream input, CancellationToken cancellationToken = default)
    {
        CsvTable table;
        try
        {
            table = CsvReader.Read(input);
        }
        catch (CsvFormatException ex)
        {
            return new OrgImportResult(0, 0, [ex.Message]);
        }

        var errors = new List<string>();
        foreach (var required in new[] { "コード", "名称", "種別" })
        {
            if (!table.Headers.Contains(required))
            {
                errors.Add($"1行目: 見出しに「{required}」の列がありません。必要な列: {string.Join("、", CsvHeaders)}");
            }
        }

        if (errors.Count > 0)
        {
            return new OrgImportResult(0, 0, errors);
        }

        string Field(CsvRecord r, string name) => table.Headers.Contains(name) ? JapaneseText.Nfkc(r[name]).Trim() : "";

        var existing = await db.OrgUnits.ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var parsed = new List<(CsvRecord Row, string Code, string Name, string? Kana, OrgKind Kind, string ParentCode, int Sort, string? Phone, bool Active)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var line = row.LineNumber;
            var code = Field(row, "コード");
            var name = Field(row, "名称");
            if (code.Length == 0)
            {
                errors.Add($"{line}行目: 「コード」が空です。");
            }
            else if (code.Length > 20)
            {
                errors.Add($"{line}行目: 「コード」は20文字以内にしてください（{code.Length}文字）。");
            }
            else if (seen.TryGetValue(code, out var firstLine))
            {
                errors.Add($"{line}行目: コード「{code}」が{firstLine}行目と重複しています。");
            }
            else
            {
                seen[code] = line;
            }

            if (name.Length == 0)
            {
                errors.Add($"{line}行目: 「名称」が空です。");
            }
            else if (name.Length > 100)
            {
                errors.Add($"{line}行目: 「名称」は100文字以内にしてください。");
            }

            if (!OrgKindNames.TryParse(Field(row, "種別"), out var kind))
            {
                errors.Add($"{line}行目: 「種別」の「{Field(row, "種別")}」は使えません（局・室・区役所・部・課・その他のいずれか）。");
            }

            var sortText = Field(row, "表示順");
            var sort = 0;
            if (sortText.Length > 0 && !int.TryParse(sortText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out sort))
            {
                errors.Add($"{line}行目: 「表示順」は整数で入力してください（「{sortText}」）。");
            }

            var activeText = Field(row, "有効");
            var active = activeText is "" or "1" or "有効" or "true" or "TRUE";
            if (activeText is not ("" or "1" or "0" or "有効" or "無効" or "true" or "false" or "TRUE" or "FALSE"))
            {
                errors.Add($"{line}行目: 「有効」は 1（有効）か 0（無効）で入力してください（「{activeText}」）。");
            }

            var kana = Field(row, "よみ");
            var phone = Field(row, "電話");
            parsed.Add((row, code, name, kana.Length == 0 ? null : JapaneseText.KatakanaToHiragana(kana), kind, Field(row, "上位コード"), sort, phone.Length == 0 ? null : phone, active));
        }

        foreach (var p in parsed.Where(p => p.ParentCode.Length > 0))
        {
            if (p.ParentCode == p.Code)
            {
                errors.Add($"{p.Row.LineNumber}行目: 「上位コード」に自分自身は指定できません。");
            }
            else if (!seen.ContainsKey(p.ParentCode) && !existing.ContainsKey(p.ParentCode))
            {
                errors.Add($"{p.Row.LineNumber}行目: 「上位コード」の「{p.ParentCode}」が組織マスタにもこのファイルにもありません。");
            }
        }

        if (errors.Count == 0)
        {
            var parentOf = existing.Values.ToDictionary(u => u.Code, u => u.ParentId is { } pid ? existing.Values.FirstOrDefault(x => x.Id == pid)?.Code : null, StringComparer.Ordinal);
            foreach (var p in parsed)
            {
                parentOf[p.Code] = p.ParentCode.Length > 0 ? p.ParentCode : null;
            }

            foreach (var p in parsed)
            {
                var visited = new HashSet<string>(StringComparer.Ordinal);
                for (var c = p.Code; c is not null; c = parentOf.GetValueOrDefault(c))
                {
                    if (!visited.Add(c))
                    {
                        errors.Add($"{p.Row.LineNumber}行目: 「上位コード」が循環しています（{p.Code}）。");
                        break;
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            return new OrgImportResult(0, 0, errors);
        }

        var byId = existing.Values.ToDictionary(u => u.Id);
        var originalParentCode = existing.Values.ToDictionary(u => u.Code, u => u.ParentId is { } pid ? byId[pid].Code : "", StringComparer.Ordinal);
        var inserted = 0;
        var updated = 0;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var p in parsed)
        {
            if (!existing.TryGetValue(p.Code, out var unit))
            {
                unit = new OrgUnit { Code = p.Code };
                db.OrgUnits.Add(unit);
                existing[p.Code] = unit;
                inserted++;
            }
            else if (unit.Name != p.Name || unit.Kana != p.Kana || unit.Kind != p.Kind || unit.SortOrder != p.Sort || unit.Phone != p.Phone ||
                     unit.IsActive != p.Active || originalParentCode[p.Code] != p.ParentCode)
            {
                updated++;
            }

            unit.Name = p.Name;
            unit.Kana = p.Kana;
            unit.Kind = p.Kind;
            unit.SortOrder = p.Sort;
            unit.Phone = p.Phone;
            unit.IsActive = p.Active;
        }

        await db.SaveChangesAsync(cancellationToken); // new units get their ids
        foreach (var p in parsed)
        {
            var unit = existing[p.Code];
            var parentId = p.ParentCode.Length > 0 ? existing[p.ParentCode].Id : (int?)null;
            unit.ParentId = parentId;
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new OrgImportResult(inserted, updated, []);
    }
}

public sealed record OrgImportResult(int Inserted, int Updated, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
