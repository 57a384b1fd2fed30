using System.Diagnostics.Metrics;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>Counters of the library (meter <c>SessionAwareness.AspNetCore</c>), for dashboards and tests.</summary>
internal sealed class SessionAwarenessMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "SessionAwareness.AspNetCore";

    private readonly Meter _meter;
    private readonly Counter<long> _killRefused;
    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _sessionsEnded;
    private readonly Counter<long> _connectionsRefused;

    public SessionAwarenessMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _killRefused = _meter.CreateCounter<long>("session_awareness.kill.refused", description: "KillSession calls refused, by reason");
        _sessionsCreated = _meter.CreateCounter<long>("session_awareness.sessions.created");
        _sessionsEnded = _meter.CreateCounter<long>("session_awareness.sessions.ended", description: "Sessions ended, by cause");
        _connectionsRefused = _meter.CreateCounter<long>("session_awareness.connections.refused", description: "Hub connections refused: the session holds its maximum");
    }

    /// <summary>KillSession refusals since start, by reason (also kept here so tests and logs can read them).</summary>
    public long KillRefusals => Interlocked.Read(ref _killRefusals);

    private long _killRefusals;

    public void KillRefused(string reason)
    {
        Interlocked.Increment(ref _killRefusals);
        _killRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Hub connections refused since start.</summary>
    public long ConnectionRefusals => Interlocked.Read(ref _connectionRefusals);

    private long _connectionRefusals;

    public void ConnectionRefused()
    {
        Interlocked.Increment(ref _connectionRefusals);
        _connectionsRefused.Add(1);
    }

    public void SessionCreated() => _sessionsCreated.Add(1);

    public void SessionEnded(string cause) => _sessionsEnded.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Dispose() => _meter.Dispose();
}
