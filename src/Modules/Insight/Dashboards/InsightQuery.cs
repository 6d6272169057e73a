// The query builder's request: measure × row dimension × column dimension × filters, all from
// fixed category lists. A filter is one category or none, so every answer cell is a cell of a
// protected table: two overlapping filters cannot carve out a cell the protection never saw.
using System.Globalization;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Modules.Insight.Dashboards;

internal sealed record InsightQuery(string Measure, string Rows, string? Columns, string? Ward, string? Sex, string? Nationality, string? Age, string? FiscalYear, string? Event)
{
    public static readonly IReadOnlyList<(string Key, string Label)> Measures =
        [(PublishedSchema.Population, "人口（人）"), (PublishedSchema.Households, "世帯数"), (PublishedSchema.Events, "異動件数（件）")];

    public static readonly IReadOnlyList<(string Key, string Label)> DimensionChoices =
    [
        ("ward", "区"), ("chocho", "町丁目（区を選んだとき）"), ("age5", "年齢5歳階級"), ("age3", "年齢3区分"), ("sex", "性別"), ("nat", "国籍区分"),
        ("size", "世帯人員"), ("fy", "年度"), ("event", "異動事由"),
    ];

    public static IReadOnlyList<string> DimensionsOf(string measure) => measure switch
    {
        PublishedSchema.Population => ["ward", "chocho", "age5", "age3", "sex", "nat"],
        PublishedSchema.Households => ["ward", "chocho", "size"],
        _ => ["ward", "chocho", "fy", "event"],
    };

    public static string Label(string dimension) => DimensionChoices.First(d => d.Key == dimension).Label;

    /// <summary>Turns the request into a slice; errors are Japanese and name the field.</summary>
    public (CrossTab? Table, List<(string Field, string Message)> Errors) Run(PublishedSet set)
    {
        var errors = new List<(string, string)>();
        if (!Measures.Any(m => m.Key == Measure))
        {
            errors.Add(("measure", "「指標」を選んでください。"));
            return (null, errors);
        }

        var allowed = DimensionsOf(Measure);
        if (!allowed.Contains(Rows))
        {
            errors.Add(("rows", $"「行」に「{Label(Rows, "?")}」は使えません（{Title}では {string.Join("・", allowed.Select(a => Label(a)))}）。"));
        }

        if (Columns is not null && (!allowed.Contains(Columns) || Columns == Rows || (IsGeo(Columns) && IsGeo(Rows))))
        {
            errors.Add(("cols", Columns == Rows || (IsGeo(Columns) && IsGeo(Rows)) ? "「列」には「行」と違う区分を選んでください。" : $"「列」に「{Label(Columns, "?")}」は使えません。"));
        }

        if (Ward is not null && OsakaGeography.FindWard(Ward) is null)
        {
            errors.Add(("ward", "「区」を一覧から選んでください。"));
        }

        if ((Rows == "chocho" || Columns == "chocho") && Ward is null)
        {
            errors.Add(("ward", "町丁目別にするときは「区」を選んでください。"));
        }

        if (Sex is not null && Sex is not ("1" or "2"))
        {
            errors.Add(("sex", "「性別」を一覧から選んでください。"));
        }

        if (Nationality is not null && Nationality is not ("1" or "2"))
        {
            errors.Add(("nat", "「国籍区分」を一覧から選んでください。"));
        }

        if (Age is not null && !PublishedSchema.Ages5.Contains(Age) && !PublishedSchema.AgeBroad.Contains(Age))
        {
            errors.Add(("age", "「年齢」を一覧から選んでください。"));
        }

        if (FiscalYear is not null && !PublishedSchema.FiscalYears.Contains(FiscalYear))
        {
            errors.Add(("fy", "「年度」を一覧から選んでください。"));
        }

        if (Event is not null && !PublishedSchema.EventTypes.Contains(Event))
        {
            errors.Add(("event", "「異動事由」を一覧から選んでください。"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var fixedCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Ward is not null)
        {
            fixedCodes["geo"] = Ward;
        }

        // Filters only apply to dimensions of this measure that are not shown as rows or columns.
        if (Measure == PublishedSchema.Population)
        {
            AddFilter(fixedCodes, "sex", Sex);
            AddFilter(fixedCodes, "nat", Nationality);
            AddFilter(fixedCodes, "age", Age);
        }
        else if (Measure == PublishedSchema.Events)
        {
            AddFilter(fixedCodes, "fy", FiscalYear);
            AddFilter(fixedCodes, "event", Event);
        }

        var columns = Columns;
        if (Measure == PublishedSchema.Events && Rows != "event" && columns != "event" && Event is null)
        {
            // 異動事由 has no meaningful total: without a filter it becomes the columns.
            columns ??= "event";
        }

        var (rowDim, rowCodes) = Codes(set, Rows);
        string? colDim = null;
        IReadOnlyList<string>? colCodes = null;
        if (columns is not null)
        {
            (colDim, colCodes) = Codes(set, columns);
        }

        foreach (var d in new[] { rowDim, colDim })
        {
            if (d is not null && d != "geo")
            {
                fixedCodes.Remove(d);
            }
        }

        if (rowDim == "geo" || colDim == "geo")
        {
            fixedCodes.Remove("geo");
        }

        if (Measure == PublishedSchema.Events && rowDim != "event" && colDim != "event" && !fixedCodes.ContainsKey("event"))
        {
            errors.Add(("event", "「異動事由」を選ぶか、行か列にしてください。"));
            return (null, errors);
        }

        var title = $"{Title}（{Label(Rows)}{(columns is null ? "" : " × " + Label(columns))}）{FilterText()}";
        return (set.Slice(Measure, title, rowDim, rowCodes, colDim, colCodes, fixedCodes), errors);
    }

    private static void AddFilter(Dictionary<string, string> codes, string dim, string? value)
    {
        if (value is not null)
        {
            codes[dim] = value;
        }
    }

    private static bool IsGeo(string? d) => d is "ward" or "chocho";

    private static string Label(string d, string fallback) => DimensionChoices.FirstOrDefault(x => x.Key == d).Label ?? fallback;

    public string Title => Measures.FirstOrDefault(m => m.Key == Measure).Label ?? Measure;

    private string FilterText()
    {
        var parts = new List<string>();
        if (Ward is not null && Rows != "ward" && Columns != "ward")
        {
            parts.Add(OsakaGeography.FindWard(Ward)?.Name ?? Ward);
        }

        if (Measure == PublishedSchema.Population)
        {
            if (Sex is not null && Rows != "sex" && Columns != "sex")
            {
                parts.Add(Sex == "1" ? "男" : "女");
            }

            if (Nationality is not null && Rows != "nat" && Columns != "nat")
            {
                parts.Add(Nationality == "1" ? "日本人" : "外国人");
            }

            if (Age is not null && Rows is not ("age5" or "age3") && Columns is not ("age5" or "age3"))
            {
                parts.Add(PublishedSchema.Age().Labels[PublishedSchema.Age().IndexOf(Age)]);
            }
        }

        if (Measure == PublishedSchema.Events)
        {
            if (FiscalYear is not null && Rows != "fy" && Columns != "fy")
            {
                parts.Add(FiscalYear + "年度");
            }

            if (Event is not null && Rows != "event" && Columns != "event")
            {
                parts.Add(Event);
            }
        }

        return parts.Count == 0 ? "" : "：" + string.Join("・", parts);
    }

    private (string Dim, IReadOnlyList<string> Codes) Codes(PublishedSet set, string choice) => choice switch
    {
        "ward" => ("geo", [.. OsakaGeography.Wards.OrderBy(w => w.Code, StringComparer.Ordinal).Select(w => w.Code), OsakaGeography.CityCode]),
        "chocho" => ("geo", [.. DashboardTables.SubAreas(set, Ward!), Ward!]),
        "age5" => ("age", [.. PublishedSchema.Ages5, PublishedSchema.Total]),
        "age3" => ("age", [.. PublishedSchema.AgeBroad, PublishedSchema.Total]),
        "sex" => ("sex", ["1", "2", PublishedSchema.Total]),
        "nat" => ("nat", ["1", "2", PublishedSchema.Total]),
        "size" => ("size", [.. PublishedSchema.HouseholdSizes, PublishedSchema.Total]),
        "fy" => ("fy", [.. PublishedSchema.FiscalYears, PublishedSchema.Total]),
        "event" => ("event", PublishedSchema.EventTypes),
        _ => throw new ArgumentOutOfRangeException(nameof(choice)),
    };

    /// <summary>The query string that reproduces this request (for links, CSV and saved dashboards).</summary>
    public string ToQueryString()
    {
        var parts = new List<string> { $"measure={Measure}", $"rows={Rows}" };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("cols", Columns);
        Add("ward", Ward);
        Add("sex", Sex);
        Add("nat", Nationality);
        Add("age", Age);
        Add("fy", FiscalYear);
        Add("event", Event);
        return string.Join("&", parts);
    }

    public static InsightQuery From(Func<string, string?> get)
    {
        string? V(string key) => get(key) is { Length: > 0 } v ? v.Trim() : null;
        return new InsightQuery(V("measure") ?? PublishedSchema.Population, V("rows") ?? "ward", V("cols"), V("ward"), V("sex"), V("nat"), V("age"), V("fy"), V("event"));
    }

    public static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
