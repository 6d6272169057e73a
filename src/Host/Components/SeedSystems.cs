namespace OsakaDx.Host.Components;

/// <summary>The systems of the seed document (Re-Design おおさか), shown on the portal with their status in OsakaDx.</summary>
internal static class SeedSystems
{
    public sealed record SeedSystem(string Module, string Name, string Summary);

    public static readonly IReadOnlyList<SeedSystem> All =
    [
        new("search", "AIファイル検索", "ファイルサーバの膨大なデータから必要なフォルダ・ファイルを素早く見つける"),
        new("budget", "予算編成システム", "予算要求・査定・収支状況・予算事業別調書をシステム内で完結"),
        new("carbon", "温室効果ガス排出量の可視化・脱炭素化ツアー", "市内事業者が排出量を可視化し、削減を計画・実行する"),
        new("talk", "トークでつながる行政サービス", "AI 音声認識の電話で法律相談などの予約を受け付ける"),
        new("insight", "全庁的なデータ活用（EBPM）", "個人が特定されないよう加工した住民データを全庁で可視化"),
        new("edu", "教育ビッグデータの活用", "学力調査・学習ログ・健康データを児童生徒・学級・学校ごとに可視化"),
        new("nocode", "システムの職員内製化（ノーコード）", "業務を知る職員がプログラミングなしでアプリを作る"),
        new("water", "水道スマートメーター", "遠隔検針と使用量の見える化"),
        new("camera", "ウェアラブルカメラ・定点カメラ", "工事現場をリアルタイムに共有し遠隔で確認する"),
        new("ar", "AR技術等を活用した体験型環境学習", "気候変動による浸水などをタブレットで体験する"),
        new("portfolio", "システム刷新計画・共通クラウド・標準化", "100 以上のシステムの刷新と標準化の進捗を管理する"),
        new("backoffice", "バックオフィス DX", "人事・予算・会計・契約・文書のデータを一度の入力でつなぐ"),
    ];
}
