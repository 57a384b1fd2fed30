using System.Diagnostics.CodeAnalysis;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.StackExchangeRedis;

/// <summary>
/// An <see cref="IUserSessionStore"/> in Redis, for server farms. Every change that touches several keys
/// is one Lua script, which Redis runs atomically, so any number of processes may share the store.
/// </summary>
/// <remarks>
/// <para>Layout (version 2), with <c>{p}</c> the key prefix in braces and every session under <see cref="SessionKeys.Hash"/> of its key:</para>
/// <list type="bullet">
/// <item><c>{p}s:&lt;key hash&gt;</c>: a hash with all of a session's fields (times as UTC Unix milliseconds, the ticket as bytes);</item>
/// <item><c>{p}p:&lt;previous key hash&gt;</c>: the current key hash of a renewed session, expiring with the previous
/// key's grace (so past it <see cref="FindByKeyAsync"/> finds nothing by the previous key, where the other stores still
/// return the session for the caller to refuse);</item>
/// <item><c>{p}h:&lt;handle&gt;</c>: the key hash of the session with that handle;</item>
/// <item><c>{p}u:&lt;userId&gt;</c>: the set of a user's session key hashes (members whose hash is gone are dropped lazily);</item>
/// <item><c>{p}deadlines</c>: a sorted set of session key hashes scored by their deadline, for the sweeper;</item>
/// <item><c>{p}t:&lt;key hash&gt;</c>: the tombstone of an ended session (why it ended), expiring with it;</item>
/// <item><c>{p}tu:&lt;userId&gt;</c>: a sorted set of the user's tombstones by end, to keep at most <see cref="SessionTombstone.MaxPerUser"/>;</item>
/// <item><c>{p}secret:&lt;name&gt;</c>: a secret of <see cref="GetOrAddSecretAsync"/>, never expiring;</item>
/// <item><c>{p}layout</c>: "2" once a database of the first layout (sessions under the raw key) has been migrated.</item>
/// </list>
/// <para>
/// The braces make the prefix the Redis Cluster hash tag: the scripts find the handle and user keys only
/// after reading a session's hash, and a script may only touch keys of one slot. The session and handle
/// keys expire <see cref="RedisUserSessionStoreOptions.RetainExpiredFor"/> after the session's deadline, so
/// a farm that stops sweeping does not fill Redis forever. Redis commands cannot be recalled once sent:
/// a cancellation token is honoured only before a command leaves. Needs Redis 6.0 or later (<c>SET … KEEPTTL</c>).
/// </para>
/// <para>
/// The migration from the first layout runs when a process first uses the store: deploy the new version to every
/// process at once (an old process still writing sessions under raw keys after the migration would leave sessions
/// the new version cannot find).
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The layout gate never creates its wait handle (AvailableWaitHandle is not read), so it holds nothing to free; IDisposable would change the public API.")]
[SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The interface names it keyHash; renaming the parameter would change the public API (PublicAPI.Unshipped.txt).")]
public sealed class RedisUserSessionStore : IUserSessionStore
{
    // Shared by every script: the fields in the order ReadSession expects them, a reader, and the deletion
    // of every trace of one session. The key tag (ARGV) builds the other keys of a session inside Lua.
    private const string LuaPrelude = """
        local FIELDS = {'key_hash', 'handle', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'browser', 'device', 'location', 'ticket', 'os', 'device_type',
            'previous_key_hash', 'previous_key_expires_at', 'previous_key_binding'}
        local function read(hash)
            return redis.call('HMGET', hash, unpack(FIELDS))
        end
        local function forget(tag, deadlines, f)
            redis.call('DEL', tag .. 's:' .. f[1], tag .. 'h:' .. f[2])
            if f[13] then
                redis.call('DEL', tag .. 'p:' .. f[13])
            end
            redis.call('SREM', tag .. 'u:' .. f[3], f[1])
            redis.call('ZREM', deadlines, f[1])
        end
        local function lengthen(key, ttl)
            if redis.call('PTTL', key) < tonumber(ttl) then
                redis.call('PEXPIRE', key, ttl)
            end
        end
        -- The user's tombstones by end: beyond SessionTombstone.MaxPerUser (100) the oldest are forgotten.
        local function bury(tag, hash, user, reason, ended_by, ended_at, expires_at, ttl)
            if hash and tonumber(ttl) > 0 then
                local t = tag .. 't:' .. hash
                redis.call('DEL', t)
                redis.call('HSET', t, 'reason', reason, 'ended_by', ended_by, 'ended_at', ended_at, 'expires_at', expires_at)
                redis.call('PEXPIRE', t, ttl)
                local ofUser = tag .. 'tu:' .. user
                redis.call('ZADD', ofUser, ended_at, hash)
                lengthen(ofUser, ttl)
                local extra = redis.call('ZCARD', ofUser) - 100
                if extra > 0 then
                    for _, old in ipairs(redis.call('ZRANGE', ofUser, 0, extra - 1)) do
                        redis.call('DEL', tag .. 't:' .. old)
                    end
                    redis.call('ZREMRANGEBYRANK', ofUser, 0, extra - 1)
                end
            end
        end

        """;

    // KEYS: session hash, handle key, user set, deadlines. ARGV: the first twelve fields (a new session has no
    // previous key), the TTL in ms.
    private const string CreateScript = LuaPrelude + """
        if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then
            return 0
        end
        local values = {}
        for i = 1, 12 do
            values[#values + 1] = FIELDS[i]
            values[#values + 1] = ARGV[i]
        end
        redis.call('HSET', KEYS[1], unpack(values))
        redis.call('PEXPIRE', KEYS[1], ARGV[13])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[13])
        redis.call('SADD', KEYS[3], ARGV[1])
        lengthen(KEYS[3], ARGV[13])
        redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
        return 1
        """;

    // KEYS: user set. ARGV: tag, now, max count, created since (ms). Returns {total, page}. A set has no order, so this is one round trip
    // of O(n) for a user with n sessions: three small fields of each (never the ticket), a sort in Lua, then the
    // fields but the ticket of the first max count. Members whose hash Redis expired are dropped on the way.
    private const string ListRecentScript = LuaPrelude + """
        local tag, now, max, since = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local live = {}
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local v = redis.call('HMGET', tag .. 's:' .. member, 'created_at', 'expires_at', 'handle')
            if not v[1] then
                redis.call('SREM', KEYS[1], member)
            elseif tonumber(v[2]) > now and tonumber(v[1]) >= since then
                live[#live + 1] = {tonumber(v[1]), v[3], member}
            end
        end
        table.sort(live, function(a, b)
            if a[1] ~= b[1] then
                return a[1] > b[1]
            end
            return a[2] > b[2]
        end)
        local names = {}
        for i, name in ipairs(FIELDS) do
            if name ~= 'ticket' then
                names[#names + 1] = name
            end
        end
        local page = {}
        for i = 1, math.min(max, #live) do
            local f = redis.call('HMGET', tag .. 's:' .. live[i][3], unpack(names))
            table.insert(f, 10, false)
            page[i] = f
        end
        return {#live, page}
        """;

    // KEYS: session hash. ARGV: tag, key hash. The session under the key, else the one whose previous key it is
    // (through the alias, checked against the session: an alias is only trusted as far as the session agrees).
    private const string FindByKeyScript = LuaPrelude + """
        local f = read(KEYS[1])
        if f[1] then
            return f
        end
        local current = redis.call('GET', ARGV[1] .. 'p:' .. ARGV[2])
        if not current then
            return false
        end
        f = read(ARGV[1] .. 's:' .. current)
        if f[1] and f[13] == ARGV[2] then
            return f
        end
        return false
        """;

    // KEYS: session hash, the new session hash, deadlines. ARGV: tag, key hash, new key hash, ticket, previous key's
    // expiry, binding, alias TTL in ms. The session hash is renamed (keeping its TTL) and every index follows the new
    // hash; the old hash becomes an alias to it for the grace, replacing any older alias. Only a current key renews.
    private const string RenewKeyScript = LuaPrelude + """
        local tag, old, new = ARGV[1], ARGV[2], ARGV[3]
        local f = read(KEYS[1])
        if not f[1] or redis.call('EXISTS', KEYS[2]) == 1 then
            return false
        end
        redis.call('RENAME', KEYS[1], KEYS[2])
        redis.call('HSET', KEYS[2], 'key_hash', new, 'ticket', ARGV[4], 'previous_key_hash', old, 'previous_key_expires_at', ARGV[5], 'previous_key_binding', ARGV[6])
        if f[13] then
            redis.call('DEL', tag .. 'p:' .. f[13])
        end
        if tonumber(ARGV[7]) > 0 then
            redis.call('SET', tag .. 'p:' .. old, new, 'PX', ARGV[7])
        end
        redis.call('SET', tag .. 'h:' .. f[2], new, 'KEEPTTL')
        local user = tag .. 'u:' .. f[3]
        redis.call('SREM', user, old)
        redis.call('SADD', user, new)
        redis.call('ZREM', KEYS[3], old)
        redis.call('ZADD', KEYS[3], f[6], new)
        return read(KEYS[2])
        """;

    // KEYS: session hash, deadlines. ARGV: key, now, new deadline, TTL in ms, tag.
    private const string SlideScript = LuaPrelude + """
        local deadline = redis.call('HGET', KEYS[1], 'expires_at')
        if not deadline or tonumber(deadline) <= tonumber(ARGV[2]) then
            return false
        end
        redis.call('HSET', KEYS[1], 'last_seen_at', ARGV[2], 'expires_at', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        local f = read(KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PEXPIRE', ARGV[5] .. 'h:' .. f[2], ARGV[4])
        lengthen(ARGV[5] .. 'u:' .. f[3], ARGV[4])
        return f
        """;

    // KEYS: session hash. ARGV: ticket. Checked first: HSET on a removed session would resurrect a stub.
    private const string UpdateTicketScript = LuaPrelude + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
            return false
        end
        redis.call('HSET', KEYS[1], 'ticket', ARGV[1])
        return read(KEYS[1])
        """;

    // KEYS: session hash, deadlines. ARGV: tag.
    private const string RemoveScript = LuaPrelude + """
        local f = read(KEYS[1])
        if not f[1] then
            return false
        end
        forget(ARGV[1], KEYS[2], f)
        return f
        """;

    // KEYS: session hash, deadlines, tombstone. ARGV: tag, key hash, reason, ended by, ended at, expires at, TTL in
    // ms. The tombstone is written only by the call that removed the session, in the same script.
    private const string RemoveWithTombstoneScript = LuaPrelude + """
        local f = read(KEYS[1])
        if not f[1] then
            return false
        end
        forget(ARGV[1], KEYS[2], f)
        bury(ARGV[1], ARGV[2], f[3], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
        return f
        """;

    // KEYS: deadlines. ARGV: now, max count, tag, and for tombstones their expiry and TTL in ms (TTL 0: none). A deadline whose hash Redis already expired (untaken past
    // RetainExpiredFor) is only dropped; the loop then looks further so that such leftovers do not make a
    // call return fewer sessions than are due.
    private const string TakeExpiredScript = LuaPrelude + """
        local taken = {}
        local max = tonumber(ARGV[2])
        while #taken < max do
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, max - #taken)
            if #due == 0 then
                break
            end
            for _, key in ipairs(due) do
                local f = read(ARGV[3] .. 's:' .. key)
                if f[1] then
                    forget(ARGV[3], KEYS[1], f)
                    bury(ARGV[3], f[1], f[3], 'expired', '', f[6], ARGV[4], ARGV[5])
                    taken[#taken + 1] = f
                else
                    redis.call('ZREM', KEYS[1], key)
                end
            end
        end
        return taken
        """;

    // KEYS: the secret. ARGV: the candidate.
    private const string GetOrAddSecretScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        return redis.call('GET', KEYS[1])
        """;

    // ARGV: tag, the raw key an old session hash is named after (a member of the deadlines), its SessionKeys.Hash.
    // Re-keys one session of the layout before version 2 (hash s:<key> with a field 'key' holding the key itself)
    // to s:<hash>, and every index that points at it, at once: a reader sees it under the old name or the new one.
    // Idempotent: a session already migrated (no 'key' field) or one of the new layout is left alone, so two
    // processes may migrate at the same time. A deadline left of a session Redis expired is dropped.
    private const string MigrateSessionScript = """
        local tag, key, hash = ARGV[1], ARGV[2], ARGV[3]
        local old = tag .. 's:' .. key
        local deadlines = tag .. 'deadlines'
        local f = redis.call('HMGET', old, 'key', 'handle', 'user_id')
        if not f[1] then
            if redis.call('EXISTS', old) == 0 then
                redis.call('ZREM', deadlines, key)
            end
            return 0
        end
        local new = tag .. 's:' .. hash
        if f[1] ~= key or redis.call('EXISTS', new) == 1 then
            return 0
        end
        redis.call('RENAME', old, new)
        redis.call('HDEL', new, 'key')
        redis.call('HSET', new, 'key_hash', hash)
        local handle = tag .. 'h:' .. f[2]
        if redis.call('GET', handle) == key then
            redis.call('SET', handle, hash, 'KEEPTTL')
        end
        local user = tag .. 'u:' .. f[3]
        if redis.call('SREM', user, key) == 1 then
            redis.call('SADD', user, hash)
        end
        local score = redis.call('ZSCORE', deadlines, key)
        if score then
            redis.call('ZREM', deadlines, key)
            redis.call('ZADD', deadlines, score, hash)
        end
        return 1
        """;

    // KEYS: a user set. ARGV: tag. Drops the members whose session hash is gone (sessions Redis expired): after the
    // migration these are the only raw keys left.
    private const string DropVanishedMembersScript = """
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            if redis.call('EXISTS', ARGV[1] .. 's:' .. member) == 0 then
                redis.call('SREM', KEYS[1], member)
            end
        end
        return 0
        """;

    private const string LayoutVersion = "2";

    private static readonly RedisValue[] Fields =
    [
        "key_hash", "handle", "user_id", "created_at", "last_seen_at", "expires_at", "browser", "device", "location", "ticket", "os", "device_type",
        "previous_key_hash", "previous_key_expires_at", "previous_key_binding",
    ];

    private readonly IConnectionMultiplexer _redis;
    private readonly string _tag;
    private readonly long _retainMilliseconds;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _layoutGate = new(1, 1);
    private volatile bool _layoutReady;

    /// <summary>
    /// Creates a store on <paramref name="redis"/>. <paramref name="timeProvider"/> (the system clock by default) only
    /// measures how long a renewed session's previous key is kept (<see cref="RenewKeyAsync"/>).
    /// </summary>
    public RedisUserSessionStore(IConnectionMultiplexer redis, RedisUserSessionStoreOptions options, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.KeyPrefix, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RetainExpiredFor, TimeSpan.Zero, nameof(options));
        _redis = redis;

        // Redis hashes only the text between the first '{' and the next '}'. Every key starts with the same
        // "{prefix}", so whatever that span is, it is the same for all of them (and never empty: "{}" would
        // not count as a tag).
        _tag = "{" + options.KeyPrefix + "}";
        _retainMilliseconds = (long)Math.Min(options.RetainExpiredFor.TotalMilliseconds, long.MaxValue / 4);
    }

    private IDatabase Database => _redis.GetDatabase();

    private RedisKey DeadlinesKey => _tag + "deadlines";

    /// <inheritdoc />
    public Task<UserSessionPage> ListRecentByUserAsync(string userId, DateTimeOffset now, int maxCount, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (userId is null)
        {
            return Task.FromResult(new UserSessionPage([], 0));
        }

        return RunAsync(
            async () =>
            {
                var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
                    ListRecentScript, [UserKey(userId)], [_tag, now.ToUnixTimeMilliseconds(), maxCount, createdSince is { } since ? since.ToUnixTimeMilliseconds() : long.MinValue]))!;
                var sessions = ((RedisResult[])result[1]!).Select(ToSession).OfType<UserSession>().ToList();
                return new UserSessionPage(sessions, (int)result[0]);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> RenewKeyAsync(
        string keyHash,
        string newKeyHash,
        byte[] ticket,
        DateTimeOffset previousKeyExpiresAt,
        string previousKeyBinding,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newKeyHash);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(previousKeyBinding);
        if (keyHash is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        // The alias lives for the grace as measured on the caller's clock (a duration, so Redis's clock does not matter).
        var grace = Math.Max(0, previousKeyExpiresAt.ToUnixTimeMilliseconds() - _time.GetUtcNow().ToUnixTimeMilliseconds());
        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(
                RenewKeyScript,
                [SessionKey(keyHash), SessionKey(newKeyHash), DeadlinesKey],
                [_tag, keyHash, newKeyHash, ticket, previousKeyExpiresAt.ToUnixTimeMilliseconds(), previousKeyBinding, grace])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<byte[]> GetOrAddSecretAsync(string name, byte[] candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidate);

        // SET NX and GET in one script: whichever process set it first, every caller reads that value. No
        // expiry: the secret lives as long as the store.
        return RunAsync(
            async () => (byte[])(await Database.ScriptEvaluateAsync(GetOrAddSecretScript, [SecretKey(name)], [candidate]))!,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CreateAsync(UserSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return RunAsync(
            async () =>
            {
                var created = (long)await Database.ScriptEvaluateAsync(
                    CreateScript,
                    [SessionKey(session.KeyHash), HandleKey(session.Handle), UserKey(session.UserId), DeadlinesKey],
                    [
                        session.KeyHash, session.Handle, session.UserId,
                        session.CreatedAt.ToUnixTimeMilliseconds(), session.LastSeenAt.ToUnixTimeMilliseconds(),
                        session.ExpiresAt.ToUnixTimeMilliseconds(),
                        session.Browser, session.Device, session.Location, session.Ticket, session.Os, session.DeviceType,
                        TimeToLive(session.LastSeenAt, session.ExpiresAt),
                    ]);
                if (created == 0)
                {
                    throw new InvalidOperationException("A session with this key or handle exists.");
                }

                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> FindByKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        if (keyHash is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(FindByKeyScript, [SessionKey(keyHash)], [_tag, keyHash])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default)
    {
        if (handle is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        return RunAsync(
            async () =>
            {
                var key = await Database.StringGetAsync(HandleKey(handle));
                if (key.IsNull)
                {
                    return null;
                }

                // The session may be removed between the two reads; then it is simply not found.
                var session = ToSession(await Database.HashGetAsync(SessionKey(key.ToString()), Fields));
                return session?.Handle == handle ? session : null;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return Task.FromResult<IReadOnlyList<UserSession>>([]);
        }

        return RunAsync<IReadOnlyList<UserSession>>(
            async () =>
            {
                var database = Database;
                var userKey = UserKey(userId);
                var keys = await database.SetMembersAsync(userKey);

                // Issued together, the reads share one round trip (StackExchange.Redis pipelines them).
                var reads = keys.Select(key => database.HashGetAsync(SessionKey(key.ToString()), Fields)).ToArray();
                var values = await Task.WhenAll(reads);
                var sessions = new List<UserSession>(keys.Length);
                var vanished = new List<RedisValue>();
                for (var i = 0; i < keys.Length; i++)
                {
                    if (ToSession(values[i]) is { } session)
                    {
                        sessions.Add(session);
                    }
                    else
                    {
                        vanished.Add(keys[i]);
                    }
                }

                // A member without a hash is a session Redis expired before any sweeper took it. Keys are
                // never reused, so removing the member cannot hide a live session.
                if (vanished.Count > 0)
                {
                    await database.SetRemoveAsync(userKey, vanished.ToArray());
                }

                return sessions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Handle, StringComparer.Ordinal).ToList();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> UpdateTicketAsync(string key, byte[] ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (key is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(UpdateTicketScript, [SessionKey(key)], [ticket])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> SlideAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(
                SlideScript,
                [SessionKey(key), DeadlinesKey],
                [key, now.ToUnixTimeMilliseconds(), expiresAt.ToUnixTimeMilliseconds(), TimeToLive(now, expiresAt), _tag])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserSession?> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(RemoveScript, [SessionKey(key), DeadlinesKey], [_tag])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
        TakeExpiredCoreAsync(now, maxCount, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default) =>
        TakeExpiredCoreAsync(now, maxCount, tombstoneLifetime, cancellationToken);

    /// <inheritdoc />
    public Task<UserSession?> RemoveAsync(string key, SessionTombstone? tombstone, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return Task.FromResult<UserSession?>(null);
        }

        if (tombstone is null)
        {
            return RemoveAsync(key, cancellationToken);
        }

        var hash = key;
        return RunAsync(
            async () => ToSession(await Database.ScriptEvaluateAsync(
                RemoveWithTombstoneScript,
                [SessionKey(key), DeadlinesKey, TombstoneKey(hash)],
                [
                    _tag, hash, Sessions.SignedOutReasons.ToCode(tombstone.Reason), tombstone.EndedBy,
                    tombstone.EndedAt.ToUnixTimeMilliseconds(), tombstone.ExpiresAt.ToUnixTimeMilliseconds(),
                    Math.Max(0, tombstone.ExpiresAt.ToUnixTimeMilliseconds() - tombstone.EndedAt.ToUnixTimeMilliseconds()),
                ])),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<SessionTombstone?> FindTombstoneAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return Task.FromResult<SessionTombstone?>(null);
        }

        return RunAsync(
            async () =>
            {
                var fields = await Database.HashGetAsync(TombstoneKey(key), ["reason", "ended_by", "ended_at", "expires_at"]);
                if (fields[0].IsNull || !Sessions.SignedOutReasons.TryParse(fields[0].ToString(), out var reason))
                {
                    return null;
                }

                // Redis's own expiry runs on Redis's clock; the caller's clock decides, as for sessions.
                var tombstone = new SessionTombstone(
                    reason,
                    (string?)fields[1] ?? "",
                    DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)fields[3]));
                return tombstone.IsExpiredAt(now) ? null : tombstone;
            },
            cancellationToken);
    }

    private Task<IReadOnlyList<UserSession>> TakeExpiredCoreAsync(DateTimeOffset now, int maxCount, TimeSpan? tombstoneLifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var lifetime = tombstoneLifetime is { } value && value > TimeSpan.Zero ? (long)Math.Min(value.TotalMilliseconds, long.MaxValue / 4) : 0;
        return RunAsync<IReadOnlyList<UserSession>>(
            async () =>
            {
                var result = await Database.ScriptEvaluateAsync(
                    TakeExpiredScript,
                    [DeadlinesKey],
                    [now.ToUnixTimeMilliseconds(), maxCount, _tag, now.ToUnixTimeMilliseconds() + lifetime, lifetime]);
                return ((RedisResult[])result!).Select(ToSession).OfType<UserSession>().ToList();
            },
            cancellationToken);
    }

    // Once per process (again after a failure): a database written before keys were hashed is migrated before
    // the first operation. The marker says it is done; until then every process that starts migrates, which
    // is safe (each session's script is atomic and idempotent) and lets a crash midway be finished by anyone.
    private async Task EnsureLayoutAsync(CancellationToken cancellationToken)
    {
        await _layoutGate.WaitAsync(cancellationToken);
        try
        {
            if (_layoutReady)
            {
                return;
            }

            var database = Database;
            var marker = (RedisKey)(_tag + "layout");
            if (await database.StringGetAsync(marker) != LayoutVersion)
            {
                await MigrateAsync(database);
                await database.StringSetAsync(marker, LayoutVersion);
            }

            _layoutReady = true;
        }
        finally
        {
            _layoutGate.Release();
        }
    }

    // One script per session, found through the deadlines (every session has one). ZSCAN returns every member
    // present for the whole scan; members the scripts add (hashes) may come too and are left alone. Then the user
    // sets lose the members of sessions Redis expired, found with SCAN on every primary.
    private async Task MigrateAsync(IDatabase database)
    {
        // Sent a page at a time: the scripts of one page share round trips.
        var page = new List<Task>(500);
        await foreach (var entry in database.SortedSetScanAsync(DeadlinesKey, pageSize: 500))
        {
            var member = entry.Element.ToString();
            page.Add(database.ScriptEvaluateAsync(MigrateSessionScript, [SessionKey(member)], [_tag, member, SessionKeys.Hash(member)]));
            if (page.Count == 500)
            {
                await Task.WhenAll(page);
                page.Clear();
            }
        }

        await Task.WhenAll(page);

        var pattern = EscapeGlob(_tag) + "u:*";
        foreach (var server in _redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var userKey in server.KeysAsync(database.Database, pattern, pageSize: 500))
            {
                await database.ScriptEvaluateAsync(DropVanishedMembersScript, [userKey], [_tag]);
            }
        }
    }

    private static string EscapeGlob(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? "\\" + c : c.ToString()));

    private RedisKey SessionKey(string key) => _tag + "s:" + key;

    private RedisKey HandleKey(string handle) => _tag + "h:" + handle;

    private RedisKey UserKey(string userId) => _tag + "u:" + userId;

    private RedisKey TombstoneKey(string keyHash) => _tag + "t:" + keyHash;

    private RedisKey SecretKey(string name) => _tag + "secret:" + name;

    // Measured on the caller's clock (the one that set the deadline), not Redis's, so that clock skew
    // between the app and Redis, or a test clock, cannot make Redis drop a live session.
    private long TimeToLive(DateTimeOffset now, DateTimeOffset expiresAt) =>
        Math.Max(0, expiresAt.ToUnixTimeMilliseconds() - now.ToUnixTimeMilliseconds()) + _retainMilliseconds;

    private static UserSession? ToSession(RedisResult result) =>
        result.IsNull ? null : ToSession(((RedisResult[])result!).Select(field => (RedisValue)field).ToArray());

    private static UserSession? ToSession(RedisValue[] fields) => fields.Length == 0 || fields[0].IsNull
        ? null
        : new UserSession
        {
            KeyHash = fields[0].ToString(),
            Handle = fields[1].ToString(),
            UserId = fields[2].ToString(),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[3]),
            LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[4]),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[5]),
            Browser = fields[6].ToString(),
            Device = fields[7].ToString(),
            Location = fields[8].ToString(),
            Ticket = (byte[]?)fields[9] ?? [],

            // Sessions written by an older version of the library have no such fields.
            Os = fields.Length > 10 ? (string?)fields[10] ?? "" : "",
            DeviceType = fields.Length > 11 ? (string?)fields[11] ?? "" : "",
            PreviousKeyHash = fields.Length > 12 ? (string?)fields[12] : null,
            PreviousKeyExpiresAt = fields.Length > 13 && !fields[13].IsNull ? DateTimeOffset.FromUnixTimeMilliseconds((long)fields[13]) : null,
            PreviousKeyBinding = fields.Length > 14 ? (string?)fields[14] : null,
        };

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!_layoutReady)
            {
                await EnsureLayoutAsync(cancellationToken);
            }

            return await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException("The Redis session store is unavailable.", ex);
        }
    }

    // Not reachable, too slow, or a server that cannot serve right now (loading its data set, a replica
    // that turned read-only in a failover, a cluster without quorum, a long script). Anything else is a bug.
    private static bool IsUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal) ||
                                       server.Message.StartsWith("READONLY", StringComparison.Ordinal) ||
                                       server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal) ||
                                       server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal) ||
                                       server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) ||
                                       server.Message.StartsWith("BUSY", StringComparison.Ordinal),
        _ => false,
    };
}
