using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>
/// Joins the app's cookie scheme after the app (and Identity) configured it: the session store becomes the
/// cookie's ticket store, and the app's cookie events are chained, not replaced.
/// </summary>
internal sealed class JoinCookieScheme(
    IServiceProvider services,
    IOptions<SessionAwarenessOptions> options,
    IOptions<AuthenticationOptions> authentication,
    AppCookieEvents appEvents) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    /// <summary>The scheme joined: the configured one, else the app's default authenticate scheme.</summary>
    public string? SchemeName =>
        options.Value.CookieScheme ?? authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme;

    public void PostConfigure(string? name, CookieAuthenticationOptions cookie)
    {
        if (name is null || name != SchemeName)
        {
            return;
        }

        if (cookie.SessionStore is not null && cookie.SessionStore is not SessionTicketStore)
        {
            throw new OptionsValidationException(name, typeof(CookieAuthenticationOptions),
                [$"The cookie scheme '{name}' already has a SessionStore; session-awareness must be its ticket store. Remove the app's SessionStore or set {SessionAwarenessOptions.SectionName}:CookieScheme."]);
        }

        cookie.SessionStore = services.GetRequiredService<SessionTicketStore>();
        if (cookie.EventsType != typeof(SessionCookieEvents))
        {
            appEvents.EventsType = cookie.EventsType;
            appEvents.Events = cookie.Events;
            cookie.EventsType = typeof(SessionCookieEvents);
        }
    }
}
