using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Pages;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>The signed-in page and its Notes form. Both need a live session.</summary>
public static class HomeEndpoints
{
    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowHome).RequireAuthorization();
        app.MapPost("/notes", SaveNotes).RequireAuthorization();
        return app;
    }

    private static IResult ShowHome(
        HttpContext context,
        ISessionRegistry registry,
        NotesStore notes,
        IAntiforgery antiforgery,
        SessionAwarenessOptions options)
    {
        // Loading a page is user activity: it slides the idle deadline.
        if (context.GetCurrentSession() is not { } current || registry.Slide(current.PublicHandle) is null)
        {
            return Results.Redirect(SessionCookieEvents.LoginPath);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var saved = notes.Get(current.UserName);
        return HtmlPage.Send(context, HomePage.Render(
            current.UserName, tokens.FormFieldName, tokens.RequestToken, saved?.Text, saved?.SavedAt, options));
    }

    // [FromForm] makes UseAntiforgery() check the token before this runs.
    private static IResult SaveNotes(HttpContext context, [FromForm(Name = "notes")] string? text, ISessionRegistry registry, NotesStore store)
    {
        if (context.GetCurrentSession() is not { } current || registry.Slide(current.PublicHandle) is null)
        {
            return Results.Unauthorized();
        }

        store.Save(current.UserName, text);
        return Results.Redirect("/");
    }
}
