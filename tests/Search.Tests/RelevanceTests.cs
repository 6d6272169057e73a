using Xunit.Abstractions;

namespace OsakaDx.Search.Tests;

/// <summary>
/// Known-item search: a person remembers a few words of a document or a piece of its name. A
/// small generated corpus with one target per query; reports success@10 (the target in the top 10).
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly (string Path, string Text)[] Corpus =
    [
        ("財政局/財務課/令和6年度_予算要求資料_最終版(2).txt", "各局の予算要求の積算根拠と歳出の見直しを整理した。"),
        ("財政局/財務課/令和5年度_予算要求資料.txt", "前年度の予算要求。歳出の見直し。"),
        ("財政局/課税課/固定資産税_家屋評価マニュアル.txt", "家屋評価の方法と縦覧の手続。固定資産税の課税標準額を算定する。"),
        ("環境局/脱炭素ツアー造成支援_報告書.txt", "観光事業者による脱炭素ツアーの造成を支援し、温室効果ガス排出量を可視化した。"),
        ("環境局/温室効果ガス排出量_集計.csv", "事業者別の温室効果ガス排出量,二酸化炭素換算"),
        ("大阪港湾局/夢洲アクセス検討.txt", "万博会場となる夢洲へのアクセスと関西国際空港からの輸送を検討した。"),
        ("北区役所/区政会議_議事録_第3回.txt", "区政会議の第3回。防災訓練と地域活動協議会への支援について意見があった。"),
        ("健康局/がん検診_SMS受診勧奨_効果検証.txt", "SMSによる受診勧奨でがん検診の受診率が向上した。"),
        ("こども青少年局/子育てアプリ_利用状況.txt", "子育て情報をプッシュ配信するアプリの利用者数と保護者アンケート。"),
        ("デジタル統括室/ファイル検索_導入計画.txt", "AIを活用したファイル検索の導入計画。年間検索数を6万件から25万件へ。"),
        ("水道局/スマートメーター_通信検証.txt", "水道スマートメーターのモデル地区での通信検証の結果。"),
        ("危機管理室/多言語案内板_災害モード.txt", "観光案内板を多言語化し、災害時には避難情報を表示する。"),
    ];

    private static readonly (string Query, string Target)[] Queries =
    [
        ("予算要求 最終版", "令和6年度_予算要求資料_最終版(2).txt"),
        ("家屋評価", "固定資産税_家屋評価マニュアル.txt"),
        ("脱炭素 ツアー", "脱炭素ツアー造成支援_報告書.txt"),
        ("空港 夢洲", "夢洲アクセス検討.txt"),
        ("区政会議 防災", "区政会議_議事録_第3回.txt"),
        ("受診勧奨", "がん検診_SMS受診勧奨_効果検証.txt"),
        ("子育て アプリ", "子育てアプリ_利用状況.txt"),
        ("ファイル検索", "ファイル検索_導入計画.txt"),
        ("スマートメーター", "スマートメーター_通信検証.txt"),
        ("案内板 避難", "多言語案内板_災害モード.txt"),
        ("排出量 集計", "温室効果ガス排出量_集計.csv"),
        ("令和5年度 予算", "令和5年度_予算要求資料.txt"),
    ];

    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [Fact]
    public async Task Known_items_are_found_in_the_top_ten()
    {
        foreach (var (path, text) in Corpus)
        {
            share.Write(path, text);
        }

        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);
        var found = 0;
        var reciprocal = 0.0;
        foreach (var (query, target) in Queries)
        {
            var names = share.Search(query, pageSize: 10).Hits.Select(h => h.Name).ToList();
            var rank = names.IndexOf(target) + 1;
            output.WriteLine($"{query} → {(rank == 0 ? "圏外" : $"{rank}位")}");
            if (rank > 0)
            {
                found++;
                reciprocal += 1.0 / rank;
            }
        }

        var success = (double)found / Queries.Length;
        output.WriteLine($"success@10 = {success:0.00}, MRR = {reciprocal / Queries.Length:0.00} ({Queries.Length} queries)");
        Assert.Equal(1.0, success);
    }
}
