using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SessionAwareness.AspNetCore.Http;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.Samples.Identity.Pages;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Samples.Identity.Endpoints;

/// <summary>
/// Sign-in, sign-out, password change and "sign out everywhere", written as any Identity app writes them, with no
/// session-awareness call: when <c>RefreshSignInAsync</c> carries a new security stamp, the library gives this browser a
/// new cookie key and ends every other session of the user at once (reason <c>revoked</c>).
/// </summary>
internal static class AccountEndpoints
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    private const int MaxInputLength = 256;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, ShowLogin);
        // [FromForm] parameters make UseAntiforgery() check the token before the handler runs: a cross-site
        // form can neither sign the victim in as someone else nor change their password.
        app.MapPost(LoginPath, SignIn);
        app.MapPost(LogoutPath, SignOut);
        app.MapGet("/change-password", ShowChangePassword).RequireAuthorization();
        app.MapPost("/change-password", ChangePassword).RequireAuthorization();
        app.MapPost("/sign-out-everywhere", SignOutEverywhere).RequireAuthorization();
        return app;
    }

    private static IResult ShowLogin(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        // Why the user was signed out: the library's fixed sentence for the allow-listed code on its redirect.
        return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken, signedOutMessage: SignedOutReasons.DefaultMessage(context.Request)));
    }

    private static async Task<IResult> SignIn(
        HttpContext context,
        [FromForm] string? email,
        [FromForm] string? password,
        SignInManager<IdentityUser> signIn,
        IAntiforgery antiforgery)
    {
        email = email?.Trim();
        var error = LoginPage.WrongCredentials;
        if (!string.IsNullOrEmpty(email) && email.Length <= MaxInputLength && !string.IsNullOrEmpty(password) && password.Length <= MaxInputLength)
        {
            // An ordinary Identity sign-in. session-awareness (the Identity cookie's ticket store) starts a
            // server-side session with a fresh key and tells the user's other sessions at once (over this
            // browser's own live session: the same session under a new key).
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.Redirect("/");
            }

            if (result.IsLockedOut)
            {
                error = LoginPage.LockedOut;
            }
        }

        // One message for an unknown user and a wrong password alike.
        var tokens = antiforgery.GetAndStoreTokens(context);
        var echo = email is { Length: <= MaxInputLength } ? email : null;
        return HtmlPage.Send(context, LoginPage.Render(tokens.FormFieldName, tokens.RequestToken, error, echo));
    }

    private static async Task<IResult> SignOut(HttpContext context, SignInManager<IdentityUser> signIn, IAntiforgery antiforgery)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && !OriginCheck.IsSameOrigin(context.Request)
            && !await antiforgery.IsRequestValidAsync(context))
        {
            // Either the page's form token, or a same-origin Origin header: the widget signs out with a plain
            // fetch POST and has no form token, and a browser never lets another site's page send this origin
            // as Origin. Checked by hand (not [FromForm]) so that signing out of a session that is already
            // gone just drops the cookie instead of ending in a 400 page.
            return Results.BadRequest();
        }

        // session-awareness ends the session like a remote End session, with "You signed out.".
        await signIn.SignOutAsync();
        return Results.Redirect(LoginPath);
    }

    private static async Task<IResult> ShowChangePassword(HttpContext context, UserManager<IdentityUser> users, IAntiforgery antiforgery)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            return Results.Redirect(LoginPath);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return HtmlPage.Send(context, ChangePasswordPage.Render(user.Email ?? "", tokens.FormFieldName, tokens.RequestToken));
    }

    private static async Task<IResult> ChangePassword(
        HttpContext context,
        [FromForm] string? currentPassword,
        [FromForm] string? newPassword,
        UserManager<IdentityUser> users,
        SignInManager<IdentityUser> signIn,
        IAntiforgery antiforgery)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            await signIn.SignOutAsync();
            return Results.Redirect(LoginPath);
        }

        IEnumerable<string> errors;
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword)
            || currentPassword.Length > MaxInputLength || newPassword.Length > MaxInputLength)
        {
            errors = ["Enter your current password and a new password."];
        }
        else
        {
            // Identity checks the current password, validates the new one and changes the security stamp.
            var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            if (result.Succeeded)
            {
                // This browser's ticket still carries the old stamp: sign it in again, as Identity's own pages do.
                // The library sees the new stamp: this browser keeps its session under a new cookie key (a copy of
                // the old cookie dies), and every other session of the user ends now, not at Identity's next stamp
                // validation (30 minutes by default).
                await signIn.RefreshSignInAsync(user);
                return Results.Redirect("/?done=password");
            }

            errors = result.Errors.Select(error => error.Description);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return HtmlPage.Send(context, ChangePasswordPage.Render(user.Email ?? "", tokens.FormFieldName, tokens.RequestToken, errors));
    }

    // IFormCollection makes UseAntiforgery() check the form's token before the handler runs, as [FromForm] does.
    private static async Task<IResult> SignOutEverywhere(
        HttpContext context,
        IFormCollection form,
        UserManager<IdentityUser> users,
        SignInManager<IdentityUser> signIn)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null)
        {
            await signIn.SignOutAsync();
            return Results.Redirect(LoginPath);
        }

        // A new stamp, then the refresh that carries it: as after a password change, this browser gets a new key and
        // every other session of the user (and every copy of any of their cookies) ends now.
        await users.UpdateSecurityStampAsync(user);
        await signIn.RefreshSignInAsync(user);
        return Results.Redirect("/?done=everywhere");
    }
}
