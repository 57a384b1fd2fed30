using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace SessionAwareness.Demo.Hubs;

/// <summary>
/// Live hub connections by session, so that ending a session can cut its connections. Removing a
/// group membership is not enough: the connection would stay authenticated with the old cookie
/// principal until it closed by itself.
/// </summary>
public sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(HubCallerContext context, string publicHandle) =>
        _connections[context.ConnectionId] = new Entry(publicHandle, context);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Connection ids of one session. A linear scan: fine for a demo's handful of connections.</summary>
    public IReadOnlyList<string> ConnectionIdsOf(string publicHandle) =>
        _connections.Where(c => c.Value.Handle == publicHandle).Select(c => c.Key).ToList();

    /// <summary>Aborts every live connection of the session; returns how many there were.</summary>
    public int AbortSession(string publicHandle)
    {
        var aborted = 0;
        foreach (var (id, entry) in _connections)
        {
            if (entry.Handle == publicHandle && _connections.TryRemove(id, out _))
            {
                entry.Context.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    private sealed record Entry(string Handle, HubCallerContext Context);
}
