using Microsoft.Extensions.Primitives;

namespace SessionAwareness.Demo.Infrastructure;

/// <summary>Checks of the Origin header, which browsers set on WebSocket upgrades and on every POST.</summary>
/// <remarks>
/// Behind a reverse proxy, run UseForwardedHeaders first so that scheme and host are the public ones.
/// A non-browser client can send any Origin, but it has no victim's cookie to abuse: these checks
/// protect signed-in browsers from other sites' pages.
/// </remarks>
public static class OriginCheck
{
    /// <summary>
    /// Refuses (403) requests under <paramref name="hubsPrefix"/> sent by pages of other origins.
    /// Browsers send cookies with a cross-site WebSocket upgrade (SameSite=Lax does not stop the
    /// upgrade's GET) and CORS does not apply to WebSockets, so without this check any site could
    /// open the hub as the signed-in user. It covers negotiate (a POST) and the upgrade alike.
    /// Requests without Origin (non-browser clients) pass.
    /// </summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, PathString hubsPrefix) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments(hubsPrefix)
                && request.Headers.Origin.Count > 0
                && !IsSameOrigin(request.Headers.Origin, request.Scheme, request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        });

    /// <summary>True when there is exactly one Origin header and it names this request's own origin.</summary>
    public static bool IsSameOrigin(StringValues origin, string scheme, HostString host)
    {
        if (origin.Count != 1 || !host.HasValue)
        {
            return false;
        }

        // "null" (sandboxed frames, file: pages) never equals an http origin, so it is refused too.
        return string.Equals(origin[0], $"{scheme}://{host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc cref="IsSameOrigin(StringValues, string, HostString)"/>
    public static bool IsSameOrigin(HttpRequest request) => IsSameOrigin(request.Headers.Origin, request.Scheme, request.Host);
}
