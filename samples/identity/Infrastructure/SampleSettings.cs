using static SessionAwareness.Samples.Shared.EnvironmentSetting;

namespace SessionAwareness.Samples.Identity.Infrastructure;

/// <summary>The sample's environment variables, read once at start.</summary>
/// <param name="Port">TCP port on 127.0.0.1 (<c>PORT</c>, default 5090).</param>
/// <param name="IdleTimeout">Sliding idle timeout of a session (<c>SESSION_IDLE_SECONDS</c>, default 900).</param>
/// <param name="DataDirectory">Folder of the Identity database, the sessions database and the key ring (<c>SAMPLE_DATA_DIR</c>, default <c>samples/identity/data</c>).</param>
internal sealed record SampleSettings(int Port, TimeSpan IdleTimeout, string? DataDirectory)
{
    public const int DefaultPort = 5090;

    /// <summary>How long before the deadline the widget warns: 120 s, or half the idle timeout if that is shorter.</summary>
    public TimeSpan WarnBefore => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(120).Ticks, IdleTimeout.Ticks / 2));

    /// <summary>Least time between the widget's keep-alives: 60 s, or a tenth of a short idle timeout.</summary>
    public TimeSpan KeepaliveInterval => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Math.Min(TimeSpan.FromSeconds(60).Ticks, IdleTimeout.Ticks / 10)));

    /// <summary>Reads the settings through <paramref name="get"/> (e.g. <c>key => configuration[key]</c>).</summary>
    /// <exception cref="InvalidOperationException">A value is set but unusable; the message names it.</exception>
    public static SampleSettings From(Func<string, string?> get)
    {
        var dataDirectory = get("SAMPLE_DATA_DIR");
        return new(
            Port: ReadInt(get, "PORT", DefaultPort, min: 0, max: 65535),
            IdleTimeout: TimeSpan.FromSeconds(ReadInt(get, "SESSION_IDLE_SECONDS", 900, min: 10)),
            DataDirectory: string.IsNullOrWhiteSpace(dataDirectory) ? null : dataDirectory.Trim());
    }
}
