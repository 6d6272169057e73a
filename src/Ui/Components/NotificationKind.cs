namespace OsakaDx.Ui.Components;

/// <summary>What a <see cref="NotificationBanner"/> or <see cref="Tag"/> tells the user; sets its colour and icon.</summary>
public enum NotificationKind
{
    /// <summary>Neutral information (blue). Banners use <c>role="status"</c>.</summary>
    Info,

    /// <summary>Something finished well: 「保存しました」 (green). Banners use <c>role="status"</c>.</summary>
    Success,

    /// <summary>Needs attention but nothing failed (yellow). Banners use <c>role="status"</c>.</summary>
    Warning,

    /// <summary>Something failed (red). Banners use <c>role="alert"</c>.</summary>
    Error,
}
