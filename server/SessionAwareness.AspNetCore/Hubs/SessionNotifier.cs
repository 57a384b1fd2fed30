using Microsoft.AspNetCore.SignalR;
using SessionAwareness.AspNetCore.Http;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>
/// The hub messages of the contract, sent to groups. With the Redis backplane a group send reaches the
/// group's connections on every instance.
/// </summary>
internal sealed class SessionNotifier(IHubContext<SessionHub> hub, TimeProvider time)
{
    /// <summary>
    /// Tells the user's other sessions that <paramref name="session"/> began. One send to the user's group: the
    /// new session has no connection yet (its cookie has not even reached the browser), so everyone in the
    /// group is another session of the user. No store read, and one backplane message however many sessions.
    /// </summary>
    public Task SessionRegisteredAsync(UserSession session, CancellationToken cancellationToken) =>
        // Only the public handle and plain-text facts go out; never the key. The header-derived texts go as
        // they are (text, not HTML): the widget shows them as text.
        hub.Clients.Group(SessionGroups.User(session.UserId)).SendAsync(
            ClientMethods.SessionRegistered, SessionMessages.SignedInElsewhere, session.Handle, Details(session), cancellationToken);

    /// <summary>
    /// Tells every tab of the session that it ended, and why: the text as before, and the code with, for a kill,
    /// the device that ended it. Always two arguments (the second <c>null</c> without a code), so that typed
    /// clients can bind one signature.
    /// </summary>
    public Task SessionEndedAsync(UserSession session, SessionEnd end, CancellationToken cancellationToken) =>
        hub.Clients.Group(SessionGroups.Session(session.Handle)).SendAsync(ClientMethods.SessionEnded, end.Message, EndedDetails(end), cancellationToken);

    /// <summary>The <c>details</c> argument of <c>sessionEnded</c>, or <c>null</c>.</summary>
    public static SessionEndedDetails? EndedDetails(SessionEnd end) => end.Reason is not { } reason
        ? null
        : new SessionEndedDetails(
            SignedOutReasons.ToCode(reason),
            reason == SignedOutReason.Ended && end.EndedBy is { } by ? new EndedByDevice(by.Browser, by.Device) : null);

    /// <summary>
    /// Tells the user's connections that the session is gone. Its own tabs get it too, after
    /// <c>sessionEnded</c>; they hold no notice for their own handle, so it changes nothing there, and it
    /// spares a store read per end.
    /// </summary>
    public Task SessionClosedAsync(UserSession session, CancellationToken cancellationToken) =>
        hub.Clients.Group(SessionGroups.User(session.UserId)).SendAsync(ClientMethods.SessionClosed, session.Handle, cancellationToken);

    /// <summary>Tells every tab of the session its deadline.</summary>
    public Task SessionExpiryAsync(UserSession session, CancellationToken cancellationToken) =>
        hub.Clients.Group(SessionGroups.Session(session.Handle)).SendAsync(
            ClientMethods.SessionExpiry, Iso8601.Format(session.ExpiresAt), Iso8601.Format(time.GetUtcNow()), cancellationToken);

    /// <summary>The <c>details</c> argument of <c>sessionRegistered</c>.</summary>
    public static SessionDetails Details(UserSession session) => new(
        Iso8601.Format(session.CreatedAt),
        session.Browser,
        session.Device,
        string.IsNullOrEmpty(session.Location) ? null : session.Location,
        session.Os,
        session.DeviceType);
}
