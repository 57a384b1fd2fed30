using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SessionAwareness.AspNetCore.Stores;

/// <summary>
/// An <see cref="IUserSessionStore"/> in one SQLite file: the embedded default. Several processes on one
/// machine may share the file (its sessions, so the cookies; not the hub's notices or socket cuts, which stay
/// in each process: docs/server.md); every operation that must happen once (slide, remove, take-expired) is
/// a single statement, so SQLite's write lock makes it atomic across all of them.
/// </summary>
/// <remarks>
/// Times are kept as UTC Unix milliseconds: they come back as the same instants, to the millisecond, with
/// a zero offset. The schema is created on first use; its version is <c>PRAGMA user_version</c>. Sessions are kept
/// under <see cref="SessionKeys.Hash"/> of their key; a file of a version before 4 (raw keys) is re-keyed when first
/// opened, then vacuumed so that no raw key is left in it. On Unix the file is created readable by its owner only.
/// </remarks>
[SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The interface names it keyHash; renaming the parameter would change the public API (PublicAPI.Unshipped.txt).")]
public sealed class SqliteUserSessionStore : IUserSessionStore, IDisposable
{
    private const int SchemaVersion = 4;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private const string Columns =
        "key_hash, handle, user_id, created_at, last_seen_at, expires_at, browser, device, location, ticket, os, device_type, " +
        "previous_key_hash, previous_key_expires_at, previous_key_binding";

    // Columns with the ticket replaced by an empty blob: what a listing reads, so that no ticket leaves the file.
    private const string ColumnsWithoutTicket =
        "key_hash, handle, user_id, created_at, last_seen_at, expires_at, browser, device, location, X'', os, device_type, " +
        "previous_key_hash, previous_key_expires_at, previous_key_binding";

    // STRICT makes SQLite refuse a value of the wrong type instead of silently converting it. The user index
    // carries created_at and handle so that listing a user's sessions oldest first, or newest first (read
    // backwards), needs no sort. key_hash is SessionKeys.Hash of the cookie key: the key itself is never stored.
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS sessions (
            key_hash TEXT NOT NULL PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            browser TEXT NOT NULL,
            device TEXT NOT NULL,
            location TEXT NOT NULL,
            ticket BLOB NOT NULL,
            os TEXT NOT NULL DEFAULT '',
            device_type TEXT NOT NULL DEFAULT '',
            previous_key_hash TEXT,
            previous_key_expires_at INTEGER,
            previous_key_binding TEXT
        ) STRICT;
        CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id, created_at, handle);
        CREATE INDEX IF NOT EXISTS sessions_by_deadline ON sessions (expires_at);
        CREATE INDEX IF NOT EXISTS sessions_by_previous_key ON sessions (previous_key_hash);
        CREATE TABLE IF NOT EXISTS tombstones (
            key_hash TEXT NOT NULL PRIMARY KEY,
            reason TEXT NOT NULL,
            ended_by TEXT NOT NULL,
            ended_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            user_id TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX IF NOT EXISTS tombstones_by_expiry ON tombstones (expires_at);
        CREATE INDEX IF NOT EXISTS tombstones_by_user ON tombstones (user_id, ended_at, key_hash);
        CREATE TABLE IF NOT EXISTS secrets (
            name TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL
        ) STRICT;
        """;

    // Columns added after schema version 1. A file made by an older version of the library still opens: each
    // missing column of an existing table is added (with its default) when the store first opens it.
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("sessions", "os", "TEXT NOT NULL DEFAULT ''"),
        ("sessions", "device_type", "TEXT NOT NULL DEFAULT ''"),
        ("sessions", "previous_key_hash", "TEXT"),
        ("sessions", "previous_key_expires_at", "INTEGER"),
        ("sessions", "previous_key_binding", "TEXT"),

        // Tombstones of versions before 4 have no user: they are not counted against anyone's bound, and expire as before.
        ("tombstones", "user_id", "TEXT NOT NULL DEFAULT ''"),
    ];

    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    // SQLite's wait for its write lock is not fair: many writers of one process racing for it see long
    // tails (seconds) and even SQLITE_BUSY. One writer at a time per process queues them fairly instead;
    // busy_timeout still covers the other processes on the file.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _schemaReady;
    private volatile bool _disposed;

    /// <summary>Creates a store on the file <see cref="SqliteUserSessionStoreOptions.DatabasePath"/>.</summary>
    public SqliteUserSessionStore(SqliteUserSessionStoreOptions options)
        : this(BuildConnectionString(options), options?.BusyTimeout ?? TimeSpan.Zero)
    {
    }

    /// <summary>
    /// Creates a store from a Microsoft.Data.Sqlite connection string, which must name a file (an in-memory
    /// database would vanish between the store's short-lived connections).
    /// </summary>
    public SqliteUserSessionStore(string connectionString)
        : this(connectionString, new SqliteUserSessionStoreOptions().BusyTimeout)
    {
    }

    private SqliteUserSessionStore(string connectionString, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(busyTimeout, TimeSpan.Zero);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) ||
            builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The SQLite session store needs a database file.", nameof(connectionString));
        }

        _databasePath = Path.GetFullPath(builder.DataSource);
        builder.DataSource = _databasePath;
        _busyTimeoutMilliseconds = (int)Math.Min(busyTimeout.TotalMilliseconds, int.MaxValue);

        // Microsoft.Data.Sqlite retries a busy statement itself until the command timeout (whole seconds,
        // 0 = forever) runs out, on top of SQLite's own busy_timeout; keep it near the same bound.
        builder.DefaultTimeout = (int)Math.Max(1, Math.Ceiling(busyTimeout.TotalSeconds));
        _connectionString = builder.ToString();
    }

    /// <inheritdoc />
    public async Task<UserSessionPage> ListRecentByUserAsync(string userId, DateTimeOffset now, int maxCount, DateTimeOffset? createdSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (userId is null)
        {
            return new UserSessionPage([], 0);
        }

        // Stored times are whole milliseconds: a session created within the millisecond of createdSince counts.
        var since = createdSince is { } from ? from.ToUnixTimeMilliseconds() : long.MinValue;

        // Both reads walk sessions_by_user for this user only: the page backwards (newest first, no sort, stopping
        // after maxCount live rows), the count over the user's rows. No ticket is read. One read transaction, so
        // the page and the total agree.
        return await RunAsync(
            async (connection, ct) =>
            {
                await using var transaction = connection.BeginTransaction(deferred: true);
                var sessions = new List<UserSession>();
                await using (var page = connection.CreateCommand())
                {
                    page.Transaction = transaction;
                    page.CommandText = $"""
                        SELECT {ColumnsWithoutTicket} FROM sessions WHERE user_id = @user_id AND expires_at > @now AND created_at >= @since
                        ORDER BY created_at DESC, handle DESC LIMIT @max
                        """;
                    page.Parameters.AddWithValue("@user_id", userId);
                    page.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
                    page.Parameters.AddWithValue("@max", maxCount);
                    page.Parameters.AddWithValue("@since", since);
                    await using var reader = await page.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        // Every row is this user's (user_id = @user_id matches exactly) and has no ticket: the
                        // caller's string and one empty array, instead of a new copy of each per row.
                        sessions.Add(ReadSession(reader, userId, ticket: []));
                    }
                }

                if (sessions.Count < maxCount)
                {
                    // The page already holds every live session of the user (the same filter, in the same
                    // transaction): the usual connect, with fewer than maxCount sessions, needs no second read.
                    await transaction.CommitAsync(ct);
                    return new UserSessionPage(sessions, sessions.Count);
                }

                await using var count = connection.CreateCommand();
                count.Transaction = transaction;
                count.CommandText = "SELECT COUNT(*) FROM sessions WHERE user_id = @user_id AND expires_at > @now AND created_at >= @since";
                count.Parameters.AddWithValue("@user_id", userId);
                count.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
                count.Parameters.AddWithValue("@since", since);
                var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                await transaction.CommitAsync(ct);
                return new UserSessionPage(sessions, total);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<UserSession?> RenewKeyAsync(
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
            return null;
        }

        // One statement matching the current key only: of concurrent renewals the first moves the key and the
        // others match nothing; a previous key never matches. The older previous key is overwritten with it.
        try
        {
            var rows = await WritingAsync(() => QueryAsync(
                $"""
                UPDATE sessions SET key_hash = @new_key, ticket = @ticket,
                    previous_key_hash = @key, previous_key_expires_at = @previous_expires_at, previous_key_binding = @binding
                WHERE key_hash = @key
                RETURNING {Columns}
                """,
                [
                    ("@key", keyHash), ("@new_key", newKeyHash), ("@ticket", ticket),
                    ("@previous_expires_at", previousKeyExpiresAt.ToUnixTimeMilliseconds()), ("@binding", previousKeyBinding),
                ],
                cancellationToken), cancellationToken);
            return rows.SingleOrDefault();
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            // The new key is another session's: nothing changed.
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetOrAddSecretAsync(string name, byte[] candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidate);

        // Every hub connect asks; once the secret exists a read answers, without taking the write lock.
        var existing = await RunAsync((connection, ct) => ReadSecretAsync(connection, null, name, ct), cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        // The insert and the read are one IMMEDIATE transaction: whoever inserted first, on any process, every
        // caller reads that one value.
        return await WritingAsync(() => RunAsync(
            async (connection, ct) =>
            {
                await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
                await using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT OR IGNORE INTO secrets (name, value) VALUES (@name, @value)";
                    insert.Parameters.AddWithValue("@name", name);
                    insert.Parameters.Add("@value", SqliteType.Blob).Value = candidate;
                    await insert.ExecuteNonQueryAsync(ct);
                }

                var secret = await ReadSecretAsync(connection, transaction, name, ct)
                    ?? throw new InvalidOperationException("The secret vanished within its transaction.");
                await transaction.CommitAsync(ct);
                return secret;
            },
            cancellationToken), cancellationToken);
    }

    private static async Task<byte[]?> ReadSecretAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT value FROM secrets WHERE name = @name";
        read.Parameters.AddWithValue("@name", name);
        return await read.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc />
    public Task CreateAsync(UserSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return WritingAsync(() => RunAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    INSERT INTO sessions (key_hash, handle, user_id, created_at, last_seen_at, expires_at, browser, device, location, ticket, os, device_type)
                    VALUES (@key, @handle, @user_id, @created_at, @last_seen_at, @expires_at, @browser, @device, @location, @ticket, @os, @device_type)
                    """;
                command.Parameters.AddWithValue("@key", session.KeyHash);
                command.Parameters.AddWithValue("@handle", session.Handle);
                command.Parameters.AddWithValue("@user_id", session.UserId);
                command.Parameters.AddWithValue("@created_at", session.CreatedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("@last_seen_at", session.LastSeenAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("@expires_at", session.ExpiresAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("@browser", session.Browser);
                command.Parameters.AddWithValue("@device", session.Device);
                command.Parameters.AddWithValue("@location", session.Location);
                command.Parameters.Add("@ticket", SqliteType.Blob).Value = session.Ticket;
                command.Parameters.AddWithValue("@os", session.Os);
                command.Parameters.AddWithValue("@device_type", session.DeviceType);
                try
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
                {
                    throw new InvalidOperationException("A session with this key or handle exists.", ex);
                }

                return true;
            },
            cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<UserSession?> FindByKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        if (keyHash is null)
        {
            return null;
        }

        // One query, both indexes (SQLite's OR optimization): the current key, or a previous one still kept.
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM sessions WHERE key_hash = @key OR previous_key_hash = @key",
            [("@key", keyHash)],
            cancellationToken);
        return rows.OrderByDescending(s => s.KeyHash == keyHash).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<UserSession?> FindByHandleAsync(string handle, CancellationToken cancellationToken = default)
    {
        if (handle is null)
        {
            return null;
        }

        var rows = await QueryAsync($"SELECT {Columns} FROM sessions WHERE handle = @handle", [("@handle", handle)], cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserSession>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return [];
        }

        return await QueryAsync(
            $"SELECT {Columns} FROM sessions WHERE user_id = @user_id ORDER BY created_at, handle",
            [("@user_id", userId)],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<UserSession?> UpdateTicketAsync(string key, byte[] ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (key is null)
        {
            return null;
        }

        var rows = await WritingAsync(() => QueryAsync(
            $"UPDATE sessions SET ticket = @ticket WHERE key_hash = @key RETURNING {Columns}",
            [("@key", key), ("@ticket", ticket)],
            cancellationToken), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<UserSession?> SlideAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return null;
        }

        // The deadline check and the move are one statement, so a sweeper taking the session at the same
        // moment either sees the old deadline (and takes it: this slides nothing) or the new one.
        var rows = await WritingAsync(() => QueryAsync(
            $"""
            UPDATE sessions SET last_seen_at = @now, expires_at = @expires_at
            WHERE key_hash = @key AND expires_at > @now
            RETURNING {Columns}
            """,
            [("@key", key), ("@now", now.ToUnixTimeMilliseconds()), ("@expires_at", expiresAt.ToUnixTimeMilliseconds())],
            cancellationToken), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<UserSession?> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return null;
        }

        // DELETE ... RETURNING: only the connection whose statement deleted the row sees it, on any process.
        var rows = await WritingAsync(
            () => QueryAsync($"DELETE FROM sessions WHERE key_hash = @key RETURNING {Columns}", [("@key", key)], cancellationToken),
            cancellationToken);
        return rows.SingleOrDefault();
    }

    // One statement, so choosing and deleting cannot be split by another taker: each row is returned by the one
    // statement that deleted it.
    private static readonly string TakeExpiredSql = $"""
        DELETE FROM sessions WHERE key_hash IN (
            SELECT key_hash FROM sessions WHERE expires_at <= @now ORDER BY expires_at LIMIT @max)
        RETURNING {Columns}
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);

        var rows = await WritingAsync(() => QueryAsync(
            TakeExpiredSql,
            [("@now", now.ToUnixTimeMilliseconds()), ("@max", maxCount)],
            cancellationToken), cancellationToken);

        // SQLite does not promise any order for RETURNING rows.
        return rows.OrderBy(s => s.ExpiresAt).ThenBy(s => s.KeyHash, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<UserSession?> RemoveAsync(string key, SessionTombstone? tombstone, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return null;
        }

        if (tombstone is null)
        {
            return await RemoveAsync(key, cancellationToken);
        }

        var rows = await WritingAsync(() => DeleteWithTombstonesAsync(
            $"DELETE FROM sessions WHERE key_hash = @key RETURNING {Columns}",
            [("@key", key)],
            _ => tombstone,
            tombstone.EndedAt,
            cancellationToken), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserSession>> TakeExpiredAsync(DateTimeOffset now, int maxCount, TimeSpan tombstoneLifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var rows = await WritingAsync(() => DeleteWithTombstonesAsync(
            TakeExpiredSql,
            [("@now", now.ToUnixTimeMilliseconds()), ("@max", maxCount)],
            session => new SessionTombstone(Sessions.SignedOutReason.Expired, "", session.ExpiresAt, now + tombstoneLifetime),
            now,
            cancellationToken), cancellationToken);
        return rows.OrderBy(s => s.ExpiresAt).ThenBy(s => s.KeyHash, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<SessionTombstone?> FindTombstoneAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return null;
        }

        return await RunAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT reason, ended_by, ended_at, expires_at FROM tombstones WHERE key_hash = @id AND expires_at > @now";
                command.Parameters.AddWithValue("@id", key);
                command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct) || !Sessions.SignedOutReasons.TryParse(reader.GetString(0), out var reason))
                {
                    return null;
                }

                return new SessionTombstone(
                    reason,
                    reader.GetString(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
            },
            cancellationToken);
    }

    /// <summary>Closes the pooled connections to the file, so that it can be moved or deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static string BuildConnectionString(SqliteUserSessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        return new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    private Task<List<UserSession>> QueryAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        RunAsync(
            async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                await using var reader = await command.ExecuteReaderAsync(ct);

                // A DELETE or UPDATE ... RETURNING has done its work once the reader exists; cancelling while
                // reading its rows would lose sessions that are already gone from the table.
                var sessions = new List<UserSession>();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    sessions.Add(ReadSession(reader));
                }

                return sessions;
            },
            cancellationToken);

    // The delete and the tombstones of what it deleted are one transaction: a session never ends without its
    // reason being kept, nor is a reason kept for a session that did not end. Tombstones forgotten by `now`
    // are dropped in the same write (the index makes it cheap), so the table stays small without a sweeper.
    private Task<List<UserSession>> DeleteWithTombstonesAsync(
        string deleteSql,
        (string Name, object Value)[] parameters,
        Func<UserSession, SessionTombstone> tombstoneOf,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        RunAsync(
            async (connection, ct) =>
            {
                await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
                var sessions = new List<UserSession>();
                await using (var delete = connection.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = deleteSql;
                    foreach (var (name, value) in parameters)
                    {
                        delete.Parameters.AddWithValue(name, value);
                    }

                    await using var reader = await delete.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(CancellationToken.None))
                    {
                        sessions.Add(ReadSession(reader));
                    }
                }

                // Past this point the work is done in the transaction; a cancellation must not undo half of it.
                await using (var purge = connection.CreateCommand())
                {
                    purge.Transaction = transaction;
                    purge.CommandText = "DELETE FROM tombstones WHERE expires_at <= @now";
                    purge.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
                    await purge.ExecuteNonQueryAsync(CancellationToken.None);
                }

                foreach (var session in sessions)
                {
                    var tombstone = tombstoneOf(session);
                    await using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT OR REPLACE INTO tombstones (key_hash, user_id, reason, ended_by, ended_at, expires_at)
                        VALUES (@id, @user_id, @reason, @ended_by, @ended_at, @expires_at)
                        """;
                    insert.Parameters.AddWithValue("@id", session.KeyHash);
                    insert.Parameters.AddWithValue("@user_id", session.UserId);
                    insert.Parameters.AddWithValue("@reason", Sessions.SignedOutReasons.ToCode(tombstone.Reason));
                    insert.Parameters.AddWithValue("@ended_by", tombstone.EndedBy);
                    insert.Parameters.AddWithValue("@ended_at", tombstone.EndedAt.ToUnixTimeMilliseconds());
                    insert.Parameters.AddWithValue("@expires_at", tombstone.ExpiresAt.ToUnixTimeMilliseconds());
                    await insert.ExecuteNonQueryAsync(CancellationToken.None);
                }

                // Each user keeps the newest SessionTombstone.MaxPerUser (by end, as tombstones_by_user orders them).
                foreach (var userId in sessions.Select(s => s.UserId).Distinct(StringComparer.Ordinal))
                {
                    await using var trim = connection.CreateCommand();
                    trim.Transaction = transaction;
                    trim.CommandText = """
                        DELETE FROM tombstones WHERE key_hash IN (
                            SELECT key_hash FROM tombstones WHERE user_id = @user_id
                            ORDER BY ended_at DESC, key_hash DESC LIMIT -1 OFFSET @max)
                        """;
                    trim.Parameters.AddWithValue("@user_id", userId);
                    trim.Parameters.AddWithValue("@max", SessionTombstone.MaxPerUser);
                    await trim.ExecuteNonQueryAsync(CancellationToken.None);
                }

                await transaction.CommitAsync(CancellationToken.None);
                return sessions;
            },
            cancellationToken);

    private static UserSession ReadSession(SqliteDataReader reader, string? userId = null, byte[]? ticket = null) => new()
    {
        KeyHash = reader.GetString(0),
        Handle = reader.GetString(1),
        UserId = userId ?? reader.GetString(2),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        Browser = reader.GetString(6),
        Device = reader.GetString(7),
        Location = reader.GetString(8),
        Ticket = ticket ?? reader.GetFieldValue<byte[]>(9),
        Os = reader.GetString(10),
        DeviceType = reader.GetString(11),
        PreviousKeyHash = reader.IsDBNull(12) ? null : reader.GetString(12),
        PreviousKeyExpiresAt = reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
        PreviousKeyBinding = reader.IsDBNull(14) ? null : reader.GetString(14),
    };

    private async Task<T> WritingAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await operation(connection, cancellationToken);
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            throw new SessionStoreUnavailableException("The SQLite session store is unavailable.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only creating the database folder throws these.
            throw new SessionStoreUnavailableException("The SQLite session store is unavailable.", ex);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            CreateFileForOwnerOnly(_databasePath);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // busy_timeout belongs to the connection, not the file: without it a second process that finds
            // the write lock taken fails at once instead of waiting its turn. Pooled connections keep it,
            // but we cannot tell a fresh one from a reused one, and setting it costs no I/O.
            // synchronous=NORMAL with WAL: a commit is safe from a crash of the process (the common case), and
            // only the last commits may roll back on a power loss, never corrupting the file; it saves an
            // fsync per write (writes ~0.5 ms → ~0.05 ms here). A session slid or created moments before a
            // power cut is the worst loss.
            await ExecuteAsync(
                connection,
                $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL;",
                cancellationToken);
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The mode of a folder the library creates for its files on Unix: only the app's user may enter it (0700).</summary>
    internal const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The mode of a file the library creates on Unix: only the app's user may read or write it (0600).</summary>
    internal const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Sessions and tickets are for the app's user only. On Unix a missing folder is made 0700 and a missing database
    // file is made, empty (SQLite takes a zero-length file as an empty database), 0600 before SQLite opens it; SQLite
    // gives the -wal and -shm files the database file's mode. Existing folders and files keep their modes: an
    // operator may have chosen them.
    private static void CreateFileForOwnerOnly(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (OperatingSystem.IsWindows())
        {
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return;
        }

        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // WAL is recorded in the file, so every later connection of every process uses it: readers no
            // longer block the writer, and processes only queue for the (short) write lock.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);

            // A file of an older version held raw keys: after re-keying it is vacuumed, and only then stamped, so a
            // crash or a busy file in between makes the next open vacuum again.
            var vacuum = false;

            // IMMEDIATE takes the write lock up front, so two processes starting on a new file create the
            // schema one after the other rather than both reading version 0.
            await using (var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false))
            {
                await using var read = connection.CreateCommand();
                read.Transaction = transaction;
                read.CommandText = "PRAGMA user_version;";
                var version = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                if (version > SchemaVersion)
                {
                    throw new InvalidOperationException(
                        $"The session database has schema version {version}; this version of the library knows up to {SchemaVersion}.");
                }

                if (version < SchemaVersion)
                {
                    // Older tables first gain the missing columns, so that the indexes of CreateSchemaSql can name them.
                    foreach (var (table, column, definition) in AddedColumns)
                    {
                        await AddMissingColumnAsync(connection, transaction, table, column, definition, cancellationToken);
                    }

                    await HashStoredKeysAsync(connection, transaction, cancellationToken);
                    await using var create = connection.CreateCommand();
                    create.Transaction = transaction;
                    create.CommandText = CreateSchemaSql;
                    await create.ExecuteNonQueryAsync(cancellationToken);

                    vacuum = version > 0;
                    if (!vacuum)
                    {
                        await ExecuteAsync(connection, transaction, StampSql, cancellationToken);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (vacuum)
            {
                await ForgetRawKeysAsync(connection, cancellationToken);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private static readonly string StampSql = $"PRAGMA user_version = {SchemaVersion.ToString(CultureInfo.InvariantCulture)};";

    // Before schema version 4 the sessions table kept the cookie key itself, in the column "key". Every row is
    // re-keyed to SessionKeys.Hash of it, in the schema transaction: nobody is signed out (their cookie key hashes
    // to the new id), and a process that opens the file next sees either the old schema or the new one, whole.
    // Old tombstones already sit under the same hash.
    private static async Task HashStoredKeysAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await HasColumnAsync(connection, transaction, "sessions", "key", cancellationToken))
        {
            return;
        }

        connection.CreateFunction("session_awareness_key_hash", (string key) => SessionKeys.Hash(key), isDeterministic: true);
        await using var migrate = connection.CreateCommand();
        migrate.Transaction = transaction;
        migrate.CommandText = """
            UPDATE sessions SET "key" = session_awareness_key_hash("key");
            ALTER TABLE sessions RENAME COLUMN "key" TO key_hash;
            DROP INDEX IF EXISTS sessions_by_user;
            """;
        await migrate.ExecuteNonQueryAsync(cancellationToken);
    }

    // The raw keys the migration replaced are still in the file's free space and in old WAL frames. VACUUM (once,
    // right after the migration) rewrites the file from its live rows only, and a TRUNCATE checkpoint moves that into
    // the file and empties the WAL. If another process is reading at that moment the checkpoint does less, and the
    // next one, SQLite's own, finishes it.
    private static async Task ForgetRawKeysAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "VACUUM;", cancellationToken);
        await ExecuteAsync(connection, StampSql, cancellationToken);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
    }

    // Table and column names are the constants above, never input: they can be spliced into the statement. A
    // table that does not exist yet is left to CreateSchemaSql.
    private static async Task AddMissingColumnAsync(
        SqliteConnection connection, SqliteTransaction transaction, string table, string column, string definition, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(connection, transaction, table, cancellationToken) ||
            await HasColumnAsync(connection, transaction, table, column, cancellationToken))
        {
            return;
        }

        await using var alter = connection.CreateCommand();
        alter.Transaction = transaction;
        alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition};";
        await alter.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> HasTableAsync(SqliteConnection connection, SqliteTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = @table;";
        read.Parameters.AddWithValue("@table", table);
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column;";
        read.Parameters.AddWithValue("@table", table);
        read.Parameters.AddWithValue("@column", column);
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, sql, cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // PRAGMAs answer with a row; it is not needed.
        }
    }

    // Errors that say "not now" or "not here" rather than "wrong request": the store is unavailable.
    private static bool IsUnavailable(SqliteException exception) => exception.SqliteErrorCode switch
    {
        5 => true,  // SQLITE_BUSY: another connection held the lock past the busy timeout.
        6 => true,  // SQLITE_LOCKED
        8 => true,  // SQLITE_READONLY: e.g. the disk was remounted read-only.
        10 => true, // SQLITE_IOERR
        13 => true, // SQLITE_FULL
        14 => true, // SQLITE_CANTOPEN
        15 => true, // SQLITE_PROTOCOL
        _ => false,
    };
}
