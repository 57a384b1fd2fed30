using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.StackExchangeRedis;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts session-awareness on Redis, for a farm.</summary>
public static class SessionAwarenessRedisBuilderExtensions
{
    /// <summary>
    /// For a farm, on the Redis at <paramref name="configuration"/> (a StackExchange.Redis configuration string such
    /// as <c>redis.internal:6379</c>); see <see cref="AddRedis(SessionAwarenessBuilder, Action{RedisUserSessionStoreOptions})"/>.
    /// </summary>
    public static SessionAwarenessBuilder AddRedis(this SessionAwarenessBuilder builder, string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.AddRedis(o => o.Configuration = configuration);
    }

    /// <summary>
    /// For a farm, on the app's own connection: <c>AddRedis(sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;())</c>;
    /// see <see cref="AddRedis(SessionAwarenessBuilder, Action{RedisUserSessionStoreOptions})"/>.
    /// </summary>
    public static SessionAwarenessBuilder AddRedis(this SessionAwarenessBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connectionMultiplexerFactory)
    {
        ArgumentNullException.ThrowIfNull(connectionMultiplexerFactory);
        return builder.AddRedis(o => o.ConnectionMultiplexerFactory = connectionMultiplexerFactory);
    }

    /// <summary>
    /// For a farm: sessions in Redis, the Data Protection key ring in Redis (rewritten by the instances that still
    /// run if Redis loses it), the SignalR Redis backplane (a notice reaches a page on any instance), and session
    /// ends published to every instance (the one holding a killed session's connections aborts them). Options bind
    /// from the configuration section <c>SessionAwareness:Redis</c>, then <paramref name="configure"/>, and are
    /// validated at start. No <see cref="IConnectionMultiplexer"/> is registered: an app's own stays its own.
    /// </summary>
    public static SessionAwarenessBuilder AddRedis(this SessionAwarenessBuilder builder, Action<RedisUserSessionStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisUserSessionStoreOptions>()
            .BindConfiguration(RedisUserSessionStoreOptionsValidator.Section)
            .Configure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisUserSessionStoreOptions>, RedisUserSessionStoreOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();

        services.RemoveAll<IUserSessionStore>();
        services.AddSingleton<IUserSessionStore>(sp => new RedisUserSessionStore(
            sp.GetRequiredService<RedisConnection>().Multiplexer,
            sp.GetRequiredService<IOptions<RedisUserSessionStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<ISessionSignals>();
        services.AddSingleton<ISessionSignals>(sp => new RedisSessionSignals(
            sp.GetRequiredService<RedisConnection>().Multiplexer,
            sp.GetRequiredService<HubConnectionRegistry>(),
            sp.GetRequiredService<IOptions<RedisUserSessionStoreOptions>>().Value.KeyPrefix,
            sp.GetRequiredService<ILogger<RedisSessionSignals>>()));

        // The key ring: in Redis beside the sessions, watched for a loss of Redis's data.
        services.TryAddSingleton<RedisKeyRing>();
        services.RemoveAll<KeyRingPlacement>();
        services.AddSingleton(new KeyRingPlacement((sp, store) => store is RedisUserSessionStore
            ? new(sp.GetRequiredService<RedisKeyRing>(), "Redis key " + sp.GetRequiredService<RedisKeyRing>().Key.ToString())
            : null));
        services.AddDataProtection();
        if (services.LastOrDefault(d => d.ServiceType == typeof(IKeyManager)) is { ImplementationType: { } keyManager } && keyManager == typeof(XmlKeyManager))
        {
            // Only Data Protection's own key manager is wrapped; an app's own stays untouched.
            services.Replace(ServiceDescriptor.Singleton<IKeyManager>(sp => new ReloadingKeyManager(
                ActivatorUtilities.CreateInstance<XmlKeyManager>(sp), sp.GetRequiredService<RedisKeyRing>())));
        }

        services.AddHostedService<RedisKeyRingWatcher>();

        builder.SignalR.AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IOptions<RedisUserSessionStoreOptions>, RedisConnection>((backplane, options, connection) =>
        {
            if (options.Value.ConnectionMultiplexerFactory is not null)
            {
                // The app's connection, shared.
                backplane.ConnectionFactory = _ => Task.FromResult(connection.Multiplexer);
            }
            else
            {
                backplane.Configuration = RedisConnection.ConfigurationFor(options.Value);
            }

            backplane.Configuration.ChannelPrefix = RedisChannel.Literal(options.Value.KeyPrefix + "signalr:");
        });
        return builder;
    }
}
