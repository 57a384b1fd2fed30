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
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _bySession = new(StringComparer.Ordinal);

    /// <summary>How many connections this process holds.</summary>
    public int Count => _bySession.Values.Sum(connections => connections.Count);

    public void Add(string handle, HubCallerContext context) =>
        _bySession.GetOrAdd(handle, static _ => new(StringComparer.Ordinal))[context.ConnectionId] = context;

    public void Remove(string handle, string connectionId)
    {
        if (_bySession.TryGetValue(handle, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            // Another connection of the session may be added between the two steps: remove only the
            // exact empty dictionary, never one that gained a member.
            _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>(handle, connections));
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

        foreach (var context in connections.Values)
        {
            context.Abort();
        }

        return connections.Count;
    }

    /// <summary>
    /// Aborts the session's connections after <see cref="SessionAwarenessOptions.AbortGracePeriod"/>, so the
    /// <c>sessionEnded</c> message queued on them goes out first. The widget treats the 401 it then gets on
    /// reconnecting as "ended" too, so the grace only makes the friendly path likelier.
    /// </summary>
    public Task AbortSessionAfterGraceAsync(string handle)
    {
        var grace = options.Value.AbortGracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            AbortSession(handle);
            return Task.CompletedTask;
        }

        // Real time, not the app's TimeProvider: the grace is for bytes to reach the network, which happens
        // on the wall clock whatever clock the app's session logic runs on.
        return Task.Delay(grace).ContinueWith(_ => AbortSession(handle), TaskScheduler.Default);
    }
}
