// The resident-register extract layout (住民基本台帳の抽出, one row per person including 除票 within
// the period). Documented in README.md; the generator writes it and the importer validates it.
namespace OsakaDx.Modules.Insight.Ingest;

internal static class ResidentLayout
{
    public const string PersonId = "住民ID";
    public const string BirthDate = "生年月日";
    public const string Sex = "性別";
    public const string WardCode = "区コード";
    public const string ChochoCode = "町丁目コード";
    public const string HouseholdId = "世帯番号";
    public const string Relationship = "続柄";
    public const string Nationality = "国籍区分";
    public const string ResidentSince = "住民となった日";
    public const string ResidentSinceReason = "住民となった事由";
    public const string LastMoveDate = "最終転居日";
    public const string RemovedDate = "消除日";
    public const string RemovedReason = "消除事由";

    /// <summary>Required columns, in the order the generator writes them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        PersonId, BirthDate, Sex, WardCode, ChochoCode, HouseholdId, Relationship, Nationality,
        ResidentSince, ResidentSinceReason, LastMoveDate, RemovedDate, RemovedReason,
    ];

    /// <summary>
    /// Columns whose presence makes the whole file refused: 個人識別符号 must never reach the city's
    /// analytics environment, not even a quarantined copy (施行規則 第62条 ②).
    /// </summary>
    public static readonly IReadOnlyList<string> RefusedColumns = ["個人番号", "マイナンバー", "住民票コード", "基礎年金番号", "被保険者番号"];

    /// <summary>
    /// Columns dropped at the door (read past, never stored): names, addresses and contact
    /// details, which identify a person directly (第62条 ①) and have no analytic use here.
    /// </summary>
    public static readonly IReadOnlyList<string> DroppedColumns =
    [
        "氏名", "カナ氏名", "氏名カナ", "フリガナ", "氏名（カナ）", "通称", "通称カナ", "旧氏", "住所", "方書", "番地", "電話番号", "メールアドレス", "本籍", "筆頭者",
    ];

    public static readonly IReadOnlyList<string> Relationships = ["世帯主", "妻", "夫", "子", "父", "母", "孫", "兄弟姉妹", "その他の親族", "同居人"];

    public static readonly IReadOnlyList<string> SinceReasons = ["出生", "転入", "その他"];

    public static readonly IReadOnlyList<string> RemovedReasons = ["死亡", "転出"];

    /// <summary>性別コード: 1 男, 2 女 (住基の男女の別). The words are accepted too.</summary>
    public static byte? ParseSex(string value) => value switch
    {
        "1" or "男" => 1,
        "2" or "女" => 2,
        _ => null,
    };

    /// <summary>国籍区分: 1 日本人, 2 外国人.</summary>
    public static byte? ParseNationality(string value) => value switch
    {
        "1" or "日本人" or "日本" => 1,
        "2" or "外国人" or "外国" => 2,
        _ => null,
    };

    public static string SexName(int code) => code switch { 1 => "男", 2 => "女", _ => "計" };

    public static string NationalityName(int code) => code switch { 1 => "日本人", 2 => "外国人", _ => "計" };
}
