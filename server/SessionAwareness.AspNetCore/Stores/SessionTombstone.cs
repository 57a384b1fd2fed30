using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Stores;

/// <summary>
/// What is left of a session that ended for a reason its browser should hear on the sign-in page. Stores keep it
/// under the session's <see cref="UserSession.KeyHash"/>, never the key itself, for a limited time.
/// </summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="EndedBy">For <see cref="SignedOutReason.Ended"/>: the ending session's device ("Chrome 156 on Linux"); else empty. Plain text from request headers.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ExpiresAt">When the tombstone is forgotten.</param>
public sealed record SessionTombstone(SignedOutReason Reason, string EndedBy, DateTimeOffset EndedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Most tombstones a store keeps per user (the oldest are forgotten first): a flood of sign-ins cannot grow them without bound.</summary>
    public const int MaxPerUser = 100;

    /// <summary>Longest <see cref="EndedBy"/> kept.</summary>
    public const int MaxEndedByLength = 200;

    /// <summary>Whether the tombstone is forgotten at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
