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
            // The app's own ticket store stays; CheckJoinedScheme stops the start with a message.
            return;
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

/// <summary>
/// At start, before the app serves a request: the joined scheme really uses the session store as its
/// ticket store. An app that set its own <c>SessionStore</c> would otherwise run with sessions that cannot be
/// revoked, which must not pass silently.
/// </summary>
internal sealed class CheckJoinedScheme(JoinCookieScheme join, IOptionsMonitor<CookieAuthenticationOptions> cookies)
    : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var scheme = join.SchemeName!;
        if (cookies.Get(scheme).SessionStore is not SessionTicketStore)
        {
            throw new OptionsValidationException(scheme, typeof(CookieAuthenticationOptions),
                [$"The cookie scheme '{scheme}' already has a SessionStore; session-awareness must be its ticket store. Remove the app's SessionStore or set {SessionAwarenessOptions.SectionName}:CookieScheme to another cookie scheme."]);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
