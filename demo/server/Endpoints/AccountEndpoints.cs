using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Http;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Pages;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>/login and /logout: an ordinary cookie sign-in. session-awareness adds the session behind it.</summary>
public static class AccountEndpoints
{
    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, ShowLogin);
        // [FromForm] parameters make UseAntiforgery() validate the token before the handler runs:
        // a cross-site form cannot sign the victim in as someone else (login CSRF).
        app.MapPost(LoginPath, SignIn);
        app.MapPost("/logout", SignOut);
        app.MapGet("/signout", SignOutByLink);
        return app;
    }

    // The reason in the URL is read through the library's allow-list: a made-up value shows nothing, and the
    // sentence is the library's own, never text from the URL.
    private static IResult ShowLogin(HttpContext context, IAntiforgery antiforgery, IOptions<SessionAwarenessOptions> options)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var idleMinutes = (int)Math.Max(1, Math.Round(options.Value.IdleTimeout.TotalMinutes, MidpointRounding.AwayFromZero));
        return HtmlPage.Send(context, LoginPage.Render(
            tokens.FormFieldName, tokens.RequestToken, signedOutMessage: SignedOutReasons.DefaultMessage(context.Request), idleMinutes: idleMinutes));
    }

    private static async Task<IResult> SignIn(
        HttpContext context,
        [FromForm] string? username,
        [FromForm] string? password,
        DemoUsers users,
        IAntiforgery antiforgery)
    {
        if (!users.TryValidate(username, password, out var userName))
        {
            // One message for unknown user and wrong password alike.
            var tokens = antiforgery.GetAndStoreTokens(context);
            var userNameEcho = username is { Length: <= 64 } ? username : null;
            return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken, LoginPage.WrongCredentials, userNameEcho));
        }

        // An ordinary sign-in. session-awareness (the cookie's ticket store) starts a server-side session with
        // a fresh key and tells the user's other sessions; over this browser's own live session it keeps the
        // session under a new key (a copy of the old cookie dies).
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userName), new Claim(ClaimTypes.Name, userName)],
            CookieAuthenticationDefaults.AuthenticationScheme));
        try
        {
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        }
        catch (SessionStoreUnavailableException)
        {
            return Unavailable(context, antiforgery);
        }

        return Results.Redirect("/");
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && !OriginCheck.IsSameOrigin(context.Request)
            && !await antiforgery.IsRequestValidAsync(context))
        {
            // Either the page's form token, or a same-origin Origin header: the widget signs out with a plain
            // fetch POST and has no form token, and a browser never lets another site's page send this
            // origin as Origin. Checked by hand (not [FromForm]) so that signing out of a session that is
            // already gone just drops the cookie instead of ending in a 400 page.
            return Results.BadRequest();
        }

        // session-awareness ends the session like a remote End session, with "You signed out.".
        try
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        catch (SessionStoreUnavailableException)
        {
            // Not signed out: the session could not be ended, so the cookie stays and the user is told.
            return Unavailable(context, antiforgery);
        }

        return Results.Redirect(LoginPath);
    }

    // The Sign out link (GET), as many apps have one. A GET anyone's page can trigger (an image, a link on another
    // site) must not sign the user out: only a navigation from this origin's own page counts, which the browser
    // vouches for with Sec-Fetch-Site (another site cannot set it). It lands on the public About page.
    private static async Task<IResult> SignOutByLink(HttpContext context, IAntiforgery antiforgery)
    {
        if (!string.Equals(context.Request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        try
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        catch (SessionStoreUnavailableException)
        {
            return Unavailable(context, antiforgery);
        }

        return Results.Redirect("/about");
    }

    // The session store is down: say so, with a 503, and keep the user's cookie as it is.
    private static IResult Unavailable(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.RetryAfter = "5";
        return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken, LoginPage.Unavailable), StatusCodes.Status503ServiceUnavailable);
    }
}
