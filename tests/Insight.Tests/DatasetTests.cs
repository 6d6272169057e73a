using System.Text;
using OsakaDx.Modules.Insight.Anonymization;
using OsakaDx.Modules.Insight.Datasets;
using OsakaDx.Modules.Insight.Publishing;
using OsakaDx.Platform.Files;

namespace OsakaDx.Insight.Tests;

/// <summary>Department datasets without the host: upload checks, anonymization, the published cube and the export.</summary>
public sealed class DatasetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("osakadx-insight-ds-").FullName;

    private UploadResult Upload(byte[] bytes) => DatasetUploader.Read(new MemoryStream(bytes), Path.Combine(folder, "quarantine"));

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    private static List<DatasetColumn> WithRoles(IReadOnlyList<DatasetColumn> columns) =>
        columns.Select(c => SampleDataset.Roles.TryGetValue(c.Name, out var r) ? c with { Role = r.Role, Generalization = r.Generalization } : c with { Role = ColumnRoles.Drop }).ToList();

    [Fact]
    public void Upload_detects_types_drops_the_name_column_and_quarantines_the_rest()
    {
        var result = Upload(SampleDataset.Bytes(3000, 5, shiftJis: true));
        Assert.Equal("shift_jis", result.Encoding);
        Assert.Equal(3000, result.Rows);
        Assert.Equal(["氏名"], result.Dropped);
        var types = result.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ColumnTypes.Integer, types["年齢"]);
        Assert.Equal(ColumnTypes.Code, types["町丁目コード"]);
        Assert.Equal(ColumnTypes.Date, types["受診日"]);
        Assert.Equal(ColumnTypes.Decimal, types["BMI"]);
        Assert.Equal(ColumnTypes.Text, types["判定"]);
        Assert.Equal(ColumnRoles.Identifier, result.Columns.Single(c => c.Name == "受診者番号").Role); // unique text → identifier by default
        Assert.DoesNotContain("氏名", result.Columns.Select(c => c.Name));
        Assert.True(File.Exists(result.TempStore));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.TempStore));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(result.TempStore)!));
        }
    }

    [Fact]
    public void Bad_lines_are_named_with_their_column_and_nothing_is_written()
    {
        var text = new StringBuilder("番号,年齢,受診日,区分\r\n");
        for (var i = 0; i < 30; i++)
        {
            text.Append(i == 3 ? "A3,abc,2025-04-01,a\r\n" : i == 7 ? "A7,45,2025-13-45,b\r\n" : $"A{i},{40 + i},2025-04-{1 + (i % 28):00},c\r\n");
        }

        var ex = Assert.Throws<DatasetUploadRefusedException>(() => Upload(Utf8(text.ToString())));
        Assert.Equal(["5行目「年齢」列: 整数として読めません（「abc」）。", "9行目「受診日」列: 日付として読めません（「2025-13-45」）。"], ex.Errors);
        Assert.False(Directory.Exists(Path.Combine(folder, "quarantine")) && Directory.EnumerateFiles(Path.Combine(folder, "quarantine")).Any());

        var ragged = Assert.Throws<DatasetUploadRefusedException>(() => Upload(Utf8("a,b\r\n1,2\r\n3\r\n")));
        Assert.StartsWith("3行目: 列の数が見出し", ragged.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void My_number_columns_are_refused_by_name_and_by_their_check_digit()
    {
        var byName = Assert.Throws<DatasetUploadRefusedException>(() => Upload(Utf8("個人番号,年齢\r\n1,40\r\n")));
        Assert.StartsWith("1行目「個人番号」列: 個人識別符号", byName.Errors[0], StringComparison.Ordinal);

        // Valid check digits (番号法施行令 第8条) under an innocent header.
        var numbers = ElevenDigits.Select(WithCheckDigit).ToList();
        Assert.All(numbers, n => Assert.True(DatasetUploader.IsMyNumber(n)));
        var csv = "番号,年齢\r\n" + string.Join("", numbers.Select((n, i) => $"{n},{40 + i}\r\n"));
        var byContent = Assert.Throws<DatasetUploadRefusedException>(() => Upload(Utf8(csv)));
        Assert.StartsWith("「番号」列: 個人番号（マイナンバー）と思われる", byContent.Errors[0], StringComparison.Ordinal);

        // Twelve-digit numbers that mostly fail the check digit are an ordinary code.
        var codes = numbers.Select(n => n[..11] + (char)('0' + ((n[11] - '0' + 1) % 10))).ToList();
        Assert.False(DatasetUploader.LooksLikeMyNumber([.. codes]));
    }

    private static readonly string[] SliceRows = ["町丁目コード", "年齢", "受診日"];

    private static readonly string[] ElevenDigits = ["12345678901", "98765432109", "11122233344", "55566677788"];

    private static string WithCheckDigit(string eleven)
    {
        for (var d = 0; d <= 9; d++)
        {
            if (DatasetUploader.IsMyNumber(eleven + d))
            {
                return eleven + d;
            }
        }

        throw new InvalidOperationException();
    }

    [Fact]
    public void Generalizations_are_checked_against_the_column_type_and_name_the_column()
    {
        Assert.Equal("「性別」列: 数値の列ではないため、幅（band）では一般化できません。", Generalization.Parse("性別", ColumnTypes.Text, "band:5").Error);
        Assert.Equal("「年齢」列: 幅は前の幅の倍数で大きくしてください（例: band:5,10,20）。", Generalization.Parse("年齢", ColumnTypes.Integer, "band:5,7").Error);
        Assert.Contains("一般化「median」は使えません", Generalization.Parse("年齢", ColumnTypes.Integer, "median").Error, StringComparison.Ordinal);
        var age = Generalization.Parse("年齢", ColumnTypes.Integer, "band:5,10").Value!;
        Assert.Equal(["43", "40-44", "40-49", "*"], Enumerable.Range(0, 4).Select(l => age.Apply("43", l)));
        var area = Generalization.Parse("町丁目コード", ColumnTypes.Code, "prefix:6").Value!;
        Assert.Equal(["271080012", "271080", "*"], Enumerable.Range(0, 3).Select(l => area.Apply("271080012", l)));
        var day = Generalization.Parse("受診日", ColumnTypes.Date, "date").Value!;
        Assert.Equal(["2025-06-30", "2025-06", "2025", "*"], Enumerable.Range(0, 4).Select(l => day.Apply("2025-06-30", l)));
        var group = Generalization.Parse("科", ColumnTypes.Text, "group:内科|外科=医科;歯科=歯科").Value!;
        Assert.Equal(["外科", "医科", "*"], Enumerable.Range(0, 3).Select(l => group.Apply("外科", l)));
        Assert.Equal("その他", group.Apply("眼科", 1));

        var columns = new List<DatasetColumn> { new("年齢", ColumnTypes.Integer, 30, 0, ColumnRoles.Measure), new("判定", ColumnTypes.Text, 3, 0, ColumnRoles.Sensitive) };
        Assert.Contains("準識別子の列を1つ以上選んでください（年齢・地域・性別など、ほかの情報と照合できる列）。", DatasetSettings.Validate(columns, 5, 1, 0.05, 10));
        Assert.Contains("「k」: 2〜1000 の整数で指定してください。", DatasetSettings.Validate(columns, 1, 1, 0.05, 10));
    }

    [Fact]
    public void Anonymize_publishes_k_anonymous_microdata_and_suppressed_aggregates()
    {
        var upload = Upload(SampleDataset.Bytes(6000, 3));
        var columns = WithRoles(upload.Columns);
        Assert.Empty(DatasetSettings.Validate(columns, 5, 2, 0.05, 10));
        var target = Path.Combine(folder, "published", "ds-1-run-1.duckdb");
        var report = DatasetAnonymizer.Run(1, 1, upload.TempStore, target, columns, 5, 2, 0.05, 10);
        Assert.True(report.KReached >= 5, $"k reached {report.KReached}");
        Assert.True(report.SuppressionRate <= 0.05);
        Assert.Equal(6000, report.Records);
        Assert.True(report.PrimarySuppressed > 0, "the skewed 町丁目 draw leaves small cells");

        // k proven on the export: grouped by the quasi-identifiers, no class is smaller than k; l = 2 distinct 判定 in each.
        using var export = new MemoryStream();
        var rows = DatasetAnonymizer.Export(target, export);
        export.Position = 0;
        var table = CsvReader.Read(export);
        Assert.Equal(rows, table.Rows.Count);
        Assert.Equal(["年齢", "性別", "町丁目コード", "受診日", "判定", "BMI", "腹囲"], table.Headers);
        var classes = table.Rows.GroupBy(r => (r["年齢"], r["性別"], r["町丁目コード"], r["受診日"])).ToList();
        Assert.Equal(report.KReached, classes.Min(g => g.Count()));
        Assert.All(classes, g => Assert.True(g.Select(r => r["判定"]).Distinct().Count() >= 2, $"{g.Key}"));
        Assert.DoesNotContain(table.Rows, r => r.Fields.Any(f => f.StartsWith('K') && f.Length == 10)); // no 受診者番号

        // The aggregates: every visible cell is 0 or ≥ 10, and no additive relation has exactly one hidden cell.
        var set = new PublishedCache().GetFile(target, 10);
        var anyHidden = false;
        foreach (var rowDim in SliceRows)
        {
            var (slice, errors) = new DatasetQuery(rowDim, "性別", null, new Dictionary<string, string>()).Run(set, "健診");
            Assert.Empty(errors);
            Assert.Equal(["女", "男", "計"], slice!.ColumnLabels); // ordinal order of the values, then the total
            var cells = slice.Cells.Cast<long?>().ToList();
            anyHidden |= cells.Any(c => c is null);
            Assert.All(cells, c => Assert.True(c is null or 0 or >= 10, $"{c}"));
            for (var r = 0; r < slice.RowCodes.Count; r++)
            {
                Assert.NotEqual(1, Enumerable.Range(0, 3).Count(c => slice.Cells[r, c] is null)); // 計 = 男 + 女 never has one unknown
            }

            // Sums are hidden exactly where the counts are.
            var sum = new DatasetQuery(rowDim, "性別", "BMI", new Dictionary<string, string>()).Run(set, "健診").Table!;
            for (var r = 0; r < slice.RowCodes.Count; r++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(slice.Cells[r, c] is null, sum.Cells[r, c] is null);
                }
            }
        }

        var wide = new DatasetQuery("町丁目コード", "年齢", null, new Dictionary<string, string>()).Run(set, "健診").Table!;
        Assert.All(wide.Cells.Cast<long?>(), c => Assert.True(c is null or 0 or >= 10, $"{c}"));
        anyHidden |= wide.Cells.Cast<long?>().Any(c => c is null);
        Assert.True(anyHidden, "some cells are 「X」");

        var bad = new DatasetQuery("氏名", null, "収入", new Dictionary<string, string> { ["性別"] = "9:男" }).Run(set, "健診");
        Assert.Null(bad.Table);
        Assert.Equal(["measure", "rows", "filters"], bad.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_setting_no_node_can_satisfy_fails_with_a_japanese_reason()
    {
        var upload = Upload(SampleDataset.Bytes(200, 9));
        var columns = WithRoles(upload.Columns).Select(c => c.Name == "判定" ? c with { Role = ColumnRoles.Drop } : c).ToList();
        var ex = Assert.Throws<AnonymizationFailedException>(() => DatasetAnonymizer.Run(1, 1, upload.TempStore, Path.Combine(folder, "p.duckdb"), columns, 500, 1, 0, 10));
        Assert.StartsWith("k=500 を満たす一般化が、削除の上限", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
