using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Search.Permissions;

/// <summary>The SID ↔ user/unit table: the tokens it gives a user, and its CSV import.</summary>
internal static class PrincipalMappings
{
    public static async Task AddTokensAsync(SearchDb db, string userName, IReadOnlyCollection<int> orgChain, HashSet<string> tokens, CancellationToken cancellationToken)
    {
        var principals = await db.PrincipalMappings.AsNoTracking()
            .Where(m => m.Kind == PrincipalKind.AllStaff
                || (m.Kind == PrincipalKind.User && m.UserName == userName && userName != "")
                || (m.Kind == PrincipalKind.OrgUnit && m.OrgUnitId != null && orgChain.Contains(m.OrgUnitId.Value)))
            .Select(m => m.Principal)
            .ToListAsync(cancellationToken);
        foreach (var principal in principals)
        {
            tokens.Add(FileAcl.TokenOf(principal, 0));
        }
    }

    /// <summary>One row of the table as admins see it: 種別 and 対象 in the CSV's own words, so an export can be edited and imported back.</summary>
    public sealed record Row(string Sid, string Kind, string Target, string TargetName, string Label);

    public static readonly IReadOnlyList<string> CsvHeaders = ["SID", "種別", "対象", "名称"];

    /// <summary>The whole table, SID order: 対象 is the user name or the unit code (as the import expects), TargetName what it stands for.</summary>
    public static async Task<IReadOnlyList<Row>> ListAsync(SearchDb db, PlatformDb platform, CancellationToken cancellationToken)
    {
        var units = await platform.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.Code, o.Name }).ToDictionaryAsync(o => o.Id, cancellationToken);
        var users = await platform.Users.AsNoTracking().Where(u => u.UserName != null).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var names = users.GroupBy(u => u.UserName!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().DisplayName, StringComparer.Ordinal);
        return (await db.PrincipalMappings.AsNoTracking().OrderBy(m => m.Principal).ThenBy(m => m.Id).ToListAsync(cancellationToken))
            .Select(m => m.Kind switch
            {
                PrincipalKind.User => new Row(m.Principal, "ユーザー", m.UserName ?? "", names.GetValueOrDefault(m.UserName ?? "") ?? "（登録のない利用者）", m.Label),
                PrincipalKind.OrgUnit => m.OrgUnitId is { } id && units.TryGetValue(id, out var unit)
                    ? new Row(m.Principal, "所属", unit.Code, unit.Name + "（配下を含む）", m.Label)
                    : new Row(m.Principal, "所属", "", "（削除された所属）", m.Label),
                _ => new Row(m.Principal, "全職員", "", "全職員", m.Label),
            })
            .ToList();
    }

    /// <summary>The table as CSV in the import's format (header 「SID,種別,対象,名称」).</summary>
    public static void WriteCsv(IReadOnlyList<Row> rows, Stream stream, CsvOutputEncoding encoding) =>
        CsvWriter.Write(stream, CsvHeaders, rows.Select(r => (IReadOnlyList<string?>)[r.Sid, r.Kind, r.Target, r.Label]), encoding);

    /// <summary>A SID "S-1-5-21-…" (upper case) or "uid:N"; null when it is neither.</summary>
    public static string? NormalizePrincipal(string text)
    {
        text = text.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[Ss]-1(-\d+){1,15}$"))
        {
            return text.ToUpperInvariant();
        }

        return System.Text.RegularExpressions.Regex.IsMatch(text, @"^uid:\d+$") ? text : null;
    }

    /// <summary>
    /// Replaces the table with a CSV (UTF-8 or Shift_JIS): header 「SID,種別,対象,名称」, 種別 =
    /// ユーザー (対象 = user name) | 所属 (対象 = unit code; its sub-units included) | 全職員 (対象 empty).
    /// Any bad line: every error is returned (「3行目「対象」列: …」) and nothing is written.
    /// </summary>
    public static async Task<(int Count, IReadOnlyList<string> Errors)> ImportAsync(SearchDb db, PlatformDb platform, Stream csv, CancellationToken cancellationToken)
    {
        var table = CsvReader.Read(csv);
        var errors = new List<string>();
        if (table.Headers.Count == 0)
        {
            return (0, ["CSV が空です（1行目に「SID,種別,対象,名称」の見出しが必要です）。"]);
        }

        var header = table.Headers.Select(h => h.Trim()).ToList();
        int Column(string name, params string[] aliases)
        {
            var i = header.FindIndex(h => h == name || aliases.Contains(h, StringComparer.OrdinalIgnoreCase));
            if (i < 0)
            {
                errors.Add($"1行目: 「{name}」列がありません（見出しは「SID,種別,対象,名称」）。");
            }

            return i;
        }

        var sidColumn = Column("SID", "sid", "principal");
        var kindColumn = Column("種別", "kind");
        var targetColumn = Column("対象", "target");
        var labelColumn = header.FindIndex(h => h is "名称" or "label" or "name");
        if (errors.Count > 0)
        {
            return (0, errors);
        }

        var units = await platform.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.Code }).ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var users = (await platform.Users.AsNoTracking().Select(u => u.UserName).ToListAsync(cancellationToken)).Where(u => u is not null).ToHashSet(StringComparer.Ordinal);
        var mappings = new List<PrincipalMapping>();
        foreach (var record in table.Rows)
        {
            var row = record.Fields;
            string Cell(int i) => i >= 0 && i < row.Count ? row[i].Trim() : "";
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var line = record.LineNumber;
            var principal = NormalizePrincipal(Cell(sidColumn));
            if (principal is null)
            {
                errors.Add($"{line}行目「SID」列: S-1-5-21-… の形の SID か uid:1001 の形で入力してください（「{Cell(sidColumn)}」）。");
            }

            var target = Cell(targetColumn);
            var mapping = new PrincipalMapping { Principal = principal ?? "", Label = Cell(labelColumn) is { Length: > 200 } l ? l[..200] : Cell(labelColumn) };
            switch (Cell(kindColumn).ToLowerInvariant())
            {
                case "ユーザー" or "user":
                    mapping.Kind = PrincipalKind.User;
                    if (!users.Contains(target))
                    {
                        errors.Add($"{line}行目「対象」列: 利用者「{target}」は登録されていません。");
                    }

                    mapping.UserName = target;
                    break;
                case "所属" or "org":
                    mapping.Kind = PrincipalKind.OrgUnit;
                    if (!units.TryGetValue(target, out var unit))
                    {
                        errors.Add($"{line}行目「対象」列: 所属コード「{target}」は組織にありません。");
                    }

                    mapping.OrgUnitId = unit;
                    break;
                case "全職員" or "all":
                    mapping.Kind = PrincipalKind.AllStaff;
                    break;
                default:
                    errors.Add($"{line}行目「種別」列: 「ユーザー」「所属」「全職員」のいずれかを入力してください（「{Cell(kindColumn)}」）。");
                    break;
            }

            mappings.Add(mapping);
        }

        if (errors.Count > 0)
        {
            return (0, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PrincipalMappings.RemoveRange(await db.PrincipalMappings.ToListAsync(cancellationToken));
        db.PrincipalMappings.AddRange(mappings);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (mappings.Count, []);
    }
}
