using System.Diagnostics.CodeAnalysis;
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
    /// it was already gone (two tabs pressed End session together): then nothing is sent twice. Its browser is
    /// told <see cref="SignedOutReason.Revoked"/> on the sign-in page.
    /// </summary>
    public Task<bool> EndSessionAsync(UserSession session, string reason, CancellationToken cancellationToken = default) =>
        EndSessionAsync(session, reason, SignedOutReason.Revoked, cancellationToken);

    /// <summary>
    /// As <see cref="EndSessionAsync(UserSession, string, CancellationToken)"/>, with the code its browser is told
    /// on the sign-in page (<c>null</c>: none, as for a sign-out).
    /// </summary>
    public Task<bool> EndSessionAsync(UserSession session, string reason, SignedOutReason? signedOutReason, CancellationToken cancellationToken = default) =>
        EndSessionAsync(session, new SessionEnd(reason, signedOutReason), cancellationToken);

    /// <summary>
    /// Ends every live session of the user except the one with <paramref name="exceptHandle"/> (the
    /// caller's, when a signed-in user changed their password). Returns how many it ended. Their browsers
    /// are told <see cref="SignedOutReason.Revoked"/> on the sign-in page.
    /// </summary>
    public Task<int> EndUserSessionsAsync(string userId, string? exceptHandle, string reason, CancellationToken cancellationToken = default) =>
        EndUserSessionsAsync(userId, exceptHandle, new SessionEnd(reason, SignedOutReason.Revoked), cancellationToken);

    /// <summary>
    /// Ends the signed-in caller's other sessions (e.g. after a password change: <see cref="SignedOutReason.Revoked"/>)
    /// and gives the caller's browser a new key in this response (<see cref="RenewKeyAsync"/>), so copies of its cookie
    /// die with the others. Returns how many sessions it ended.
    /// </summary>
    public async Task<int> EndOtherSessionsAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetCurrentSession() is not { } current)
        {
            return 0;
        }

        var ended = await EndUserSessionsAsync(current.UserId, current.Handle, SessionMessages.EndedBySecurityChange, cancellationToken);
        await RenewKeyAsync(context);
        return ended;
    }

    /// <summary>
    /// Gives the signed-in caller's session a new cookie key in this response (before it starts): the key the browser
    /// had, and every copy of its cookie, stop working after <see cref="SessionAwarenessOptions.RenewedKeyGrace"/>
    /// (and at once anywhere but this browser). The session itself, its tabs and notices stay. <c>false</c> when there
    /// is no session or the response has started.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Public API: callers reach it through the injected manager, as the other operations.")]
    public Task<bool> RenewKeyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SessionKeyRenewal.RenewAsync(context);
    }

    /// <summary>The session got a new key: its hub connections opened with an older key are cut, on every instance.</summary>
    internal Task KeyRenewedAsync(UserSession renewed, CancellationToken cancellationToken) =>
        _signals.PublishKeyRenewedAsync(renewed.Handle, renewed.KeyHash, cancellationToken);

    /// <summary>
    /// The user's newest live sessions (at most <paramref name="maxCount"/>, without tickets; only those created at or after
    /// <paramref name="createdSince"/> when given) and how many such sessions there are.
    /// </summary>
    internal Task<UserSessionPage> ListRecentLiveSessionsAsync(string userId, int maxCount, DateTimeOffset? createdSince, CancellationToken cancellationToken) =>
        _store.ListRecentByUserAsync(userId, _time.GetUtcNow(), maxCount, createdSince, cancellationToken);

    /// <summary>Ends a session with the given end (text, code, and the session that ended it).</summary>
    internal async Task<bool> EndSessionAsync(UserSession session, SessionEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var removed = end.Reason is { } reason
            ? await _store.RemoveAsync(session.KeyHash, Tombstone(reason, end.EndedBy), cancellationToken)
            : await _store.RemoveAsync(session.KeyHash, cancellationToken);
        if (removed is null)
        {
            return false;
        }

        await AnnounceEndAsync(removed, end, "ended", cancellationToken);
        return true;
    }

    /// <summary>Ends every session of the user but <paramref name="exceptHandle"/> with the given end.</summary>
    internal async Task<int> EndUserSessionsAsync(string userId, string? exceptHandle, SessionEnd end, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var session in await _store.ListByUserAsync(userId, cancellationToken))
        {
            if (session.Handle != exceptHandle && await EndSessionAsync(session, end, cancellationToken))
            {
                ended++;
            }
        }

        return ended;
    }

    // Only the code, the killer's device text and times: nothing that identifies the ended session but the hash
    // of its key, which the store derives.
    private SessionTombstone Tombstone(SignedOutReason reason, UserSession? endedBy)
    {
        var now = _time.GetUtcNow();
        var by = reason == SignedOutReason.Ended && endedBy is not null ? DeviceText(endedBy) : "";
        return new SessionTombstone(reason, by, now, now + _options.SignedOutReasonLifetime);
    }

    /// <summary>"Chrome 156 on Linux" (or either half alone), capped.</summary>
    internal static string DeviceText(UserSession session)
    {
        var text = string.Join(" on ", new[] { session.Browser, session.Device }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return Devices.UserAgentSummary.Truncate(text, SessionTombstone.MaxEndedByLength);
    }

    /// <summary>Starts a session and tells the user's other sessions.</summary>
    internal async Task<UserSession> CreateAsync(UserSession session, CancellationToken cancellationToken)
    {
        await _store.CreateAsync(session, cancellationToken);
        _metrics.SessionCreated();
        LogCreated(_logger, session.UserId, session.ShortHandle);
        await EnforceSessionCapAsync(session, cancellationToken);
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

    // Beyond MaxSessionsPerUser live sessions, the least recently active ones end (never the new one): a flood of
    // sign-ins (a script with the password, a bug in a client) keeps the store, the tombstones and every page's list
    // bounded. The count is read without tickets; the full list only when the cap is passed.
    private async Task EnforceSessionCapAsync(UserSession created, CancellationToken cancellationToken)
    {
        var max = _options.MaxSessionsPerUser;
        if ((await _store.ListRecentByUserAsync(created.UserId, _time.GetUtcNow(), 0, createdSince: null, cancellationToken)).Total <= max)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var live = (await _store.ListByUserAsync(created.UserId, cancellationToken)).Where(s => !s.IsExpiredAt(now)).ToList();
        var excess = live.Where(s => s.Handle != created.Handle).OrderBy(s => s.LastSeenAt).ThenBy(s => s.CreatedAt).Take(live.Count - max);
        foreach (var session in excess)
        {
            if (await EndSessionAsync(session, new SessionEnd(SessionMessages.EndedBySessionCap, SignedOutReason.Revoked), cancellationToken))
            {
                LogCapped(_logger, created.UserId, session.ShortHandle, max);
            }
        }
    }

    /// <summary>Slides the session, as real user activity does, and tells all its tabs the new deadline. <c>null</c> if it is gone.</summary>
    internal async Task<UserSession?> SlideAsync(UserSession session, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await _store.SlideAsync(session.KeyHash, now, _options.DeadlineAt(session.CreatedAt, now), cancellationToken) is not { } slid)
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
    /// Ends the sessions past their deadline as <see cref="EndSessionAsync(UserSession, string, CancellationToken)"/> ends one. The store hands out
    /// each expired session once across all instances, so each expiry is announced once. Returns how many.
    /// </summary>
    internal async Task<int> EndExpiredSessionsAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var expired = await _store.TakeExpiredAsync(_time.GetUtcNow(), _options.SweepBatchSize, _options.SignedOutReasonLifetime, cancellationToken);
            var end = new SessionEnd(SessionMessages.Expired, SignedOutReason.Expired);
            await Task.WhenAll(expired.Select(session => AnnounceEndAsync(session, end, "expired", cancellationToken)));
            total += expired.Count;
            if (expired.Count < _options.SweepBatchSize)
            {
                return total;
            }
        }
    }

    // For a session this caller removed from the store (so nobody else announces it).
    private async Task AnnounceEndAsync(UserSession session, SessionEnd end, string cause, CancellationToken cancellationToken)
    {
        _metrics.SessionEnded(cause);
        LogEnded(_logger, session.UserId, session.ShortHandle, cause);
        try
        {
            await _notifier.SessionEndedAsync(session, end, cancellationToken);
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

    [LoggerMessage(EventId = 21, EventName = "SessionCreated", Level = LogLevel.Information, Message = "Session {Session} of user {UserId} began")]
    private static partial void LogCreated(ILogger logger, string userId, string session);

    [LoggerMessage(EventId = 22, EventName = "SessionEnded", Level = LogLevel.Information, Message = "Session {Session} of user {UserId} {Cause}")]
    private static partial void LogEnded(ILogger logger, string userId, string session, string cause);

    [LoggerMessage(EventId = 20, EventName = "SessionCapped", Level = LogLevel.Information, Message = "Session {Session} of user {UserId} ended: the user signed in beyond {Max} sessions")]
    private static partial void LogCapped(ILogger logger, string userId, string session, int max);

    [LoggerMessage(EventId = 23, EventName = "HubSendFailed", Level = LogLevel.Warning, Message = "Could not send a session message to the hub")]
    private static partial void LogNotifyFailed(ILogger logger, Exception error);
}

/// <summary>How a session ends: the text its tabs get, the code its browser hears on the sign-in page, and who ended it.</summary>
/// <param name="Message">The English text of <c>sessionEnded</c>.</param>
/// <param name="Reason">The code, or <c>null</c> (a sign-out: nothing to explain).</param>
/// <param name="EndedBy">For <see cref="SignedOutReason.Ended"/>: the user's session that ended it.</param>
internal sealed record SessionEnd(string Message, SignedOutReason? Reason, UserSession? EndedBy = null);
