// Accounts for outside businesses: self-registration (a platform account with the carbon
// business role, created with the platform's own password rules) and invitations of colleagues
// by a one-time link. There is no e-mail server: the inviting owner copies the link and sends it
// the way they like; the link works once, for 14 days.
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Carbon.Businesses;

/// <summary>An account problem, for the form field it concerns.</summary>
public sealed record AccountProblem(string Field, string Message);

public sealed class CarbonAccounts(UserManager<StaffUser> users, RoleManager<StaffRole> roles, CarbonDb db, TimeProvider clock)
{
    public const string BusinessRole = "carbon-business";
    public const string CityRole = "carbon-city";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>Creates the module's roles when they do not exist yet (registration works without the demo seed).</summary>
    public static async Task EnsureRolesAsync(RoleManager<StaffRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var (name, display, description, permission) in new[]
        {
            (BusinessRole, "排出量の可視化：事業者", "所属する事業者の活動量・排出量・ツアーを扱う", CarbonPermissions.Business),
            (CityRole, "排出量の可視化：環境局", "参加事業者の集計（5者未満は非表示）を見る", CarbonPermissions.City),
        })
        {
            if (await roles.FindByNameAsync(name) is not null)
            {
                continue;
            }

            var role = new StaffRole(name, display, description);
            Check(await roles.CreateAsync(role));
            Check(await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, permission)));
        }
    }

    /// <summary>
    /// Creates an active, non-demo account holding the carbon business role. The platform's
    /// password rules apply (length, digits, upper and lower case).
    /// </summary>
    public async Task<(StaffUser? User, IReadOnlyList<AccountProblem> Problems)> CreateAccountAsync(string userName, string displayName, string? email, string password)
    {
        await EnsureRolesAsync(roles);
        var user = new StaffUser
        {
            UserName = userName, DisplayName = displayName, Email = string.IsNullOrWhiteSpace(email) ? null : email,
            IsActive = true, IsDemo = false, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Select(e => new AccountProblem(
                e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password"
                : e.Code.Contains("Email", StringComparison.Ordinal) ? "Email" : "UserName", e.Description)).ToList());
        }

        var added = await users.AddToRoleAsync(user, BusinessRole);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return (null, added.Errors.Select(e => new AccountProblem("UserName", e.Description)).ToList());
        }

        return (user, []);
    }

    /// <summary>Gives an existing account the business role (an invited colleague who had another role only).</summary>
    public async Task EnsureBusinessRoleAsync(StaffUser user)
    {
        await EnsureRolesAsync(roles);
        if (!await users.IsInRoleAsync(user, BusinessRole))
        {
            Check(await users.AddToRoleAsync(user, BusinessRole));
        }
    }

    /// <summary>A new invitation with a random one-time code.</summary>
    public async Task<Invitation> InviteAsync(int businessId, string role, string note, string createdBy, CancellationToken cancellationToken = default)
    {
        if (!MemberRoles.All.Contains(role))
        {
            throw new ArgumentException("役割は owner・editor・viewer のいずれかです。", nameof(role));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            BusinessId = businessId, Role = role, Note = note, CreatedBy = createdBy, CreatedAtUtc = now,
            ExpiresAtUtc = now + InvitationLifetime, Code = NewCode(),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return invitation;
    }

    /// <summary>The invitation for a code when it can still be used; otherwise null and a reason.</summary>
    public async Task<(Invitation? Invitation, string? Problem)> FindUsableAsync(string code, CancellationToken cancellationToken = default)
    {
        var invitation = string.IsNullOrEmpty(code) || code.Length > 64 ? null : await db.Invitations.FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (invitation is null)
        {
            return (null, "この招待リンクは見つかりません。リンクを最後まで正しくコピーしたか、招待した方に確認してください。");
        }

        if (invitation.Revoked)
        {
            return (null, "この招待は取り消されました。招待した方に新しいリンクを依頼してください。");
        }

        if (invitation.AcceptedAtUtc is not null)
        {
            return (null, "この招待リンクは既に使われています（1回だけ使えます）。");
        }

        if (invitation.ExpiresAtUtc < clock.GetUtcNow().UtcDateTime)
        {
            return (null, "この招待リンクは有効期限（14日）を過ぎています。招待した方に新しいリンクを依頼してください。");
        }

        return (invitation, null);
    }

    /// <summary>Makes the user a member with the invitation's role and uses the invitation up.</summary>
    public async Task AcceptAsync(Invitation invitation, StaffUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(user);
        await EnsureBusinessRoleAsync(user);
        var now = clock.GetUtcNow().UtcDateTime;
        var member = await db.Members.FirstOrDefaultAsync(m => m.BusinessId == invitation.BusinessId && m.UserName == user.UserName, cancellationToken);
        if (member is null)
        {
            db.Members.Add(new BusinessMember { BusinessId = invitation.BusinessId, UserName = user.UserName!, Role = invitation.Role, AddedAtUtc = now });
        }

        invitation.AcceptedBy = user.UserName;
        invitation.AcceptedAtUtc = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string NewCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("アカウントの準備に失敗しました: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
