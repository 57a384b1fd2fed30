using System.Security.Claims;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Settings of the session-awareness server, bound from the configuration section
/// <see cref="SectionName"/> and validated when the app starts.
/// </summary>
public sealed class SessionAwarenessOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "SessionAwareness";

    /// <summary>
    /// The cookie authentication scheme to join. <c>null</c>: the app's default authenticate scheme
    /// (<c>Identity.Application</c> with ASP.NET Core Identity).
    /// </summary>
    public string? CookieScheme { get; set; }

    /// <summary>The claim that names the user; a session belongs to the user it names. Falls back to <see cref="ClaimTypes.Name"/>.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>Sliding idle timeout: a session without user activity for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before the deadline the widget warns (for pages that render the widget's settings).</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between the widget's keep-alives (for pages that render the widget's settings).</summary>
    public TimeSpan KeepaliveInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The app's own requests slide the session at most this often (a store write each time); the
    /// keep-alive endpoint always slides. Zero: every request writes. Never more than half the idle timeout
    /// takes effect, so a short session still slides.
    /// </summary>
    public TimeSpan SlideWriteInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the store remembers why a session ended (ended elsewhere, revoked, expired), so that its browser's
    /// next visit is sent to the sign-in page with <c>?signedOutReason=…</c>. Past it the browser is sent there
    /// without a reason.
    /// </summary>
    public TimeSpan SignedOutReasonLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Path of the SignalR hub.</summary>
    public string HubPath { get; set; } = "/hubs/session";

    /// <summary>Path of <c>POST</c> keep-alive (slides the session).</summary>
    public string KeepalivePath { get; set; } = "/session/keepalive";

    /// <summary>Path of <c>GET</c> status (reads the deadline without sliding).</summary>
    public string StatusPath { get; set; } = "/session/status";

    /// <summary>Origins besides the app's own whose pages may open the hub (e.g. <c>https://app.example.com</c>).</summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>KillSession calls one connection may make per <see cref="KillRateWindow"/>; more get the generic refusal.</summary>
    public int KillRateLimit { get; set; } = 10;

    /// <summary>The fixed window of <see cref="KillRateLimit"/>.</summary>
    public TimeSpan KillRateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every instance looks for expired sessions to announce.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many expired sessions one store call takes at most.</summary>
    public int SweepBatchSize { get; set; } = 100;

    /// <summary>
    /// Time between telling a session it ended and cutting its connections, so the message is not dropped by the
    /// abort. Keep it above zero: at zero about 1 in 100 killed tabs got the socket closed before the message
    /// (they still end, on the 401 of their reconnect, but without the reason).
    /// </summary>
    public TimeSpan AbortGracePeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest hub message accepted from a client, in bytes.</summary>
    public long MaximumReceiveMessageSize { get; set; } = 4 * 1024;

    /// <summary>
    /// The SQLite database of the default store, relative to the content root unless absolute. The Data
    /// Protection key ring is kept in the folder <c>keys</c> beside it.
    /// </summary>
    public string SqliteDatabasePath { get; set; } = Path.Combine("App_Data", "session-awareness", "sessions.db");

    /// <summary>Prefix of every Redis key and channel of the Redis store (set by <c>AddRedis</c>).</summary>
    public string RedisKeyPrefix { get; set; } = "session-awareness:";

    /// <summary>Whether to keep the Data Protection key ring with the session store (beside the SQLite file, or in Redis).</summary>
    public bool PersistDataProtectionKeys { get; set; } = true;
}
