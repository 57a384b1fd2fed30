using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Hubs;

/// <summary>
/// The session hub. Only signed-in users connect ([Authorize]: negotiate without a live session
/// answers 401); every connection joins exactly its own user's and session's groups.
/// </summary>
[Authorize]
public sealed class SessionHub(
    ISessionRegistry registry,
    SessionEvents events,
    ConnectionTracker connections,
    TimeProvider time,
    ILogger<SessionHub> logger) : Hub
{
    /// <summary>The one answer to every refused KillSession: it must not tell whether the handle exists.</summary>
    public const string KillRefused = "That session could not be ended.";

    private const int MaxHandleLength = 128;

    public override async Task OnConnectedAsync()
    {
        var session = CallerSession();
        if (session is null)
        {
            Context.Abort();
            return;
        }

        // Track first, then re-check: a kill that lands between the two still finds and aborts
        // this connection, or this check sees the session revoked.
        connections.Add(Context, session.PublicHandle);
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.User(session.UserName));
        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Session(session.PublicHandle));
        if (registry.FindByHandle(session.PublicHandle) is not { Revoked: false } current)
        {
            connections.Remove(Context.ConnectionId);
            Context.Abort();
            return;
        }

        await Clients.Caller.SendAsync(
            ClientMethods.SessionExpiry, Iso8601.Format(current.ExpiresAt), Iso8601.Format(time.GetUtcNow()));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Ends another session of the caller's own user. Anything else is refused with one generic message.</summary>
    public async Task KillSession(string sessionId)
    {
        // Both sides come from the server: the caller from its authenticated principal, the target
        // from the registry. The client only names a handle, and owning it is checked here.
        var caller = CallerSession();
        var target = string.IsNullOrEmpty(sessionId) || sessionId.Length > MaxHandleLength ? null : registry.FindByHandle(sessionId);
        var decision = caller is null ? KillDecision.CallerNotActive : KillRules.CanKill(caller, target);
        if (decision != KillDecision.Allowed || caller is null || target is null)
        {
            logger.LogInformation("KillSession refused for user {User}: {Decision}", caller?.UserName ?? "(gone)", decision);
            throw new HubException(KillRefused);
        }

        if (!await events.EndSessionAsync(target, SessionEvents.EndedElsewhereReason))
        {
            throw new HubException(KillRefused);
        }

        logger.LogInformation("user {User} ended session {Session}", caller.UserName, target.ShortHandle);
    }

    // The principal was built from the registry when the connection was authenticated; look the
    // session up again so a session revoked since then is seen as gone.
    private SessionRecord? CallerSession()
    {
        var handle = Context.User.FindHandle();
        return handle is null ? null : registry.FindByHandle(handle) is { Revoked: false } session ? session : null;
    }
}
