namespace SessionAwareness.AspNetCore.Stores;

/// <summary>How <see cref="RedisUserSessionStore"/> names and keeps its Redis keys.</summary>
public sealed class RedisUserSessionStoreOptions
{
    /// <summary>
    /// Starts every key of the store, so that several apps can share one Redis. The store writes it inside
    /// braces, <c>{session-awareness:}s:…</c>, which makes it the Redis Cluster hash tag: all of the store's
    /// keys live in one slot, as the store's Lua scripts require. Must not be empty.
    /// </summary>
    public string KeyPrefix { get; set; } = "session-awareness:";

    /// <summary>
    /// How long past its deadline a session that no sweeper took stays in Redis before Redis's own expiry
    /// drops it, silently (no "session ended" is announced for it). One day by default; it only matters when
    /// no process sweeps for that long.
    /// </summary>
    public TimeSpan RetainExpiredFor { get; set; } = TimeSpan.FromDays(1);
}
