using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Pages;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>The signed-in page and its Notes form. Both need a live session.</summary>
public static class HomeEndpoints
{
    /// <summary>Marks a POST /notes as the widget's autosave (value <c>1</c>), not the user's Save.</summary>
    public const string AutosaveHeader = "X-Autosave";

    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowHome).RequireAuthorization();
        // [FromForm] makes UseAntiforgery() check the token before SaveNotes runs, autosave included:
        // the widget posts the live form, token and all.
        app.MapPost("/notes", SaveNotes).RequireAuthorization();
        return app;
    }

    /// <summary>GET /: loading the page is user activity, so it slides the session.</summary>
    public static async Task<IResult> ShowHome(
        HttpContext context,
        SessionEvents events,
        NotesStore notes,
        IAntiforgery antiforgery,
        SessionAwarenessOptions options)
    {
        if (context.GetCurrentSession() is not { } current || await events.SlideAsync(current.PublicHandle) is null)
        {
            return Results.Redirect(SessionCookieEvents.LoginPath);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var saved = notes.Get(current.UserName);
        var draft = notes.GetDraft(current.UserName);
        return HtmlPage.Send(context, HomePage.Render(
            current.UserName, tokens.FormFieldName, tokens.RequestToken, saved?.Text, saved?.SavedAt, options, draft?.Text, draft?.SavedAt));
    }

    /// <summary>
    /// POST /notes. The user's Save slides the session, saves the notes (dropping the draft) and
    /// redirects to /. The widget's autosave (<see cref="AutosaveHeader"/>) stores a draft and
    /// answers 204, and does not slide the session.
    /// </summary>
    public static async Task<IResult> SaveNotes(
        HttpContext context,
        [FromForm(Name = "notes")] string? text,
        ISessionRegistry registry,
        NotesStore store,
        SessionEvents events)
    {
        if (context.GetCurrentSession() is not { } current)
        {
            return Results.Unauthorized();
        }

        var autosave = context.Request.Headers[AutosaveHeader];
        if (autosave.Count > 0)
        {
            context.Response.Headers.CacheControl = "no-store";

            // Anything but exactly "1" is refused rather than taken as a Save: a request that looks
            // like an autosave must never slide the session.
            if (!string.Equals(autosave, "1", StringComparison.Ordinal))
            {
                return Results.BadRequest();
            }

            // The autosave fires *because* the user is idle and the session about to expire. If it
            // slid the session, an idle session would keep itself alive through its own autosave,
            // for ever. So: a liveness check only, no Slide, no sessionExpiry.
            if (registry.FindByHandle(current.PublicHandle) is not { Revoked: false })
            {
                return Results.Unauthorized();
            }

            store.SaveDraft(current.UserName, text);
            return Results.NoContent();
        }

        if (await events.SlideAsync(current.PublicHandle) is null)
        {
            return Results.Unauthorized();
        }

        store.Save(current.UserName, text);
        return Results.Redirect("/");
    }
}
