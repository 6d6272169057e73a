using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using OsakaDx.Platform;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Host.Web;

/// <summary>Form endpoints that are not pages: sign-out, language switch, single sign-on.</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<StaffUser> signIn, AuditLog audit, HttpContext http) =>
        {
            var name = http.User.Identity?.Name;
            var id = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            await signIn.SignOutAsync();
            await audit.SecurityAsync(AuditActions.SignOut, userId: id, actorName: name);
            return Results.LocalRedirect("/account/login?signedout=1");
        }).ExcludeFromDescription();

        app.MapPost("/culture", ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext http) =>
        {
            var chosen = culture == "en" ? "en" : "ja-JP";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

        // Single sign-on: challenge the directory, then match its account to a staff account.
        app.MapPost("/account/sso", (SignInManager<StaffUser> signIn, [FromForm] string? returnUrl) =>
        {
            var properties = signIn.ConfigureExternalAuthenticationProperties(SsoDefaults.Scheme, "/account/sso/callback?returnUrl=" + Uri.EscapeDataString(IsLocal(returnUrl) ? returnUrl! : "/"));
            return Results.Challenge(properties, [SsoDefaults.Scheme]);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/account/sso/callback", async (SignInManager<StaffUser> signIn, UserManager<StaffUser> users, AuditLog audit, string? returnUrl) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null)
            {
                return Results.LocalRedirect("/account/login?sso=failed");
            }

            var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false);
            if (!result.Succeeded)
            {
                // First visit: link by the directory's user name or e-mail to an existing, active staff account. No self-registration.
                var key = info.Principal.FindFirstValue("preferred_username") ?? info.Principal.FindFirstValue("email");
                var user = key is null ? null : await users.FindByNameAsync(key) ?? await users.FindByEmailAsync(key);
                if (user is null || !user.IsActive)
                {
                    await audit.SecurityAsync(AuditActions.SignInFailed, $"SSO: 対応する職員アカウントがありません（{key}）", actorName: key ?? "?");
                    return Results.LocalRedirect("/account/login?sso=unknown");
                }

                await users.AddLoginAsync(user, info);
                result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false);
                if (!result.Succeeded)
                {
                    await audit.SecurityAsync(AuditActions.SignInFailed, "SSO: サインインできませんでした", userId: user.Id, actorName: user.UserName);
                    return Results.LocalRedirect("/account/login?sso=failed");
                }
            }

            await audit.SecurityAsync(AuditActions.SignIn, "SSO", actorName: info.Principal.FindFirstValue("preferred_username"));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

/// <summary>Writes a security audit row whenever a signed-in user is refused by an authorization policy.</summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            var needed = string.Join(", ", policy.Requirements.OfType<ClaimsAuthorizationRequirement>().SelectMany(r => r.AllowedValues ?? Enumerable.Empty<string>()));
            await audit.SecurityAsync(AuditActions.PermissionDenied, $"{context.Request.Method} {context.Request.Path} 必要な権限: {needed}");
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
