using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>
/// This process's hub connections by session, so that ending a session can cut its connections. Leaving a
/// group is not enough: the connection would stay open, authenticated by the ended session's cookie,
/// until it closed by itself. On a farm every instance keeps its own; a revocation is published to all
/// (<see cref="Sessions.ISessionSignals"/>) and each aborts what it holds.
/// </summary>
internal sealed class HubConnectionRegistry(IOptions<SessionAwarenessOptions> options)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Tracked>> _bySession = new(StringComparer.Ordinal);

    /// <summary>How many connections this process holds.</summary>
    public int Count => _bySession.Values.Sum(connections => connections.Count);

    /// <summary>
    /// Tracks a connection of the session, opened with the key whose hash is <paramref name="keyHash"/>. <c>false</c>
    /// (and not tracked) when the session already holds <see cref="SessionAwarenessOptions.MaxConnectionsPerSession"/>
    /// here: one stolen cookie cannot open sockets without bound.
    /// </summary>
    public bool TryAdd(string handle, HubCallerContext context, string keyHash)
    {
        var connections = _bySession.GetOrAdd(handle, static _ => new(StringComparer.Ordinal));
        lock (connections)
        {
            if (connections.Count >= options.Value.MaxConnectionsPerSession)
            {
                return false;
            }

            connections[context.ConnectionId] = new Tracked(context, keyHash);
            return true;
        }
    }

    public void Remove(string handle, string connectionId)
    {
        if (_bySession.TryGetValue(handle, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            // Another connection of the session may be added between the two steps: remove only the
            // exact empty dictionary, never one that gained a member.
            _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, Tracked>>(handle, connections));
        }
    }

    /// <summary>Connection ids of one session on this process.</summary>
    public IReadOnlyCollection<string> ConnectionIdsOf(string handle) =>
        _bySession.TryGetValue(handle, out var connections) ? connections.Keys.ToList() : [];

    /// <summary>Aborts every connection of the session on this process; returns how many.</summary>
    public int AbortSession(string handle)
    {
        if (!_bySession.TryRemove(handle, out var connections))
        {
            return 0;
        }

        foreach (var tracked in connections.Values)
        {
            tracked.Context.Abort();
        }

        return connections.Count;
    }

    /// <summary>
    /// Aborts the session's connections on this process that were opened with a key other than
    /// <paramref name="keyHash"/>, the session's new key: a copy of the old cookie loses its socket; this browser's
    /// tabs reconnect with the new cookie. Returns how many.
    /// </summary>
    public int AbortOtherKeys(string handle, string keyHash)
    {
        if (!_bySession.TryGetValue(handle, out var connections))
        {
            return 0;
        }

        var aborted = 0;
        foreach (var (id, tracked) in connections)
        {
            if (tracked.KeyHash != keyHash && connections.TryRemove(id, out _))
            {
                tracked.Context.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    /// <summary>
    /// Aborts the session's connections after <see cref="SessionAwarenessOptions.AbortGracePeriod"/>, so the
    /// <c>sessionEnded</c> message queued on them goes out first. The widget treats the 401 it then gets on
    /// reconnecting as "ended" too, so the grace only makes the friendly path likelier.
    /// </summary>
    public Task AbortSessionAfterGraceAsync(string handle) => AfterGraceAsync(() => AbortSession(handle));

    /// <summary>As <see cref="AbortOtherKeys"/>, after the grace (a message queued on them goes out first).</summary>
    public Task AbortOtherKeysAfterGraceAsync(string handle, string keyHash) => AfterGraceAsync(() => AbortOtherKeys(handle, keyHash));

    private Task AfterGraceAsync(Func<int> abort)
    {
        var grace = options.Value.AbortGracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            abort();
            return Task.CompletedTask;
        }

        // Real time, not the app's TimeProvider: the grace is for bytes to reach the network, which happens
        // on the wall clock whatever clock the app's session logic runs on.
        return Task.Delay(grace).ContinueWith(_ => abort(), TaskScheduler.Default);
    }

    private sealed record Tracked(HubCallerContext Context, string KeyHash);
}
