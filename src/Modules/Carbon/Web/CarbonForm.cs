using System.Globalization;
using OsakaDx.Platform.Kernel;
using OsakaDx.Platform.Text;
using OsakaDx.Ui;
using OsakaDx.Ui.Components;

namespace OsakaDx.Modules.Carbon.Web;

/// <summary>The errors of one form post, for ErrorSummary and each FormField (field ids are input ids).</summary>
public sealed class CarbonForm
{
    private readonly List<FieldError> errors = [];

    public IReadOnlyList<FieldError> All => errors;

    public bool Any => errors.Count > 0;

    public void Add(string field, string message) => errors.Add(new FieldError(field, message));

    public string? For(string field) => errors.FirstOrDefault(e => e.FieldId == field)?.Message;

    public string? Invalid(string field) => For(field) is null ? null : "true";

    public string? DescribedBy(string field, bool hasHint = false) => FormField.DescribedBy(field, hasHint, For(field) is not null);

    /// <summary>Trimmed NFKC text; adds 「…を入力してください」 when required and blank, or a length error.</summary>
    public string Text(string field, string label, string? value, int max, bool required = true)
    {
        var t = JapaneseText.NormalizeWhitespace(JapaneseText.Nfkc(value))?.Trim() ?? "";
        if (required && t.Length == 0)
        {
            Add(field, $"「{label}」を入力してください。");
        }
        else if (t.Length > max)
        {
            Add(field, $"「{label}」は{max}文字以内で入力してください（現在{t.Length}文字）。");
        }

        return t;
    }

    /// <summary>A whole number within a range (commas allowed).</summary>
    public long? WholeNumber(string field, string label, string? value, long min, long max, bool required = true)
    {
        var t = JapaneseText.Nfkc(value)?.Trim().Replace(",", "", StringComparison.Ordinal) ?? "";
        if (t.Length == 0)
        {
            if (required)
            {
                Add(field, $"「{label}」を入力してください。");
            }

            return null;
        }

        if (!long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            Add(field, $"「{label}」は{min.ToString("#,##0", CultureInfo.InvariantCulture)}以上{max.ToString("#,##0", CultureInfo.InvariantCulture)}以下の整数で入力してください（「{value}」）。");
            return null;
        }

        return n;
    }

    /// <summary>A non-negative decimal with at most <paramref name="decimals"/> places.</summary>
    public decimal? Number(string field, string label, string? value, int decimals, decimal max, bool required = true)
    {
        var t = JapaneseText.Nfkc(value)?.Trim().Replace(",", "", StringComparison.Ordinal) ?? "";
        if (t.Length == 0)
        {
            if (required)
            {
                Add(field, $"「{label}」を入力してください。");
            }

            return null;
        }

        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
        {
            Add(field, $"「{label}」は半角数字で入力してください（「{value}」）。");
            return null;
        }

        if (d < 0)
        {
            Add(field, $"「{label}」に負の値は入力できません。");
            return null;
        }

        if (d > max || decimal.Round(d, decimals) != d)
        {
            Add(field, $"「{label}」は{max.ToString("#,##0", CultureInfo.InvariantCulture)}以下、小数点以下{decimals}桁までで入力してください（「{value}」）。");
            return null;
        }

        return d;
    }
}

/// <summary>Formatting shared by the pages.</summary>
public static class CarbonUi
{
    public const string ConcurrencyMessage = "他の利用者が先に更新しました。最新の内容を表示しています。もう一度入力してください。";

    public static string Jst(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToJst().ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    public static string Fy(int year) => $"{year}年度（{new FiscalYear(year).ToWarekiString()}）";

    public static string N(decimal value, int decimals = 0) =>
        value.ToString(decimals == 0 ? "#,##0" : "#,##0." + new string('0', decimals), CultureInfo.InvariantCulture);

    public static string N(decimal? value, int decimals = 3) => value is { } v ? N(v, decimals) : "—";

    public static string Pct(decimal? value) => value is { } v ? (v > 0 ? "+" : "") + v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Factor(decimal? value) => value is { } v ? v.ToString("0.#########", CultureInfo.InvariantCulture) : "値なし";

    public static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
