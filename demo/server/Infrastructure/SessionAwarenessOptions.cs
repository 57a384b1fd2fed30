using System.Globalization;

namespace SessionAwareness.Demo.Infrastructure;

/// <summary>Settings of the demo server, read once at start-up from the environment.</summary>
/// <param name="Port">TCP port on 127.0.0.1 (<c>PORT</c>, default 5080).</param>
/// <param name="IdleTimeout">Sliding idle timeout of a session (<c>SESSION_IDLE_SECONDS</c>, default 900).</param>
/// <param name="WarnBefore">How long before expiry the widget warns (<c>WARN_BEFORE_SECONDS</c>, default 120).</param>
/// <param name="KeepaliveInterval">Least time between the widget's keep-alives (<c>KEEPALIVE_INTERVAL_SECONDS</c>, default 60).</param>
public sealed record SessionAwarenessOptions(int Port, TimeSpan IdleTimeout, TimeSpan WarnBefore, TimeSpan KeepaliveInterval)
{
    public const int DefaultPort = 5080;

    public static SessionAwarenessOptions Defaults { get; } =
        new(DefaultPort, TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(60));

    /// <summary>Reads the settings through <paramref name="get"/> (e.g. <c>key => configuration[key]</c>).</summary>
    /// <exception cref="InvalidOperationException">A value is set but is not a usable whole number.</exception>
    public static SessionAwarenessOptions From(Func<string, string?> get) => new(
        Port: ReadInt(get, "PORT", DefaultPort, min: 0, max: 65535),
        IdleTimeout: TimeSpan.FromSeconds(ReadInt(get, "SESSION_IDLE_SECONDS", 900, min: 1)),
        WarnBefore: TimeSpan.FromSeconds(ReadInt(get, "WARN_BEFORE_SECONDS", 120, min: 0)),
        KeepaliveInterval: TimeSpan.FromSeconds(ReadInt(get, "KEEPALIVE_INTERVAL_SECONDS", 60, min: 1)));

    // A typo in a setting fails the start instead of silently running with a default.
    private static int ReadInt(Func<string, string?> get, string key, int fallback, int min, int max = int.MaxValue)
    {
        var raw = get(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}.");
        }

        return value;
    }
}
