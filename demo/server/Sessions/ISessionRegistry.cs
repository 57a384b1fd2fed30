namespace SessionAwareness.Demo.Sessions;

/// <summary>
/// Server-side store of sign-in sessions. The demo keeps it in memory
/// (<see cref="InMemorySessionRegistry"/>); a farm of servers would put it in a shared store
/// (database, Redis) behind this same interface.
/// </summary>
/// <remarks>
/// An expired session is reported as revoked by every method, so callers need only check
/// <see cref="SessionRecord.Revoked"/>. Records returned are snapshots.
/// </remarks>
public interface ISessionRegistry
{
    /// <summary>Starts a session with fresh random secret and handle, expiring one idle timeout after <paramref name="createdAt"/>.</summary>
    SessionRecord Create(string userName, string userAgent, DateTimeOffset createdAt);

    /// <summary>The session whose cookie secret is <paramref name="sessionSecret"/>, or <c>null</c>.</summary>
    SessionRecord? FindBySecret(string sessionSecret);

    /// <summary>The session whose public handle is <paramref name="publicHandle"/>, or <c>null</c>.</summary>
    SessionRecord? FindByHandle(string publicHandle);

    /// <summary>The user's sessions that are neither revoked nor expired, oldest first.</summary>
    IReadOnlyList<SessionRecord> ListActive(string userName);

    /// <summary>Revokes the session. <c>true</c> only for the call that actually revoked it.</summary>
    bool Revoke(string publicHandle);

    /// <summary>Moves the deadline to now + idle timeout. <c>null</c> if the session is gone.</summary>
    SessionRecord? Slide(string publicHandle);

    /// <summary>
    /// Marks every session past its deadline as revoked and returns them (revoked). Each expired
    /// session is returned by exactly one call, and never if it was revoked before it expired, so
    /// whoever announces expiries announces each one once.
    /// </summary>
    IReadOnlyList<SessionRecord> RevokeExpired();
}
