using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Stores;

/// <summary>
/// What is left of a session that ended for a reason its browser should hear on the sign-in page. Stores keep it
/// under <see cref="HashKey"/> of the session's cookie key, never the key itself, for a limited time.
/// </summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="EndedBy">For <see cref="SignedOutReason.Ended"/>: the ending session's device ("Chrome 156 on Linux"); else empty. Plain text from request headers.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ExpiresAt">When the tombstone is forgotten.</param>
public sealed record SessionTombstone(SignedOutReason Reason, string EndedBy, DateTimeOffset EndedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Longest <see cref="EndedBy"/> kept.</summary>
    public const int MaxEndedByLength = 200;

    /// <summary>
    /// The id a tombstone is kept under: SHA-256 of the cookie key, base64url. The key is a bearer credential; a
    /// tombstone outlives the session, and a copy of the store must not hand out keys, even dead ones, or let
    /// anyone look one up without already holding it.
    /// </summary>
    public static string HashKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether the tombstone is forgotten at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
