using System.Buffers.Text;
using System.Security.Cryptography;
using SessionAwareness.Demo.Infrastructure;

namespace SessionAwareness.Demo.Sessions;

/// <summary>Thread-safe, process-local <see cref="ISessionRegistry"/>. Register it as a singleton.</summary>
public sealed class InMemorySessionRegistry(TimeProvider time, SessionAwarenessOptions options) : ISessionRegistry
{
    public const int SecretBytes = 32;
    public const int HandleBytes = 16;

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

    private static string NewToken(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    // Caller holds the lock. Expiry is applied lazily: the first look at an expired session
    // turns it into a revoked one, so "expired" and "revoked" cannot disagree anywhere.
    private SessionRecord Current(string handle)
    {
        var record = _byHandle[handle];
        if (!record.Revoked && time.GetUtcNow() >= record.ExpiresAt)
        {
            record = record with { Revoked = true };
            _byHandle[handle] = record;
        }

        return record;
    }

    // Caller holds the lock. Forgetting a revoked or expired session changes nothing for callers
    // (an unknown secret or handle is refused exactly like a revoked one) and bounds memory.
    private void SweepInactive()
    {
        foreach (var handle in _byHandle.Keys.ToList())
        {
            var record = Current(handle);
            if (record.Revoked)
            {
                _byHandle.Remove(handle);
                _handleBySecret.Remove(record.SessionSecret);
            }
        }
    }
}
