using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Auth;

/// <summary>Claims of the cookie principal, and the per-request lookup of the caller's session.</summary>
public static class SessionClaims
{
    /// <summary>The opaque session secret: the only claim stored in the cookie.</summary>
    public const string Secret = "urn:session-awareness:secret";

    /// <summary>The public handle, added per request from the registry.</summary>
    public const string Handle = "urn:session-awareness:handle";

    private static readonly object CurrentSessionKey = new();

    /// <summary>
    /// What goes into the cookie: the session secret and nothing else. The user name, and whether
    /// the session is still alive, are looked up on the server on every request, so ending a
    /// session takes effect at once even though the cookie itself stays valid until it expires.
    /// </summary>
    public static ClaimsPrincipal CookiePrincipal(SessionRecord session) =>
        new(new ClaimsIdentity([new Claim(Secret, session.SessionSecret)], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>The principal the application sees during one request, built from the registry.</summary>
    public static ClaimsPrincipal RequestPrincipal(SessionRecord session) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, session.UserName),
                // NameIdentifier is what antiforgery and SignalR's UserIdentifier key on: the handle
                // ties antiforgery tokens to this one session.
                new Claim(ClaimTypes.NameIdentifier, session.PublicHandle),
                new Claim(Handle, session.PublicHandle),
                // The secret is deliberately not copied here: past the cookie handler, nothing
                // needs it, so nothing can echo it by accident.
            ],
            CookieAuthenticationDefaults.AuthenticationScheme,
            ClaimTypes.Name,
            ClaimTypes.Role));

    public static string? FindSecret(this ClaimsPrincipal? user) => user?.FindFirst(Secret)?.Value;

    /// <summary>The public handle of a request principal (see <see cref="RequestPrincipal"/>).</summary>
    public static string? FindHandle(this ClaimsPrincipal? user) => user?.FindFirst(Handle)?.Value;

    internal static void SetCurrentSession(this HttpContext context, SessionRecord session) =>
        context.Items[CurrentSessionKey] = session;

    /// <summary>The caller's live session as validated by the cookie handler for this request, or <c>null</c>.</summary>
    public static SessionRecord? GetCurrentSession(this HttpContext context) =>
        context.Items.TryGetValue(CurrentSessionKey, out var value) ? value as SessionRecord : null;
}
