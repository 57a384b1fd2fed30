namespace SessionAwareness.AspNetCore.Hubs;

/// <summary>Server → client method names of the hub contract (camelCase, as the widget listens).</summary>
public static class ClientMethods
{
    /// <summary><c>sessionRegistered(message, sessionId, details)</c>: another session of the user began.</summary>
    public const string SessionRegistered = "sessionRegistered";

    /// <summary><c>sessionClosed(sessionId)</c>: another session of the user ended.</summary>
    public const string SessionClosed = "sessionClosed";

    /// <summary>
    /// <c>sessionEnded(reason, details)</c>: this session ended. <c>reason</c> is the English text (as before);
    /// <c>details</c> is a <see cref="SessionEndedDetails"/> when the end has a sign-out code, else <c>null</c>.
    /// </summary>
    public const string SessionEnded = "sessionEnded";

    /// <summary><c>sessionExpiry(expiresAt, serverNow)</c>: this session's deadline.</summary>
    public const string SessionExpiry = "sessionExpiry";

    /// <summary>
    /// <c>sessionsSnapshot(sessions, total)</c>: the receiver's own session and the user's live sessions that began since
    /// it (the newest 100 at most), sent on every connect and reconnect, and how many such sessions there are.
    /// </summary>
    public const string SessionsSnapshot = "sessionsSnapshot";

    /// <summary>
    /// <c>sessionsList(sessions, total)</c>: the user's newest live sessions (at most 100), sent in answer to the hub's
    /// <c>ListSessions()</c>, and how many live sessions the user has in all.
    /// </summary>
    public const string SessionsList = "sessionsList";

    /// <summary>
    /// <c>draftKey(key)</c>: the user's draft-encryption key (32 bytes, base64url), sent to the caller on every connect
    /// when the server can read it. The same for every session of the user; never sent to anyone else.
    /// </summary>
    public const string DraftKey = "draftKey";
}

/// <summary>SignalR group names. Membership is only ever decided by the server, from the caller's session.</summary>
internal static class SessionGroups
{
    /// <summary>Every connection of every session of one user.</summary>
    public static string User(string userId) => "sa-user:" + userId;

    /// <summary>Every connection (tab) of one session.</summary>
    public static string Session(string handle) => "sa-session:" + handle;
}

/// <summary>One entry of <c>sessionsSnapshot</c> and <c>sessionsList</c>; serialized camelCase.</summary>
/// <param name="SessionId">The public handle.</param>
/// <param name="CreatedAt">ISO 8601 UTC.</param>
/// <param name="LastActiveAt">ISO 8601 UTC: the last request that slid the session.</param>
/// <param name="Browser">Plain text from request headers (attacker-controlled).</param>
/// <param name="Device">Short device name ("Linux", "iPhone"); plain text from request headers (attacker-controlled).</param>
/// <param name="Location">Approximate location, or <c>null</c>.</param>
/// <param name="Current">Whether this is the receiving connection's own session.</param>
/// <param name="Os">Operating system ("Windows", "iOS 17"), or empty; plain text (attacker-controlled).</param>
/// <param name="DeviceType">"desktop", "mobile", "tablet", or empty when unknown.</param>
public sealed record SessionSnapshotEntry(string SessionId, string CreatedAt, string LastActiveAt, string Browser, string Device, string? Location, bool Current, string Os, string DeviceType);

/// <summary>Second argument of <c>sessionEnded</c>; serialized camelCase: <c>{ code, endedBy?: { browser, device } }</c>.</summary>
/// <param name="Code">"ended", "revoked" or "expired" (see <c>SignedOutReasons</c>).</param>
/// <param name="EndedBy">For "ended": the session that ended it; else omitted.</param>
public sealed record SessionEndedDetails(
    string Code,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] EndedByDevice? EndedBy);

/// <summary>The device of the session that ended another (<c>endedBy</c> of <c>sessionEnded</c>).</summary>
/// <param name="Browser">Plain text from request headers (attacker-controlled: the user's own other device).</param>
/// <param name="Device">Plain text from request headers (attacker-controlled).</param>
public sealed record EndedByDevice(string Browser, string Device);

/// <summary>Third argument of <c>sessionRegistered</c>; serialized camelCase by SignalR's JSON protocol.</summary>
/// <param name="CreatedAt">ISO 8601 UTC.</param>
/// <param name="Browser">Plain text from request headers (attacker-controlled).</param>
/// <param name="Device">Short device name; plain text from request headers (attacker-controlled).</param>
/// <param name="Location">Approximate location, or <c>null</c>.</param>
/// <param name="Os">Operating system, or empty; plain text (attacker-controlled).</param>
/// <param name="DeviceType">"desktop", "mobile", "tablet", or empty when unknown.</param>
public sealed record SessionDetails(string CreatedAt, string Browser, string Device, string? Location, string Os, string DeviceType);
