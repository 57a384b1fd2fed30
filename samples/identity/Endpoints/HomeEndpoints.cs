using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.Samples.Identity.Pages;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Samples.Identity.Endpoints;

/// <summary>The signed-in page.</summary>
internal static class HomeEndpoints
{
    public static IEndpointRouteBuilder MapHomeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowHome).RequireAuthorization();
        return app;
    }

    /// <summary>GET /: the user (from Identity's claims), the account actions, the live sessions and the widget.</summary>
    private static async Task<IResult> ShowHome(
        HttpContext context,
        string? done,
        UserManager<IdentityUser> users,
        UserSessionManager sessions,
        IAntiforgery antiforgery,
        IOptions<SessionAwarenessOptions> options)
    {
        // Identity's own claims, untouched by the library: the name claim is the user name (the email here),
        // NameIdentifier the user id.
        var email = context.User.Identity?.Name ?? "";
        var userId = users.GetUserId(context.User);
        var live = userId is null ? [] : await sessions.ListLiveSessionsAsync(userId, context.RequestAborted);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var notice = done is not null && HomePage.Notices.TryGetValue(done, out var text) ? text : null;
        return HtmlPage.Send(context, HomePage.Render(
            email, tokens.FormFieldName, tokens.RequestToken, live, context.User.FindSessionHandle(), options.Value, notice));
    }
}
