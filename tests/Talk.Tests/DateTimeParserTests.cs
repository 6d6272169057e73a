using System.Globalization;
using OsakaDx.Modules.Talk.Dates;

namespace OsakaDx.Talk.Tests;

/// <summary>The table of utterances and what they mean. Today is Thursday 2026-11-26 unless given.</summary>
public sealed class DateTimeParserTests
{
    private const string Thu = "2026-11-26";
    private const string Tue = "2027-01-05";
    private const string YearEnd = "2026-12-30";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // Relative days
        { "今日", Thu, "2026-11-26", "" },
        { "本日", Thu, "2026-11-26", "" },
        { "きょう", Thu, "2026-11-26", "" },
        { "明日", Thu, "2026-11-27", "" },
        { "あした", Thu, "2026-11-27", "" },
        { "あす", Thu, "2026-11-27", "" },
        { "アシタ", Thu, "2026-11-27", "" },
        { "明後日", Thu, "2026-11-28", "" },
        { "あさって", Thu, "2026-11-28", "" },
        { "しあさって", Thu, "2026-11-29", "" },
        { "明日でお願いします", Thu, "2026-11-27", "" },

        // Weekdays
        { "来週の火曜日", Thu, "2026-12-01", "" },
        { "来週火曜", Thu, "2026-12-01", "" },
        { "来週の月曜日", Thu, "2026-11-30", "" },
        { "来週の金曜日", Thu, "2026-12-04", "" },
        { "来週の日曜", Thu, "2026-12-06", "" },
        { "再来週の水曜日", Thu, "2026-12-09", "" },
        { "今週の金曜日", Thu, "2026-11-27", "" },
        { "今週の月曜", Thu, "2026-11-23", "" },
        { "今度の金曜", Thu, "2026-11-27", "" },
        { "今度の火曜日", Thu, "2026-12-01", "" },
        { "次の木曜日", Thu, "2026-12-03", "" },
        { "木曜日", Thu, "2026-12-03", "" },
        { "水曜日", Thu, "2026-12-02", "" },
        { "金曜", Thu, "2026-11-27", "" },
        { "らいしゅうのかようび", Thu, "2026-12-01", "" },
        { "こんどのきんようび", Thu, "2026-11-27", "" },
        { "ライシュウノスイヨウビ", Thu, "2026-12-02", "" },
        { "いや、水曜日", Thu, "2026-12-02", "" },
        { "さらいしゅうのげつようび", Thu, "2026-12-07", "" },

        // Month and day, no year: the next one to come
        { "3月5日", Thu, "2027-03-05", "" },
        { "三月五日", Thu, "2027-03-05", "" },
        { "３月５日", Thu, "2027-03-05", "" },
        { "さんがついつか", Thu, "2027-03-05", "" },
        { "12月1日", Thu, "2026-12-01", "" },
        { "11月26日", Thu, "2026-11-26", "" },
        { "11月25日", Thu, "2027-11-25", "" },
        { "1月10日", Thu, "2027-01-10", "" },
        { "十二月二十五日", Thu, "2026-12-25", "" },
        { "じゅうにがつとおか", Thu, "2026-12-10", "" },
        { "くがつはつか", Thu, "2027-09-20", "" },
        { "しがつついたち", Thu, "2027-04-01", "" },
        { "12/3", Thu, "2026-12-03", "" },
        { "１２／１５", Thu, "2026-12-15", "" },
        { "12月の3日", Thu, "2026-12-03", "" },

        // Day only
        { "5日", Thu, "2026-12-05", "" },
        { "30日", Thu, "2026-11-30", "" },
        { "26日", Thu, "2026-11-26", "" },
        { "31日", Thu, "2026-12-31", "" },
        { "28日", Thu, "2026-11-28", "" },
        { "ついたち", Thu, "2026-12-01", "" },
        { "一日", Thu, "2026-12-01", "" },
        { "ふつか", Thu, "2026-12-02", "" },
        { "みっか", Thu, "2026-12-03", "" },
        { "よっか", Thu, "2026-12-04", "" },
        { "いつか", Thu, "2026-12-05", "" },
        { "むいか", Thu, "2026-12-06", "" },
        { "なのか", Thu, "2026-12-07", "" },
        { "ようか", Thu, "2026-12-08", "" },
        { "ここのか", Thu, "2026-12-09", "" },
        { "とおか", Thu, "2026-12-10", "" },
        { "はつか", Thu, "2026-12-20", "" },
        { "じゅうよっか", Thu, "2026-12-14", "" },
        { "にじゅうよっか", Thu, "2026-12-24", "" },
        { "二十日", Thu, "2026-12-20", "" },
        { "十日", Thu, "2026-12-10", "" },
        { "三十日", Thu, "2026-11-30", "" },
        { "にじゅうはちにち", Thu, "2026-11-28", "" },
        { "じゅうごにち", Thu, "2026-12-15", "" },
        { "さんじゅうにち", Thu, "2026-11-30", "" },
        { "ツイタチ", Thu, "2026-12-01", "" },
        { "１０日", Thu, "2026-12-10", "" },

        // Eras and years
        { "令和8年1月10日", Thu, "2026-01-10", "" },
        { "令和9年3月5日", Thu, "2027-03-05", "" },
        { "令和元年5月1日", Thu, "2019-05-01", "" },
        { "R8年12月10日", Thu, "2026-12-10", "" },
        { "平成31年4月30日", Thu, "2019-04-30", "" },
        { "2027年1月4日", Thu, "2027-01-04", "" },
        { "二〇二七年一月四日", Thu, "2027-01-04", "" },
        { "令和８年１２月１日", Thu, "2026-12-01", "" },
        { "令和八年十二月十日", Thu, "2026-12-10", "" },
        { "れいわ8年12月1日", Thu, "2026-12-01", "" },

        // Relative months, nth weekday
        { "来月の5日", Thu, "2026-12-05", "" },
        { "来月10日", Thu, "2026-12-10", "" },
        { "今月の30日", Thu, "2026-11-30", "" },
        { "来月の第2水曜日", Thu, "2026-12-09", "" },
        { "第1月曜", Thu, "2026-11-02", "" },
        { "来月の第3金曜日", Thu, "2026-12-18", "" },
        { "らいげつのはつか", Thu, "2026-12-20", "" },

        // Another "today": Tuesday 2027-01-05
        { "明日", Tue, "2027-01-06", "" },
        { "来週の火曜日", Tue, "2027-01-12", "" },
        { "今度の火曜", Tue, "2027-01-12", "" },
        { "3日", Tue, "2027-02-03", "" },
        { "5日", Tue, "2027-01-05", "" },
        { "12月28日", Tue, "2027-12-28", "" },
        { "今週の金曜", Tue, "2027-01-08", "" },
        { "再来週の月曜", Tue, "2027-01-18", "" },
        { "来月の第2水曜日", Tue, "2027-02-10", "" },
        { "月曜日", Tue, "2027-01-11", "" },
        { "はつか", Tue, "2027-01-20", "" },
        { "十二月三日", Tue, "2027-12-03", "" },

        // Across the year end: Wednesday 2026-12-30
        { "明日", YearEnd, "2026-12-31", "" },
        { "明後日", YearEnd, "2027-01-01", "" },
        { "3日", YearEnd, "2027-01-03", "" },
        { "1月5日", YearEnd, "2027-01-05", "" },
        { "来週の月曜", YearEnd, "2027-01-04", "" },
        { "ついたち", YearEnd, "2027-01-01", "" },
        { "今度の土曜", YearEnd, "2027-01-02", "" },

        // Times
        { "午後2時半", Thu, "", "14:30" },
        { "ごごにじはん", Thu, "", "14:30" },
        { "14時", Thu, "", "14:00" },
        { "十四時", Thu, "", "14:00" },
        { "じゅうよじ", Thu, "", "14:00" },
        { "2時", Thu, "", "14:00" },
        { "1時", Thu, "", "13:00" },
        { "3時", Thu, "", "15:00" },
        { "4時", Thu, "", "16:00" },
        { "3時半", Thu, "", "15:30" },
        { "10時", Thu, "", "10:00" },
        { "午前10時", Thu, "", "10:00" },
        { "朝10時", Thu, "", "10:00" },
        { "朝の9時", Thu, "", "09:00" },
        { "昼の1時", Thu, "", "13:00" },
        { "夕方4時", Thu, "", "16:00" },
        { "正午", Thu, "", "12:00" },
        { "午後1時15分", Thu, "", "13:15" },
        { "13:30", Thu, "", "13:30" },
        { "１４：００", Thu, "", "14:00" },
        { "午後3時", Thu, "", "15:00" },
        { "午後３時", Thu, "", "15:00" },
        { "十五時", Thu, "", "15:00" },
        { "十三時半", Thu, "", "13:30" },
        { "二時", Thu, "", "14:00" },
        { "二時半", Thu, "", "14:30" },
        { "にじ", Thu, "", "14:00" },
        { "さんじ", Thu, "", "15:00" },
        { "よじ", Thu, "", "16:00" },
        { "くじ", Thu, "", "09:00" },
        { "じゅうさんじ", Thu, "", "13:00" },
        { "いちじはん", Thu, "", "13:30" },
        { "午後2時30分", Thu, "", "14:30" },
        { "2時ごろ", Thu, "", "14:00" },
        { "午前11時", Thu, "", "11:00" },
        { "12時", Thu, "", "12:00" },
        { "ゴゴサンジ", Thu, "", "15:00" },
        { "午後二時十五分", Thu, "", "14:15" },
        { "しちじ", Thu, "", "07:00" },

        // Date and time together
        { "明日の午後2時", Thu, "2026-11-27", "14:00" },
        { "来週の火曜日の2時", Thu, "2026-12-01", "14:00" },
        { "3月5日14時", Thu, "2027-03-05", "14:00" },
        { "12月3日の午後1時半", Thu, "2026-12-03", "13:30" },
        { "あしたのにじ", Thu, "2026-11-27", "14:00" },
        { "今度の金曜の3時", Thu, "2026-11-27", "15:00" },
        { "令和8年12月10日午後2時半", Thu, "2026-12-10", "14:30" },
        { "5日の1時", Thu, "2026-12-05", "13:00" },
        { "はつかの午後3時", Thu, "2026-12-20", "15:00" },
        { "十二月三日十四時", Thu, "2026-12-03", "14:00" },
        { "あさっての午後いちじ", Thu, "2026-11-28", "13:00" },

        // Nothing to understand
        { "こんにちは", Thu, "", "" },
        { "法律相談をお願いします", Thu, "", "" },
        { "いつでもいいです", Thu, "", "" },
        { "わかりません", Thu, "", "" },
        { "北区役所", Thu, "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Understands(string utterance, string today, string date, string time)
    {
        var result = JapaneseDateTimeParser.Parse(utterance, DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(date, result.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        Assert.Equal(time, result.Time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "");
    }

    [Fact]
    public void BareHourOutsideSessionHoursIsNotMovedToTheAfternoon()
    {
        var today = new DateOnly(2026, 11, 26);
        Assert.Equal(new TimeOnly(5, 0), JapaneseDateTimeParser.Parse("5時", today).Time);
        Assert.False(JapaneseDateTimeParser.Parse("5時", today).AfternoonAssumed);
        Assert.True(JapaneseDateTimeParser.Parse("2時", today).AfternoonAssumed);
        Assert.Equal(new TimeOnly(17, 0), JapaneseDateTimeParser.Parse("5時", today, new TimeOnly(13, 0), new TimeOnly(17, 0)).Time);
    }

    [Fact]
    public void ReadsBackWithTheWeekday()
    {
        Assert.Equal("2026年12月1日（火）", JapaneseFormat.Date(new DateOnly(2026, 12, 1)));
        Assert.Equal("午後2時30分", JapaneseFormat.Time(new TimeOnly(14, 30)));
        Assert.Equal("午後1時", JapaneseFormat.Time(new TimeOnly(13, 0)));
        Assert.Equal("午前10時", JapaneseFormat.Time(new TimeOnly(10, 0)));
    }

    public static TheoryData<string, Answer> Answers => new()
    {
        { "はい", Answer.Yes },
        { "はい、お願いします", Answer.Yes },
        { "ええ", Answer.Yes },
        { "うん", Answer.Yes },
        { "そうです", Answer.Yes },
        { "お願いします", Answer.Yes },
        { "おねがいします", Answer.Yes },
        { "大丈夫です", Answer.Yes },
        { "それでお願いします", Answer.Yes },
        { "合っています", Answer.Yes },
        { "はいはい", Answer.Yes },
        { "1", Answer.Yes },
        { "１", Answer.Yes },
        { "ハイ", Answer.Yes },
        { "いいえ", Answer.No },
        { "いえ、違います", Answer.No },
        { "違います", Answer.No },
        { "ちがいます", Answer.No },
        { "いや", Answer.No },
        { "いや、水曜日", Answer.No },
        { "やめます", Answer.No },
        { "キャンセルします", Answer.No },
        { "そうじゃないです", Answer.No },
        { "2", Answer.No },
        { "２", Answer.No },
        { "結構です", Answer.Unknown },
        { "ええと", Answer.Unknown },
        { "えーと、はい", Answer.Yes },
        { "けっこうです", Answer.Unknown },
        { "もう一度", Answer.Unknown },
        { "えっと", Answer.Unknown },
        { "3", Answer.Unknown },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void UnderstandsYesAndNo(string utterance, Answer expected) => Assert.Equal(expected, YesNo.Parse(utterance));
}
