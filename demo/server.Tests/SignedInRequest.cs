using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Tests;

internal static class SignedInRequest
{
    private static readonly AuthenticationScheme Scheme =
        new(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));

    /// <summary>
    /// A request as the endpoints see it after the cookie handler accepted <paramref name="session"/>'s
    /// cookie: it goes through <see cref="SessionCookieEvents.ValidatePrincipal"/>, as a real one does.
    /// </summary>
    public static async Task<DefaultHttpContext> For(ISessionRegistry registry, SessionRecord session, string method, string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        var ticket = new AuthenticationTicket(SessionClaims.CookiePrincipal(session), Scheme.Name);
        var validation = new CookieValidatePrincipalContext(http, Scheme, new CookieAuthenticationOptions(), ticket);
        await new SessionCookieEvents(registry).ValidatePrincipal(validation);
        Assert.NotNull(http.GetCurrentSession());
        return http;
    }
}
