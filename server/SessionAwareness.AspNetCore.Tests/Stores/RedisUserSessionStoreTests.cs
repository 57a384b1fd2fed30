using System.Net;
using System.Net.Sockets;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>
/// The conformance suite against <see cref="RedisUserSessionStore"/> on a real redis-server, plus what only
/// Redis has: key expiry, the hash tag, leftovers of keys Redis expired, and the server going away.
/// </summary>
[Collection(RedisServerFixture.CollectionName)]
public sealed class RedisUserSessionStoreTests(RedisServerFixture redis) : UserSessionStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IUserSessionStore> CreateStoreAsync() => Task.FromResult<IUserSessionStore>(NewStore(NewPrefix()));

    [Fact]
    public async Task Session_and_handle_keys_expire_RetainExpiredFor_after_the_deadline()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix, retainExpiredFor: TimeSpan.FromHours(1));
        var session = NewSession(createdAt: T0, expiresAt: T0.AddMinutes(30));
        await store.CreateAsync(session);
        var database = redis.Multiplexer.GetDatabase();
        var sessionKey = $"{{{prefix}}}s:{session.KeyHash}";
        var handleKey = $"{{{prefix}}}h:{session.Handle}";
        var userKey = $"{{{prefix}}}u:{session.UserId}";

        // Measured from the session's own clock (LastSeenAt), not Redis's: T0 is years away from now.
        AssertTimeToLive(TimeSpan.FromMinutes(90), await database.KeyTimeToLiveAsync(sessionKey));
        AssertTimeToLive(TimeSpan.FromMinutes(90), await database.KeyTimeToLiveAsync(handleKey));
        AssertTimeToLive(TimeSpan.FromMinutes(90), await database.KeyTimeToLiveAsync(userKey));

        await store.SlideAsync(session.KeyHash, T0.AddMinutes(10), T0.AddMinutes(130));

        AssertTimeToLive(TimeSpan.FromMinutes(180), await database.KeyTimeToLiveAsync(sessionKey));
        AssertTimeToLive(TimeSpan.FromMinutes(180), await database.KeyTimeToLiveAsync(handleKey));
        AssertTimeToLive(TimeSpan.FromMinutes(180), await database.KeyTimeToLiveAsync(userKey));
    }

    [Fact]
    public async Task A_session_written_before_os_and_device_type_existed_reads_with_empty_ones()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var session = NewSession("alice");
        await store.CreateAsync(session);
        await redis.Multiplexer.GetDatabase().HashDeleteAsync($"{{{prefix}}}s:{session.KeyHash}", ["os", "device_type"]);

        AssertSameSession(session with { Os = "", DeviceType = "" }, await store.FindByKeyAsync(session.KeyHash));
        AssertSameSession(session with { Os = "", DeviceType = "" }, await store.RemoveAsync(session.KeyHash));
    }

    [Fact]
    public async Task A_tombstone_is_a_key_under_the_hash_of_the_session_key_with_the_lifetime_as_ttl()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var killed = NewSession("alice", expiresAt: T0.AddMinutes(30));
        var expired = NewSession("alice", expiresAt: T0.AddMinutes(1));
        await CreateAllAsync(store, killed, expired);

        await store.RemoveAsync(killed.KeyHash, new SessionTombstone(SignedOutReason.Ended, "Chrome 156 on Linux", T0, T0.AddHours(24)));
        await store.TakeExpiredAsync(T0.AddMinutes(2), 10, TimeSpan.FromHours(2));

        var database = redis.Multiplexer.GetDatabase();
        AssertTimeToLive(TimeSpan.FromHours(24), await database.KeyTimeToLiveAsync($"{{{prefix}}}t:{killed.KeyHash}"));
        AssertTimeToLive(TimeSpan.FromHours(2), await database.KeyTimeToLiveAsync($"{{{prefix}}}t:{expired.KeyHash}"));
        var server = redis.Multiplexer.GetServers()[0];
        var keys = server.Keys(pattern: $"{{{prefix}}}*").Select(k => k.ToString()).ToList();
        Assert.Equal(2, keys.Count(key => key.Contains("}t:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_session_written_before_key_hash_existed_expires_without_a_tombstone()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var session = NewSession("alice", expiresAt: T0.AddMinutes(1));
        await store.CreateAsync(session);
        await redis.Multiplexer.GetDatabase().HashDeleteAsync($"{{{prefix}}}s:{session.KeyHash}", "key_hash");

        Assert.Single(await store.TakeExpiredAsync(T0.AddMinutes(2), 10, TimeSpan.FromHours(2)));
        Assert.Null(await store.FindTombstoneAsync(session.KeyHash, T0.AddMinutes(2)));
    }

    [Fact]
    public async Task A_users_set_lives_as_long_as_the_longest_of_their_sessions()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix, retainExpiredFor: TimeSpan.FromHours(1));
        await store.CreateAsync(NewSession("alice", createdAt: T0, expiresAt: T0.AddHours(5)));
        await store.CreateAsync(NewSession("alice", createdAt: T0, expiresAt: T0.AddMinutes(30)));

        AssertTimeToLive(TimeSpan.FromHours(6), await redis.Multiplexer.GetDatabase().KeyTimeToLiveAsync($"{{{prefix}}}u:alice"));
    }

    [Fact]
    public async Task All_keys_of_a_store_share_one_cluster_slot()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var session = NewSession("alice");
        await store.CreateAsync(session);
        await store.CreateAsync(NewSession("bob", expiresAt: T0));

        var server = redis.Multiplexer.GetServer(redis.ConnectionString);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{{{prefix}}}*"))
        {
            keys.Add(key);
        }

        Assert.True(keys.Count == 7, string.Join(", ", keys)); // 2 hashes, 2 handles, 2 user sets, the deadlines.
        Assert.Single(keys.Select(key => redis.Multiplexer.HashSlot(key)).Distinct());
    }

    [Fact]
    public async Task Leftovers_of_a_session_Redis_expired_are_skipped_and_cleaned_up()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var dropped = NewSession("alice", createdAt: T0, expiresAt: T0.AddMinutes(1));
        var due1 = NewSession("alice", createdAt: T0.AddSeconds(1), expiresAt: T0.AddMinutes(2));
        var due2 = NewSession("alice", createdAt: T0.AddSeconds(2), expiresAt: T0.AddMinutes(3));
        await CreateAllAsync(store, dropped, due1, due2);

        // What Redis's own expiry does to a session no sweeper took within RetainExpiredFor.
        var database = redis.Multiplexer.GetDatabase();
        await database.KeyDeleteAsync([$"{{{prefix}}}s:{dropped.KeyHash}", $"{{{prefix}}}h:{dropped.Handle}"]);

        Assert.Null(await store.FindByKeyAsync(dropped.KeyHash));
        Assert.Null(await store.FindByHandleAsync(dropped.Handle));
        Assert.Equal([due1.KeyHash, due2.KeyHash], (await store.ListByUserAsync("alice")).Select(s => s.KeyHash));
        Assert.False(await database.SetContainsAsync($"{{{prefix}}}u:alice", dropped.KeyHash));

        // The stale deadline does not use up one of the two places.
        Assert.Equal([due1.KeyHash, due2.KeyHash], (await store.TakeExpiredAsync(T0.AddHours(1), 2)).Select(s => s.KeyHash));
        Assert.Equal(0, await database.SortedSetLengthAsync($"{{{prefix}}}deadlines"));
    }

    [Fact]
    public async Task An_unreachable_Redis_makes_the_store_unavailable()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{FreePort()}");
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 0;
        options.ConnectTimeout = 500;
        options.AsyncTimeout = 1000;

        // Without a connection, fail at once instead of queueing until the timeout: quicker, same exception family.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var nowhere = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new RedisUserSessionStore(nowhere, new RedisUserSessionStoreOptions());

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.FindByKeyAsync("k"));
        Assert.NotNull(error.InnerException);
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.CreateAsync(NewSession()));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.TakeExpiredAsync(T0, 10));
    }

    [Fact]
    public async Task The_store_is_unavailable_while_Redis_is_down_and_works_again_after()
    {
        var store = NewStore(NewPrefix());
        var session = NewSession();
        await store.CreateAsync(session);

        await redis.StopAsync();
        try
        {
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.FindByKeyAsync(session.KeyHash));
        }
        finally
        {
            await redis.StartAsync();
        }

        // The data is gone (nothing is persisted), but the store serves again once the client reconnects.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await store.CreateAsync(session);
                break;
            }
            catch (SessionStoreUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        AssertSameSession(session, await store.FindByKeyAsync(session.KeyHash));
    }

    [Fact]
    public async Task A_secret_is_shared_by_stores_on_one_prefix_and_survives_a_new_store()
    {
        var prefix = NewPrefix();
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore(prefix)).ToArray();

        var results = await RunConcurrentlyAsync(8, worker => stores[worker % 4].GetOrAddSecretAsync("draft", [(byte)worker]));

        var kept = results[0];
        Assert.All(results, result => Assert.Equal(kept, result));
        Assert.Equal(kept, await NewStore(prefix).GetOrAddSecretAsync("draft", [42, 42]));
        Assert.Equal(new byte[] { 42, 42 }, await NewStore(NewPrefix()).GetOrAddSecretAsync("draft", [42, 42]));
        Assert.Null(await redis.Multiplexer.GetDatabase().KeyTimeToLiveAsync($"{{{prefix}}}secret:draft"));
    }

    [Fact]
    public void Options_without_a_prefix_or_retention_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => new RedisUserSessionStore(redis.Multiplexer, new RedisUserSessionStoreOptions { KeyPrefix = "" }));
        Assert.ThrowsAny<ArgumentException>(
            () => new RedisUserSessionStore(redis.Multiplexer, new RedisUserSessionStoreOptions { RetainExpiredFor = TimeSpan.Zero }));
    }

    private RedisUserSessionStore NewStore(string prefix, TimeSpan? retainExpiredFor = null) =>
        new(redis.Multiplexer, new RedisUserSessionStoreOptions
        {
            KeyPrefix = prefix,
            RetainExpiredFor = retainExpiredFor ?? new RedisUserSessionStoreOptions().RetainExpiredFor,
        });

    private static string NewPrefix() => $"test-{Guid.NewGuid():N}:";

    private static void AssertTimeToLive(TimeSpan expected, TimeSpan? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, expected - TimeSpan.FromSeconds(10), expected);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
