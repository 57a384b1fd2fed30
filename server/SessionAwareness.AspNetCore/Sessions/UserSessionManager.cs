using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>
/// What happens when a session begins, slides or ends: the store write, then the hub messages, then the
/// connections cut. Apps use it to list a user's sessions and to end them (after a password change,
/// for "sign out everywhere").
/// </summary>
public sealed partial class UserSessionManager
{
    private readonly IUserSessionStore _store;
    private readonly SessionNotifier _notifier;
    private readonly ISessionSignals _signals;
    private readonly SessionAwarenessOptions _options;
    private readonly TimeProvider _time;
    private readonly SessionAwarenessMetrics _metrics;
    private readonly ILogger<UserSessionManager> _logger;

    internal UserSessionManager(
        IUserSessionStore store,
        SessionNotifier notifier,
        ISessionSignals signals,
        IOptions<SessionAwarenessOptions> options,
        TimeProvider time,
        SessionAwarenessMetrics metrics,
        ILogger<UserSessionManager> logger)
    {
        _store = store;
        _notifier = notifier;
        _signals = signals;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The user's sessions that are before their deadline, oldest first.</summary>
    public async Task<IReadOnlyList<UserSession>> ListLiveSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return (await _store.ListByUserAsync(userId, cancellationToken)).Where(session => !session.IsExpiredAt(now)).ToList();
    }

    /// <summary>The live session with this public handle, or <c>null</c>.</summary>
    public async Task<UserSession?> FindLiveByHandleAsync(string handle, CancellationToken cancellationToken = default) =>
        await _store.FindByHandleAsync(handle, cancellationToken) is { } session && !session.IsExpiredAt(_time.GetUtcNow()) ? session : null;

    /// <summary>
    /// Ends a session: removes it (its cookie is dead at once, on every instance), tells its tabs why, tells
    /// the user's other sessions it is gone, and cuts its hub connections wherever they are. <c>false</c> if
    /// it was already gone (two tabs pressed End session together): then nothing is sent twice.
    /// </summary>
    public async Task<bool> EndSessionAsync(UserSession session, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await _store.RemoveAsync(session.Key, cancellationToken) is not { } removed)
        {
            return false;
        }

        await AnnounceEndAsync(removed, reason, "ended", cancellationToken);
        return true;
    }

    /// <summary>
    /// Ends every live session of the user except the one with <paramref name="exceptHandle"/> (the
    /// caller's, when a signed-in user changed their password). Returns how many it ended.
    /// </summary>
    public async Task<int> EndUserSessionsAsync(string userId, string? exceptHandle, string reason, CancellationToken cancellationToken = default)
    {
        var ended = 0;
        foreach (var session in await _store.ListByUserAsync(userId, cancellationToken))
        {
            if (session.Handle != exceptHandle && await EndSessionAsync(session, reason, cancellationToken))
            {
                ended++;
            }
        }

        return ended;
    }

    /// <summary>Ends the signed-in caller's other sessions (e.g. after a password change). Returns how many.</summary>
    public Task<int> EndOtherSessionsAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetCurrentSession() is { } current
            ? EndUserSessionsAsync(current.UserId, current.Handle, SessionMessages.EndedBySecurityChange, cancellationToken)
            : Task.FromResult(0);
    }

    /// <summary>Starts a session and tells the user's other sessions.</summary>
    internal async Task<UserSession> CreateAsync(UserSession session, CancellationToken cancellationToken)
    {
        await _store.CreateAsync(session, cancellationToken);
        _metrics.SessionCreated();
        LogCreated(_logger, session.UserId, session.ShortHandle);
        try
        {
            await _notifier.SessionRegisteredAsync(session, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The sign-in stands even if the notice could not be sent; the other pages learn of it from
            // their next snapshot.
            LogNotifyFailed(_logger, error);
        }

        return session;
    }

    /// <summary>Slides the session, as real user activity does, and tells all its tabs the new deadline. <c>null</c> if it is gone.</summary>
    internal async Task<UserSession?> SlideAsync(UserSession session, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await _store.SlideAsync(session.Key, now, now + _options.IdleTimeout, cancellationToken) is not { } slid)
        {
            return null;
        }

        try
        {
            await _notifier.SessionExpiryAsync(slid, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotifyFailed(_logger, error);
        }

        return slid;
    }

    /// <summary>
    /// Ends the sessions past their deadline as <see cref="EndSessionAsync"/> ends one. The store hands out
    /// each expired session once across all instances, so each expiry is announced once. Returns how many.
    /// </summary>
    internal async Task<int> EndExpiredSessionsAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var expired = await _store.TakeExpiredAsync(_time.GetUtcNow(), _options.SweepBatchSize, cancellationToken);
            await Task.WhenAll(expired.Select(session => AnnounceEndAsync(session, SessionMessages.Expired, "expired", cancellationToken)));
            total += expired.Count;
            if (expired.Count < _options.SweepBatchSize)
            {
                return total;
            }
        }
    }

    // For a session this caller removed from the store (so nobody else announces it).
    private async Task AnnounceEndAsync(UserSession session, string reason, string cause, CancellationToken cancellationToken)
    {
        _metrics.SessionEnded(cause);
        LogEnded(_logger, session.UserId, session.ShortHandle, cause);
        try
        {
            await _notifier.SessionEndedAsync(session, reason, cancellationToken);
            await _notifier.SessionClosedAsync(session, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotifyFailed(_logger, error);
        }
        finally
        {
            // The session is gone and will not be announced again: its connections are cut even if
            // telling them failed.
            await _signals.PublishEndedAsync(session.Handle, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} of user {UserId} began")]
    private static partial void LogCreated(ILogger logger, string userId, string session);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} of user {UserId} {Cause}")]
    private static partial void LogEnded(ILogger logger, string userId, string session, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a session message to the hub")]
    private static partial void LogNotifyFailed(ILogger logger, Exception error);
}
