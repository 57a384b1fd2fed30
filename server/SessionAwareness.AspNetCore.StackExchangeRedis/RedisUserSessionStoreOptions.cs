using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>
/// How session-awareness connects to Redis and names its keys: the store, the session-end channels, the Data
/// Protection key ring and the SignalR backplane. <c>AddRedis</c> binds it from the configuration section
/// <c>SessionAwareness:Redis</c> and validates it when the app starts.
/// </summary>
public sealed class RedisUserSessionStoreOptions
{
    /// <summary>A StackExchange.Redis configuration string such as <c>redis.internal:6379</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>StackExchange.Redis configuration; used instead of <see cref="Configuration"/> when set.</summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Gets the app's own connection (for example <c>sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;()</c>);
    /// used instead of <see cref="Configuration"/> and <see cref="ConfigurationOptions"/> when set. The app keeps
    /// it; session-awareness never disposes it (the SignalR backplane, which shares it, does when the app stops).
    /// </summary>
    public Func<IServiceProvider, IConnectionMultiplexer>? ConnectionMultiplexerFactory { get; set; }

    /// <summary>
    /// Starts every key and channel, so that several apps can share one Redis. The store writes it inside
    /// braces, <c>{session-awareness:}s:…</c>, which makes it the Redis Cluster hash tag: all of the store's
    /// keys live in one slot, as the store's Lua scripts require. Must not be empty or contain braces.
    /// </summary>
    public string KeyPrefix { get; set; } = "session-awareness:";

    /// <summary>
    /// How long past its deadline a session that no sweeper took stays in Redis before Redis's own expiry
    /// drops it, silently (no "session ended" is announced for it). One day by default; it only matters when
    /// no process sweeps for that long.
    /// </summary>
    public TimeSpan RetainExpiredFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often each instance compares the Data Protection key ring in Redis with the keys it uses: keys that
    /// Redis lost (a flush, a new empty Redis) are written back, and keys it does not know yet (another instance
    /// made one meanwhile) are loaded. Ten seconds by default.
    /// </summary>
    public TimeSpan KeyRingCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
