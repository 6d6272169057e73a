// The columns of a department dataset: the type detected at upload, the role the department
// gives each column (direct identifier, quasi-identifier with a generalization hierarchy,
// sensitive attribute, measure, or not used) and the hierarchy a generalization spells out.
// Generalizations are written the same way on the page, in the API and on the command line:
//   band:5,10,20        numbers → bands of 5, then 10, then 20 (each a multiple of the one before)
//   date                dates → month → year
//   prefix:6,2          codes → their first 6 characters → first 2 (町丁目コード → 区コード → 府県)
//   group:A|B=G1;C=G2   categories → named groups (values not listed → 「その他」)
//   (empty)             the value itself, then 「*」
using System.Globalization;
using System.Text.Json;

namespace OsakaDx.Modules.Insight.Datasets;

internal static class ColumnRoles
{
    /// <summary>Direct identifier (氏名、職員番号…): dropped before anything is published.</summary>
    public const string Identifier = "id";

    /// <summary>Quasi-identifier: generalized until every combination covers at least k records.</summary>
    public const string QuasiIdentifier = "qi";

    /// <summary>Sensitive attribute: kept, and every class must show at least l distinct values (l-diversity).</summary>
    public const string Sensitive = "sensitive";

    /// <summary>A number summed in the published aggregates and kept in the microdata.</summary>
    public const string Measure = "measure";

    /// <summary>Not used: never leaves the quarantine.</summary>
    public const string Drop = "drop";

    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        (QuasiIdentifier, "準識別子（一般化する）"), (Sensitive, "機微属性（l-多様性）"), (Measure, "数量（合計する）"),
        (Identifier, "直接識別子（削除）"), (Drop, "使わない（削除）"),
    ];

    public static string Label(string role) => All.FirstOrDefault(r => r.Key == role).Label ?? role;
}

internal static class ColumnTypes
{
    public const string Integer = "integer";
    public const string Decimal = "decimal";
    public const string Date = "date";
    public const string Code = "code";
    public const string Text = "text";

    public static string Label(string type) => type switch
    {
        Integer => "整数",
        Decimal => "小数",
        Date => "日付",
        Code => "コード",
        _ => "文字",
    };

    public static bool IsNumber(string type) => type is Integer or Decimal;
}

/// <summary>One column: its profile (from the upload) and the role chosen for it.</summary>
internal sealed record DatasetColumn(string Name, string Type, long Distinct, long Empty, string Role, string Generalization = "")
{
    public static List<DatasetColumn> Parse(string json) => JsonSerializer.Deserialize<List<DatasetColumn>>(json) ?? [];

    public static string ToJson(IEnumerable<DatasetColumn> columns) => JsonSerializer.Serialize(columns);
}

/// <summary>A generalization hierarchy: how a raw value reads at each level (the last level is always 「*」).</summary>
internal sealed class Generalization
{
    private readonly Func<string, int, string> map;

    private Generalization(string spec, string[] levelNames, Func<string, int, string> map)
    {
        Spec = spec;
        LevelNames = levelNames;
        this.map = map;
    }

    public string Spec { get; }

    /// <summary>Names of the levels, the last one 「*（削除）」.</summary>
    public string[] LevelNames { get; }

    public int Levels => LevelNames.Length;

    public const string Star = "*";

    public const string Blank = "（空欄）";

    /// <summary>The value at a level; empty values stay 「（空欄）」 until 「*」.</summary>
    public string Apply(string value, int level)
    {
        if (level >= Levels - 1)
        {
            return Star;
        }

        if (value.Length == 0)
        {
            return Blank;
        }

        return level == 0 ? value : map(value, level);
    }

    /// <summary>Parses a generalization for a column of the given type; the error names the column.</summary>
    public static (Generalization? Value, string? Error) Parse(string column, string type, string? spec)
    {
        spec = (spec ?? "").Trim();
        var kind = spec.Split(':', 2)[0].Trim().ToLowerInvariant();
        var arg = spec.Contains(':', StringComparison.Ordinal) ? spec.Split(':', 2)[1].Trim() : "";
        switch (kind)
        {
            case "" or "none":
                return (new Generalization("", ["そのまま", "*（削除）"], (v, _) => v), null);
            case "band":
            {
                if (!ColumnTypes.IsNumber(type))
                {
                    return (null, $"「{column}」列: 数値の列ではないため、幅（band）では一般化できません。");
                }

                var widths = new List<decimal>();
                foreach (var part in arg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var w) || w <= 0)
                    {
                        return (null, $"「{column}」列: 幅「{part}」は正の数で書いてください（例: band:5,10,20）。");
                    }

                    if (widths.Count > 0 && (w <= widths[^1] || w % widths[^1] != 0))
                    {
                        return (null, $"「{column}」列: 幅は前の幅の倍数で大きくしてください（例: band:5,10,20）。");
                    }

                    widths.Add(w);
                }

                if (widths.Count is 0 or > 4)
                {
                    return (null, $"「{column}」列: 幅を1〜4個書いてください（例: band:5,10,20）。");
                }

                var integer = type == ColumnTypes.Integer && widths.All(w => w == decimal.Truncate(w));
                return (new Generalization("band:" + string.Join(",", widths.Select(w => w.ToString(CultureInfo.InvariantCulture))),
                    ["そのまま", .. widths.Select(w => $"{w.ToString(CultureInfo.InvariantCulture)}ごと"), "*（削除）"],
                    (v, level) =>
                    {
                        var x = decimal.Parse(v, NumberStyles.Number, CultureInfo.InvariantCulture);
                        var w = widths[level - 1];
                        var low = decimal.Floor(x / w) * w;
                        return integer
                            ? $"{low.ToString(CultureInfo.InvariantCulture)}-{(low + w - 1).ToString(CultureInfo.InvariantCulture)}"
                            : $"{low.ToString(CultureInfo.InvariantCulture)}以上{(low + w).ToString(CultureInfo.InvariantCulture)}未満";
                    }), null);
            }

            case "date":
                return type != ColumnTypes.Date
                    ? (null, $"「{column}」列: 日付の列ではないため、年月・年には一般化できません。")
                    : (new Generalization("date", ["年月日", "年月", "年", "*（削除）"], (v, level) => level == 1 ? v[..7] : v[..4]), null);
            case "prefix":
            {
                if (type is not (ColumnTypes.Code or ColumnTypes.Text or ColumnTypes.Integer))
                {
                    return (null, $"「{column}」列: コードの列ではないため、上位の桁（prefix）では一般化できません。");
                }

                var lengths = new List<int>();
                foreach (var part in arg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || (lengths.Count > 0 && n >= lengths[^1]))
                    {
                        return (null, $"「{column}」列: 桁数は小さくなる順に正の整数で書いてください（例: prefix:6,2）。");
                    }

                    lengths.Add(n);
                }

                if (lengths.Count is 0 or > 4)
                {
                    return (null, $"「{column}」列: 桁数を1〜4個書いてください（例: prefix:6,2）。");
                }

                return (new Generalization("prefix:" + string.Join(",", lengths), ["そのまま", .. lengths.Select(n => $"上位{n}桁"), "*（削除）"],
                    (v, level) => v.Length <= lengths[level - 1] ? v : v[..lengths[level - 1]]), null);
            }

            case "group":
            {
                var groups = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var part in arg.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = part.LastIndexOf('=');
                    if (eq <= 0 || eq == part.Length - 1)
                    {
                        return (null, $"「{column}」列: 分類は「値|値=グループ名」を「;」で区切って書いてください（例: group:内科|外科=診療科;歯科=歯科）。");
                    }

                    var name = part[(eq + 1)..].Trim();
                    foreach (var value in part[..eq].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!groups.TryAdd(value, name))
                        {
                            return (null, $"「{column}」列: 値「{value}」が2つのグループに入っています。");
                        }
                    }
                }

                if (groups.Count == 0)
                {
                    return (null, $"「{column}」列: 分類を書いてください（例: group:内科|外科=診療科;歯科=歯科）。");
                }

                var canonical = string.Join(";", groups.GroupBy(g => g.Value, StringComparer.Ordinal).Select(g => string.Join("|", g.Select(x => x.Key)) + "=" + g.Key));
                return (new Generalization("group:" + canonical, ["そのまま", "グループ", "*（削除）"], (v, _) => groups.GetValueOrDefault(v) ?? "その他"), null);
            }

            default:
                return (null, $"「{column}」列: 一般化「{spec}」は使えません（band:…、date、prefix:…、group:… のどれか、または空欄）。");
        }
    }
}

/// <summary>The anonymization settings of a dataset, checked before any job runs (messages name the field or column).</summary>
internal static class DatasetSettings
{
    public const int MaxQuasiIdentifiers = 5;

    public const int MaxNodes = 5000;

    public static List<string> Validate(IReadOnlyList<DatasetColumn> columns, int k, int l, double suppressionLimit, int threshold)
    {
        var errors = new List<string>();
        if (k is < 2 or > 1000)
        {
            errors.Add("「k」: 2〜1000 の整数で指定してください。");
        }

        if (l is < 1 or > 10)
        {
            errors.Add("「l」: 1〜10 の整数で指定してください（1 = 使わない）。");
        }

        if (suppressionLimit is < 0 or > 0.5)
        {
            errors.Add("「削除の上限」: 0〜50% で指定してください。");
        }

        if (threshold is < 2 or > 100)
        {
            errors.Add("「集計のしきい値」: 2〜100 の整数で指定してください。");
        }

        var qis = columns.Where(c => c.Role == ColumnRoles.QuasiIdentifier).ToList();
        if (qis.Count == 0)
        {
            errors.Add("準識別子の列を1つ以上選んでください（年齢・地域・性別など、ほかの情報と照合できる列）。");
        }

        if (qis.Count > MaxQuasiIdentifiers)
        {
            errors.Add($"準識別子は{MaxQuasiIdentifiers}列までにしてください（いま{qis.Count}列）。");
        }

        var sensitive = columns.Where(c => c.Role == ColumnRoles.Sensitive).ToList();
        if (sensitive.Count > 1)
        {
            errors.Add("機微属性は1列だけ選んでください。");
        }

        if (l > 1 && sensitive.Count == 0)
        {
            errors.Add("「l」: l-多様性を使うときは機微属性の列を1つ選んでください。");
        }

        long nodes = 1;
        foreach (var c in columns)
        {
            if (!ColumnRoles.All.Any(r => r.Key == c.Role))
            {
                errors.Add($"「{c.Name}」列: 役割を選んでください。");
                continue;
            }

            if (c.Role == ColumnRoles.Measure && !ColumnTypes.IsNumber(c.Type))
            {
                errors.Add($"「{c.Name}」列: 数値の列ではないため「数量」にはできません。");
            }

            if (c.Role == ColumnRoles.QuasiIdentifier)
            {
                var (g, error) = Generalization.Parse(c.Name, c.Type, c.Generalization);
                if (error is not null)
                {
                    errors.Add(error);
                }
                else
                {
                    nodes *= g!.Levels;
                }
            }
            else if (!string.IsNullOrWhiteSpace(c.Generalization))
            {
                errors.Add($"「{c.Name}」列: 一般化は準識別子の列にだけ書けます。");
            }
        }

        if (nodes > MaxNodes)
        {
            errors.Add($"一般化の組合せが多すぎます（{nodes:N0}通り、上限 {MaxNodes:N0}）。準識別子か段階を減らしてください。");
        }

        return errors;
    }
}
