using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Identity;

/// <summary>Adds 氏名 and 所属 to the sign-in cookie (role permission claims come from the base class).</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<StaffRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, StaffRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PlatformClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        if (user.OrgUnitId is { } org)
        {
            identity.AddClaim(new Claim(PlatformClaims.OrgUnit, org.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}

/// <summary>Refuses inactive accounts, and demo accounts when the platform is not in demo mode.</summary>
public sealed class StaffSignInManager(
    UserManager<StaffUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation,
    IOptions<PlatformOptions> platform)
    : SignInManager<StaffUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(StaffUser user)
    {
        if (!user.IsActive || (user.IsDemo && !platform.Value.IsDemo))
        {
            return false;
        }

        return await base.CanSignInAsync(user);
    }
}

/// <summary>Identity's messages in Japanese.</summary>
public sealed class JapaneseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "不明なエラーが発生しました。");

    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "他の利用者が先に更新しました。画面を開き直して、もう一度操作してください。");

    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "現在のパスワードが正しくありません。");

    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "トークンが無効です。");

    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "この外部アカウントは既に別の職員に関連付けられています。");

    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"ユーザー名「{userName}」には使えない文字が含まれています（半角英数字と -._@ が使えます）。");

    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), $"メールアドレス「{email}」の形式が正しくありません。");

    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"ユーザー名「{userName}」は既に使われています。");

    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), $"メールアドレス「{email}」は既に使われています。");

    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), $"ロール名「{role}」は使えません。");

    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), $"ロール名「{role}」は既に使われています。");

    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "このアカウントには既にパスワードが設定されています。");

    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "このアカウントではロックアウトが有効になっていません。");

    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), $"既にロール「{role}」が割り当てられています。");

    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), $"ロール「{role}」は割り当てられていません。");

    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"パスワードは{length}文字以上にしてください。");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"パスワードには{uniqueChars}種類以上の文字を使ってください。");

    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "パスワードには記号を1文字以上含めてください。");

    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "パスワードには数字を1文字以上含めてください。");

    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "パスワードには英小文字を1文字以上含めてください。");

    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "パスワードには英大文字を1文字以上含めてください。");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
