namespace SessionAwareness.AspNetCore.Stores;

/// <summary>
/// Where sessions live: in memory (tests), SQLite (the embedded default) or Redis (farms). Every
/// implementation passes the same conformance test suite.
/// </summary>
/// <remarks>
/// A store keeps records; it does not decide what "alive" means, except in <see cref="SlideAsync"/> and
/// <see cref="TakeExpiredAsync(DateTimeOffset, int, CancellationToken)"/>, which take the caller's clock so that they can be atomic. Lookups
/// may return records past their deadline: callers compare <see cref="UserSession.ExpiresAt"/> with
/// their own clock. A store that cannot be reached throws <see cref="SessionStoreUnavailableException"/>.
/// </remarks>
public interface IUserSessionStore
{
    /// <summary>Adds a new session. Its key and handle are fresh random values, never reused.</summary>
    Task CreateAsync(UserSession session, CancellationToken cancellationToken = default);

    /// <summary>The session with this cookie key, or <c>null</c>.</summary>
    Task<UserSession?> FindByKeyAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The session with this public handle, or <c>null</c>.</summary>
    Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions (expired ones not yet taken included), oldest first.</summary>
    Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the session's protected ticket. The updated session, or <c>null</c> if it is gone.</summary>
    Task<UserSession?> UpdateTicketAsync(string key, byte[] ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the deadline: <see cref="UserSession.LastSeenAt"/> = <paramref name="now"/>,
    /// <see cref="UserSession.ExpiresAt"/> = <paramref name="expiresAt"/>, but only while the session is
    /// still before its deadline at <paramref name="now"/>: an expired session never comes back. The slid
    /// session, or <c>null</c> if it is gone or expired.
    /// </summary>
    Task<UserSession?> SlideAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the session and returns it, or <c>null</c> if it was already gone. Of many concurrent
    /// calls (on any number of processes) exactly one gets the session, so its end is announced once.
    /// </summary>
    Task<UserSession?> RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes and returns up to <paramref name="maxCount"/> sessions whose deadline is at or before
    /// <paramref name="now"/>, earliest first. Each expired session is returned by exactly one call, on any
    /// number of processes, and never one that <see cref="RemoveAsync(string, CancellationToken)"/> returned.
    /// </summary>
    Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="RemoveAsync(string, CancellationToken)"/>, and when this call removed the session, keeps
    /// <paramref name="tombstone"/> under <see cref="SessionTombstone.HashKey"/> of <paramref name="key"/> until its
    /// <see cref="SessionTombstone.ExpiresAt"/> (<c>null</c>: none). Stores should write both at once. The default,
    /// for stores written before tombstones existed, keeps none: users are then not told why they were signed out.
    /// </summary>
    Task<UserSession?> RemoveAsync(string key, SessionTombstone? tombstone, CancellationToken cancellationToken = default) =>
        RemoveAsync(key, cancellationToken);

    /// <summary>
    /// As <see cref="TakeExpiredAsync(DateTimeOffset, int, CancellationToken)"/>, and keeps an
    /// <see cref="Sessions.SignedOutReason.Expired"/> tombstone for each session taken (ended at its deadline, kept until
    /// <paramref name="now"/> + <paramref name="tombstoneLifetime"/>). The default keeps none.
    /// </summary>
    Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default) =>
        TakeExpiredAsync(now, maxCount, cancellationToken);

    /// <summary>
    /// The tombstone of the session whose cookie key is <paramref name="key"/> (looked up by its hash), or <c>null</c>
    /// if there is none or it is forgotten at <paramref name="now"/>. The default finds none.
    /// </summary>
    Task<SessionTombstone?> FindTombstoneAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult<SessionTombstone?>(null);
}

/// <summary>The session store could not be reached or did not answer. Nobody is signed out for it: requests answer 503.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
