using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>
/// On every instance, every <see cref="SessionAwarenessOptions.SweepInterval"/>: ends the sessions past their
/// deadline (their tabs get <c>sessionEnded</c>, the user's other sessions <c>sessionClosed</c>, their hub
/// connections are cut). HTTP needs no sweep (an expired session is refused from its deadline on), but a
/// WebSocket opened before the deadline would otherwise stay open. The store hands each expired session
/// to one instance, so each expiry is announced once.
/// </summary>
internal sealed partial class SessionExpirySweeper(
    UserSessionManager sessions,
    IOptions<SessionAwarenessOptions> options,
    TimeProvider time,
    ILogger<SessionExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        var storeWasDown = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var ended = await sessions.EndExpiredSessionsAsync(stoppingToken);
                    if (storeWasDown)
                    {
                        storeWasDown = false;
                        LogStoreBack(logger);
                    }

                    if (ended > 0)
                    {
                        LogEnded(logger, ended);
                    }
                }
                catch (SessionStoreUnavailableException error)
                {
                    // One line per outage, not one per tick; expiries wait until the store is back.
                    if (!storeWasDown)
                    {
                        storeWasDown = true;
                        LogStoreDown(logger, error);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // One failure must not stop expiry for good; the next tick tries again.
                    LogFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 60, EventName = "ExpiredSessionsEnded", Level = LogLevel.Information, Message = "{Count} expired session(s) ended")]
    private static partial void LogEnded(ILogger logger, int count);

    [LoggerMessage(EventId = 61, EventName = "SweepStoreUnavailable", Level = LogLevel.Warning, Message = "The session store is unavailable; expired sessions are ended when it is back")]
    private static partial void LogStoreDown(ILogger logger, Exception error);

    [LoggerMessage(EventId = 62, EventName = "SweepStoreAvailable", Level = LogLevel.Information, Message = "The session store is available again")]
    private static partial void LogStoreBack(ILogger logger);

    [LoggerMessage(EventId = 63, EventName = "SweepFailed", Level = LogLevel.Error, Message = "Ending expired sessions failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
