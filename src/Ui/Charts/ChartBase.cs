using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace OsakaDx.Ui.Charts;

/// <summary>
/// What every chart shares: a title, categories, series, the unit, and the data table that is
/// always rendered with the chart (screen readers, printing, copying into Excel). Charts are
/// server-rendered SVG: no JavaScript, no inline styles (colours come from classes in
/// osakadx.css, so the strict CSP holds), each series also distinguished by pattern or dash so
/// colour is never the only cue.
/// </summary>
public abstract class ChartBase : ComponentBase
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    /// <summary>The chart's title (figure caption and table caption): 「月別 CO2 排出量」.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = string.Empty;

    /// <summary>The category labels along the category axis: months, wards, years…</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>The series; each has one value per category.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>Unit of the values, shown on the axis and in the table header: 「t-CO2」「千円」「人」.</summary>
    [Parameter] public string? Unit { get; set; }

    /// <summary>Text for a missing value in the table; 「X」 for suppressed cells.</summary>
    [Parameter] public string MissingText { get; set; } = "—";

    /// <summary>Formats a value for the table and tooltips; default: thousands separators, up to 2 decimals.</summary>
    [Parameter] public Func<decimal, string>? Format { get; set; }

    /// <summary>A sentence read by screen readers before the table, e.g. the main finding.</summary>
    [Parameter] public string? Description { get; set; }

    /// <summary>Whether the data table is shown open (default) or folded in a 「表で見る」 disclosure.</summary>
    [Parameter] public bool TableCollapsed { get; set; }

    /// <summary>Element id prefix; defaults to one derived from the title.</summary>
    [Parameter] public string? Id { get; set; }

    /// <summary>Extra attributes for the <c>&lt;figure&gt;</c>.</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>The id prefix in use.</summary>
    protected string ChartId => Id ?? "chart-" + StableHash(Title);

    /// <summary>Formats a value with <see cref="Format"/> or the default.</summary>
    protected string FormatValue(decimal? value) =>
        value is null ? MissingText : Format?.Invoke(value.Value) ?? value.Value.ToString("#,##0.##", Japanese);

    /// <summary>The value of series <paramref name="s"/> at category <paramref name="c"/>, or null.</summary>
    protected decimal? ValueAt(int s, int c) => c < Series[s].Values.Count ? Series[s].Values[c] : null;

    /// <summary>The CSS class that colours series <paramref name="index"/> (eight, then repeating).</summary>
    protected static string SeriesClass(int index) => "chart__series--" + (index % 8).ToString(CultureInfo.InvariantCulture);

    /// <summary>Coordinates in the SVG are written with invariant decimals.</summary>
    protected static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A tooltip: 「北区・令和7年度: 1,234 t-CO2」.</summary>
    protected string Tip(int s, int c)
    {
        var label = Series.Count > 1 ? $"{Categories[c]}・{Series[s].Name}" : Categories[c];
        return $"{label}: {FormatValue(ValueAt(s, c))}{(ValueAt(s, c) is null || Unit is null ? string.Empty : " " + Unit)}";
    }

    /// <summary>Shortens a long axis label; the full text stays in the tooltip and the table.</summary>
    protected static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>Whether horizontal category labels (12px, up to 10 characters) would overlap in a band of <paramref name="band"/> units.</summary>
    protected bool LabelsCollide(double band)
    {
        var longest = Categories.Count == 0 ? 0 : Categories.Max(c => Math.Min(10, c.Sum(ch => ch < 0x2E80 ? 0.6 : 1.0)));
        return (longest * 12) + 6 > band;
    }

    /// <summary>All present values (for the scale).</summary>
    protected IEnumerable<decimal> AllValues() =>
        Series.SelectMany(s => s.Values.Take(Categories.Count)).Where(v => v is not null).Select(v => v!.Value);

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        foreach (var series in Series)
        {
            if (series.Values.Count > Categories.Count)
            {
                throw new ArgumentException($"系列「{series.Name}」の値の数（{series.Values.Count}）が区分の数（{Categories.Count}）を超えています。");
            }
        }
    }

    private static string StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
