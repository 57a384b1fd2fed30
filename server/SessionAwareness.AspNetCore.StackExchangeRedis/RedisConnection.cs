using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>
/// The connection the store, the signals and the key ring share: the app's own (from
/// <see cref="RedisUserSessionStoreOptions.ConnectionMultiplexerFactory"/>, never disposed here) or one made from
/// the configuration. Deliberately not registered as <see cref="IConnectionMultiplexer"/>, so an app's own
/// registration of that service is never replaced or shadowed.
/// </summary>
internal sealed class RedisConnection(IServiceProvider services, IOptions<RedisUserSessionStoreOptions> options) : IDisposable
{
    private readonly Lazy<(IConnectionMultiplexer Multiplexer, bool Owned)> _connection = new(() =>
        options.Value.ConnectionMultiplexerFactory is { } factory
            ? (factory(services), false)
            : (ConnectionMultiplexer.Connect(ConfigurationFor(options.Value)), true));

    /// <summary>The shared connection, made on first use.</summary>
    public IConnectionMultiplexer Multiplexer => _connection.Value.Multiplexer;

    /// <summary>
    /// The configuration of a connection made here. It keeps trying while Redis is down (at start, too) instead
    /// of failing the app's start: requests answer 503 meanwhile and everything resumes when Redis is back.
    /// </summary>
    public static ConfigurationOptions ConfigurationFor(RedisUserSessionStoreOptions options)
    {
        var configuration = options.ConfigurationOptions?.Clone() ?? ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    public void Dispose()
    {
        if (_connection.IsValueCreated && _connection.Value.Owned)
        {
            _connection.Value.Multiplexer.Dispose();
        }
    }
}
