using Microsoft.AspNetCore.SignalR.Client;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>Closing many client connections at the end of a benchmark.</summary>
internal static class HubConnections
{
    /// <summary>
    /// Disposes every connection (32 at a time), giving up after 60 s so that a stuck close never hangs the run;
    /// <paramref name="stoppedAnyway"/> names what is stopped regardless ("the server is", "the servers are").
    /// </summary>
    public static async Task DisposeAllAsync(IEnumerable<HubConnection?> connections, string stoppedAnyway)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await Parallel.ForEachAsync(
                connections.OfType<HubConnection>(),
                new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = timeout.Token },
                async (connection, _) => await connection.DisposeAsync());
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"bench: closing the hub connections took over 60 s; {stoppedAnyway} stopped anyway");
        }
    }
}
