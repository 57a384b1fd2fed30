using Microsoft.AspNetCore.Http;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Http;

/// <summary>
/// Keep-alive and status for the widget's expiry warning. HTTP, not hub calls: only HTTP responses can
/// renew cookies, and the deadline logic stays where the cookie is checked.
/// </summary>
internal static class SessionEndpoints
{
    public const string KeepaliveHeader = "X-Session-Keepalive";

    /// <summary>
    /// With the keep-alive header: also give this browser's session a new cookie key in the response (the widget sends
    /// it after Sign out all other sessions, so copies of this browser's cookie die with the other sessions).
    /// </summary>
    public const string RenewKeyHeader = "X-Session-Renew-Key";

    /// <summary>
    /// POST keep-alive: slides the session and tells every tab of it the new deadline. The custom header is
    /// the CSRF defence: another origin can only send it after a CORS preflight, which this library never
    /// approves. A plain form post or an image cannot keep a victim's session alive.
    /// </summary>
    public static async Task<IResult> KeepaliveAsync(HttpContext context, UserSessionManager sessions, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!string.Equals(context.Request.Headers[KeepaliveHeader], "1", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        if (context.GetCurrentSession() is not { } current || await sessions.SlideAsync(current, context.RequestAborted) is not { } slid)
        {
            return Results.Unauthorized();
        }

        if (string.Equals(context.Request.Headers[RenewKeyHeader], "1", StringComparison.Ordinal) && !SessionTicketStore.ByPreviousKey(context))
        {
            // A request through a previous key (in its grace) never renews: a renewal must start from the current key.
            await sessions.RenewKeyAsync(context);
        }

        return Results.Json(new ExpiryResponse(Iso8601.Format(slid.ExpiresAt), Iso8601.Format(time.GetUtcNow())));
    }

    /// <summary>GET status: the deadline, read-only (a tab checking its deadline is not user activity).</summary>
    public static IResult Status(HttpContext context, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        var now = time.GetUtcNow();
        if (context.GetCurrentSession() is not { } current || current.IsExpiredAt(now))
        {
            return Results.Unauthorized();
        }

        return Results.Json(new ExpiryResponse(Iso8601.Format(current.ExpiresAt), Iso8601.Format(now)));
    }

    /// <summary>Body of keep-alive and status: <c>{"expiresAt": ISO, "serverNow": ISO}</c>.</summary>
    public sealed record ExpiryResponse(string ExpiresAt, string ServerNow);
}
