namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>The English texts the hub sends. The widget shows them as text.</summary>
public static class SessionMessages
{
    /// <summary>The notice another session shows when this user signs in.</summary>
    public const string SignedInElsewhere = "Your account was signed in on another browser or device.";

    /// <summary>Reason: ended with End session from another of the user's sessions.</summary>
    public const string EndedElsewhere = "Your session was ended from another device.";

    /// <summary>Reason: the user signed out.</summary>
    public const string SignedOut = "You signed out.";

    /// <summary>Reason: another user signed in in this browser.</summary>
    public const string ReplacedBySignIn = "Someone signed in again in this browser.";

    /// <summary>Reason: the idle timeout passed.</summary>
    public const string Expired = "Your session expired.";

    /// <summary>Reason: the user signed in more times than the app allows sessions; the least recently used one ended.</summary>
    public const string EndedBySessionCap = "You signed in on too many devices; this session was the least recently used.";

    /// <summary>Reason: the app ended the user's sessions (password change, "sign out everywhere").</summary>
    public const string EndedBySecurityChange = "Your account's sign-in details changed. Please sign in again.";
}
