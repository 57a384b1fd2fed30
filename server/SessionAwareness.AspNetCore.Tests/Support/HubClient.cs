using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

// Shared by the test projects of the library and the samples (linked into each).
namespace SessionAwareness.Testing;

/// <summary>A hub connection that records every message it receives, by method.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Channel<object?[]>> _received = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in new[] { "sessionRegistered", "sessionClosed", "sessionEnded", "sessionExpiry", "sessionsSnapshot", "sessionsList", "draftKey" })
        {
            connection.On(method, Enumerable.Repeat(typeof(object), Arity(method)).ToArray(), args =>
            {
                Channel(method).Writer.TryWrite(args);
                if (method == "sessionsSnapshot")
                {
                    _joined.TrySetResult();
                }

                return Task.CompletedTask;
            });
        }

        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>
    /// Starts the connection and waits until the hub has joined it to its groups. SignalR completes the client's
    /// start at the handshake, before the hub's OnConnectedAsync has run, so a message sent to the session's group
    /// right after StartAsync can miss it. The snapshot is the last thing OnConnectedAsync sends; a connection the
    /// hub refuses closes instead. Neither message is consumed.
    /// </summary>
    public async Task StartAsync()
    {
        await Connection.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Task.WhenAny(_joined.Task, _closed.Task).WaitAsync(timeout.Token);
    }

    /// <summary>Completes when the server closed (or aborted) the connection.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Waits for the next <paramref name="method"/> message (10 s at most: a loaded CI machine is slow, a lost message never comes).</summary>
    public async Task<object?[]> NextAsync(string method)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Channel(method).Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Waits for the next <paramref name="method"/> message that <paramref name="match"/> accepts, skipping others.</summary>
    public async Task<object?[]> NextAsync(string method, Func<object?[], bool> match)
    {
        while (true)
        {
            var message = await NextAsync(method);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Messages of <paramref name="method"/> received so far and not yet read.</summary>
    public int Pending(string method) => Channel(method).Reader.Count;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private Channel<object?[]> Channel(string method) => _received.GetOrAdd(method, _ => System.Threading.Channels.Channel.CreateUnbounded<object?[]>());

    private static int Arity(string method) => method switch
    {
        "sessionRegistered" => 3,
        "sessionExpiry" => 2,
        "sessionEnded" => 2, // (reason, details-or-null)
        "sessionsSnapshot" or "sessionsList" => 2, // (sessions, total)
        _ => 1,
    };
}
