using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Devices;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Sessions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds session-awareness to an app's services.</summary>
public static class SessionAwarenessServiceCollectionExtensions
{
    /// <summary>
    /// Adds server-side sessions to the app's existing cookie sign-in (the default authenticate scheme, or
    /// <see cref="SessionAwarenessOptions.CookieScheme"/>), the session hub and its services. Options are bound
    /// from the <c>SessionAwareness</c> configuration section, then <paramref name="configure"/>, and validated
    /// when the app starts. Sessions live in SQLite unless the returned builder chooses otherwise.
    /// </summary>
    public static SessionAwarenessBuilder AddSessionAwareness(this IServiceCollection services, Action<SessionAwarenessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<SessionAwarenessOptions>().BindConfiguration(SessionAwarenessOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionAwarenessOptions>, SessionAwarenessOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>, SecurityStampValidation>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SessionAwarenessMetrics>();
        services.TryAddSingleton<IDeviceDescriber, UserAgentDeviceDescriber>();
        services.TryAddSingleton<ILocationResolver, NoLocationResolver>();
        services.TryAddSingleton<HubConnectionRegistry>();
        services.TryAddSingleton<KillRateLimiter>();
        services.TryAddSingleton<FloodLog>();
        services.TryAddSingleton<SessionNotifier>();
        services.TryAddSingleton<ISessionSignals, LocalSessionSignals>();
        services.TryAddSingleton(sp => new UserSessionManager(
            sp.GetRequiredService<SessionAwareness.AspNetCore.Stores.IUserSessionStore>(),
            sp.GetRequiredService<SessionNotifier>(),
            sp.GetRequiredService<ISessionSignals>(),
            sp.GetRequiredService<IOptions<SessionAwarenessOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SessionAwarenessMetrics>(),
            sp.GetRequiredService<ILogger<UserSessionManager>>()));
        services.TryAddSingleton<DraftKeys>();
        services.TryAddSingleton<SessionTicketStore>();
        services.TryAddSingleton<AppCookieEvents>();
        services.TryAddScoped<SessionCookieEvents>();
        services.TryAddSingleton<JoinCookieScheme>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, JoinCookieScheme>(sp => sp.GetRequiredService<JoinCookieScheme>()));
        services.AddHostedService<CheckJoinedScheme>();
        services.AddDataProtection();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KeyManagementOptions>, KeepKeysWithStore>());
        services.AddHostedService<SessionExpirySweeper>();

        // Detailed errors would send exception messages (and so internals) to any client. One invocation at
        // a time per client, and small messages: the hub takes a handle and nothing else.
        // AddHubOptions registers the per-hub setup that makes SignalR use these values at all (it copies the
        // global options first); the values themselves come from the validated options.
        var signalR = services.AddSignalR().AddHubOptions<SessionHub>(_ => { });
        services.AddOptions<Microsoft.AspNetCore.SignalR.HubOptions<SessionHub>>()
            .Configure<IOptions<SessionAwarenessOptions>>((hub, sessionOptions) =>
            {
                hub.EnableDetailedErrors = false;
                hub.MaximumReceiveMessageSize = sessionOptions.Value.MaximumReceiveMessageSize;
                hub.MaximumParallelInvocationsPerClient = 1;
            });

        var builder = new SessionAwarenessBuilder(services, signalR);
        builder.UseSqlite();
        return builder;
    }
}
