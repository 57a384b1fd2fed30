using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Auth;

/// <summary>Ties the auth cookie to the server-side session registry.</summary>
public sealed class SessionCookieEvents(ISessionRegistry registry) : CookieAuthenticationEvents
{
    public const string LoginPath = "/login";

    /// <summary>
    /// Runs on every request that carries a readable cookie (including SignalR's negotiate and
    /// WebSocket upgrade). A cookie is only as good as its registry entry: a revoked, expired or
    /// unknown session is rejected and the cookie deleted, even though the cookie has not expired.
    /// </summary>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var secret = context.Principal.FindSecret();
        var session = secret is null ? null : registry.FindBySecret(secret);
        if (session is null || session.Revoked)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(SessionClaims.RequestPrincipal(session));
        context.HttpContext.SetCurrentSession(session);
    }

    /// <summary>
    /// Pages get a redirect to /login (always exactly /login: no return URL, so no open redirect).
    /// Script endpoints (hub, keep-alive) and form posts get a plain 401 the widget can act on.
    /// </summary>
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/hubs")
            || request.Path.StartsWithSegments("/session")
            || !HttpMethods.IsGet(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        context.Response.Redirect(LoginPath);
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
