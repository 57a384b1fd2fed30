using System.Globalization;

namespace SessionAwareness.Demo.Infrastructure;

/// <summary>Settings of the demo server, read once at start-up from the environment.</summary>
/// <param name="Port">TCP port on 127.0.0.1 (<c>PORT</c>, default 5080).</param>
/// <param name="IdleTimeout">Sliding idle timeout of a session (<c>SESSION_IDLE_SECONDS</c>, default 900).</param>
/// <param name="WarnBefore">How long before expiry the widget warns (<c>WARN_BEFORE_SECONDS</c>, default 120; always less than the idle timeout).</param>
/// <param name="KeepaliveInterval">Least time between the widget's keep-alives (<c>KEEPALIVE_INTERVAL_SECONDS</c>, default 60).</param>
public sealed record SessionAwarenessOptions(int Port, TimeSpan IdleTimeout, TimeSpan WarnBefore, TimeSpan KeepaliveInterval)
{
    public const int DefaultPort = 5080;
    public const int DefaultWarnBeforeSeconds = 120;

    public static SessionAwarenessOptions Defaults { get; } =
        new(DefaultPort, TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(DefaultWarnBeforeSeconds), TimeSpan.FromSeconds(60));

    /// <summary>Reads the settings through <paramref name="get"/> (e.g. <c>key => configuration[key]</c>).</summary>
    /// <exception cref="InvalidOperationException">A value is set but is not a usable whole number, or the warning would not fit in the idle timeout.</exception>
    public static SessionAwarenessOptions From(Func<string, string?> get)
    {
        var idle = ReadInt(get, "SESSION_IDLE_SECONDS", 900, min: 1);

        // A warning at least as long as the idle timeout would show the moment a page loads and
        // never go away. Set explicitly, that is a mistake and stops the start; the default only
        // shrinks (to half the timeout), so SESSION_IDLE_SECONDS alone can be set low for a quick try.
        var warnDefault = DefaultWarnBeforeSeconds < idle ? DefaultWarnBeforeSeconds : idle / 2;
        var warn = ReadInt(get, "WARN_BEFORE_SECONDS", warnDefault, min: 0);
        if (warn >= idle)
        {
            throw new InvalidOperationException(
                $"WARN_BEFORE_SECONDS ({warn}) must be less than SESSION_IDLE_SECONDS ({idle}).");
        }

        return new(
            Port: ReadInt(get, "PORT", DefaultPort, min: 0, max: 65535),
            IdleTimeout: TimeSpan.FromSeconds(idle),
            WarnBefore: TimeSpan.FromSeconds(warn),
            KeepaliveInterval: TimeSpan.FromSeconds(ReadInt(get, "KEEPALIVE_INTERVAL_SECONDS", 60, min: 1)));
    }

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
