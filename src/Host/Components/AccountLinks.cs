using OsakaDx.Host.Web;

namespace OsakaDx.Host.Components;

internal static class AccountLinks
{
    /// <summary>Only local paths are followed after sign-in (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) => AccountEndpoints.IsLocal(returnUrl) ? returnUrl! : "/";
}
