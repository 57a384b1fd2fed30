using Microsoft.AspNetCore.SignalR;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Hubs;

/// <summary>What happens, on the hub, when a session starts, ends or slides. Used by the hub and by the HTTP endpoints.</summary>
public sealed class SessionEvents(
    IHubContext<SessionHub> hub,
    ISessionRegistry registry,
    ConnectionTracker connections,
    TimeProvider time)
{
    public const string SignedInElsewhereMessage = "Your account was signed in on another browser or device.";
    public const string EndedElsewhereReason = "Your session was ended from another device.";
    public const string SignedOutReason = "You signed out.";
    public const string SignedInAgainReason = "You signed in again in this browser.";
    public const string ExpiredReason = "Your session expired.";

    /// <summary>
    /// Time between telling a session it ended and cutting its connections. Aborting right after the
    /// send can drop the message still queued on the socket; the client also treats the 401 it gets
    /// on reconnecting as "ended", so this only makes the friendly path likelier.
    /// </summary>
    public TimeSpan AbortGracePeriod { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Tells the user's other live sessions, and nobody else, that <paramref name="session"/> began.</summary>
    public Task NotifySignedInAsync(SessionRecord session)
    {
        var groups = registry.ListActive(session.UserName)
            .Where(other => other.PublicHandle != session.PublicHandle)
            .Select(other => SessionGroups.Session(other.PublicHandle))
            .ToList();
        if (groups.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Only the public handle and plain-text facts go out; never the secret. The User-Agent
        // derived texts are passed on as they are (text, not HTML) for the widget to show as text.
        var details = new SessionDetails(
            Iso8601.Format(session.CreatedAt),
            UserAgentSummary.Browser(session.UserAgent),
            UserAgentSummary.Device(session.UserAgent));
        return hub.Clients.Groups(groups).SendAsync(
            ClientMethods.SessionRegistered, SignedInElsewhereMessage, session.PublicHandle, details);
    }

    /// <summary>
    /// Ends a session: revoke it (so its cookie stops working at once), tell its tabs why, tell the
    /// user's other sessions it is gone, then cut its live connections. <c>false</c> if it was
    /// already gone (e.g. two tabs pressed End session together): then nothing is sent twice.
    /// </summary>
    public async Task<bool> EndSessionAsync(SessionRecord session, string reason)
    {
        if (!registry.Revoke(session.PublicHandle))
        {
            return false;
        }

        await AnnounceEndAsync(session, reason);
        return true;
    }

    /// <summary>
    /// Ends every session past its deadline the way <see cref="EndSessionAsync"/> ends one, with
    /// <see cref="ExpiredReason"/>. Requests of an expired session are refused from the deadline on
    /// anyway; this makes the hub say so too, and cuts connections that would otherwise stay open.
    /// Returns how many sessions it ended.
    /// </summary>
    public async Task<int> EndExpiredSessionsAsync()
    {
        // The registry hands out each expired session once, so no session is announced twice, even
        // if a kill or a sign-out races with the sweep.
        var expired = registry.RevokeExpired();
        await Task.WhenAll(expired.Select(session => AnnounceEndAsync(session, ExpiredReason)));
        return expired.Count;
    }

    /// <summary>
    /// Slides the session, as real user activity does (a page load, a form post, a keep-alive), and
    /// tells all its tabs the new deadline. <c>null</c> if the session is gone.
    /// </summary>
    public async Task<SessionRecord?> SlideAsync(string publicHandle)
    {
        if (registry.Slide(publicHandle) is not { } slid)
        {
            return null;
        }

        await NotifyExpiryAsync(slid);
        return slid;
    }

    /// <summary>Tells every tab of the session its current deadline.</summary>
    public Task NotifyExpiryAsync(SessionRecord session) =>
        hub.Clients.Group(SessionGroups.Session(session.PublicHandle)).SendAsync(
            ClientMethods.SessionExpiry, Iso8601.Format(session.ExpiresAt), Iso8601.Format(time.GetUtcNow()));

    // For a session already revoked by the caller.
    private async Task AnnounceEndAsync(SessionRecord session, string reason)
    {
        var ended = connections.ConnectionIdsOf(session.PublicHandle);
        try
        {
            await hub.Clients.Group(SessionGroups.Session(session.PublicHandle)).SendAsync(ClientMethods.SessionEnded, reason);
            await hub.Clients.GroupExcept(SessionGroups.User(session.UserName), ended)
                .SendAsync(ClientMethods.SessionClosed, session.PublicHandle);
        }
        finally
        {
            // The session is revoked and will not be announced again: its connections are cut even
            // if telling them failed.
            await Task.Delay(AbortGracePeriod, time);
            connections.AbortSession(session.PublicHandle);
        }
    }
}
