using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Keeps the Data Protection key ring with the session store: in the folder <c>keys</c> beside the SQLite
/// file, or in Redis. The keys protect the cookie and the stored tickets; kept only in memory (ASP.NET Core's
/// fallback on a Linux container) they die with the process and every cookie with them. An app that chose
/// its own key repository keeps it.
/// </summary>
internal sealed class KeepKeysWithStore(IServiceProvider services, IOptions<SessionAwarenessOptions> options, ILoggerFactory loggers)
    : IPostConfigureOptions<KeyManagementOptions>
{
    public void PostConfigure(string? name, KeyManagementOptions keys)
    {
        if (keys.XmlRepository is not null || !options.Value.PersistDataProtectionKeys)
        {
            return;
        }

        switch (services.GetRequiredService<IUserSessionStore>())
        {
            case SqliteUserSessionStore:
                var folder = Path.Combine(Path.GetDirectoryName(SessionAwarenessBuilder.SqlitePath(services))!, "keys");
                keys.XmlRepository = new FileSystemXmlRepository(Directory.CreateDirectory(folder), loggers);
                break;
            case RedisUserSessionStore:
                var redis = services.GetRequiredService<IConnectionMultiplexer>();
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), RedisKeyFor(options.Value));
                break;
        }
    }

    private static RedisKey RedisKeyFor(SessionAwarenessOptions options) => options.RedisKeyPrefix + "data-protection-keys";
}
