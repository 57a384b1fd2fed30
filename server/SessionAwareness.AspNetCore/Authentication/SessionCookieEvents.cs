using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Authentication;

/// <summary>
/// The joined scheme's cookie events. Every event runs the app's own events first (its
/// <c>EventsType</c> or <c>Events</c>, e.g. Identity's security-stamp validation), then adds the session's
/// part, so the app's behaviour is kept, not replaced.
/// </summary>
internal sealed partial class SessionCookieEvents(
    IServiceProvider services,
    AppCookieEvents appEvents,
    UserSessionManager sessions,
    IOptions<SessionAwarenessOptions> options,
    TimeProvider time,
    ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    /// <summary>Header that marks the widget's autosave POST: it must not slide the session it saves for.</summary>
    public const string AutosaveHeader = "X-Autosave";

    private static readonly object CookieOptionsItem = new();
    private static readonly object AppValidationItem = new();
    private static readonly object SigningInItem = new();

    /// <summary>Whether the app's own principal validation is running in this request.</summary>
    internal static bool InAppValidation(HttpContext context) => context.Items.ContainsKey(AppValidationItem);

    /// <summary>Whether a sign-in (the app's, Identity's <c>RefreshSignInAsync</c>, or a key renewal) is running in this request.</summary>
    internal static bool IsSigningIn(HttpContext context) => context.Items.ContainsKey(SigningInItem);

    private CookieAuthenticationEvents Inner => appEvents.Resolve(services);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        // A sign-out during the app's own validation (Identity's security-stamp check rejecting a session)
        // ends the session for a security reason, not because the user signed out.
        context.HttpContext.Items[AppValidationItem] = true;
        try
        {
            await Inner.ValidatePrincipal(context);
        }
        finally
        {
            context.HttpContext.Items.Remove(AppValidationItem);
        }

        if (context.Principal is null)
        {
            return; // The app rejected it (e.g. a stale security stamp): nothing of ours to add.
        }

        var httpContext = context.HttpContext;
        if (SessionTicketStore.ByPreviousKey(httpContext))
        {
            // A request in flight from before this browser's key was renewed: it may go on, but its cookie must not be
            // written back (that would put the old key into the browser again).
            context.ShouldRenew = false;
        }

        if (httpContext.GetCurrentSession() is not { } session)
        {
            context.RejectPrincipal();
            return;
        }

        // A principal rebuilt by the app (a security-stamp refresh) gets the handle back; its own claims stay.
        SessionClaims.EnsureHandle(context.Principal, session.Handle);

        if (ShouldSlide(httpContext.Request, session))
        {
            try
            {
                if (await sessions.SlideAsync(session, httpContext.RequestAborted) is { } slid)
                {
                    httpContext.SetCurrentSession(slid);
                }
            }
            catch (SessionStoreUnavailableException error)
            {
                // The request goes on with the session as read; the next request slides it.
                LogSlideFailed(logger, error);
            }
        }
    }

    public override async Task SigningIn(CookieSigningInContext context)
    {
        await Inner.SigningIn(context);
        context.HttpContext.Items[CookieOptionsItem] = context.CookieOptions;
        context.HttpContext.Items[SigningInItem] = true;
    }

    public override async Task SignedIn(CookieSignedInContext context)
    {
        // A different user signed in over a live session: the ticket store began a new session under a new
        // key. Write that key into the cookie, over the one the handler wrote, so the browser never keeps a
        // key that was known before this sign-in.
        if (SessionTicketStore.ReissuedKey(context.HttpContext) is { } key
            && context.HttpContext.Items[CookieOptionsItem] is CookieOptions cookieOptions)
        {
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(CookieSessionIdClaim, key, ClaimValueTypes.String, context.Options.ClaimsIssuer)],
                context.Options.ClaimsIssuer));
            var value = context.Options.TicketDataFormat.Protect(new AuthenticationTicket(principal, null, context.Scheme.Name));
            context.Options.CookieManager.AppendResponseCookie(context.HttpContext, context.Options.Cookie.Name!, value, cookieOptions);
        }

        await Inner.SignedIn(context);
    }

    public override Task SigningOut(CookieSigningOutContext context) => Inner.SigningOut(context);

    public override async Task CheckSlidingExpiration(CookieSlidingExpirationContext context)
    {
        await Inner.CheckSlidingExpiration(context);
        if (SessionTicketStore.ByPreviousKey(context.HttpContext))
        {
            context.ShouldRenew = false; // as in ValidatePrincipal: never write a previous key back
        }
    }

    public override Task RedirectToLogout(RedirectContext<CookieAuthenticationOptions> context) => Inner.RedirectToLogout(context);

    public override Task RedirectToReturnUrl(RedirectContext<CookieAuthenticationOptions> context) => Inner.RedirectToReturnUrl(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) => Inner.RedirectToAccessDenied(context);

    /// <summary>
    /// A challenge. When the session store failed during this request the answer is 503 with Retry-After:
    /// the user is not sent to the sign-in page and no cookie is touched, so nobody is signed out by an
    /// outage. The widget's own endpoints (hub, keep-alive, status) get a plain 401 the widget acts on;
    /// everything else gets the app's behaviour (a redirect to its sign-in page), with
    /// <c>signedOutReason=ended|revoked|expired</c> added to the sign-in URL when this request's cookie belonged
    /// to a session that ended for that reason.
    /// </summary>
    public override async Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var response = context.Response;
        if (context.HttpContext.SessionStoreFailed())
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "5";
            response.Headers.CacheControl = "no-store";
            return;
        }

        if (IsWidgetEndpoint(context.Request.Path))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.CacheControl = "no-store";
            return;
        }

        // Only a code from the allow-list is written, and only the code: the killer's device text stays on the
        // server and the live page, so the sign-in page never has to show text that arrived in its URL. The
        // app's own handler then redirects to the amended URL (it keeps ReturnUrl).
        var reason = await services.GetRequiredService<SessionTicketStore>().FindSignedOutReasonAsync(context.HttpContext, context.HttpContext.RequestAborted);
        if (reason is { } code)
        {
            context.RedirectUri = QueryHelpers.AddQueryString(context.RedirectUri, SignedOutReasons.QueryParameter, SignedOutReasons.ToCode(code));
        }

        await Inner.RedirectToLogin(context);
    }

    // The handler's claim type for the ticket-store key (CookieAuthenticationHandler.SessionIdClaim).
    private const string CookieSessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    private bool IsWidgetEndpoint(PathString path)
    {
        var o = options.Value;
        return path.StartsWithSegments(o.HubPath) || path.StartsWithSegments(o.KeepalivePath) || path.StartsWithSegments(o.StatusPath);
    }

    // Only real user requests slide: not the hub (a connected tab is not activity), not status (a tab
    // reading its deadline), not keep-alive (it slides on its own, always), not the widget's autosave
    // (it fires because the user is away), not another site's subresource. Writes are throttled to one per
    // SlideWriteInterval.
    private bool ShouldSlide(HttpRequest request, UserSession session) =>
        !IsWidgetEndpoint(request.Path)
        && !request.Headers.ContainsKey(AutosaveHeader)
        && (!options.Value.SlideOnlyOnUserRequests || IsUsersOwnRequest(request.Headers))
        && time.GetUtcNow() - session.LastSeenAt >= EffectiveSlideWriteInterval(options.Value);

    /// <summary>
    /// Whether Fetch Metadata says the user made this request: the app's own pages (same-origin), something the user
    /// typed or bookmarked (<c>none</c>), or a top-level navigation with user activation. A request without Fetch
    /// Metadata is not a current browser's (a script, a test client) and counts as the user's, as before. Another
    /// site's <c>&lt;img&gt;</c> or <c>fetch</c> (same-site or cross-site, no user activation) does not: it must not
    /// keep a victim's session from idling out.
    /// </summary>
    internal static bool IsUsersOwnRequest(IHeaderDictionary headers)
    {
        var site = headers["Sec-Fetch-Site"].ToString();
        if (site.Length == 0 || site is "same-origin" or "none")
        {
            return true;
        }

        return headers["Sec-Fetch-Mode"] == "navigate" && headers["Sec-Fetch-User"] == "?1";
    }

    // Never more than half the idle timeout, so a short session still slides on activity.
    private static TimeSpan EffectiveSlideWriteInterval(SessionAwarenessOptions o) =>
        o.SlideWriteInterval < o.IdleTimeout / 2 ? o.SlideWriteInterval : o.IdleTimeout / 2;

    [LoggerMessage(EventId = 14, EventName = "SlideFailed", Level = LogLevel.Warning, Message = "Could not slide a session: the session store is unavailable")]
    private static partial void LogSlideFailed(ILogger logger, Exception error);
}

/// <summary>The joined scheme's own cookie events as the app configured them, captured before they were chained.</summary>
internal sealed class AppCookieEvents
{
    private static readonly CookieAuthenticationEvents Nothing = new();

    /// <summary>The app's <c>EventsType</c>, resolved per request from DI like the handler would.</summary>
    public Type? EventsType { get; set; }

    /// <summary>The app's <c>Events</c> instance (Identity puts its security-stamp validator here).</summary>
    public CookieAuthenticationEvents? Events { get; set; }

    public CookieAuthenticationEvents Resolve(IServiceProvider requestServices) =>
        EventsType is not null
            ? (CookieAuthenticationEvents)requestServices.GetRequiredService(EventsType)
            : Events ?? Nothing;
}
