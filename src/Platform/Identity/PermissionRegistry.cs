using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Platform.Identity;

/// <summary>Every permission the platform and its modules define, for the role admin page and policies.</summary>
public sealed class PermissionRegistry
{
    private readonly Dictionary<string, PermissionDefinition> byName = new(StringComparer.Ordinal);

    public PermissionRegistry(IEnumerable<IOsakaDxModule> modules)
    {
        foreach (var p in PlatformPermissions.All)
        {
            byName[p.Name] = p;
        }

        foreach (var module in modules)
        {
            foreach (var p in module.Permissions)
            {
                if (!byName.TryAdd(p.Name, p))
                {
                    throw new InvalidOperationException($"権限名 '{p.Name}' が重複しています（モジュール {module.Name}）。");
                }
            }
        }
    }

    public IReadOnlyCollection<PermissionDefinition> All => byName.Values;

    public bool Exists(string name) => byName.ContainsKey(name);

    public PermissionDefinition? Find(string name) => byName.GetValueOrDefault(name);
}

public static class PlatformPermissions
{
    public const string UsersManage = "platform.users";
    public const string RolesManage = "platform.roles";
    public const string OrgManage = "platform.org";
    public const string AuditRead = "platform.audit";
    public const string JobsManage = "platform.jobs";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(UsersManage, "職員アカウント管理", "職員アカウントの登録・変更・ロック解除・パスワード再設定", "共通基盤"),
        new(RolesManage, "ロール・権限管理", "ロールの作成と権限の割り当て", "共通基盤"),
        new(OrgManage, "組織マスタ管理", "局・室・区役所・部・課の登録・変更・CSV取込", "共通基盤"),
        new(AuditRead, "監査ログ閲覧", "監査ログの検索とCSV書き出し", "共通基盤"),
        new(JobsManage, "バックグラウンド処理管理", "全職員のバックグラウンド処理の確認と取消", "共通基盤"),
    ];

    /// <summary>Policy name for a permission: use with [Authorize(Policy = ...)] or RequireAuthorization.</summary>
    public static string Policy(string permission) => "perm:" + permission;
}

/// <summary>Turns "perm:{name}" policy names into a requirement for that permission claim.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith("perm:", StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .RequireClaim(PlatformClaims.Permission, policyName[5..])
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}
