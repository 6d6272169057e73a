using System.Text;
using OsakaDx.Platform.Files;

namespace OsakaDx.Platform.Tests.Files;

public class CsvTests
{
    private static readonly Encoding Sjis = CsvEncodingDetector.ShiftJis;

    private static CsvTable ReadText(string text, Encoding encoding) =>
        CsvReader.Read(new MemoryStream(encoding.GetBytes(text)));

    [Fact]
    public void Detect_utf8_with_bom_without_bom_and_ascii()
    {
        Assert.Equal(65001, CsvEncodingDetector.Detect([0xEF, 0xBB, 0xBF, 0x61]).CodePage);
        Assert.Equal(65001, CsvEncodingDetector.Detect(Encoding.UTF8.GetBytes("氏名,住所\r\n大阪 太郎,大阪市北区中之島1-3-20\r\n")).CodePage);
        Assert.Equal(65001, CsvEncodingDetector.Detect("a,b\r\n1,2\r\n"u8).CodePage);
        Assert.Equal(65001, CsvEncodingDetector.Detect([]).CodePage);
    }

    [Fact]
    public void Detect_shift_jis_on_real_japanese_text()
    {
        var bytes = Sjis.GetBytes("氏名,住所,電話番号\r\n大阪 太郎,大阪市北区中之島１丁目３番２０号,06-6208-8181\r\nｵｵｻｶ ﾊﾅｺ,髙島屋①,～\r\n");
        Assert.Equal(932, CsvEncodingDetector.Detect(bytes).CodePage);

        // Even two kana are enough: 0x82 0xA0 is not a valid UTF-8 sequence.
        Assert.Equal(932, CsvEncodingDetector.Detect(Sjis.GetBytes("あい")).CodePage);
    }

    [Fact]
    public void Read_basic_with_crlf_and_trailing_newline()
    {
        var table = ReadText("氏名,年齢\r\n山田,30\r\n鈴木,41\r\n", Encoding.UTF8);
        Assert.Equal(["氏名", "年齢"], table.Headers);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("山田", table.Rows[0]["氏名"]);
        Assert.Equal("41", table.Rows[1]["年齢"]);
        Assert.Equal(["鈴木", "41"], table.Rows[1].Fields);
        Assert.Equal(2, table.Rows[0].LineNumber);
        Assert.Equal(3, table.Rows[1].LineNumber);
        Assert.Equal(65001, table.DetectedEncoding.CodePage);
    }

    [Fact]
    public void Read_lf_only_and_no_trailing_newline()
    {
        var table = ReadText("a,b\n1,2\n3,4", Encoding.UTF8);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("4", table.Rows[1]["b"]);
    }

    [Fact]
    public void Read_strips_bom()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("名前,値\r\nx,1\r\n")).ToArray();
        var table = CsvReader.Read(new MemoryStream(bytes));
        Assert.Equal("名前", table.Headers[0]);
        Assert.Equal("1", table.Rows[0]["値"]);
    }

    [Fact]
    public void Read_quoted_fields_escapes_and_embedded_newlines_with_line_numbers()
    {
        const string text = "id,memo,note\r\n"
            + "1,\"複数行\r\nのメモ\nです\",\"He said \"\"hi\"\"\"\r\n"
            + "2,\"a,b\",\"\"\r\n"
            + "3,plain,\r\n";
        var table = ReadText(text, Encoding.UTF8);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal("複数行\r\nのメモ\nです", table.Rows[0]["memo"]);
        Assert.Equal("He said \"hi\"", table.Rows[0]["note"]);
        Assert.Equal("a,b", table.Rows[1]["memo"]);
        Assert.Equal("", table.Rows[1]["note"]);
        Assert.Equal("", table.Rows[2]["note"]);
        Assert.Equal([2, 5, 6], table.Rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void Read_skips_blank_lines_but_counts_them()
    {
        var table = ReadText("\r\na,b\r\n\r\n1,2\r\n\r\n", Encoding.UTF8);
        Assert.Equal(["a", "b"], table.Headers);
        Assert.Single(table.Rows);
        Assert.Equal(4, table.Rows[0].LineNumber);
    }

    [Fact]
    public void Read_keeps_quote_inside_unquoted_value_and_trailing_empty_field_at_eof()
    {
        var table = ReadText("a,b\r\n5\"inch,", Encoding.UTF8);
        Assert.Equal("5\"inch", table.Rows[0]["a"]);
        Assert.Equal("", table.Rows[0]["b"]);
    }

    [Fact]
    public void Read_ragged_row_names_the_line()
    {
        var text = "a,b,c,d,e\r\n1,2,3,4,5\r\n1,2,3,4\r\n";
        var ex = Assert.Throws<CsvFormatException>(() => ReadText(text, Encoding.UTF8));
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("3行目: 列の数が見出し（5列）と合いません（4列）", ex.Message);
    }

    [Fact]
    public void Read_ragged_row_after_multiline_cell_uses_physical_line()
    {
        var ex = Assert.Throws<CsvFormatException>(() => ReadText("a,b\n\"x\ny\nz\",1\n1,2,3\n", Encoding.UTF8));
        Assert.Equal(5, ex.LineNumber);
    }

    [Fact]
    public void Read_unterminated_quote()
    {
        var ex = Assert.Throws<CsvFormatException>(() => ReadText("a,b\r\n1,2\r\n3,\"open\r\nstill open\r\n", Encoding.UTF8));
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("3行目: 引用符（\"）が閉じられていません。", ex.Message);
    }

    [Fact]
    public void Read_text_after_closing_quote()
    {
        var ex = Assert.Throws<CsvFormatException>(() => ReadText("a,b\r\n\"x\"y,1\r\n", Encoding.UTF8));
        Assert.Equal(2, ex.LineNumber);
        Assert.StartsWith("2行目: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x0D, 0x0A, 0x0A })]
    public void Read_empty_file(byte[] bytes)
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvReader.Read(new MemoryStream(bytes)));
        Assert.Equal(1, ex.LineNumber);
        Assert.Equal("1行目: ファイルが空です。", ex.Message);
    }

    [Fact]
    public void Read_duplicate_header()
    {
        var ex = Assert.Throws<CsvFormatException>(() => ReadText("氏名,住所,氏名\r\n", Encoding.UTF8));
        Assert.Equal("1行目: 見出し「氏名」が重複しています。", ex.Message);
    }

    [Fact]
    public void Read_header_only_has_no_rows()
    {
        var table = ReadText("a,b\r\n", Encoding.UTF8);
        Assert.Empty(table.Rows);
        Assert.Equal(2, table.Headers.Count);
    }

    [Fact]
    public void Unknown_header_throws_in_japanese()
    {
        var row = ReadText("a\r\n1\r\n", Encoding.UTF8).Rows[0];
        var ex = Assert.Throws<KeyNotFoundException>(() => row["b"]);
        Assert.Equal("見出し「b」の列はありません。", ex.Message);
        Assert.False(row.TryGetValue("b", out _));
        Assert.True(row.TryGetValue("a", out var value));
        Assert.Equal("1", value);
    }

    [Fact]
    public void Read_shift_jis_file()
    {
        var table = CsvReader.Read(new MemoryStream(Sjis.GetBytes("氏名,備考\r\n髙橋,①番窓口\r\n")));
        Assert.Equal(932, table.DetectedEncoding.CodePage);
        Assert.Equal("髙橋", table.Rows[0]["氏名"]);
        Assert.Equal("①番窓口", table.Rows[0]["備考"]);
    }

    [Fact]
    public void Read_with_explicit_encoding_reports_undecodable_bytes_with_line()
    {
        var bytes = Encoding.ASCII.GetBytes("a\r\nok\r\n").Concat(new byte[] { 0xFF, 0xFE, 0x0D, 0x0A }).ToArray();
        var ex = Assert.Throws<CsvFormatException>(() => CsvReader.Read(new MemoryStream(bytes), CsvEncodingDetector.Utf8));
        Assert.Equal(3, ex.LineNumber);
    }

    [Fact]
    public void Read_invalid_shift_jis_is_an_error_not_question_marks()
    {
        // 0x82 0xA0 is あ; a lone lead byte 0x81 before CR is neither UTF-8 nor Shift_JIS.
        var bytes = new byte[] { 0x61, 0x0D, 0x0A, 0x82, 0xA0, 0x0D, 0x0A, 0x81, 0x0D, 0x0A };
        var ex = Assert.Throws<CsvFormatException>(() => CsvReader.Read(new MemoryStream(bytes)));
        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("3行目: 文字コード（shift_jis）として読めないバイトがあります。", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_utf8_with_bom_exact_bytes()
    {
        var bytes = CsvWriter.WriteToArray(["名前", "金額"], [["大阪", "1,000"], [null, "-123"]], CsvOutputEncoding.Utf8WithBom);
        var expected = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("名前,金額\r\n大阪,\"1,000\"\r\n,-123\r\n"));
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Write_utf8_without_bom()
    {
        var bytes = CsvWriter.WriteToArray(["a"], [["x"]], CsvOutputEncoding.Utf8);
        Assert.Equal("a\r\nx\r\n"u8.ToArray(), bytes);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+81-6-6208", "'+81-6-6208")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rX", "\"'\rX\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("-123", "-123")]
    [InlineData("-1,234", "\"-1,234\"")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("-", "'-")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void EscapeField_quotes_and_guards_formulas(string? input, string expected) =>
        Assert.Equal(expected, CsvWriter.EscapeField(input));

    [Fact]
    public void Write_shift_jis_round_trips_cp932_characters()
    {
        string[] headers = ["氏名", "備考"];
        var bytes = CsvWriter.WriteToArray(headers, [["髙橋 ①", "4月〜6月"], ["ｶﾅ", "a\"b"]], CsvOutputEncoding.ShiftJis);

        // 髙 is an IBM extension (FB FC), ① an NEC special character (87 40), 〜 becomes CP932's 81 60.
        Assert.Equal(new byte[] { 0xFB, 0xFC }, Sjis.GetBytes("髙"));
        Assert.True(bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFB, 0xFC, 0x8B, 0xB4, 0x20, 0x87, 0x40]) >= 0);
        Assert.True(bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x34, 0x8C, 0x8E, 0x81, 0x60, 0x36, 0x8C, 0x8E]) >= 0);

        var table = CsvReader.Read(new MemoryStream(bytes));
        Assert.Equal(932, table.DetectedEncoding.CodePage);
        Assert.Equal(headers, table.Headers);
        Assert.Equal("髙橋 ①", table.Rows[0]["氏名"]);
        Assert.Equal("4月～6月", table.Rows[0]["備考"]);
        Assert.Equal("ｶﾅ", table.Rows[1]["氏名"]);
        Assert.Equal("a\"b", table.Rows[1]["備考"]);
    }

    [Theory]
    [InlineData(CsvOutputEncoding.Utf8)]
    [InlineData(CsvOutputEncoding.Utf8WithBom)]
    public void Write_utf8_round_trips_everything(CsvOutputEncoding encoding)
    {
        string[] headers = ["名前", "メモ", "金額"];
        string?[][] rows =
        [
            ["𠮷野家 髙島屋 ①", "4月〜6月\r\n次の行", "-1,234"],
            ["\"quoted\"", "", "=1+1"],
            [null, " space ", "0"],
        ];
        var table = CsvReader.Read(new MemoryStream(CsvWriter.WriteToArray(headers, rows, encoding)));
        Assert.Equal(65001, table.DetectedEncoding.CodePage);
        Assert.Equal(headers, table.Headers);
        Assert.Equal(["𠮷野家 髙島屋 ①", "4月〜6月\r\n次の行", "-1,234"], table.Rows[0].Fields);
        Assert.Equal(["\"quoted\"", "", "'=1+1"], table.Rows[1].Fields);
        Assert.Equal(["", " space ", "0"], table.Rows[2].Fields);
        Assert.Equal([2, 4, 5], table.Rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void Write_shift_jis_rejects_unrepresentable_character_naming_row_and_column()
    {
        var ex = Assert.Throws<CsvFormatException>(() =>
            CsvWriter.WriteToArray(["番号", "氏名"], [["1", "山田"], ["2", "複数\n行"], ["3", "𠮷田"]], CsvOutputEncoding.ShiftJis));
        Assert.Equal(5, ex.LineNumber);
        Assert.Equal("氏名", ex.Column);
        Assert.Equal("5行目「氏名」列: 文字「𠮷」はShift_JISで書き込めません。", ex.Message);
        Assert.IsType<EncoderFallbackException>(ex.InnerException);
    }

    [Fact]
    public void Write_shift_jis_rejects_emoji_in_header()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvWriter.WriteToArray(["名前😀"], [], CsvOutputEncoding.ShiftJis));
        Assert.Equal(1, ex.LineNumber);
        Assert.Equal("名前😀", ex.Column);
    }

    [Fact]
    public void Write_rejects_ragged_rows()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvWriter.WriteToArray(["a", "b"], [["1", "2"], ["1"]], CsvOutputEncoding.Utf8));
        Assert.Equal("3行目: 列の数が見出し（2列）と合いません（1列）", ex.Message);
    }

    [Fact]
    public void Write_maps_jis_variants_for_shift_jis()
    {
        var bytes = CsvWriter.WriteToArray(["x"], [["〜‖−—¢£¬"]], CsvOutputEncoding.ShiftJis);
        var table = CsvReader.Read(new MemoryStream(bytes), Sjis);
        Assert.Equal("～∥－―￠￡￢", table.Rows[0]["x"]);
    }

    [Fact]
    public void Write_leaves_stream_open()
    {
        using var stream = new MemoryStream();
        CsvWriter.Write(stream, ["a"], [], CsvOutputEncoding.Utf8);
        Assert.True(stream.CanWrite);
        Assert.Equal("a\r\n"u8.ToArray(), stream.ToArray());
    }
}
