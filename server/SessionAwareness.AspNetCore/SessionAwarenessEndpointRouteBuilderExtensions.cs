using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Http;
using SessionAwareness.AspNetCore.Hubs;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the session hub and the keep-alive and status endpoints.</summary>
public static class SessionAwarenessEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the hub (<see cref="SessionAwarenessOptions.HubPath"/>) with an origin check, generic errors and
    /// <c>CloseOnAuthenticationExpiration</c>, and keep-alive and status. All require a signed-in user of the
    /// joined cookie scheme. Call after <c>UseAuthentication</c> and <c>UseAuthorization</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSessionAwareness(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<SessionAwarenessOptions>>().Value;
        var scheme = services.GetRequiredService<JoinCookieScheme>().SchemeName!;
        var policy = new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().Build();

        var group = endpoints.MapGroup("");
        group.RequireAuthorization(policy);

        // Close a connection when its authentication expires, instead of letting it outlive the cookie.
        var hub = group.MapHub<SessionHub>(options.HubPath, connection => connection.CloseOnAuthenticationExpiration = true);
        hub.Add(endpoint =>
        {
            // Negotiate and the WebSocket upgrade alike: refuse pages of other origins before SignalR runs.
            var next = endpoint.RequestDelegate!;
            var allowed = options.AllowedOrigins.ToArray();
            endpoint.RequestDelegate = context =>
            {
                if (!OriginCheck.IsAllowed(context.Request, allowed))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                }

                return next(context);
            };
        });

        group.MapPost(options.KeepalivePath, SessionEndpoints.KeepaliveAsync).DisableAntiforgery();
        group.MapGet(options.StatusPath, SessionEndpoints.Status);
        return group;
    }
}
