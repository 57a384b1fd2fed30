using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Http;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>
/// The session hub. Only signed-in users connect (negotiate without a live session answers 401); every
/// connection joins exactly its own user's and session's groups, decided by the server.
/// </summary>
internal sealed partial class SessionHub : Hub
{
    /// <summary>The one answer to every refused KillSession: it must not tell whether the handle exists.</summary>
    public const string KillRefused = "That session could not be ended.";

    private const int MaxHandleLength = 128;

    /// <summary>Most sessions one snapshot lists (the newest): it bounds the message a user with many sessions gets.</summary>
    public const int MaxSnapshotSessions = 100;

    private readonly UserSessionManager _sessions;
    private readonly HubConnectionRegistry _connections;
    private readonly KillRateLimiter _rateLimiter;
    private readonly SessionAwarenessMetrics _metrics;
    private readonly DraftKeys _draftKeys;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionHub> _logger;

    public SessionHub(
        UserSessionManager sessions,
        HubConnectionRegistry connections,
        KillRateLimiter rateLimiter,
        SessionAwarenessMetrics metrics,
        DraftKeys draftKeys,
        TimeProvider time,
        ILogger<SessionHub> logger)
    {
        _sessions = sessions;
        _connections = connections;
        _rateLimiter = rateLimiter;
        _metrics = metrics;
        _draftKeys = draftKeys;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        if (await CallerSessionAsync() is not { } session)
        {
            Context.Abort();
            return;
        }

        // Track first, then re-check: an end that lands between the two either finds and aborts this
        // connection, or this check sees the session gone.
        _connections.Add(session.Handle, Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.User(session.UserId));
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Session(session.Handle));
        if (await _sessions.FindLiveByHandleAsync(session.Handle, Context.ConnectionAborted) is not { } current)
        {
            _connections.Remove(session.Handle, Context.ConnectionId);
            Context.Abort();
            return;
        }

        await Clients.Caller.SendAsync(
            ClientMethods.SessionExpiry, Iso8601.Format(current.ExpiresAt), Iso8601.Format(_time.GetUtcNow()));

        // Only to this caller, a live session of the user: what its drafts are encrypted with.
        if (await _draftKeys.ForUserAsync(current.UserId, Context.ConnectionAborted) is { } draftKey)
        {
            await Clients.Caller.SendAsync(ClientMethods.DraftKey, draftKey);
        }

        // The user's live sessions, on every connect and reconnect: what was pushed while this tab was offline
        // (a sign-in, an end) is not lost. Only public handles and plain-text facts; the newest 100 at most.
        var live = await _sessions.ListLiveSessionsAsync(current.UserId, Context.ConnectionAborted);
        var snapshot = live.OrderByDescending(s => s.CreatedAt).Take(MaxSnapshotSessions).Select(s => new SessionSnapshotEntry(
            s.Handle,
            Iso8601.Format(s.CreatedAt),
            Iso8601.Format(s.LastSeenAt),
            s.Browser,
            s.Device,
            string.IsNullOrEmpty(s.Location) ? null : s.Location,
            s.Handle == current.Handle,
            s.Os,
            s.DeviceType)).ToList();
        await Clients.Caller.SendAsync(ClientMethods.SessionsSnapshot, snapshot, live.Count);
        await base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User.FindSessionHandle() is { } handle)
        {
            _connections.Remove(handle, Context.ConnectionId);
        }

        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Ends another session of the caller's own user. Anything else is refused with one generic message.</summary>
    public async Task KillSession(string sessionId)
    {
        if (!_rateLimiter.TryAcquire(Context))
        {
            throw Refuse(null, KillDecision.RateLimited);
        }

        // Both sides come from the server: the caller from its authenticated principal and the store, the
        // target from the store. The client only names a handle; owning it is checked here.
        var caller = await CallerSessionAsync();
        var target = string.IsNullOrEmpty(sessionId) || sessionId.Length > MaxHandleLength
            ? null
            : await _sessions.FindLiveByHandleAsync(sessionId, Context.ConnectionAborted);
        var decision = KillRules.CanKill(caller, target, _time.GetUtcNow());
        if (decision != KillDecision.Allowed || caller is null || target is null)
        {
            throw Refuse(caller, decision);
        }

        if (!await _sessions.EndSessionAsync(target, new SessionEnd(SessionMessages.EndedElsewhere, SignedOutReason.Ended, caller), Context.ConnectionAborted))
        {
            throw Refuse(caller, KillDecision.TargetNotFound);
        }

        LogKilled(_logger, caller.UserId, target.ShortHandle);
    }

    /// <summary>
    /// Ends every other live session of the caller's user ("Sign out all other sessions"); the caller's own
    /// stays. The same rules as <see cref="KillSession"/>: a live caller only, the same rate limit (it counts
    /// against the same window), the same generic refusal. Returns how many sessions it ended.
    /// </summary>
    public async Task<int> EndOtherSessions()
    {
        if (!_rateLimiter.TryAcquire(Context))
        {
            throw Refuse(null, KillDecision.RateLimited);
        }

        if (await CallerSessionAsync() is not { } caller)
        {
            throw Refuse(null, KillDecision.CallerNotActive);
        }

        var ended = await _sessions.EndUserSessionsAsync(
            caller.UserId, caller.Handle, new SessionEnd(SessionMessages.EndedElsewhere, SignedOutReason.Ended, caller), Context.ConnectionAborted);
        LogEndedOthers(_logger, caller.UserId, ended);
        return ended;
    }

    // Refusals are routine (a double click, a stale notice) and can be provoked at will: Debug, counted.
    private HubException Refuse(UserSession? caller, KillDecision decision)
    {
        _metrics.KillRefused(decision.ToString());
        LogRefused(_logger, caller?.UserId ?? "(gone)", decision);
        return new HubException(KillRefused);
    }

    // The principal was built when the connection was authenticated; look the session up again so a
    // session ended since then is seen as gone.
    private async Task<UserSession?> CallerSessionAsync() =>
        Context.User.FindSessionHandle() is { } handle ? await _sessions.FindLiveByHandleAsync(handle, Context.ConnectionAborted) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "KillSession refused for user {UserId}: {Decision}")]
    private static partial void LogRefused(ILogger logger, string userId, KillDecision decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} ended {Count} other session(s)")]
    private static partial void LogEndedOthers(ILogger logger, string userId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} ended session {Session}")]
    private static partial void LogKilled(ILogger logger, string userId, string session);
}
