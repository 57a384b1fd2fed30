using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.Demo.Pages;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>The signed-in page and its Notes form. Both need a live session; both slide it (the library does).</summary>
public static class HomeEndpoints
{
    /// <summary>Marks a POST /notes as the widget's autosave (value <c>1</c>), not the user's Save.</summary>
    public const string AutosaveHeader = "X-Autosave";

    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowHome).RequireAuthorization();
        app.MapGet("/sessions", ShowSessions).RequireAuthorization();
        app.MapGet("/about", ShowAbout);
        // [FromForm] makes UseAntiforgery() check the token before SaveNotes runs, autosave included:
        // the widget posts the live form, token and all.
        app.MapPost("/notes", SaveNotes).RequireAuthorization();
        return app;
    }

    /// <summary>GET /: the page, with the widget configured from the session options.</summary>
    public static IResult ShowHome(HttpContext context, NotesStore notes, IAntiforgery antiforgery, IOptions<SessionAwarenessOptions> options)
    {
        var userName = context.User.Identity?.Name ?? "";
        var tokens = antiforgery.GetAndStoreTokens(context);
        var saved = notes.Get(userName);
        var draft = notes.GetDraft(userName);
        return HtmlPage.Send(context, HomePage.Render(
            userName, tokens.FormFieldName, tokens.RequestToken, saved?.Text, saved?.SavedAt, options.Value, draft?.Text, draft?.SavedAt));
    }

    /// <summary>GET /about: a public page with the widget (anyone may read it).</summary>
    public static IResult ShowAbout(HttpContext context, IOptions<SessionAwarenessOptions> options) =>
        HtmlPage.Send(context, AboutPage.Render(context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null, options.Value));

    /// <summary>GET /sessions: the user's live sessions, listed and managed by &lt;session-list&gt;.</summary>
    public static IResult ShowSessions(HttpContext context, IAntiforgery antiforgery, IOptions<SessionAwarenessOptions> options)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return HtmlPage.Send(context, SessionsPage.Render(context.User.Identity?.Name ?? "", tokens.FormFieldName, tokens.RequestToken, options.Value));
    }

    /// <summary>
    /// POST /notes. The user's Save saves the notes (dropping the draft) and redirects to /; like every
    /// request of the app it slides the session. The widget's autosave (<see cref="AutosaveHeader"/>) stores
    /// a draft and answers 204; the library does not slide the session for it, because the autosave fires
    /// *because* the user is away: if it slid, an idle session would keep itself alive for ever.
    /// </summary>
    public static IResult SaveNotes(HttpContext context, [FromForm(Name = "notes")] string? text, NotesStore store)
    {
        var userName = context.User.Identity?.Name;
        if (userName is null || context.GetCurrentSession() is null)
        {
            return Results.Unauthorized();
        }

        var autosave = context.Request.Headers[AutosaveHeader];
        if (autosave.Count > 0)
        {
            context.Response.Headers.CacheControl = "no-store";

            // Anything but exactly "1" is refused rather than taken as a Save.
            if (!string.Equals(autosave, "1", StringComparison.Ordinal))
            {
                return Results.BadRequest();
            }

            store.SaveDraft(userName, text);
            return Results.NoContent();
        }

        store.Save(userName, text);
        return Results.Redirect("/");
    }
}
