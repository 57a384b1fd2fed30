using System.Security.Claims;
using Microsoft.AspNetCore.Http;

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

    /// <summary>
    /// Optional absolute lifetime: a session ends at this age whatever its activity (<c>null</c>, the default: only the
    /// idle timeout ends it). Sliding never moves the deadline past <c>CreatedAt + AbsoluteLifetime</c>.
    /// </summary>
    public TimeSpan? AbsoluteLifetime { get; set; }

    /// <summary>
    /// Most live sessions one user may have. Signing in beyond it ends that user's least recently active session
    /// (reason <c>revoked</c>), so a flood of sign-ins cannot grow the store, the tombstones or every page's notices.
    /// </summary>
    public int MaxSessionsPerUser { get; set; } = 50;

    /// <summary>Most hub connections (tabs) one session may hold on one instance; more are refused.</summary>
    public int MaxConnectionsPerSession { get; set; } = 20;

    /// <summary>
    /// How long the key a browser had before a renewal (every sign-in, a security-stamp change, Sign out all other
    /// sessions) still opens its session, and only from the same browser (User-Agent and address): requests already in
    /// flight from its other tabs are not signed out. A copy of the cookie elsewhere dies at once.
    /// </summary>
    public TimeSpan RenewedKeyGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The claim whose change means the user's credentials changed (ASP.NET Core Identity's security stamp). When a
    /// sign-in refresh carries a different value than the session's ticket (Identity's <c>RefreshSignInAsync</c> after a
    /// password or two-factor change), this browser gets a new key and every other session of the user ends (reason
    /// <c>revoked</c>). <c>null</c> or empty: off.
    /// </summary>
    public string? SecurityStampClaimType { get; set; } = "AspNet.Identity.SecurityStamp";

    /// <summary>
    /// How often ASP.NET Core Identity checks a cookie's security stamp against the user store
    /// (<c>SecurityStampValidatorOptions.ValidationInterval</c>, 30 minutes by Identity's default): a stamp changed
    /// where no sign-in refresh sees it (an administrator's <c>UpdateSecurityStampAsync</c>, another process) ends a
    /// session, reason <c>revoked</c>, at its first request after at most this long. 1 minute by default (one user-store
    /// read per session per minute of use); from 0 (every request) to 30 minutes; <c>null</c> leaves Identity's setting
    /// alone. An app's own later <c>Configure&lt;SecurityStampValidatorOptions&gt;</c> still wins.
    /// </summary>
    public TimeSpan? SecurityStampValidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether only the user's own requests slide the session: same-origin requests (<c>Sec-Fetch-Site: same-origin</c>),
    /// navigations the user made (<c>Sec-Fetch-Site: none</c>, or <c>Sec-Fetch-Mode: navigate</c> with
    /// <c>Sec-Fetch-User: ?1</c>), and clients that send no Fetch Metadata (not browsers). A cross-site or same-site
    /// subresource (another site's <c>&lt;img&gt;</c>, <c>fetch</c>) never keeps a session alive. <c>true</c> by default.
    /// </summary>
    public bool SlideOnlyOnUserRequests { get; set; } = true;

    /// <summary>How long before the deadline the widget warns (for pages that render the widget's settings).</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between the widget's keep-alives (for pages that render the widget's settings).</summary>
    public TimeSpan KeepaliveInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The page's Content-Security-Policy nonce for the widget's <c>&lt;script&gt;</c> tag that the tag helpers and Razor
    /// components render (<c>null</c>, the default, or a <c>null</c> or empty result: no <c>nonce</c> attribute). ASP.NET
    /// Core has no standard place for a nonce, so the app says where its own is, e.g.
    /// <c>context =&gt; context.Items["csp-nonce"] as string</c>.
    /// </summary>
    public Func<HttpContext, string?>? ScriptNonce { get; set; }

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

    /// <summary>
    /// KillSession and EndOtherSessions calls one session may make per <see cref="KillRateWindow"/>, and the user's
    /// sessions together (on one instance); more get the generic refusal.
    /// </summary>
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

    /// <summary>A session's deadline when it is used at <paramref name="now"/>: idle timeout, capped by <see cref="AbsoluteLifetime"/>.</summary>
    internal DateTimeOffset DeadlineAt(DateTimeOffset createdAt, DateTimeOffset now)
    {
        var idle = now + IdleTimeout;
        return AbsoluteLifetime is { } absolute && createdAt + absolute < idle ? createdAt + absolute : idle;
    }

    /// <summary>Whether to keep the Data Protection key ring with the session store (beside the SQLite file, or in Redis).</summary>
    public bool PersistDataProtectionKeys { get; set; } = true;
}
