using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Pages;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>/login and /logout.</summary>
public static class AccountEndpoints
{
    public const int MaxUserAgentLength = 512;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", ShowLogin);
        // [FromForm] parameters make UseAntiforgery() validate the token before the handler runs:
        // a cross-site form cannot sign the victim in as someone else (login CSRF).
        app.MapPost("/login", SignIn);
        app.MapPost("/logout", SignOut);
        return app;
    }

    private static IResult ShowLogin(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken));
    }

    private static async Task<IResult> SignIn(
        HttpContext context,
        [FromForm] string? username,
        [FromForm] string? password,
        DemoUsers users,
        ISessionRegistry registry,
        SessionEvents events,
        IAntiforgery antiforgery,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        if (!users.TryValidate(username, password, out var userName))
        {
            // One message for unknown user and wrong password alike.
            var tokens = antiforgery.GetAndStoreTokens(context);
            var userNameEcho = username is { Length: <= 64 } ? username : null;
            return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken, LoginPage.WrongCredentials, userNameEcho));
        }

        var log = loggers.CreateLogger("SessionAwareness.Demo.Account");

        // Signing in always starts a brand-new session with a new secret (no session fixation).
        // A session this browser still had is ended like a sign-out, so it cannot linger unseen.
        if (context.GetCurrentSession() is { } previous)
        {
            await events.EndSessionAsync(previous, SessionEvents.SignedInAgainReason);
        }

        var userAgent = UserAgentSummary.Truncate(context.Request.Headers.UserAgent.ToString(), MaxUserAgentLength);
        var session = registry.Create(userName, userAgent, time.GetUtcNow());
        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            SessionClaims.CookiePrincipal(session),
            new AuthenticationProperties { IsPersistent = false });
        await events.NotifySignedInAsync(session);

        log.LogInformation("user {User} signed in, session {Session}", userName, session.ShortHandle);
        return Results.Redirect("/");
    }

    private static async Task<IResult> SignOut(
        HttpContext context,
        IAntiforgery antiforgery,
        SessionEvents events,
        ILoggerFactory loggers)
    {
        var session = context.GetCurrentSession();
        if (session is null)
        {
            // Nothing to end (the session is already gone, e.g. ended from elsewhere): just drop
            // whatever cookie is left. The antiforgery token would not match anyway, since it was
            // issued to the signed-in user, and there is nothing a forged request could do here.
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(SessionCookieEvents.LoginPath);
        }

        // Checked by hand (not via [FromForm]) so that the case above does not end in a 400 page.
        // Either the page's form token, or a same-origin Origin header: the widget's script signs
        // out with a plain fetch POST and has no form token, and a browser never lets another
        // site's page send this origin as Origin (the same idea as the hub's origin check).
        if (!OriginCheck.IsSameOrigin(context.Request) && !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        // Exactly what KillSession does to a session, with the reason "You signed out.".
        await events.EndSessionAsync(session, SessionEvents.SignedOutReason);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        loggers.CreateLogger("SessionAwareness.Demo.Account")
            .LogInformation("user {User} signed out, session {Session}", session.UserName, session.ShortHandle);
        return Results.Redirect(SessionCookieEvents.LoginPath);
    }
}
