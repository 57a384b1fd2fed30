namespace SessionAwareness.Demo.Hubs;

/// <summary>
/// Once a second, ends the sessions whose idle deadline has passed (<see cref="SessionEvents.EndExpiredSessionsAsync"/>):
/// their tabs get <c>sessionEnded</c>, the user's other sessions <c>sessionClosed</c>, and their hub
/// connections are cut. HTTP needs no sweep (an expired session is refused from its deadline on),
/// but a WebSocket opened before the deadline would otherwise stay open, because nothing on it
/// re-checks the session.
/// </summary>
public sealed class SessionExpirySweeper(SessionEvents events, TimeProvider time, ILogger<SessionExpirySweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var ended = await events.EndExpiredSessionsAsync();
                    if (ended > 0)
                    {
                        logger.LogInformation("{Count} expired session(s) ended", ended);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // One failed send must not stop expiry for good; the next tick tries the rest.
                    logger.LogError(error, "Ending expired sessions failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
