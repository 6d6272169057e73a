using OsakaDx.Ui;
using OsakaDx.Ui.Components;

namespace OsakaDx.Host.Components;

/// <summary>
/// The errors of one form submission, in the order found: fed to ErrorSummary (links to the
/// fields) and to each FormField. Field ids are the input ids of the page.
/// </summary>
internal sealed class FormErrors
{
    private readonly List<FieldError> errors = [];

    public IReadOnlyList<FieldError> All => errors;

    public bool Any => errors.Count > 0;

    public void Add(string field, string message) => errors.Add(new FieldError(field, message));

    public void Clear() => errors.Clear();

    public string? For(string field) => errors.FirstOrDefault(e => e.FieldId == field)?.Message;

    public string? DescribedBy(string field, bool hasHint = false) => FormField.DescribedBy(field, hasHint, For(field) is not null);

    /// <summary>Adds "「label」を入力してください。" when the value is blank; returns whether it was present.</summary>
    public bool Required(string field, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"「{label}」を入力してください。");
            return false;
        }

        return true;
    }

    public void MaxLength(string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, $"「{label}」は{max}文字以内で入力してください（現在{value.Trim().Length}文字）。");
        }
    }
}
