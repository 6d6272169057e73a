using System.Globalization;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Ui;
using OsakaDx.Ui.Components;

namespace OsakaDx.Modules.Budget.Pages;

/// <summary>The errors of one form submission, for ErrorSummary and each FormField (ids are the input ids).</summary>
internal sealed class BudgetFormErrors
{
    private readonly List<FieldError> errors = [];

    public IReadOnlyList<FieldError> All => errors;

    public bool Any => errors.Count > 0;

    public void Add(string field, string message) => errors.Add(new FieldError(field, message));

    public void AddRange(IEnumerable<FieldError> more) => errors.AddRange(more);

    public string? For(string field) => errors.FirstOrDefault(e => e.FieldId == field)?.Message;

    public string? Invalid(string field) => For(field) is null ? null : "true";

    public string? DescribedBy(string field, bool hasHint = false) => FormField.DescribedBy(field, hasHint, For(field) is not null);
}

/// <summary>Formatting shared by the budget pages.</summary>
internal static class BudgetUi
{
    public const int PageSize = 50;

    /// <summary>"1,234,567".</summary>
    public static string Yen(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    public static string Yen(long? value) => value is { } v ? Yen(v) : "—";

    /// <summary>Accounting style for differences: "△1,234" for negatives.</summary>
    public static string Diff(long value) => new OsakaDx.Platform.Kernel.Yen(value).ToSankakuString();

    public static string DecisionName(AssessDecision decision) => decision switch
    {
        AssessDecision.Adopted => "計上",
        AssessDecision.Held => "保留",
        _ => "ゼロ査定",
    };

    /// <summary>"2026/11/26 16:05" in JST, from a UTC time.</summary>
    public static string Jst(DateTime utc) =>
        OsakaDx.Platform.Kernel.JstClock.ToJst(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static NotificationKind? StatusKind(RequestStatus status) => status switch
    {
        RequestStatus.Draft => null,
        RequestStatus.OrgApproved => NotificationKind.Info,
        RequestStatus.Submitted => NotificationKind.Info,
        RequestStatus.Assessed => NotificationKind.Warning,
        _ => NotificationKind.Success,
    };

    /// <summary>Reads a whole-yen or count field typed by a person ("1,200", "１２００", "1200円"); adds an error naming the field when it cannot.</summary>
    public static long ReadAmount(string? text, string field, string label, BudgetFormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        if (OsakaDx.Platform.Kernel.Yen.TryParse(text, out var yen))
        {
            return yen.Value;
        }

        errors.Add(field, $"{label}は整数で入力してください（「{text}」は読めません）。");
        return 0;
    }

    public static string Query(params (string Key, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
