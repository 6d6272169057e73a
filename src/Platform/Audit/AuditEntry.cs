using OsakaDx.Platform.Data;

namespace OsakaDx.Platform.Audit;

/// <summary>One row of the audit log: a data change or a security event. Never updated or deleted by the application.</summary>
[NotAudited]
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>"data" or "security".</summary>
    public string Category { get; set; } = AuditCategories.Data;

    /// <summary>insert, update, delete, sign-in, sign-in-failed, locked-out, sign-out, permission-denied, password-changed, ...</summary>
    public string Action { get; set; } = "";

    public string? UserId { get; set; }

    /// <summary>Who, as shown: user name, or "system" / "cli:{os user}" for work done outside a request.</summary>
    public string Actor { get; set; } = "";

    /// <summary>Module that owns the entity ("platform", "budget", ...).</summary>
    public string? Module { get; set; }

    public string? EntityType { get; set; }

    public string? EntityId { get; set; }

    /// <summary>JSON of the changed properties before the write (null for insert).</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the changed properties after the write (null for delete).</summary>
    public string? After { get; set; }

    /// <summary>Free text: the path denied, the reason of a failure.</summary>
    public string? Detail { get; set; }

    public string? IpAddress { get; set; }
}

public static class AuditCategories
{
    public const string Data = "data";
    public const string Security = "security";
}

public static class AuditActions
{
    public const string Insert = "insert";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string PermissionDenied = "permission-denied";
    public const string PasswordChanged = "password-changed";
    public const string Export = "export";

    public static string ToJapanese(string action) => action switch
    {
        Insert => "登録",
        Update => "更新",
        Delete => "削除",
        SignIn => "サインイン",
        SignInFailed => "サインイン失敗",
        LockedOut => "アカウントロック",
        SignOut => "サインアウト",
        PermissionDenied => "権限なし",
        PasswordChanged => "パスワード変更",
        Export => "書き出し",
        _ => action,
    };
}
