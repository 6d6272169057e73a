namespace OsakaDx.Ui;

/// <summary>
/// One validation error shown by <see cref="Components.ErrorSummary"/> and next to its field.
/// </summary>
/// <param name="FieldId">The <c>id</c> of the input in error; the summary links to <c>#FieldId</c>.</param>
/// <param name="Message">The message in Japanese, saying how to put it right: 「氏名を入力してください」.</param>
public sealed record FieldError(string FieldId, string Message);
