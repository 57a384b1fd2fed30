using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.Hubs;
using SessionAwareness.AspNetCore.Sessions;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>
/// A farm: the handle is published on a Redis channel that every instance (this one included) listens to.
/// Only the public handle travels, never the session key. If Redis cannot take the message, this
/// instance still cuts its own connections; the others' connections then end at their next request
/// with a 401 (the session is gone from the shared store), which the widget treats as "ended".
/// </summary>
internal sealed partial class RedisSessionSignals : ISessionSignals, IDisposable
{
    private readonly RedisChannel _channel;
    private readonly RedisChannel _renewedChannel;
    private readonly HubConnectionRegistry _connections;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisSessionSignals> _logger;

    public RedisSessionSignals(IConnectionMultiplexer redis, HubConnectionRegistry connections, string channelPrefix, ILogger<RedisSessionSignals> logger)
    {
        _redis = redis;
        _connections = connections;
        _logger = logger;
        _channel = RedisChannel.Literal(channelPrefix + "ended");
        _renewedChannel = RedisChannel.Literal(channelPrefix + "renewed");
        // Subscribed at construction (the singleton is created at start by the sweeper), and kept across
        // reconnects by the multiplexer.
        _redis.GetSubscriber().Subscribe(_channel, (channel, message) =>
        {
            var handle = (string?)message;
            if (!string.IsNullOrEmpty(handle) && handle.Length <= 128)
            {
                _ = _connections.AbortSessionAfterGraceAsync(handle);
            }
        });

        // "<handle> <key hash>": the session's public handle and the SHA-256 of its new key, never a key.
        _redis.GetSubscriber().Subscribe(_renewedChannel, (channel, message) =>
        {
            var parts = ((string?)message)?.Split(' ');
            if (parts is [{ Length: > 0 and <= 128 } handle, { Length: > 0 and <= 128 } keyHash])
            {
                _ = _connections.AbortOtherKeysAfterGraceAsync(handle, keyHash);
            }
        });
    }

    public async Task PublishKeyRenewedAsync(string handle, string keyHash, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(_renewedChannel, handle + " " + keyHash);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            LogPublishFailed(_logger, error);
            _ = _connections.AbortOtherKeysAfterGraceAsync(handle, keyHash);
        }
    }

    public async Task PublishEndedAsync(string handle, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, handle);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            LogPublishFailed(_logger, error);
            _ = _connections.AbortSessionAfterGraceAsync(handle);
        }
    }

    public void Dispose()
    {
        _redis.GetSubscriber().Unsubscribe(_channel);
        _redis.GetSubscriber().Unsubscribe(_renewedChannel);
    }

    [LoggerMessage(EventId = 100, EventName = "SessionSignalPublishFailed", Level = LogLevel.Warning, Message = "Could not publish a session end to the other instances; connections there close at their next request")]
    private static partial void LogPublishFailed(ILogger logger, Exception error);
}
