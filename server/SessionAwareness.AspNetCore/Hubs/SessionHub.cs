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

    /// <summary>The one answer to a connection over <see cref="SessionAwarenessOptions.MaxConnectionsPerSession"/>.</summary>
    public const string ConnectionRefused = "The connection could not be opened.";

    /// <summary>Most sessions one snapshot or list holds (the newest): it bounds the message a user with many sessions gets.</summary>
    public const int MaxSnapshotSessions = 100;

    /// <summary>The one answer to a refused <see cref="ListSessions"/>.</summary>
    public const string ListRefused = "The sessions could not be listed.";

    // ListSessions per connection: the widget asks once per connection (a second list element on the page shares the
    // answer); a few more allow for a failed read. More would only let one socket make the store work for nothing.
    private const int MaxListsPerConnection = 3;
    private static readonly object ListCountKey = new();

    private readonly UserSessionManager _sessions;
    private readonly HubConnectionRegistry _connections;
    private readonly KillRateLimiter _rateLimiter;
    private readonly FloodLog _connectionFloods;
    private readonly SessionAwarenessMetrics _metrics;
    private readonly DraftKeys _draftKeys;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionHub> _logger;

    public SessionHub(
        UserSessionManager sessions,
        HubConnectionRegistry connections,
        KillRateLimiter rateLimiter,
        FloodLog connectionFloods,
        SessionAwarenessMetrics metrics,
        DraftKeys draftKeys,
        TimeProvider time,
        ILogger<SessionHub> logger)
    {
        _sessions = sessions;
        _connections = connections;
        _rateLimiter = rateLimiter;
        _connectionFloods = connectionFloods;
        _metrics = metrics;
        _draftKeys = draftKeys;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        // The session the cookie handler validated for this connection's request (one store read, already made),
        // else looked up by the principal's handle.
        var httpContext = Context.GetHttpContext();
        if ((httpContext?.GetCurrentSession() ?? await CallerSessionAsync()) is not { } session)
        {
            Context.Abort();
            return;
        }

        // Track first, then re-check: an end that lands between the two either finds and aborts this
        // connection, or this check sees the session gone. The key it was opened with is kept, so a renewal of the
        // session's key cuts the sockets of older keys (a copy of the cookie).
        var keyHash = (httpContext is null ? null : SessionTicketStore.UsedKeyHash(httpContext)) ?? session.KeyHash;
        if (keyHash != session.KeyHash)
        {
            // Opened with a key renewed away (within its grace, from the same browser): a socket outlives any grace,
            // so it is refused; the browser's tabs reconnect with the new cookie.
            Context.Abort();
            return;
        }

        // The connection's HttpContext lives as long as the socket: do not keep the session record (its protected
        // ticket) with it. Hub methods look the caller's session up again by handle.
        httpContext?.SetCurrentSession(null);
        if (!_connections.TryAdd(session.Handle, Context, keyHash))
        {
            _metrics.ConnectionRefused();
            if (_connectionFloods.FirstInWindow(session.Handle))
            {
                LogTooManyConnections(_logger, session.UserId, session.ShortHandle);
            }

            throw new HubException(ConnectionRefused);
        }

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

        // On every connect and reconnect, what the notices need: this session and the user's live sessions that began
        // since it, so that what was pushed while this tab was offline (a sign-in, an end) is not lost. Not the
        // sessions before this one: they never get a notice, and reading and sending up to 100 of them to every tab
        // of every page was most of a connection's cost. A page that lists sessions asks for them (ListSessions).
        // Only public handles and plain-text facts; read without tickets and limited in the query.
        var page = await _sessions.ListRecentLiveSessionsAsync(current.UserId, MaxSnapshotSessions, current.CreatedAt, Context.ConnectionAborted);
        var snapshot = ToEntries(page, current);
        await Clients.Caller.SendAsync(ClientMethods.SessionsSnapshot, snapshot, Math.Max(page.Total, snapshot.Count));
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Sends the caller <c>sessionsList</c>: its user's newest live sessions (at most 100) and how many there are. What
    /// <c>&lt;session-list&gt;</c> asks for on each connection. Only a live caller, only its own user's sessions; a few
    /// calls per connection, then the one generic refusal.
    /// </summary>
    public async Task ListSessions()
    {
        var calls = Context.Items.TryGetValue(ListCountKey, out var counted) && counted is int previous ? previous + 1 : 1;
        Context.Items[ListCountKey] = calls;
        if (calls > MaxListsPerConnection || await CallerSessionAsync() is not { } caller)
        {
            throw new HubException(ListRefused);
        }

        var page = await _sessions.ListRecentLiveSessionsAsync(caller.UserId, MaxSnapshotSessions, createdSince: null, Context.ConnectionAborted);
        var sessions = ToEntries(page, caller);
        await Clients.Caller.SendAsync(ClientMethods.SessionsList, sessions, Math.Max(page.Total, sessions.Count));
    }

    private static List<SessionSnapshotEntry> ToEntries(UserSessionPage page, UserSession own) =>
        page.Sessions.Select(s => new SessionSnapshotEntry(
            s.Handle,
            Iso8601.Format(s.CreatedAt),
            Iso8601.Format(s.LastSeenAt),
            s.Browser,
            s.Device,
            string.IsNullOrEmpty(s.Location) ? null : s.Location,
            s.Handle == own.Handle,
            s.Os,
            s.DeviceType)).ToList();

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
        // Both sides come from the server: the caller from its authenticated principal and the store, the
        // target from the store. The client only names a handle; owning it is checked here.
        var caller = await CallerSessionAsync();
        if (caller is not null && !_rateLimiter.TryAcquire(caller))
        {
            throw Refuse(caller, KillDecision.RateLimited);
        }

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
        if (await CallerSessionAsync() is not { } caller)
        {
            throw Refuse(null, KillDecision.CallerNotActive);
        }

        if (!_rateLimiter.TryAcquire(caller))
        {
            throw Refuse(caller, KillDecision.RateLimited);
        }

        var ended = await _sessions.EndUserSessionsAsync(
            caller.UserId, caller.Handle, new SessionEnd(SessionMessages.EndedElsewhere, SignedOutReason.Ended, caller), Context.ConnectionAborted);
        LogEndedOthers(_logger, caller.UserId, ended);
        return ended;
    }

    // Refusals are routine (a double click, a stale notice) and can be provoked at will: Debug, counted; a rate-limit
    // flood logs once per window, not once per call.
    private HubException Refuse(UserSession? caller, KillDecision decision)
    {
        _metrics.KillRefused(decision.ToString());
        if (decision != KillDecision.RateLimited)
        {
            LogRefused(_logger, caller?.UserId ?? "(gone)", decision);
        }
        else if (caller is not null && _rateLimiter.FirstRefusalInWindow(caller))
        {
            LogRateLimited(_logger, caller.UserId, caller.ShortHandle);
        }

        return new HubException(KillRefused);
    }

    // The principal was built when the connection was authenticated; look the session up again so a
    // session ended since then is seen as gone.
    private async Task<UserSession?> CallerSessionAsync() =>
        Context.User.FindSessionHandle() is { } handle ? await _sessions.FindLiveByHandleAsync(handle, Context.ConnectionAborted) : null;

    [LoggerMessage(EventId = 32, EventName = "KillRefused", Level = LogLevel.Debug, Message = "KillSession refused for user {UserId}: {Decision}")]
    private static partial void LogRefused(ILogger logger, string userId, KillDecision decision);

    [LoggerMessage(EventId = 30, EventName = "KillRateLimited", Level = LogLevel.Warning, Message = "Session {Session} of user {UserId} is calling KillSession/EndOtherSessions too fast; refused until the window ends")]
    private static partial void LogRateLimited(ILogger logger, string userId, string session);

    [LoggerMessage(EventId = 31, EventName = "TooManyConnections", Level = LogLevel.Warning, Message = "Session {Session} of user {UserId} opened more hub connections than allowed; refused")]
    private static partial void LogTooManyConnections(ILogger logger, string userId, string session);

    [LoggerMessage(EventId = 33, EventName = "OtherSessionsEnded", Level = LogLevel.Information, Message = "User {UserId} ended {Count} other session(s)")]
    private static partial void LogEndedOthers(ILogger logger, string userId, int count);

    [LoggerMessage(EventId = 34, EventName = "SessionKilled", Level = LogLevel.Information, Message = "User {UserId} ended session {Session}")]
    private static partial void LogKilled(ILogger logger, string userId, string session);
}
