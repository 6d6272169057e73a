namespace OsakaDx.Ui.Charts;

/// <summary>
/// One named series of a chart: one value per category, in the categories' order. A <c>null</c>
/// value is a gap — no data, or a cell suppressed for privacy — drawn as nothing and shown in the
/// table as the chart's <c>MissingText</c> (「—」, or 「X」 for suppressed cells).
/// </summary>
/// <param name="Name">Legend and column header, e.g. 「Scope 1」 or 「令和7年度」.</param>
/// <param name="Values">One value per category.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);
