using SessionAwareness.Demo.Auth;
using SessionAwareness.Demo.Hubs;
using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Endpoints;

/// <summary>
/// Keep-alive and status for the expiry warning. HTTP, not hub calls: only HTTP responses can
/// renew cookies, and it keeps the deadline logic where the cookie is checked.
/// </summary>
public static class SessionEndpoints
{
    public const string KeepaliveHeader = "X-Session-Keepalive";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/session").RequireAuthorization();
        session.MapPost("/keepalive", Keepalive);
        session.MapGet("/status", Status);
        return app;
    }

    private static async Task<IResult> Keepalive(HttpContext context, SessionEvents events, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";

        // The custom header is the CSRF defence: a cross-site page can only send it after a CORS
        // preflight, which this server never approves (it has no CORS policy). A plain form post
        // or <img> cannot keep a victim's session alive.
        if (!string.Equals(context.Request.Headers[KeepaliveHeader], "1", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        // Slides, and tells every tab of this session the new deadline, not only the one that asked.
        if (context.GetCurrentSession() is not { } current || await events.SlideAsync(current.PublicHandle) is not { } slid)
        {
            return Results.Unauthorized();
        }

        return Results.Json(new ExpiryResponse(Iso8601.Format(slid.ExpiresAt), Iso8601.Format(time.GetUtcNow())));
    }

    // Read-only: does not slide the session (a tab polling its deadline is not user activity).
    private static IResult Status(HttpContext context, ISessionRegistry registry, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.GetCurrentSession() is not { } current || registry.FindByHandle(current.PublicHandle) is not { Revoked: false } live)
        {
            return Results.Unauthorized();
        }

        return Results.Json(new ExpiryResponse(Iso8601.Format(live.ExpiresAt), Iso8601.Format(time.GetUtcNow())));
    }

    /// <summary>Body of keep-alive and status: <c>{"expiresAt": ISO, "serverNow": ISO}</c>.</summary>
    public sealed record ExpiryResponse(string ExpiresAt, string ServerNow);
}
