using System.Globalization;
using Microsoft.AspNetCore.Http;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget.Pages.Cycle;

/// <summary>Shared by the cycle pages (ceilings, examiners, hearing): form values and result messages.</summary>
internal static class CycleUi
{
    public const string Conflict = "他の職員が先に更新しました。最新の内容を表示しています。もう一度操作してください。";

    /// <summary>A posted form field (pages with several forms read the posted form directly).</summary>
    public static string? Form(HttpContext context, string name) =>
        context.Request.HasFormContentType && context.Request.Form.TryGetValue(name, out var v) ? v.ToString() : null;

    public static int? FormInt(HttpContext context, string name) =>
        int.TryParse(Form(context, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static long? FormLong(HttpContext context, string name) =>
        long.TryParse(Form(context, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Puts a service result on the page: the success message, or the errors under <paramref name="field"/>.</summary>
    public static string? Show(BudgetResult result, BudgetFormErrors errors, string field, string success)
    {
        if (result.Succeeded)
        {
            return success;
        }

        if (result.Conflict)
        {
            errors.Add(field, Conflict);
        }
        else if (result.Forbidden is { } reason)
        {
            errors.Add(field, reason);
        }
        else
        {
            errors.AddRange(result.Errors);
        }

        return null;
    }
}
