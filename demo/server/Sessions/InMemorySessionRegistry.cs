using System.Buffers.Text;
using System.Security.Cryptography;
using SessionAwareness.Demo.Infrastructure;

namespace SessionAwareness.Demo.Sessions;

/// <summary>Thread-safe, process-local <see cref="ISessionRegistry"/>. Register it as a singleton.</summary>
public sealed class InMemorySessionRegistry(TimeProvider time, SessionAwarenessOptions options) : ISessionRegistry
{
    public const int SecretBytes = 32;
    public const int HandleBytes = 16;

    /// <summary>How long an expired session that nobody took with <see cref="RevokeExpired"/> is still remembered.</summary>
    public static readonly TimeSpan ForgetExpiredAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionRecord> _byHandle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _handleBySecret = new(StringComparer.Ordinal);
    private readonly TimeSpan _idleTimeout = options.IdleTimeout;

    public SessionRecord Create(string userName, string userAgent, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(userAgent);

        lock (_gate)
        {
            SweepInactive();

            // Both values come from the OS CSPRNG. The secret is the credential (256 bits); the handle
            // is drawn separately, so nothing a client sees can be turned back into a cookie.
            string secret, handle;
            do
            {
                secret = NewToken(SecretBytes);
            }
            while (_handleBySecret.ContainsKey(secret));
            do
            {
                handle = NewToken(HandleBytes);
            }
            while (_byHandle.ContainsKey(handle));

            var record = new SessionRecord
            {
                SessionSecret = secret,
                PublicHandle = handle,
                UserName = userName,
                CreatedAt = createdAt,
                UserAgent = userAgent,
                LastSeenAt = createdAt,
                ExpiresAt = createdAt + _idleTimeout,
            };
            _byHandle[handle] = record;
            _handleBySecret[secret] = handle;
            return record;
        }
    }

    public SessionRecord? FindBySecret(string sessionSecret)
    {
        if (string.IsNullOrEmpty(sessionSecret))
        {
            return null;
        }

        // A dictionary lookup is not constant-time, but guessing a 256-bit random key through
        // timing differences of a hash lookup is not a practical attack.
        lock (_gate)
        {
            return _handleBySecret.TryGetValue(sessionSecret, out var handle) ? Current(handle) : null;
        }
    }

    public SessionRecord? FindByHandle(string publicHandle)
    {
        if (string.IsNullOrEmpty(publicHandle))
        {
            return null;
        }

        lock (_gate)
        {
            return _byHandle.ContainsKey(publicHandle) ? Current(publicHandle) : null;
        }
    }

    public IReadOnlyList<SessionRecord> ListActive(string userName)
    {
        lock (_gate)
        {
            return _byHandle.Keys
                .Select(Current)
                .Where(r => !r.Revoked && string.Equals(r.UserName, userName, StringComparison.Ordinal))
                .OrderBy(r => r.CreatedAt)
                .ToList();
        }
    }

    public bool Revoke(string publicHandle)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(publicHandle) || !_byHandle.ContainsKey(publicHandle))
            {
                return false;
            }

            var record = Current(publicHandle);
            if (record.Revoked)
            {
                return false;
            }

            _byHandle[publicHandle] = record with { Revoked = true };
            return true;
        }
    }

    public SessionRecord? Slide(string publicHandle)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(publicHandle) || !_byHandle.ContainsKey(publicHandle))
            {
                return null;
            }

            var record = Current(publicHandle);
            if (record.Revoked)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var slid = record with { LastSeenAt = now, ExpiresAt = now + _idleTimeout };
            _byHandle[publicHandle] = slid;
            return slid;
        }
    }

    public IReadOnlyList<SessionRecord> RevokeExpired()
    {
        lock (_gate)
        {
            // Under the lock, like Slide: a session either slid before this look or is taken here.
            var expired = _byHandle.Values.Where(r => !r.Revoked && IsExpired(r)).Select(r => r with { Revoked = true }).ToList();
            foreach (var record in expired)
            {
                _byHandle[record.PublicHandle] = record;
            }

            return expired;
        }
    }

    private static string NewToken(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    // Caller holds the lock. Expiry is applied on every read, exactly at the deadline: an expired
    // session is *reported* revoked everywhere, so "expired" and "revoked" cannot disagree. The stored
    // record stays as it was until RevokeExpired takes it, so its end is still announced (once).
    private SessionRecord Current(string handle)
    {
        var record = _byHandle[handle];
        return !record.Revoked && IsExpired(record) ? record with { Revoked = true } : record;
    }

    private bool IsExpired(SessionRecord record) => time.GetUtcNow() >= record.ExpiresAt;

    // Caller holds the lock. Forgetting an ended session changes nothing for callers (an unknown
    // secret or handle is refused exactly like a revoked one) and bounds memory. An expired session
    // is kept until RevokeExpired has handed it out, or else its open tabs would never hear that it
    // ended; ForgetExpiredAfter bounds memory when nothing calls RevokeExpired.
    private void SweepInactive()
    {
        var forgetBefore = time.GetUtcNow() - ForgetExpiredAfter;
        foreach (var (handle, record) in _byHandle.ToList())
        {
            if (record.Revoked || record.ExpiresAt <= forgetBefore)
            {
                _byHandle.Remove(handle);
                _handleBySecret.Remove(record.SessionSecret);
            }
        }
    }
}
