using Microsoft.Data.Sqlite;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Specification.Tests;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>
/// The conformance suite against <see cref="SqliteUserSessionStore"/> on real files, plus what only a file
/// database has: several processes on one file, restarts, WAL, busy and unopenable files.
/// </summary>
public sealed class SqliteUserSessionStoreTests : UserSessionStoreConformanceTests
{
    // xunit makes one instance per test, so each test has its own folder, deleted in DisposeAsync.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "session-awareness-tests", Guid.NewGuid().ToString("N"));

    private readonly Dictionary<IUserSessionStore, string> _paths = [];

    /// <inheritdoc />
    protected override Task<IUserSessionStore> CreateStoreAsync()
    {
        var path = NewDatabasePath();
        var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        _paths[store] = path;
        return Task.FromResult<IUserSessionStore>(store);
    }

    /// <summary>The bytes of the database, its -wal and its -shm, after a checkpoint.</summary>
    protected override Task<string> HeldTextAsync(IUserSessionStore store) => FileBytesAsync(_paths[store]);

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Two_stores_on_one_file_take_each_expired_session_exactly_once()
    {
        var path = NewDatabasePath();

        // The second store does not pool connections and is built from a connection string, as a separate
        // process with its own configuration would be; each has its own connections to the file.
        using var first = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        using var second = new SqliteUserSessionStore($"Data Source={path};Pooling=False");
        var sessions = Enumerable.Range(0, 300).Select(i => NewSession(expiresAt: T0.AddMilliseconds(i))).ToList();
        await CreateAllAsync(first, [.. sessions]);

        var takes = await RunConcurrentlyAsync(4, worker => TakeAllAsync(worker % 2 == 0 ? first : second, T0.AddHours(1), 7));

        AssertPartition(sessions.Select(s => s.KeyHash), takes.Select(take => take.Select(s => s.KeyHash)).ToArray());
    }

    [Fact]
    public async Task Two_stores_on_one_file_remove_a_session_exactly_once()
    {
        var path = NewDatabasePath();
        using var first = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        using var second = new SqliteUserSessionStore($"Data Source={path};Pooling=False");
        var session = NewSession();
        await first.CreateAsync(session);

        var results = await RunConcurrentlyAsync(8, worker => (worker % 2 == 0 ? first : second).RemoveAsync(session.KeyHash));

        AssertSameSession(session, Assert.Single(results.OfType<UserSession>()));
    }

    [Fact]
    public async Task Sessions_survive_closing_the_store_and_opening_the_file_again()
    {
        var path = Path.Combine(_folder, "not", "yet", "there", "sessions.db");
        var kept = NewSession("alice", createdAt: T0);
        var slid = NewSession("alice", createdAt: T0.AddMinutes(1));
        var removed = NewSession("alice", createdAt: T0.AddMinutes(2));
        var newDeadline = T0.AddHours(2);
        using (var before = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        {
            await CreateAllAsync(before, kept, slid, removed);
            await before.SlideAsync(slid.KeyHash, T0.AddMinutes(5), newDeadline);
            await before.RemoveAsync(removed.KeyHash);
        }

        using var after = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });

        AssertSameSession(kept, await after.FindByKeyAsync(kept.KeyHash));
        AssertSameSession(slid with { LastSeenAt = T0.AddMinutes(5), ExpiresAt = newDeadline }, await after.FindByHandleAsync(slid.Handle));
        Assert.Null(await after.FindByKeyAsync(removed.KeyHash));
        Assert.Equal([kept.KeyHash, slid.KeyHash], (await after.ListByUserAsync("alice")).Select(s => s.KeyHash));
        Assert.Equal([kept.KeyHash], (await after.TakeExpiredAsync(T0.AddHours(1), 10)).Select(s => s.KeyHash));
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode_with_a_schema_version_and_indexed_lookups()
    {
        var path = NewDatabasePath();
        using (var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        {
            await store.CreateAsync(NewSession());
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(CurrentSchemaVersion, await ScalarAsync(connection, "PRAGMA user_version;"));

        // Every lookup the store makes must use an index, not scan the table.
        foreach (var query in new[]
                 {
                     "SELECT * FROM sessions WHERE key_hash = 'k'",
                     "SELECT * FROM sessions WHERE handle = 'h'",
                     "SELECT * FROM sessions WHERE user_id = 'u' ORDER BY created_at, handle",
                     "SELECT * FROM sessions WHERE key_hash = 'k' OR previous_key_hash = 'k'",
                     "SELECT handle FROM sessions WHERE user_id = 'u' AND expires_at > 5 ORDER BY created_at DESC, handle DESC LIMIT 3",
                     "SELECT COUNT(*) FROM sessions WHERE user_id = 'u' AND expires_at > 5",
                     "SELECT key_hash FROM tombstones WHERE user_id = 'u' ORDER BY ended_at DESC, key_hash DESC LIMIT -1 OFFSET 100",
                     "SELECT value FROM secrets WHERE name = 'n'",
                     "SELECT key_hash FROM sessions WHERE expires_at <= 5 ORDER BY expires_at LIMIT 10",
                     "SELECT * FROM tombstones WHERE key_hash = 'h' AND expires_at > 5",
                     "SELECT * FROM tombstones WHERE expires_at <= 5",
                 })
        {
            var plan = await ScalarAsync(connection, "EXPLAIN QUERY PLAN " + query, column: 3);
            Assert.Contains("USING", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN sessions\n", plan + "\n", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_file_locked_past_the_busy_timeout_makes_the_store_unavailable()
    {
        var path = NewDatabasePath();
        using var store = new SqliteUserSessionStore(
            new SqliteUserSessionStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        await store.CreateAsync(NewSession());

        // Another "process" holds the write lock and does not let go.
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        await holder.OpenAsync();
        await using var transaction = holder.BeginTransaction(deferred: false);

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.CreateAsync(NewSession()));
        Assert.IsType<SqliteException>(error.InnerException);
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.TakeExpiredAsync(DateTimeOffset.MaxValue, 10));

        await transaction.RollbackAsync();
        Assert.NotNull(await store.RemoveAsync((await store.ListByUserAsync("alice")).Single().KeyHash));
    }

    [Fact]
    public async Task A_file_that_cannot_be_opened_makes_the_store_unavailable()
    {
        // The database's folder would have to be inside a regular file.
        Directory.CreateDirectory(_folder);
        var blocker = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        using var store = new SqliteUserSessionStore(
            new SqliteUserSessionStoreOptions { DatabasePath = Path.Combine(blocker, "sessions.db") });

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.FindByKeyAsync("k"));
    }

    [Fact]
    public async Task A_file_with_a_newer_schema_is_refused()
    {
        var path = NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, "PRAGMA user_version = 99;");
        }

        using var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.FindByKeyAsync("k"));
    }

    [Fact]
    public async Task A_file_made_by_schema_version_1_opens_keeps_its_sessions_and_gains_the_new_columns()
    {
        var path = NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rawKey = NewId(32);
        var old = NewSession("alice") with { KeyHash = SessionKeys.Hash(rawKey) };
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // The schema exactly as version 1 of the library made it, with one session in it.
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE sessions (
                    "key" TEXT NOT NULL PRIMARY KEY, handle TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                    browser TEXT NOT NULL, device TEXT NOT NULL, location TEXT NOT NULL, ticket BLOB NOT NULL
                ) STRICT;
                CREATE INDEX sessions_by_user ON sessions (user_id, created_at);
                CREATE INDEX sessions_by_deadline ON sessions (expires_at);
                PRAGMA user_version = 1;
                """;
            await create.ExecuteNonQueryAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO sessions VALUES (@k, @h, 'alice', @t, @t, @e, 'Chrome 156', 'X11; Linux x86_64', '', @ticket)";
            insert.Parameters.AddWithValue("@k", rawKey);
            insert.Parameters.AddWithValue("@h", old.Handle);
            insert.Parameters.AddWithValue("@t", old.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@e", old.ExpiresAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@ticket", old.Ticket);
            await insert.ExecuteNonQueryAsync();
        }

        using (var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        {
            AssertSameSession(old with { Device = "X11; Linux x86_64", Location = "", Os = "", DeviceType = "" }, await store.FindByKeyAsync(old.KeyHash));
            var fresh = NewSession("alice", createdAt: T0.AddMinutes(1));
            await store.CreateAsync(fresh);
            AssertSameSession(fresh, await store.FindByHandleAsync(fresh.Handle));
            Assert.Equal(2, (await store.ListByUserAsync("alice")).Count);
        }

        // Opening it again (now at the current version) changes nothing.
        using var again = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        Assert.Equal(2, (await again.ListByUserAsync("alice")).Count);
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        Assert.Equal(CurrentSchemaVersion, await ScalarAsync(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_file_made_by_schema_version_3_is_rekeyed_to_key_hashes_signing_nobody_out_and_no_raw_key_is_left()
    {
        var path = NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rawKeys = Enumerable.Range(0, 50).Select(_ => NewId(32)).ToList();
        var sessions = rawKeys.Select((raw, i) => NewSession(i % 2 == 0 ? "alice" : "bob", createdAt: T0.AddSeconds(i)) with { KeyHash = SessionKeys.Hash(raw) }).ToList();
        var endedRawKey = NewId(32);
        var tombstone = new SessionTombstone(SignedOutReason.Revoked, "Firefox 130 on Windows", T0, T0.AddHours(24));
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // The file exactly as version 3 of the library wrote it: WAL, raw keys in "key", tombstones under the hash.
            await connection.OpenAsync();
            await ScalarAsync(connection, "PRAGMA journal_mode = WAL;");
            await ScalarAsync(connection, Version3Schema);
            foreach (var (session, raw) in sessions.Zip(rawKeys))
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO sessions VALUES (@k, @h, @u, @t, @t, @e, 'Chrome 156', 'Linux', 'Berlin, Germany', @ticket, 'Linux', 'desktop')";
                insert.Parameters.AddWithValue("@k", raw);
                insert.Parameters.AddWithValue("@h", session.Handle);
                insert.Parameters.AddWithValue("@u", session.UserId);
                insert.Parameters.AddWithValue("@t", session.CreatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("@e", session.ExpiresAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("@ticket", session.Ticket);
                await insert.ExecuteNonQueryAsync();
            }

            await using var bury = connection.CreateCommand();
            bury.CommandText = "INSERT INTO tombstones VALUES (@id, 'revoked', 'Firefox 130 on Windows', @at, @until)";
            bury.Parameters.AddWithValue("@id", SessionKeys.Hash(endedRawKey));
            bury.Parameters.AddWithValue("@at", tombstone.EndedAt.ToUnixTimeMilliseconds());
            bury.Parameters.AddWithValue("@until", tombstone.ExpiresAt.ToUnixTimeMilliseconds());
            await bury.ExecuteNonQueryAsync();
        }

        Assert.Contains(rawKeys[0], await FileBytesAsync(path), StringComparison.Ordinal);

        // Two stores (as two processes) open it at once: one migrates, the other waits for the write lock and finds it done.
        using (var first = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        using (var second = new SqliteUserSessionStore($"Data Source={path};Pooling=False"))
        {
            var found = await RunConcurrentlyAsync(2, worker => (worker == 0 ? first : second).FindByKeyAsync(sessions[worker].KeyHash));
            AssertSameSession(sessions[0], found[0]);
            AssertSameSession(sessions[1], found[1]);
            foreach (var session in sessions)
            {
                AssertSameSession(session, await first.FindByHandleAsync(session.Handle));
            }

            Assert.Equal(sessions.Where(s => s.UserId == "alice").Select(s => s.KeyHash), (await second.ListByUserAsync("alice")).Select(s => s.KeyHash));
            Assert.Equal(tombstone, await first.FindTombstoneAsync(SessionKeys.Hash(endedRawKey), T0));
            Assert.Null(await first.FindByKeyAsync(rawKeys[2]));
            AssertSameSession(sessions[2], await first.RemoveAsync(sessions[2].KeyHash));
        }

        var held = await FileBytesAsync(path);
        Assert.Contains(sessions[3].KeyHash, held, StringComparison.Ordinal);
        foreach (var raw in rawKeys)
        {
            Assert.DoesNotContain(raw, held, StringComparison.Ordinal);
        }

        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        Assert.Equal(CurrentSchemaVersion, await ScalarAsync(check, "PRAGMA user_version;"));
        Assert.Equal("", await ScalarAsync(check, "SELECT name FROM pragma_table_info('sessions') WHERE name = 'key'"));
    }

    [Fact]
    public async Task A_tombstone_is_kept_under_the_key_hash()
    {
        var path = NewDatabasePath();
        var session = NewSession();
        using (var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        {
            await store.CreateAsync(session);
            await store.RemoveAsync(session.KeyHash, new SessionTombstone(SignedOutReason.Ended, "Chrome 156 on Linux", T0, T0.AddHours(24)));
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(session.KeyHash, await ScalarAsync(connection, "SELECT key_hash FROM tombstones"));
        Assert.Equal("0", await ScalarAsync(connection, $"SELECT COUNT(*) FROM tombstones WHERE ended_by LIKE '%{session.KeyHash}%'"));
    }

    [Fact]
    public async Task Forgotten_tombstones_are_dropped_by_later_writes()
    {
        var path = NewDatabasePath();
        using var store = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        var first = NewSession();
        var second = NewSession();
        await CreateAllAsync(store, first, second);
        await store.RemoveAsync(first.KeyHash, new SessionTombstone(SignedOutReason.Revoked, "", T0, T0.AddHours(1)));
        await store.RemoveAsync(second.KeyHash, new SessionTombstone(SignedOutReason.Revoked, "", T0.AddHours(2), T0.AddHours(3)));

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(second.KeyHash, await ScalarAsync(connection, "SELECT key_hash FROM tombstones"));
    }

    [Fact]
    public async Task A_secret_survives_closing_the_store_and_is_shared_by_two_stores_on_one_file()
    {
        var path = NewDatabasePath();
        byte[] kept;
        using (var first = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }))
        using (var second = new SqliteUserSessionStore($"Data Source={path};Pooling=False"))
        {
            var results = await RunConcurrentlyAsync(8, worker => (worker % 2 == 0 ? first : second).GetOrAddSecretAsync("draft", [(byte)worker]));
            kept = results[0];
            Assert.All(results, result => Assert.Equal(kept, result));
        }

        using var reopened = new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path });
        Assert.Equal(kept, await reopened.GetOrAddSecretAsync("draft", [42, 42]));
    }

    [Fact]
    public void An_in_memory_database_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SqliteUserSessionStore("Data Source=:memory:"));
        Assert.Throws<ArgumentException>(() => new SqliteUserSessionStore("Data Source=sessions;Mode=Memory;Cache=Shared"));
    }

    private const string CurrentSchemaVersion = "4";

    // What version 3 of the library created (git show 076eb9b:server/SessionAwareness.AspNetCore/Stores/SqliteUserSessionStore.cs).
    private const string Version3Schema = """
        CREATE TABLE IF NOT EXISTS sessions (
            "key" TEXT NOT NULL PRIMARY KEY,
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
            device_type TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id, created_at);
        CREATE INDEX IF NOT EXISTS sessions_by_deadline ON sessions (expires_at);
        CREATE TABLE IF NOT EXISTS tombstones (
            key_hash TEXT NOT NULL PRIMARY KEY,
            reason TEXT NOT NULL,
            ended_by TEXT NOT NULL,
            ended_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS tombstones_by_expiry ON tombstones (expires_at);
        PRAGMA user_version = 3;
        """;

    // Every byte of the database, its -wal and its -shm (Latin-1), after a TRUNCATE checkpoint: what a copy of the
    // folder would hand out.
    private static async Task<string> FileBytesAsync(string path)
    {
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var text = new System.Text.StringBuilder();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            text.Append(System.Text.Encoding.Latin1.GetString(bytes.ToArray()));
        }

        return text.ToString();
    }

    private string NewDatabasePath() => Path.Combine(_folder, "db", Guid.NewGuid().ToString("N") + ".db");

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql, int column = 0)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return string.Join("\n", rows);
    }
}
