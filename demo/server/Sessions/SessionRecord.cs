namespace SessionAwareness.Demo.Sessions;

/// <summary>One sign-in of one user, as the server knows it. Immutable: the registry swaps whole records.</summary>
/// <remarks>
/// <see cref="SessionSecret"/> is what the auth cookie carries. It is a bearer credential and never
/// leaves the server any other way: not to clients, not to logs. <see cref="PublicHandle"/> is the
/// only identifier clients see (the hub's <c>sessionId</c>); knowing it grants nothing by itself.
/// </remarks>
public sealed record SessionRecord
{
    /// <summary>Opaque random value in the auth cookie (32 random bytes, base64url).</summary>
    public required string SessionSecret { get; init; }

    /// <summary>Separate random value (16 random bytes, base64url) that names this session to clients.</summary>
    public required string PublicHandle { get; init; }

    public required string UserName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The browser's User-Agent header, truncated. Attacker-controlled text.</summary>
    public required string UserAgent { get; init; }

    /// <summary>Signed out, ended from elsewhere, or expired. A revoked session never comes back.</summary>
    public bool Revoked { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Sliding deadline: LastSeenAt + idle timeout. At or past it the session counts as revoked.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>First characters of the public handle, for logs.</summary>
    public string ShortHandle => PublicHandle.Length <= 6 ? PublicHandle : PublicHandle[..6] + "…";

    // The compiler-made ToString of a record prints every property, the secret included; a record
    // that ends up in a log line or an exception message must not leak it.
    public override string ToString() =>
        $"SessionRecord {{ UserName = {UserName}, PublicHandle = {ShortHandle}, Revoked = {Revoked}, ExpiresAt = {ExpiresAt:O} }}";
}
