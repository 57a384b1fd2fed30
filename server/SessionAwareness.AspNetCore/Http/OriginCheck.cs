using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SessionAwareness.AspNetCore.Http;

/// <summary>Checks of the Origin header, which browsers set on WebSocket upgrades and on every POST.</summary>
/// <remarks>
/// Behind a reverse proxy, run UseForwardedHeaders first so that scheme and host are the public ones. A
/// non-browser client can send any Origin, but it has no victim's cookie to abuse: the check protects
/// signed-in browsers from other sites' pages. Browsers send cookies with a cross-site WebSocket upgrade
/// (SameSite=Lax does not stop its GET) and CORS does not apply to WebSockets, so without it any site
/// could open the hub as the signed-in user.
/// </remarks>
public static class OriginCheck
{
    /// <summary>
    /// True when the request has no Origin (a non-browser client), or exactly one that is this request's own
    /// origin or one of <paramref name="allowedOrigins"/>. "null" (sandboxed frames, file: pages) never is.
    /// </summary>
    public static bool IsAllowed(HttpRequest request, IEnumerable<string> allowedOrigins)
    {
        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        return IsSameOrigin(origin, request.Scheme, request.Host)
            || (origin.Count == 1 && origin[0] != "null" && allowedOrigins.Contains(origin[0], StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>True when there is exactly one Origin header and it names this request's own origin.</summary>
    public static bool IsSameOrigin(StringValues origin, string scheme, HostString host) =>
        origin.Count == 1 && host.HasValue && string.Equals(origin[0], $"{scheme}://{host.Value}", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc cref="IsSameOrigin(StringValues, string, HostString)"/>
    public static bool IsSameOrigin(HttpRequest request) => IsSameOrigin(request.Headers.Origin, request.Scheme, request.Host);
}
