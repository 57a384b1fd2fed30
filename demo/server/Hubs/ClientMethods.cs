namespace SessionAwareness.Demo.Hubs;

/// <summary>Server → client method names of the hub contract (camelCase, as the widget listens).</summary>
public static class ClientMethods
{
    public const string SessionRegistered = "sessionRegistered";
    public const string SessionClosed = "sessionClosed";
    public const string SessionEnded = "sessionEnded";
    public const string SessionExpiry = "sessionExpiry";
}

/// <summary>SignalR group names. Group membership is only ever decided by the server from the caller's session.</summary>
public static class SessionGroups
{
    /// <summary>Every connection of every live session of one user.</summary>
    public static string User(string userName) => "user:" + userName;

    /// <summary>Every connection (tab) of one session.</summary>
    public static string Session(string publicHandle) => "session:" + publicHandle;
}

/// <summary>Third argument of <c>sessionRegistered</c>; serialized camelCase by SignalR's JSON protocol.</summary>
/// <param name="CreatedAt">ISO 8601 UTC.</param>
/// <param name="Browser">Plain text derived from the User-Agent (attacker-controlled).</param>
/// <param name="Device">Plain text derived from the User-Agent (attacker-controlled).</param>
public sealed record SessionDetails(string CreatedAt, string Browser, string Device);
