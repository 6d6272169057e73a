using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Platform.Audit;

/// <summary>
/// Who is acting: the signed-in user of the current request, or, outside a request (CLI verbs,
/// background jobs), the identity set with <see cref="Use"/>.
/// </summary>
public sealed class AuditActor(IHttpContextAccessor httpContextAccessor)
{
    private static readonly AsyncLocal<(string? UserId, string Name)?> Ambient = new();

    /// <summary>Sets the actor for work outside a request, until the returned scope is disposed.</summary>
    public static IDisposable Use(string? userId, string name)
    {
        var previous = Ambient.Value;
        Ambient.Value = (userId, name);
        return new Restore(previous);
    }

    public (string? UserId, string Name, string? IpAddress) Current
    {
        get
        {
            var http = httpContextAccessor.HttpContext;
            var user = http?.User;
            if (user?.Identity?.IsAuthenticated == true)
            {
                return (user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name ?? "?", http!.Connection.RemoteIpAddress?.ToString());
            }

            if (Ambient.Value is { } ambient)
            {
                return (ambient.UserId, ambient.Name, http?.Connection.RemoteIpAddress?.ToString());
            }

            return (null, http is null ? "system" : "anonymous", http?.Connection.RemoteIpAddress?.ToString());
        }
    }

    /// <summary>The display name claim of the current user, when signed in.</summary>
    public string? DisplayName => httpContextAccessor.HttpContext?.User.FindFirstValue(PlatformClaims.DisplayName);

    private sealed class Restore((string? UserId, string Name)? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
