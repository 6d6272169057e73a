// A query on a dataset's protected aggregates: rows × optional columns over its published
// dimensions, each other dimension fixed to one category or its total, counts or the sum of a
// measure. As in the register's query builder, every answer cell is a cell of the protected cube.
using OsakaDx.Modules.Insight.Publishing;

namespace OsakaDx.Modules.Insight.Datasets;

internal sealed record DatasetQuery(string? Rows, string? Columns, string? Measure, IReadOnlyDictionary<string, string> Filters)
{
    public const string FilterPrefix = "f.";

    public static DatasetQuery From(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        string? rows = null, cols = null, measure = null;
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            switch (key)
            {
                case "rows": rows = value; break;
                case "cols": cols = value; break;
                case "measure": measure = value; break;
                default:
                    if (key.StartsWith(FilterPrefix, StringComparison.Ordinal))
                    {
                        filters[key[FilterPrefix.Length..]] = value;
                    }

                    break;
            }
        }

        return new DatasetQuery(rows, cols, measure, filters);
    }

    public string ToQueryString() => string.Join("&",
        new[] { ("rows", Rows), ("cols", Columns), ("measure", Measure) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .Concat(Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{Uri.EscapeDataString(FilterPrefix + f.Key)}={Uri.EscapeDataString(f.Value)}")));

    /// <summary>The measures a dataset offers: 件数 and the sum of each measure column.</summary>
    public static IReadOnlyList<(string Key, string Label)> Measures(PublishedSet set) =>
        [("count", "件数"), .. set.CubeNames.Where(c => c.StartsWith(DatasetAnonymizer.SumPrefix, StringComparison.Ordinal)).Select(c => (c[DatasetAnonymizer.SumPrefix.Length..], $"{c[DatasetAnonymizer.SumPrefix.Length..]}の合計"))];

    public (CrossTab? Table, List<(string Field, string Message)> Errors) Run(PublishedSet set, string datasetTitle)
    {
        var errors = new List<(string, string)>();
        var count = set.Cube(DatasetAnonymizer.CountCube);
        var dims = count.Dimensions;
        var cube = DatasetAnonymizer.CountCube;
        if (Measure is not null and not "count")
        {
            cube = DatasetAnonymizer.SumPrefix + Measure;
            if (!set.CubeNames.Contains(cube))
            {
                errors.Add(("measure", "「指標」を一覧から選んでください。"));
            }
        }

        var rows = Rows ?? dims[0].Key;
        if (dims.All(d => d.Key != rows))
        {
            errors.Add(("rows", "「行」を一覧から選んでください。"));
        }

        if (Columns is not null && (dims.All(d => d.Key != Columns) || Columns == rows))
        {
            errors.Add(("cols", Columns == rows ? "「列」には「行」と違う項目を選んでください。" : "「列」を一覧から選んでください。"));
        }

        foreach (var (dim, code) in Filters)
        {
            var d = dims.FirstOrDefault(x => x.Key == dim);
            if (d is null || d.IndexOf(code) < 0)
            {
                errors.Add(("filters", $"「{dim}」の条件を一覧から選んでください。"));
            }
            else if (dim == rows || dim == Columns)
            {
                errors.Add(("filters", $"「{dim}」は行か列に使っているため、条件にはできません。"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var rowDim = dims.First(d => d.Key == rows);
        var colDim = Columns is null ? null : dims.First(d => d.Key == Columns);
        var filterText = string.Join("・", Filters.Select(f => $"{f.Key}={dims.First(d => d.Key == f.Key).Labels[dims.First(d => d.Key == f.Key).IndexOf(f.Value)]}"));
        var measureLabel = cube == DatasetAnonymizer.CountCube ? "件数" : $"{Measure}の合計";
        var title = $"{datasetTitle}：{measureLabel}（{rowDim.Label}{(colDim is null ? "" : " × " + colDim.Label)}）{(filterText.Length > 0 ? "：" + filterText : "")}";
        var table = set.Slice(cube, title, rows, rowDim.Codes, Columns, colDim?.Codes, Filters);
        return (table with { Unit = cube == DatasetAnonymizer.CountCube ? "件" : "合計", ColumnLabels = colDim is null ? [measureLabel] : table.ColumnLabels }, errors);
    }
}
