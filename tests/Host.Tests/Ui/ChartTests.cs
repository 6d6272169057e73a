using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OsakaDx.Ui.Charts;

namespace OsakaDx.Host.Tests.Ui;

// Charts are rendered to HTML exactly as the pages render them, then parsed: the SVG geometry must
// match the numbers, and the table under the chart must carry every value.
public class ChartTests
{
    private static readonly string[] Wards = ["北区", "都島区", "福島区"];
    private static readonly string[] Years = ["2024年度", "2025年度"];
    private static readonly string[] UpDown = ["増", "減"];
    private static readonly string[] Months = ["4月", "5月", "6月", "7月", "8月"];
    private static readonly string[] OneCategory = ["a"];

    private static async Task<XElement> RenderAsync<T>(Dictionary<string, object?> parameters)
        where T : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        // The markup is well-formed XML apart from HTML entities the renderer may emit.
        return XElement.Parse(html.Replace("&nbsp;", "&#160;", StringComparison.Ordinal));
    }

    private static IEnumerable<XElement> Named(XElement root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    private static double Attr(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Bars_are_proportional_to_the_values_and_missing_values_draw_nothing_but_show_in_the_table()
    {
        var figure = await RenderAsync<BarChart>(new()
        {
            [nameof(BarChart.Title)] = "区別 予約件数",
            [nameof(BarChart.Categories)] = Wards,
            [nameof(BarChart.Series)] = new[] { new ChartSeries("件数", [100m, 50m, null]) },
            [nameof(BarChart.Unit)] = "件",
            [nameof(BarChart.MissingText)] = "X",
        });

        Assert.Equal("figure", figure.Name.LocalName);
        var svg = Named(figure, "svg").Single();
        Assert.Equal("img", svg.Attribute("role")!.Value);
        var labelledBy = svg.Attribute("aria-labelledby")!.Value.Split(' ');
        Assert.All(labelledBy, id => Assert.Single(figure.DescendantsAndSelf(), e => e.Attribute("id")?.Value == id));

        var bars = Named(svg, "rect").ToList();
        Assert.Equal(2, bars.Count); // the missing value draws no bar
        Assert.Equal(2.0, Attr(bars[0], "height") / Attr(bars[1], "height"), 3);
        Assert.Contains("北区: 100 件", bars[0].Value, StringComparison.Ordinal);

        var cells = Named(figure, "td").Select(td => td.Value).ToList();
        Assert.Equal(["100", "50", "X"], cells);
        Assert.Contains("（単位: 件）", Named(figure, "caption").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stacked_bars_reach_the_sum_and_the_axis_covers_the_tallest_stack()
    {
        var figure = await RenderAsync<BarChart>(new()
        {
            [nameof(BarChart.Title)] = "Scope 別",
            [nameof(BarChart.Categories)] = Years,
            [nameof(BarChart.Series)] = new[] { new ChartSeries("Scope 1", [300m, 200m]), new ChartSeries("Scope 2", [700m, 100m]) },
            [nameof(BarChart.Stacked)] = true,
        });

        var bars = Named(figure, "rect").ToList();
        Assert.Equal(4, bars.Count);
        // First stack: 300 + 700 = 1,000; its segments are adjacent and their heights add to 3.33 × the second stack (300).
        var first = bars.Take(2).ToList();
        Assert.Equal(Attr(first[0], "y"), Attr(first[1], "y") + Attr(first[1], "height"), 3);
        var second = bars.Skip(2).ToList();
        var ratio = (Attr(first[0], "height") + Attr(first[1], "height")) / (Attr(second[0], "height") + Attr(second[1], "height"));
        Assert.Equal(1000.0 / 300.0, ratio, 3);
        Assert.Contains(Named(figure, "text"), t => t.Value == "1,000");
        Assert.Equal(2, Named(figure, "li").Count()); // a legend for two series
    }

    [Fact]
    public async Task Negative_values_hang_below_the_zero_line()
    {
        var figure = await RenderAsync<BarChart>(new()
        {
            [nameof(BarChart.Title)] = "前年比",
            [nameof(BarChart.Categories)] = UpDown,
            [nameof(BarChart.Series)] = new[] { new ChartSeries("差", [40m, -20m]) },
        });

        var zero = Named(figure, "line").Single(l => l.Attribute("class")!.Value == "chart__zero");
        var zeroY = Attr(zero, "y1");
        var bars = Named(figure, "rect").ToList();
        Assert.Equal(zeroY, Attr(bars[0], "y") + Attr(bars[0], "height"), 3);
        Assert.Equal(zeroY, Attr(bars[1], "y"), 3);
        Assert.Equal(2.0, Attr(bars[0], "height") / Attr(bars[1], "height"), 3);
    }

    [Fact]
    public async Task A_missing_value_breaks_the_line_instead_of_inventing_a_point()
    {
        var figure = await RenderAsync<LineChart>(new()
        {
            [nameof(LineChart.Title)] = "月別",
            [nameof(LineChart.Categories)] = Months,
            [nameof(LineChart.Series)] = new[] { new ChartSeries("件数", [1m, 2m, null, 4m, 5m]) },
        });

        var lines = Named(figure, "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.Attribute("points")!.Value.Split(' ').Length));
        Assert.Equal(4, Named(figure, "circle").Count());
        Assert.Contains(Named(figure, "td"), td => td.Value == "—");
    }

    [Fact]
    public async Task A_series_longer_than_the_categories_is_refused_in_Japanese()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RenderAsync<BarChart>(new()
        {
            [nameof(BarChart.Title)] = "x",
            [nameof(BarChart.Categories)] = OneCategory,
            [nameof(BarChart.Series)] = new[] { new ChartSeries("多すぎ", [1m, 2m]) },
        }));
        Assert.Contains("系列「多すぎ」", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 171, 0, 200, 50)]
    [InlineData(0, 7, 0, 8, 2)]
    [InlineData(-30, 100, -50, 100, 50)]
    [InlineData(0, 0.42, 0, 0.5, 0.1)]
    [InlineData(120, 130, 0, 150, 50)] // the axis always includes zero
    public void The_scale_has_nice_ticks_that_include_zero(double low, double high, double min, double max, double step)
    {
        var scale = ChartScale.For((decimal)low, (decimal)high);
        Assert.Equal((decimal)min, scale.Min);
        Assert.Equal((decimal)max, scale.Max);
        Assert.Equal((decimal)step, scale.Step);
        Assert.Contains(0m, scale.Ticks);
    }
}
