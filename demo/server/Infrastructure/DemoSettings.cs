using static SessionAwareness.Samples.Shared.EnvironmentSetting;

namespace SessionAwareness.Demo.Infrastructure;

/// <summary>Where the demo keeps sessions (<c>SESSION_STORE</c>).</summary>
public enum DemoStore
{
    /// <summary>A SQLite file in the git-ignored data folder (the default): sessions survive a restart.</summary>
    Sqlite,

    /// <summary>Redis at <c>REDIS_URL</c>: several demo processes behave as one site.</summary>
    Redis,

    /// <summary>This process's memory: a restart ends every session.</summary>
    Memory,
}

/// <summary>The demo's documented environment variables, read once at start.</summary>
/// <param name="Port">TCP port on 127.0.0.1 (<c>PORT</c>, default 5080).</param>
/// <param name="IdleTimeout">Sliding idle timeout (<c>SESSION_IDLE_SECONDS</c>, default 900).</param>
/// <param name="WarnBefore">Warning lead (<c>WARN_BEFORE_SECONDS</c>, default 120, always less than the idle timeout).</param>
/// <param name="KeepaliveInterval">Least time between keep-alives (<c>KEEPALIVE_INTERVAL_SECONDS</c>, default 60).</param>
/// <param name="Store">Session store (<c>SESSION_STORE</c>: sqlite, redis, memory).</param>
/// <param name="RedisUrl">StackExchange.Redis configuration string (<c>REDIS_URL</c>), required for redis.</param>
/// <param name="DataDirectory">Folder of the SQLite file and its key ring (<c>SESSION_DATA_DIR</c>, default <c>demo/server/data</c>).</param>
public sealed record DemoSettings(
    int Port, TimeSpan IdleTimeout, TimeSpan WarnBefore, TimeSpan KeepaliveInterval, DemoStore Store, string? RedisUrl, string? DataDirectory)
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 5080;

    /// <summary>Reads the settings through <paramref name="get"/> (e.g. <c>key => configuration[key]</c>).</summary>
    /// <exception cref="InvalidOperationException">A value is set but unusable; the message names it.</exception>
    public static DemoSettings From(Func<string, string?> get)
    {
        var idle = ReadInt(get, "SESSION_IDLE_SECONDS", 900, min: 1);

        // A warning at least as long as the idle timeout would show the moment a page loads. Set explicitly,
        // that is a mistake and stops the start; the default only shrinks (to half the timeout), so
        // SESSION_IDLE_SECONDS alone can be set low for a quick try.
        var warn = ReadInt(get, "WARN_BEFORE_SECONDS", 120 < idle ? 120 : idle / 2, min: 0);
        if (warn >= idle)
        {
            throw new InvalidOperationException($"WARN_BEFORE_SECONDS ({warn}) must be less than SESSION_IDLE_SECONDS ({idle}).");
        }

        var keepalive = ReadInt(get, "KEEPALIVE_INTERVAL_SECONDS", 60 <= idle ? 60 : Math.Max(1, idle / 4), min: 1);
        if (keepalive > idle)
        {
            throw new InvalidOperationException($"KEEPALIVE_INTERVAL_SECONDS ({keepalive}) must be at most SESSION_IDLE_SECONDS ({idle}).");
        }

        var store = (get("SESSION_STORE")?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "sqlite" => DemoStore.Sqlite,
            "redis" => DemoStore.Redis,
            "memory" => DemoStore.Memory,
            var other => throw new InvalidOperationException($"SESSION_STORE ('{other}') must be sqlite, redis or memory."),
        };
        var redisUrl = get("REDIS_URL");
        if (store == DemoStore.Redis && string.IsNullOrWhiteSpace(redisUrl))
        {
            throw new InvalidOperationException("SESSION_STORE=redis needs REDIS_URL, e.g. 127.0.0.1:6379.");
        }

        return new(
            Port: ReadInt(get, "PORT", DefaultPort, min: 0, max: 65535),
            IdleTimeout: TimeSpan.FromSeconds(idle),
            WarnBefore: TimeSpan.FromSeconds(warn),
            // Like the warning, the default keep-alive interval shrinks with a short idle timeout (it must fit in it).
            KeepaliveInterval: TimeSpan.FromSeconds(keepalive),
            Store: store,
            RedisUrl: string.IsNullOrWhiteSpace(redisUrl) ? null : redisUrl.Trim(),
            DataDirectory: string.IsNullOrWhiteSpace(get("SESSION_DATA_DIR")) ? null : get("SESSION_DATA_DIR"));
    }
}
