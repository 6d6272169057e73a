using OsakaDx.Platform.Text;

namespace OsakaDx.Platform.Tests.Text;

public class JapaneseTextTests
{
    [Fact]
    public void Nfkc_normalizes_compatibility_forms()
    {
        Assert.Equal("ABC123ガ令和", JapaneseText.Nfkc("ＡＢＣ１２３ｶﾞ㋿"));
        Assert.Null(JapaneseText.Nfkc(null));
        Assert.Equal("", JapaneseText.Nfkc(""));
    }

    [Fact]
    public void ToHalfWidthAscii_only_touches_ascii_and_ideographic_space()
    {
        Assert.Equal("Osaka City 123!~ カタカナｶﾀｶﾅ", JapaneseText.ToHalfWidthAscii("Ｏｓａｋａ\u3000Ｃｉｔｙ\u3000１２３！～\u3000カタカナｶﾀｶﾅ"));
        Assert.Null(JapaneseText.ToHalfWidthAscii(null));
    }

    [Theory]
    [InlineData("ｶﾞ", "ガ")]
    [InlineData("ﾊﾟ", "パ")]
    [InlineData("ｳﾞ", "ヴ")]
    [InlineData("ﾜﾞ", "ヷ")]
    [InlineData("ｵｵｻｶｼ ﾔｸｼｮ", "オオサカシ ヤクショ")]
    [InlineData("ﾃﾞｰﾀﾍﾞｰｽ", "データベース")]
    [InlineData("ｷｬｯﾁｰ｡", "キャッチー。")]
    [InlineData("｢ｦﾝ｣､･", "「ヲン」、・")]
    [InlineData("ﾎﾟﾝﾌﾟ", "ポンプ")]
    [InlineData("ｱﾞ", "ア゛")]
    [InlineData("ﾞ", "゛")]
    [InlineData("ﾟｶ", "゜カ")]
    [InlineData("abcかな漢字", "abcかな漢字")]
    public void ToFullWidthKatakana(string input, string expected) =>
        Assert.Equal(expected, JapaneseText.ToFullWidthKatakana(input));

    [Fact]
    public void Kana_conversion_both_ways()
    {
        Assert.Equal("オオサカシ ヴァイオリン ラーメン ヽヾ", JapaneseText.HiraganaToKatakana("おおさかし ゔぁいおりん らーめん ゝゞ"));
        Assert.Equal("おおさかし ゔぁいおりん らーめん ゝゞ ヷ", JapaneseText.KatakanaToHiragana("オオサカシ ヴァイオリン ラーメン ヽヾ ヷ"));
        Assert.Equal("ヵヶ", JapaneseText.HiraganaToKatakana("ゕゖ"));
        Assert.Equal("漢字ABC", JapaneseText.KatakanaToHiragana("漢字ABC"));
        Assert.Null(JapaneseText.HiraganaToKatakana(null));
        Assert.Null(JapaneseText.KatakanaToHiragana(null));
    }

    [Fact]
    public void NormalizeWhitespace_collapses_and_trims()
    {
        Assert.Equal("大阪市 北区 中之島", JapaneseText.NormalizeWhitespace(" \t大阪市\u3000\u3000北区\r\n 中之島\u3000"));
        Assert.Equal("", JapaneseText.NormalizeWhitespace(" \u3000 "));
        Assert.Null(JapaneseText.NormalizeWhitespace(null));
    }

    [Fact]
    public void FoldForSearch_makes_variants_equal()
    {
        Assert.Equal("おおさか city", JapaneseText.FoldForSearch("ｵｵｻｶ\u3000Ｃｉｔｙ"));
        Assert.Equal(JapaneseText.FoldForSearch("おおさか city"), JapaneseText.FoldForSearch("ｵｵｻｶ\u3000Ｃｉｔｙ"));
        Assert.Equal(JapaneseText.FoldForSearch("オオサカ  CITY"), JapaneseText.FoldForSearch("おおさか city"));
        Assert.Equal("がっこう", JapaneseText.FoldForSearch("ｶﾞｯｺｳ"));
        Assert.Equal("", JapaneseText.FoldForSearch(null));
        Assert.Equal("", JapaneseText.FoldForSearch("\u3000"));
    }
}
