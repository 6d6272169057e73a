// The read side: the only way aggregates leave the module. It reads the protected tables of the
// latest successful run (suppressed cells are NULL in the file) and answers slices of them as
// CrossTabs whose suppressed cells are null, shown as 「X」 everywhere. Every table, chart, CSV,
// API answer and query-builder result is made from a CrossTab.
using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Insight.Data;

namespace OsakaDx.Modules.Insight.Publishing;

/// <summary>A published table held in memory (read-only): dimensions and cell values, null = suppressed.</summary>
internal sealed class PublishedCube(string name, IReadOnlyList<TableDimension> dimensions, long?[] values)
{
    public string Name => name;

    public IReadOnlyList<TableDimension> Dimensions => dimensions;

    public long? this[int index] => values[index];

    public int Stride(int d)
    {
        var s = 1;
        for (var i = dimensions.Count - 1; i > d; i--)
        {
            s *= dimensions[i].Size;
        }

        return s;
    }

    public TableDimension Dimension(string key) => dimensions.First(d => d.Key == key);

    public int DimensionIndex(string key) => dimensions.ToList().FindIndex(d => d.Key == key);
}

/// <summary>A two-way slice: rows × columns, each cell a published value or null (「X」).</summary>
public sealed record CrossTab(string Title, string RowLabel, string ColumnLabel, IReadOnlyList<string> RowCodes, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnCodes, IReadOnlyList<string> ColumnLabels, long?[,] Cells, string Unit)
{
    public const string Suppressed = "X";

    public static string Show(long? value) => value is { } v ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : Suppressed;

    /// <summary>A share in percent, or null when either part is suppressed (a rate must not reveal a hidden count).</summary>
    public static double? Rate(long? part, long? whole) => part is { } p && whole is { } w && w > 0 ? Math.Round(100.0 * p / w, 1) : null;

    public static string ShowRate(double? rate) => rate is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : Suppressed;

    public long? Cell(string row, string column)
    {
        var r = RowCodes.ToList().IndexOf(row);
        var c = ColumnCodes.ToList().IndexOf(column);
        return r < 0 || c < 0 ? null : Cells[r, c];
    }

    /// <summary>The slice as CSV rows (header first), 「X」 for suppressed cells.</summary>
    public (string[] Headers, List<string?[]> Rows) ToCsv()
    {
        string[] headers = [RowLabel, .. ColumnLabels];
        var rows = new List<string?[]>();
        for (var r = 0; r < RowCodes.Count; r++)
        {
            var row = new string?[ColumnCodes.Count + 1];
            row[0] = RowLabels[r];
            for (var c = 0; c < ColumnCodes.Count; c++)
            {
                row[c + 1] = Cells[r, c]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Suppressed;
            }

            rows.Add(row);
        }

        return (headers, rows);
    }
}

/// <summary>Which run is published, and its tables (cached per run).</summary>
internal sealed class PublishedData(InsightDb db, InsightPaths paths, PublishedCache cache)
{
    public async Task<AnonymizationRun?> CurrentRunAsync(CancellationToken cancellationToken = default) =>
        await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Succeeded).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<PublishedSet?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var run = await CurrentRunAsync(cancellationToken);
        return run is null || !File.Exists(paths.Published(run.Id)) ? null : cache.Get(run.Id, paths.Published(run.Id), run.CellThreshold);
    }
}

/// <summary>The published tables of one run.</summary>
internal sealed class PublishedSet(int runId, int threshold, IReadOnlyDictionary<string, PublishedCube> cubes)
{
    public int RunId => runId;

    public int Threshold => threshold;

    public PublishedCube Cube(string name) => cubes[name];

    public IReadOnlyCollection<string> CubeNames => cubes.Keys.ToList();

    /// <summary>
    /// A slice of a cube: the row and column dimensions restricted to the given codes, every other
    /// dimension fixed to one code (a filter value or its total). Only cells of the protected table
    /// come out; a value below the threshold would be a bug, and is refused rather than shown.
    /// </summary>
    public CrossTab Slice(string cube, string title, string rowDim, IReadOnlyList<string> rowCodes, string? columnDim, IReadOnlyList<string>? columnCodes, IReadOnlyDictionary<string, string> fixedCodes)
    {
        var c = Cube(cube);
        var coords = new int[c.Dimensions.Count];
        for (var d = 0; d < c.Dimensions.Count; d++)
        {
            var dim = c.Dimensions[d];
            var code = fixedCodes.GetValueOrDefault(dim.Key) ?? (dim.IndexOf(PublishedSchema.Total) >= 0 ? PublishedSchema.Total : dim.Codes[0]);
            coords[d] = dim.IndexOf(code);
            if (coords[d] < 0)
            {
                throw new ArgumentException($"「{dim.Label}」に「{code}」はありません。");
            }
        }

        var rd = c.DimensionIndex(rowDim);
        var cd = columnDim is null ? -1 : c.DimensionIndex(columnDim);
        var cols = columnDim is null ? [PublishedSchema.Total] : columnCodes!;
        var cells = new long?[rowCodes.Count, cols.Count];
        for (var r = 0; r < rowCodes.Count; r++)
        {
            for (var k = 0; k < cols.Count; k++)
            {
                var at = (int[])coords.Clone();
                at[rd] = c.Dimensions[rd].IndexOf(rowCodes[r]);
                if (cd >= 0)
                {
                    at[cd] = c.Dimensions[cd].IndexOf(cols[k]);
                }

                var index = 0;
                for (var d = 0; d < at.Length; d++)
                {
                    index += at[d] * c.Stride(d);
                }

                var v = c[index];
                if (v is > 0 && v < threshold)
                {
                    throw new InvalidOperationException("秘匿されていない小さな値が見つかりました。公表を止めます。");
                }

                cells[r, k] = v;
            }
        }

        var rowDimension = c.Dimensions[rd];
        var colDimension = cd >= 0 ? c.Dimensions[cd] : null;
        return new CrossTab(title, rowDimension.Label, colDimension?.Label ?? "", rowCodes, rowCodes.Select(code => rowDimension.Labels[rowDimension.IndexOf(code)]).ToList(),
            cols, colDimension is null ? [PublishedSchema.Title(cube)] : cols.Select(code => colDimension.Labels[colDimension.IndexOf(code)]).ToList(), cells, cube == PublishedSchema.Households ? "世帯" : cube == PublishedSchema.Events ? "件" : "人");
    }
}

/// <summary>Process-wide cache of loaded runs (a run's file never changes once published).</summary>
internal sealed class PublishedCache
{
    private readonly ConcurrentDictionary<int, Lazy<PublishedSet>> runs = new();

    private readonly ConcurrentDictionary<string, Lazy<PublishedSet>> files = new(StringComparer.Ordinal);

    public PublishedSet Get(int runId, string file, int threshold) =>
        runs.GetOrAdd(runId, id => new Lazy<PublishedSet>(() => Load(id, file, threshold))).Value;

    /// <summary>A published file other than the register's runs (a department dataset's run), cached by path.</summary>
    public PublishedSet GetFile(string file, int threshold) =>
        files.GetOrAdd(file, f => new Lazy<PublishedSet>(() => Load(0, f, threshold))).Value;

    private static PublishedSet Load(int runId, string file, int threshold)
    {
        using var connection = new DuckDBConnection($"Data Source={file};ACCESS_MODE=READ_ONLY");
        connection.Open();
        var dims = new Dictionary<string, SortedDictionary<int, (string Key, List<string> Codes, List<string> Labels)>>(StringComparer.Ordinal);
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT cube, dim_order, dim, code, label FROM cube_dims ORDER BY cube, dim_order, code_index";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var cube = r.GetString(0);
                var order = r.GetInt32(1);
                if (!dims.TryGetValue(cube, out var perCube))
                {
                    dims[cube] = perCube = [];
                }

                if (!perCube.TryGetValue(order, out var dim))
                {
                    perCube[order] = dim = (r.GetString(2), [], []);
                }

                dim.Codes.Add(r.GetString(3));
                dim.Labels.Add(r.GetString(4));
            }
        }

        var cubes = new Dictionary<string, PublishedCube>(StringComparer.Ordinal);
        foreach (var (cube, perCube) in dims)
        {
            // Relations are not needed to read; labels and codes come from the file.
            var dimensions = perCube.Values.Select(d => new TableDimension(d.Key, DimensionLabel(d.Key), d.Codes, d.Labels, [])).ToList();
            var size = dimensions.Aggregate(1, (s, d) => s * d.Size);
            var values = new long?[size];
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT cell, n FROM cube_cells WHERE cube = $cube";
            cmd.Parameters.Add(new DuckDBParameter("cube", cube));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                values[r.GetInt32(0)] = r.IsDBNull(1) ? null : r.GetInt64(1);
            }

            cubes[cube] = new PublishedCube(cube, dimensions, values);
        }

        return new PublishedSet(runId, threshold, cubes);
    }

    private static string DimensionLabel(string key) => key switch
    {
        "geo" => "地域",
        "age" => "年齢",
        "sex" => "性別",
        "nat" => "国籍区分",
        "size" => "世帯人員",
        "fy" => "年度",
        "event" => "異動事由",
        _ => key,
    };
}
