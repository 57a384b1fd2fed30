using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>
/// The Data Protection key ring in one Redis list (<c>{prefix}data-protection-keys</c>), made to survive a loss
/// of Redis's data while instances still run. Each instance remembers the key elements its key manager loaded.
/// Keys Redis lost are written back (one Lua script: no duplicates when several instances do it at once), and
/// keys another instance added meanwhile (one that started on the empty Redis made its own) make this
/// instance reload its key ring (<see cref="ReloadToken"/>). Without that, an instance that started after the
/// loss would issue cookies under a key only it knows, and its users would be signed out on every other instance.
/// </summary>
internal sealed partial class RedisKeyRing(RedisConnection connection, IOptions<RedisUserSessionStoreOptions> options, ILogger<RedisKeyRing> logger)
    : IXmlRepository, IDisposable
{
    // KEYS: the list. ARGV: elements. Appends each one the list does not hold (LPOS: Redis 6.0.6 or later).
    private const string RestoreScript = """
        local added = 0
        for i = 1, #ARGV do
          if not redis.call('LPOS', KEYS[1], ARGV[i]) then
            redis.call('RPUSH', KEYS[1], ARGV[i])
            added = added + 1
          end
        end
        return added
        """;

    private readonly Lock _gate = new();
    private readonly List<string> _known = [];
    private readonly HashSet<string> _knownSet = new(StringComparer.Ordinal);
    private CancellationTokenSource _reload = new();

    /// <summary>The Redis key of the list.</summary>
    public RedisKey Key { get; } = options.Value.KeyPrefix + "data-protection-keys";

    /// <summary>Cancelled when Redis holds keys this instance has not loaded: the key manager's cache then expires.</summary>
    public CancellationToken ReloadToken => Volatile.Read(ref _reload).Token;

    private IDatabase Database => connection.Multiplexer.GetDatabase();

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var stored = Database.ListRange(Key).Select(value => (string)value!).ToList();
        var lost = Lost(stored);
        if (lost.Length > 0)
        {
            // This instance's own refresh found the ring gone: put back what it knows before anyone makes a new key.
            Restore(lost, Database.ScriptEvaluate(RestoreScript, [Key], [.. lost.Select(x => (RedisValue)x)]));
            stored.AddRange(lost);
        }

        Remember(stored);
        return stored.Select(xml => XElement.Parse(xml)).ToList();
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        var xml = element.ToString(SaveOptions.DisableFormatting);
        Database.ListRightPush(Key, xml);
        Remember([xml]);
    }

    /// <summary>Compares Redis with what this instance loaded: writes back what Redis lost, reloads what it lacks.</summary>
    public async Task CheckAsync()
    {
        var stored = (await Database.ListRangeAsync(Key)).Select(value => (string)value!).ToList();
        var lost = Lost(stored);
        if (lost.Length > 0)
        {
            Restore(lost, await Database.ScriptEvaluateAsync(RestoreScript, [Key], [.. lost.Select(x => (RedisValue)x)]));
        }

        bool unknown;
        lock (_gate)
        {
            // Before the key manager loaded anything there is nothing to compare with.
            unknown = _known.Count > 0 && stored.Exists(xml => !_knownSet.Contains(xml));
        }

        if (unknown)
        {
            LogReloading(logger, Key);
            using var previous = Interlocked.Exchange(ref _reload, new CancellationTokenSource());
            await previous.CancelAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _reload).Dispose();

    private string[] Lost(List<string> stored)
    {
        var present = new HashSet<string>(stored, StringComparer.Ordinal);
        lock (_gate)
        {
            return [.. _known.Where(xml => !present.Contains(xml))];
        }
    }

    private void Restore(string[] lost, RedisResult added) => LogRestored(logger, Key, lost.Length, (int)added);

    private void Remember(IEnumerable<string> elements)
    {
        lock (_gate)
        {
            foreach (var xml in elements)
            {
                if (_knownSet.Add(xml))
                {
                    _known.Add(xml);
                }
            }
        }
    }

    [LoggerMessage(EventId = 101, EventName = "KeyRingRestored", Level = LogLevel.Warning,
        Message = "The Data Protection key ring in Redis ({Key}) lacked {Count} key element(s) this instance uses (Redis lost its data?); {Added} written back")]
    private static partial void LogRestored(ILogger logger, RedisKey key, int count, int added);

    [LoggerMessage(EventId = 102, EventName = "KeyRingReloading", Level = LogLevel.Information,
        Message = "The Data Protection key ring in Redis ({Key}) holds keys this instance has not loaded; reloading it")]
    private static partial void LogReloading(ILogger logger, RedisKey key);
}

/// <summary>
/// The app's key manager, whose cached key ring also expires when <see cref="RedisKeyRing.ReloadToken"/> fires
/// (Data Protection otherwise reloads it only about once a day, or when this process makes or revokes a key).
/// </summary>
internal sealed class ReloadingKeyManager(IKeyManager inner, RedisKeyRing ring) : IKeyManager
{
    public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate) => inner.CreateNewKey(activationDate, expirationDate);

    public IReadOnlyCollection<IKey> GetAllKeys() => inner.GetAllKeys();

    // A linked source per key-ring load (about once a day, and after each reload): small, and collected with its tokens.
    public CancellationToken GetCacheExpirationToken() =>
        CancellationTokenSource.CreateLinkedTokenSource(inner.GetCacheExpirationToken(), ring.ReloadToken).Token;

    public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => inner.RevokeAllKeys(revocationDate, reason);

    public void RevokeKey(Guid keyId, string? reason = null) => inner.RevokeKey(keyId, reason);
}

/// <summary>Runs <see cref="RedisKeyRing.CheckAsync"/> every <see cref="RedisUserSessionStoreOptions.KeyRingCheckInterval"/> while the key ring is in Redis.</summary>
internal sealed partial class RedisKeyRingWatcher(
    RedisKeyRing ring,
    IOptions<KeyManagementOptions> keys,
    IOptions<RedisUserSessionStoreOptions> options,
    TimeProvider time,
    ILogger<RedisKeyRingWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The app kept its keys elsewhere (PersistKeysTo…): nothing to watch.
        if (!ReferenceEquals(keys.Value.XmlRepository, ring))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.KeyRingCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ring.CheckAsync();
                }
                catch (Exception error) when (error is RedisException or TimeoutException)
                {
                    // Redis down: the store answers 503 meanwhile; the next tick tries again.
                    LogCheckFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 103, EventName = "KeyRingCheckFailed", Level = LogLevel.Debug, Message = "Could not compare the key ring with Redis; trying again at the next check")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);
}
