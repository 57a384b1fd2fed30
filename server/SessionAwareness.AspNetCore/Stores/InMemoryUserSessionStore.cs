using System.Diagnostics.CodeAnalysis;

namespace SessionAwareness.AspNetCore.Stores;

/// <summary>
/// A process-local <see cref="IUserSessionStore"/> for tests and single-process trials. Sessions are lost
/// when the process ends. Every operation is O(log n) or better under one lock: indexes by key, handle,
/// user and deadline.
/// </summary>
[SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The interface names it keyHash; renaming the parameter would change the public API (PublicAPI.Unshipped.txt).")]
public sealed class InMemoryUserSessionStore : IUserSessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserSession> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyByHandle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyByPreviousKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _keysByUser = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset ExpiresAt, string Key)> _byDeadline = new(Comparer<(DateTimeOffset ExpiresAt, string Key)>.Create(
        static (a, b) => a.ExpiresAt != b.ExpiresAt ? a.ExpiresAt.CompareTo(b.ExpiresAt) : string.CompareOrdinal(a.Key, b.Key)));

    // Tombstones by key hash (with their user), the same by their own expiry so that forgotten ones are dropped as
    // new ones come, and by user and end so that a user keeps at most SessionTombstone.MaxPerUser.
    private readonly Dictionary<string, (SessionTombstone Tombstone, string UserId)> _tombstones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<(DateTimeOffset EndedAt, string Id)>> _tombstonesByUser = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset ExpiresAt, string Id)> _tombstonesByExpiry = new(Comparer<(DateTimeOffset ExpiresAt, string Id)>.Create(
        static (a, b) => a.ExpiresAt != b.ExpiresAt ? a.ExpiresAt.CompareTo(b.ExpiresAt) : string.CompareOrdinal(a.Id, b.Id)));

    /// <summary>How many sessions are kept, expired ones not yet taken included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task CreateAsync(UserSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_byKey.ContainsKey(session.KeyHash) || _keyByHandle.ContainsKey(session.Handle))
            {
                throw new InvalidOperationException("A session with this key or handle exists.");
            }

            _byKey[session.KeyHash] = session;
            _keyByHandle[session.Handle] = session.KeyHash;
            if (!_keysByUser.TryGetValue(session.UserId, out var keys))
            {
                _keysByUser[session.UserId] = keys = new HashSet<string>(StringComparer.Ordinal);
            }

            keys.Add(session.KeyHash);
            _byDeadline.Add((session.ExpiresAt, session.KeyHash));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<UserSession?> FindByKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (key is null)
            {
                return Task.FromResult<UserSession?>(null);
            }

            if (_byKey.TryGetValue(key, out var session))
            {
                return Task.FromResult<UserSession?>(session);
            }

            return Task.FromResult(_keyByPreviousKey.TryGetValue(key, out var current) ? _byKey[current] : null);
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(
                handle is not null && _keyByHandle.TryGetValue(handle, out var key) ? _byKey[key] : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<UserSession> sessions = userId is not null && _keysByUser.TryGetValue(userId, out var keys)
                ? keys.Select(key => _byKey[key]).OrderBy(s => s.CreatedAt).ThenBy(s => s.Handle, StringComparer.Ordinal).ToList()
                : [];
            return Task.FromResult(sessions);
        }
    }

    /// <inheritdoc />
    public Task<UserSessionPage> ListRecentByUserAsync(string userId, DateTimeOffset now, int maxCount, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        lock (_gate)
        {
            var live = userId is not null && _keysByUser.TryGetValue(userId, out var keys)
                ? keys.Select(key => _byKey[key]).Where(s => !s.IsExpiredAt(now) && !(s.CreatedAt < createdSince)).ToList()
                : [];
            // Exactly the reverse of ListByUserAsync's order, ties included.
            var newest = live.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Handle, StringComparer.Ordinal)
                .Take(maxCount).Select(s => s with { Ticket = [] }).ToList();
            return Task.FromResult(new UserSessionPage(newest, live.Count));
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> RenewKeyAsync(
        string keyHash,
        string newKeyHash,
        byte[] ticket,
        DateTimeOffset previousKeyExpiresAt,
        string previousKeyBinding,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newKeyHash);
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            if (keyHash is null || !_byKey.TryGetValue(keyHash, out var session) || _byKey.ContainsKey(newKeyHash))
            {
                return Task.FromResult<UserSession?>(null);
            }

            if (session.PreviousKeyHash is { } older)
            {
                _keyByPreviousKey.Remove(older);
            }

            var renewed = session with
            {
                KeyHash = newKeyHash,
                Ticket = ticket,
                PreviousKeyHash = keyHash,
                PreviousKeyExpiresAt = previousKeyExpiresAt,
                PreviousKeyBinding = previousKeyBinding,
            };
            _byKey.Remove(keyHash);
            _byKey[newKeyHash] = renewed;
            _keyByPreviousKey[keyHash] = newKeyHash;
            _keyByHandle[session.Handle] = newKeyHash;
            var keys = _keysByUser[session.UserId];
            keys.Remove(keyHash);
            keys.Add(newKeyHash);
            _byDeadline.Remove((session.ExpiresAt, keyHash));
            _byDeadline.Add((session.ExpiresAt, newKeyHash));
            return Task.FromResult<UserSession?>(renewed);
        }
    }

    /// <inheritdoc />
    public Task<byte[]> GetOrAddSecretAsync(string name, byte[] candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidate);
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var secret))
            {
                _secrets[name] = secret = candidate.ToArray();
            }

            return Task.FromResult(secret.ToArray());
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> UpdateTicketAsync(string key, byte[] ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            if (key is null || !_byKey.TryGetValue(key, out var session))
            {
                return Task.FromResult<UserSession?>(null);
            }

            var updated = session with { Ticket = ticket };
            _byKey[key] = updated;
            return Task.FromResult<UserSession?>(updated);
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> SlideAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (key is null || !_byKey.TryGetValue(key, out var session) || session.IsExpiredAt(now))
            {
                return Task.FromResult<UserSession?>(null);
            }

            var slid = session with { LastSeenAt = now, ExpiresAt = expiresAt };
            _byDeadline.Remove((session.ExpiresAt, key));
            _byDeadline.Add((expiresAt, key));
            _byKey[key] = slid;
            return Task.FromResult<UserSession?>(slid);
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(key is null ? null : RemoveLocked(key));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_gate)
        {
            var due = _byDeadline.TakeWhile(entry => entry.ExpiresAt <= now).Take(maxCount).Select(entry => entry.Key).ToList();
            IReadOnlyList<UserSession> taken = due.Select(RemoveLocked).OfType<UserSession>().ToList();
            return Task.FromResult(taken);
        }
    }

    /// <inheritdoc />
    public Task<UserSession?> RemoveAsync(string key, SessionTombstone? tombstone, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var removed = key is null ? null : RemoveLocked(key);
            if (removed is not null && tombstone is not null)
            {
                AddTombstoneLocked(key!, removed.UserId, tombstone);
            }

            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_gate)
        {
            var due = _byDeadline.TakeWhile(entry => entry.ExpiresAt <= now).Take(maxCount).Select(entry => entry.Key).ToList();
            IReadOnlyList<UserSession> taken = due.Select(RemoveLocked).OfType<UserSession>().ToList();
            foreach (var session in taken)
            {
                AddTombstoneLocked(session.KeyHash, session.UserId, new SessionTombstone(Sessions.SignedOutReason.Expired, "", session.ExpiresAt, now + tombstoneLifetime));
            }

            return Task.FromResult(taken);
        }
    }

    /// <inheritdoc />
    public Task<SessionTombstone?> FindTombstoneAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return Task.FromResult<SessionTombstone?>(null);
        }

        var id = key;
        lock (_gate)
        {
            return Task.FromResult(_tombstones.TryGetValue(id, out var kept) && !kept.Tombstone.IsExpiredAt(now) ? kept.Tombstone : null);
        }
    }

    // Caller holds the lock. Drops the tombstones forgotten by the new one's end time, and the user's oldest beyond
    // SessionTombstone.MaxPerUser.
    private void AddTombstoneLocked(string key, string userId, SessionTombstone tombstone)
    {
        while (_tombstonesByExpiry.Count > 0 && _tombstonesByExpiry.Min.ExpiresAt <= tombstone.EndedAt)
        {
            ForgetTombstoneLocked(_tombstonesByExpiry.Min.Id);
        }

        ForgetTombstoneLocked(key);
        _tombstones[key] = (tombstone, userId);
        _tombstonesByExpiry.Add((tombstone.ExpiresAt, key));
        if (!_tombstonesByUser.TryGetValue(userId, out var ofUser))
        {
            _tombstonesByUser[userId] = ofUser = new SortedSet<(DateTimeOffset EndedAt, string Id)>(Comparer<(DateTimeOffset EndedAt, string Id)>.Create(
                static (a, b) => a.EndedAt != b.EndedAt ? a.EndedAt.CompareTo(b.EndedAt) : string.CompareOrdinal(a.Id, b.Id)));
        }

        ofUser.Add((tombstone.EndedAt, key));
        while (ofUser.Count > SessionTombstone.MaxPerUser)
        {
            ForgetTombstoneLocked(ofUser.Min.Id);
        }
    }

    // Caller holds the lock.
    private void ForgetTombstoneLocked(string id)
    {
        if (!_tombstones.Remove(id, out var kept))
        {
            return;
        }

        _tombstonesByExpiry.Remove((kept.Tombstone.ExpiresAt, id));
        var ofUser = _tombstonesByUser[kept.UserId];
        ofUser.Remove((kept.Tombstone.EndedAt, id));
        if (ofUser.Count == 0)
        {
            _tombstonesByUser.Remove(kept.UserId);
        }
    }

    // Caller holds the lock.
    private UserSession? RemoveLocked(string key)
    {
        if (!_byKey.Remove(key, out var session))
        {
            return null;
        }

        _keyByHandle.Remove(session.Handle);
        if (session.PreviousKeyHash is { } previous)
        {
            _keyByPreviousKey.Remove(previous);
        }

        _byDeadline.Remove((session.ExpiresAt, key));
        if (_keysByUser.TryGetValue(session.UserId, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            _keysByUser.Remove(session.UserId);
        }

        return session;
    }
}
