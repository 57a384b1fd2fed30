namespace SessionAwareness.AspNetCore.Stores;

/// <summary>One sign-in of one user, as the server keeps it. Immutable: stores swap whole records.</summary>
/// <remarks>
/// The auth cookie carries a random key (through the cookie's <c>ITicketStore</c>), a bearer credential; the
/// store keeps only <see cref="KeyHash"/>, its SHA-256, so a copy of the store cannot be turned into a cookie. <see cref="Handle"/>
/// is the only identifier clients see (the hub's <c>sessionId</c>); knowing it grants nothing by itself.
/// </remarks>
public sealed record UserSession
{
    /// <summary>
    /// SHA-256 of the cookie's key, base64url (<see cref="SessionKeys.Hash"/>): what the session is stored and looked up
    /// under. The key itself (32 random bytes) exists only in the cookie.
    /// </summary>
    public required string KeyHash { get; init; }

    /// <summary>
    /// SHA-256 of the key this session had before its last renewal, kept for a short grace so that requests already in
    /// flight from the renewing browser are not signed out (see <see cref="PreviousKeyExpiresAt"/>); else <c>null</c>.
    /// </summary>
    public string? PreviousKeyHash { get; init; }

    /// <summary>Until when <see cref="PreviousKeyHash"/> still opens the session.</summary>
    public DateTimeOffset? PreviousKeyExpiresAt { get; init; }

    /// <summary>
    /// What binds the previous key to the renewing browser (a hash of its User-Agent and address): a request with the
    /// previous key from anywhere else is refused even within the grace.
    /// </summary>
    public string? PreviousKeyBinding { get; init; }

    /// <summary>The public handle: 16 other random bytes, base64url.</summary>
    public required string Handle { get; init; }

    /// <summary>The user this session belongs to (the app's user id, e.g. the <c>NameIdentifier</c> claim).</summary>
    public required string UserId { get; init; }

    /// <summary>When the session began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last request that slid the session.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Sliding deadline. At or past it the session is over, whether or not a sweeper took it yet.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Short browser text ("Chrome 156"). Derived from attacker-controlled headers: plain text.</summary>
    public string Browser { get; init; } = "";

    /// <summary>Short device text ("Linux", "Android phone"). Attacker-controlled: plain text.</summary>
    public string Device { get; init; } = "";

    /// <summary>Operating system ("Windows", "iOS 17", "Android 14"), or empty. Attacker-controlled: plain text.</summary>
    public string Os { get; init; } = "";

    /// <summary>"desktop", "mobile", "tablet", or empty when unknown (see <c>DeviceTypes</c>).</summary>
    public string DeviceType { get; init; } = "";

    /// <summary>Approximate location, when an <c>ILocationResolver</c> gave one; else empty.</summary>
    public string Location { get; init; } = "";

    /// <summary>The cookie's authentication ticket, serialized and protected with Data Protection.</summary>
    public required byte[] Ticket { get; init; }

    /// <summary>First characters of the handle, for logs.</summary>
    public string ShortHandle => Handle.Length <= 6 ? Handle : Handle[..6] + "…";

    /// <summary>Whether the session is past its deadline at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    // The compiler-made ToString of a record prints every property, the key and ticket included; a
    // session that ends up in a log line or an exception message must not leak them.
    /// <inheritdoc />
    public override string ToString() =>
        $"UserSession {{ UserId = {UserId}, Handle = {ShortHandle}, ExpiresAt = {ExpiresAt:O} }}";
}
