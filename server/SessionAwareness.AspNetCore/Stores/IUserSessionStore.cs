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
/// <para>
/// Every <c>keyHash</c> is <see cref="SessionKeys.Hash"/> of a cookie key: a store never sees, keeps or logs a raw
/// key, so a read-only copy of it cannot be turned into a cookie. Stores made before keys were hashed migrate their
/// rows on first use, signing nobody out.
/// </para>
/// </remarks>
public interface IUserSessionStore
{
    /// <summary>Adds a new session. Its key and handle are fresh random values, never reused.</summary>
    Task CreateAsync(UserSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session whose <see cref="UserSession.KeyHash"/> is <paramref name="keyHash"/>, or whose
    /// <see cref="UserSession.PreviousKeyHash"/> is (whatever <see cref="UserSession.PreviousKeyExpiresAt"/> says: the
    /// caller checks the grace and the binding), or <c>null</c>.
    /// </summary>
    Task<UserSession?> FindByKeyAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>The session with this public handle, or <c>null</c>.</summary>
    Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions (expired ones not yet taken included), oldest first.</summary>
    Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's sessions before their deadline at <paramref name="now"/> and, when <paramref name="createdSince"/> is
    /// given, created at or after it; newest (<see cref="UserSession.CreatedAt"/>) first, at most
    /// <paramref name="maxCount"/> (0: none, only the count), with empty <see cref="UserSession.Ticket"/>s (the query
    /// reads no ticket), and how many such sessions there are in all. What every hub connect reads (the sessions since
    /// the caller's own) and the sessions list asks for (all): bounded whatever the number of sessions.
    /// </summary>
    Task<UserSessionPage> ListRecentByUserAsync(string userId, DateTimeOffset now, int maxCount, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the session's protected ticket. The updated session, or <c>null</c> if it is gone.</summary>
    Task<UserSession?> UpdateTicketAsync(string keyHash, byte[] ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the deadline: <see cref="UserSession.LastSeenAt"/> = <paramref name="now"/>,
    /// <see cref="UserSession.ExpiresAt"/> = <paramref name="expiresAt"/>, but only while the session is
    /// still before its deadline at <paramref name="now"/>: an expired session never comes back. The slid
    /// session, or <c>null</c> if it is gone or expired.
    /// </summary>
    Task<UserSession?> SlideAsync(string keyHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the session and returns it, or <c>null</c> if it was already gone. Of many concurrent
    /// calls (on any number of processes) exactly one gets the session, so its end is announced once.
    /// </summary>
    Task<UserSession?> RemoveAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the session whose current key hash is <paramref name="keyHash"/> a new key: <see cref="UserSession.KeyHash"/>
    /// becomes <paramref name="newKeyHash"/>, the ticket becomes <paramref name="ticket"/>, and the old hash is kept as
    /// <see cref="UserSession.PreviousKeyHash"/> until <paramref name="previousKeyExpiresAt"/> with
    /// <paramref name="previousKeyBinding"/> (replacing any earlier previous key), all at once. The renewed session, or
    /// <c>null</c> if no session has <paramref name="keyHash"/> as its current key (gone, or renewed already: a previous
    /// key never renews). Of concurrent renewals of one key exactly one succeeds.
    /// </summary>
    Task<UserSession?> RenewKeyAsync(
        string keyHash,
        string newKeyHash,
        byte[] ticket,
        DateTimeOffset previousKeyExpiresAt,
        string previousKeyBinding,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The secret kept under <paramref name="name"/>; when there is none yet, keeps <paramref name="candidate"/> and
    /// returns it. Concurrent calls on any number of processes all get the same value. (The library keeps only values
    /// protected with Data Protection here.)
    /// </summary>
    Task<byte[]> GetOrAddSecretAsync(string name, byte[] candidate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes and returns up to <paramref name="maxCount"/> sessions whose deadline is at or before
    /// <paramref name="now"/>, earliest first. Each expired session is returned by exactly one call, on any
    /// number of processes, and never one that <see cref="RemoveAsync(string, CancellationToken)"/> returned.
    /// </summary>
    Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="RemoveAsync(string, CancellationToken)"/>, and when this call removed the session, keeps
    /// <paramref name="tombstone"/> under <paramref name="keyHash"/> until its <see cref="SessionTombstone.ExpiresAt"/>
    /// (<c>null</c>: none), both at once. A user keeps at most <see cref="SessionTombstone.MaxPerUser"/> tombstones:
    /// the oldest are forgotten first.
    /// </summary>
    Task<UserSession?> RemoveAsync(string keyHash, SessionTombstone? tombstone, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="TakeExpiredAsync(DateTimeOffset, int, CancellationToken)"/>, and keeps an
    /// <see cref="Sessions.SignedOutReason.Expired"/> tombstone for each session taken (ended at its deadline, kept until
    /// <paramref name="now"/> + <paramref name="tombstoneLifetime"/>), bounded per user as in
    /// <see cref="RemoveAsync(string, SessionTombstone?, CancellationToken)"/>.
    /// </summary>
    Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tombstone kept under <paramref name="keyHash"/>, or <c>null</c> if there is none or it is forgotten at
    /// <paramref name="now"/>.
    /// </summary>
    Task<SessionTombstone?> FindTombstoneAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A bounded page of a user's live sessions (<see cref="IUserSessionStore.ListRecentByUserAsync"/>).</summary>
/// <param name="Sessions">The newest live sessions, newest first, without tickets.</param>
/// <param name="Total">How many live sessions the user has in all.</param>
public sealed record UserSessionPage(IReadOnlyList<UserSession> Sessions, int Total);

/// <summary>The session store could not be reached or did not answer. Nobody is signed out for it: requests answer 503.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
