using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore;

/// <summary>Chooses where sessions live. Returned by <c>AddSessionAwareness</c>; without a choice, SQLite.</summary>
public sealed class SessionAwarenessBuilder
{
    internal SessionAwarenessBuilder(IServiceCollection services, ISignalRServerBuilder signalR)
    {
        Services = services;
        SignalR = signalR;
    }

    /// <summary>The app's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The SignalR server the hub runs on (for more hub options or another backplane).</summary>
    public ISignalRServerBuilder SignalR { get; }

    /// <summary>Keeps sessions in this process's memory: for tests. A restart ends every session.</summary>
    public SessionAwarenessBuilder UseInMemoryStore()
    {
        Services.RemoveAll<IUserSessionStore>();
        Services.AddSingleton<IUserSessionStore, InMemoryUserSessionStore>();
        Services.Configure<SessionAwarenessOptions>(o => o.PersistDataProtectionKeys = false);
        return this;
    }

    /// <summary>
    /// Keeps sessions in a SQLite file (the default; <see cref="SessionAwarenessOptions.SqliteDatabasePath"/>
    /// unless <paramref name="databasePath"/> is given), and the Data Protection key ring in <c>keys</c> beside
    /// it, so sessions and cookies survive a restart. Several processes may share the file on one machine.
    /// </summary>
    public SessionAwarenessBuilder UseSqlite(string? databasePath = null)
    {
        if (databasePath is not null)
        {
            Services.Configure<SessionAwarenessOptions>(o => o.SqliteDatabasePath = databasePath);
        }

        Services.RemoveAll<IUserSessionStore>();
        Services.AddSingleton<IUserSessionStore>(sp => new SqliteUserSessionStore(new SqliteUserSessionStoreOptions
        {
            DatabasePath = SqlitePath(sp),
        }));
        return this;
    }

    /// <summary>
    /// For a farm: sessions in Redis, the Data Protection key ring in Redis, the SignalR Redis backplane (a
    /// notice reaches a page on any instance), and session ends published to every instance (the one holding a
    /// killed session's connections aborts them). <paramref name="configuration"/> is a StackExchange.Redis
    /// configuration string such as <c>127.0.0.1:6379</c>.
    /// </summary>
    public SessionAwarenessBuilder AddRedis(string configuration, string keyPrefix = "session-awareness:")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var redisOptions = ConfigurationOptions.Parse(configuration);
        // Keep trying while Redis is down (at start, too) instead of failing the app's start: requests answer
        // 503 meanwhile and everything resumes when it is back.
        redisOptions.AbortOnConnectFail = false;

        Services.Configure<SessionAwarenessOptions>(o => o.RedisKeyPrefix = keyPrefix);
        Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        Services.RemoveAll<IUserSessionStore>();
        Services.AddSingleton<IUserSessionStore>(sp => new RedisUserSessionStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), new RedisUserSessionStoreOptions { KeyPrefix = keyPrefix }, sp.GetRequiredService<TimeProvider>()));
        Services.RemoveAll<ISessionSignals>();
        Services.AddSingleton<ISessionSignals>(sp => new RedisSessionSignals(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<HubConnectionRegistry>(),
            keyPrefix,
            sp.GetRequiredService<ILogger<RedisSessionSignals>>()));
        SignalR.AddStackExchangeRedis(backplane =>
        {
            backplane.Configuration = redisOptions.Clone();
            backplane.Configuration.ChannelPrefix = RedisChannel.Literal(keyPrefix + "signalr:");
        });
        return this;
    }

    internal static string SqlitePath(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<SessionAwarenessOptions>>().Value.SqliteDatabasePath;
        return Path.IsPathRooted(path) ? path : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, path);
    }
}
