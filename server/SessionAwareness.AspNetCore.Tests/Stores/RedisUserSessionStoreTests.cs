using System.Net;
using System.Net.Sockets;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Specification.Tests;
using SessionAwareness.AspNetCore.StackExchangeRedis;
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
    private readonly Dictionary<IUserSessionStore, string> _prefixes = [];

    /// <inheritdoc />
    protected override Task<IUserSessionStore> CreateStoreAsync()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        _prefixes[store] = prefix;
        return Task.FromResult<IUserSessionStore>(store);
    }

    /// <summary>Every key name and every value under the store's prefix.</summary>
    protected override Task<string> HeldTextAsync(IUserSessionStore store) => HeldTextAsync(_prefixes[store]);

    [Fact]
    public async Task A_database_of_the_old_layout_is_rekeyed_to_key_hashes_signing_nobody_out_and_no_raw_key_is_left()
    {
        var prefix = NewPrefix();
        var database = redis.Multiplexer.GetDatabase();
        var rawKeys = Enumerable.Range(0, 60).Select(_ => NewId(32)).ToList();
        var sessions = rawKeys.Select((raw, i) =>
        {
            var session = NewSession(i % 3 == 0 ? "bob" : "alice", createdAt: T0.AddSeconds(i), expiresAt: T0.AddMinutes(30 + i));
            return session with { KeyHash = SessionKeys.Hash(raw) };
        }).ToList();
        foreach (var (session, raw) in sessions.Zip(rawKeys))
        {
            await WriteOldLayoutSessionAsync(database, prefix, raw, session);
        }

        // A session Redis expired before any sweeper took it: its deadline and user-set member are left, with the raw key.
        var vanishedRawKey = NewId(32);
        await database.SortedSetAddAsync($"{{{prefix}}}deadlines", vanishedRawKey, T0.ToUnixTimeMilliseconds());
        await database.SetAddAsync($"{{{prefix}}}u:alice", vanishedRawKey);
        var endedRawKey = NewId(32);
        var tombstone = new SessionTombstone(SignedOutReason.Revoked, "Firefox 130 on Windows", T0, T0.AddHours(24));
        await database.HashSetAsync($"{{{prefix}}}t:{SessionKeys.Hash(endedRawKey)}",
            [new("reason", "revoked"), new("ended_by", tombstone.EndedBy), new("ended_at", T0.ToUnixTimeMilliseconds()), new("expires_at", tombstone.ExpiresAt.ToUnixTimeMilliseconds())]);
        Assert.Contains(rawKeys[0], await HeldTextAsync(prefix), StringComparison.Ordinal);

        // Three processes start at once: all migrate, each session exactly once.
        var stores = Enumerable.Range(0, 3).Select(_ => NewStore(prefix)).ToArray();
        var found = await RunConcurrentlyAsync(3, worker => stores[worker].FindByKeyAsync(sessions[worker].KeyHash));
        for (var i = 0; i < 3; i++)
        {
            AssertSameSession(sessions[i], found[i]);
        }

        foreach (var session in sessions)
        {
            AssertSameSession(session, await stores[0].FindByKeyAsync(session.KeyHash));
            AssertSameSession(session, await stores[1].FindByHandleAsync(session.Handle));
        }

        Assert.Equal(sessions.Where(s => s.UserId == "alice").Select(s => s.KeyHash), (await stores[2].ListByUserAsync("alice")).Select(s => s.KeyHash));
        Assert.Equal(tombstone, await stores[0].FindTombstoneAsync(SessionKeys.Hash(endedRawKey), T0));
        Assert.Null(await stores[0].FindByKeyAsync(rawKeys[0]));
        AssertTimeToLive(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(30), await database.KeyTimeToLiveAsync($"{{{prefix}}}s:{sessions[0].KeyHash}"));
        AssertTimeToLive(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(30), await database.KeyTimeToLiveAsync($"{{{prefix}}}h:{sessions[0].Handle}"));

        var held = await HeldTextAsync(prefix);
        Assert.Contains(sessions[5].KeyHash, held, StringComparison.Ordinal);
        foreach (var raw in rawKeys.Append(vanishedRawKey))
        {
            Assert.DoesNotContain(raw, held, StringComparison.Ordinal);
        }

        // The sweeper takes migrated sessions, under their hashes, earliest first, and buries them under the same hash.
        var taken = await stores[1].TakeExpiredAsync(T0.AddHours(2), 100, TimeSpan.FromHours(1));
        Assert.Equal(sessions.Select(s => s.KeyHash), taken.Select(s => s.KeyHash));
        Assert.NotNull(await stores[0].FindTombstoneAsync(sessions[7].KeyHash, T0.AddHours(2)));
        Assert.Equal(0, await database.SortedSetLengthAsync($"{{{prefix}}}deadlines"));
    }

    [Fact]
    public async Task A_store_that_has_migrated_leaves_later_data_alone()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var session = NewSession("alice");
        await store.CreateAsync(session);

        // A second process starting later sees the marker and finds the session as it is.
        var later = NewStore(prefix);
        AssertSameSession(session, await later.FindByKeyAsync(session.KeyHash));
        Assert.Equal("2", (string?)await redis.Multiplexer.GetDatabase().StringGetAsync($"{{{prefix}}}layout"));
        AssertSameSession(session, Assert.Single(await later.ListByUserAsync("alice")));
    }

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

        Assert.True(keys.Count == 8, string.Join(", ", keys)); // 2 hashes, 2 handles, 2 user sets, the deadlines, the layout marker.
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
    public async Task A_previous_key_is_an_alias_living_for_the_grace_on_the_stores_clock_and_gone_with_the_session()
    {
        var prefix = NewPrefix();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var store = new RedisUserSessionStore(redis.Multiplexer, new RedisUserSessionStoreOptions { KeyPrefix = prefix }, time);
        var session = NewSession("alice");
        var late = NewSession("alice");
        await CreateAllAsync(store, session, late);
        var database = redis.Multiplexer.GetDatabase();
        var (second, third) = (NewId(32), NewId(32));

        await store.RenewKeyAsync(session.KeyHash, second, [1], T0.AddMinutes(1), "b");
        Assert.Equal(second, (string?)await database.StringGetAsync($"{{{prefix}}}p:{session.KeyHash}"));
        AssertTimeToLive(TimeSpan.FromMinutes(1), await database.KeyTimeToLiveAsync($"{{{prefix}}}p:{session.KeyHash}"));

        // Renewing again replaces the alias; removing the session removes the last one.
        await store.RenewKeyAsync(second, third, [2], T0.AddMinutes(2), "b");
        Assert.False(await database.KeyExistsAsync($"{{{prefix}}}p:{session.KeyHash}"));
        Assert.Equal(third, (string?)await database.StringGetAsync($"{{{prefix}}}p:{second}"));
        await store.RemoveAsync(third);
        Assert.False(await database.KeyExistsAsync($"{{{prefix}}}p:{second}"));

        // A grace already over on the store's clock leaves no alias at all.
        time.Advance(TimeSpan.FromMinutes(5));
        var renewed = await store.RenewKeyAsync(late.KeyHash, NewId(32), [3], T0.AddMinutes(1), "b");
        Assert.Equal(late.KeyHash, renewed!.PreviousKeyHash);
        Assert.False(await database.KeyExistsAsync($"{{{prefix}}}p:{late.KeyHash}"));
        Assert.Null(await store.FindByKeyAsync(late.KeyHash));
    }

    [Fact]
    public async Task A_users_tombstones_are_indexed_by_end_in_a_sorted_set_that_expires_with_the_last()
    {
        var prefix = NewPrefix();
        var store = NewStore(prefix);
        var first = NewSession("alice");
        var second = NewSession("alice");
        await CreateAllAsync(store, first, second);

        await store.RemoveAsync(first.KeyHash, new SessionTombstone(SignedOutReason.Ended, "", T0.AddMinutes(2), T0.AddHours(3)));
        await store.RemoveAsync(second.KeyHash, new SessionTombstone(SignedOutReason.Ended, "", T0.AddMinutes(1), T0.AddHours(1)));

        var database = redis.Multiplexer.GetDatabase();
        Assert.Equal([second.KeyHash, first.KeyHash], (await database.SortedSetRangeByRankAsync($"{{{prefix}}}tu:alice")).Select(v => v.ToString()));
        AssertTimeToLive(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(2), await database.KeyTimeToLiveAsync($"{{{prefix}}}tu:alice"));
    }

    [Fact]
    public void Options_without_a_prefix_or_retention_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => new RedisUserSessionStore(redis.Multiplexer, new RedisUserSessionStoreOptions { KeyPrefix = "" }));
        Assert.ThrowsAny<ArgumentException>(
            () => new RedisUserSessionStore(redis.Multiplexer, new RedisUserSessionStoreOptions { RetainExpiredFor = TimeSpan.Zero }));
    }

    // A session exactly as the store before version 2 of its layout wrote it (git show 076eb9b:server/SessionAwareness.AspNetCore/Stores/RedisUserSessionStore.cs):
    // everything under the raw cookie key, and the key's hash in a field for the sweeper's tombstone.
    private static async Task WriteOldLayoutSessionAsync(IDatabase database, string prefix, string rawKey, UserSession session)
    {
        var tag = $"{{{prefix}}}";
        var ttl = session.ExpiresAt - session.LastSeenAt + TimeSpan.FromDays(1);
        await database.HashSetAsync(tag + "s:" + rawKey,
        [
            new("key", rawKey), new("handle", session.Handle), new("user_id", session.UserId),
            new("created_at", session.CreatedAt.ToUnixTimeMilliseconds()), new("last_seen_at", session.LastSeenAt.ToUnixTimeMilliseconds()),
            new("expires_at", session.ExpiresAt.ToUnixTimeMilliseconds()), new("browser", session.Browser), new("device", session.Device),
            new("location", session.Location), new("ticket", session.Ticket), new("os", session.Os), new("device_type", session.DeviceType),
            new("key_hash", SessionKeys.Hash(rawKey)),
        ]);
        await database.KeyExpireAsync(tag + "s:" + rawKey, ttl);
        await database.StringSetAsync(tag + "h:" + session.Handle, rawKey, ttl);
        await database.SetAddAsync(tag + "u:" + session.UserId, rawKey);
        await database.KeyExpireAsync(tag + "u:" + session.UserId, ttl);
        await database.SortedSetAddAsync(tag + "deadlines", rawKey, session.ExpiresAt.ToUnixTimeMilliseconds());
    }

    // Every key name under the prefix and every value, of whatever type, as text (bytes as Latin-1).
    private async Task<string> HeldTextAsync(string prefix)
    {
        var database = redis.Multiplexer.GetDatabase();
        var server = redis.Multiplexer.GetServer(redis.ConnectionString);
        var text = new System.Text.StringBuilder();
        void Add(RedisValue value) => text.Append(System.Text.Encoding.Latin1.GetString((byte[])value!)).Append('\n');
        await foreach (var key in server.KeysAsync(pattern: $"{{{prefix}}}*"))
        {
            text.Append(key.ToString()).Append('\n');
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.String:
                    Add(await database.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    foreach (var entry in await database.HashGetAllAsync(key))
                    {
                        Add(entry.Name);
                        Add(entry.Value);
                    }

                    break;
                case RedisType.Set:
                    Array.ForEach(await database.SetMembersAsync(key), Add);
                    break;
                case RedisType.SortedSet:
                    Array.ForEach(await database.SortedSetRangeByRankAsync(key), Add);
                    break;
                case var other:
                    throw new InvalidOperationException($"Unexpected Redis type {other} for {key}.");
            }
        }

        return text.ToString();
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
