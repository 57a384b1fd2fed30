using Microsoft.Data.Sqlite;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.Bench;

/// <summary>
/// Fills a SQLite store quickly. Through CreateAsync every session is its own transaction with an fsync
/// (about 3 ms here), and parallel callers do not help: SQLite has one writer, and its busy handler is not
/// fair (with 4–8 writers some waited 2–8 s, and one got SQLITE_BUSY after the 5 s busy timeout). So the
/// first session goes through <see cref="SqliteUserSessionStore.CreateAsync"/> (the store creates its schema
/// and turns WAL on) and the rest are inserted in one transaction into the same table, in the store's own
/// column format. Every measured operation then reads them back through the store, which checks the format.
/// </summary>
internal sealed class SqliteBulk(IUserSessionStore store, string databasePath)
{
    private bool _schemaMade;

    public async Task FillAsync(IReadOnlyList<UserSession> sessions, CancellationToken cancellationToken)
    {
        var rest = sessions;
        if (!_schemaMade && sessions.Count > 0)
        {
            await store.CreateAsync(sessions[0], cancellationToken);
            _schemaMade = true;
            rest = sessions.Skip(1).ToList();
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO sessions ("key", handle, user_id, created_at, last_seen_at, expires_at, browser, device, location, ticket)
            VALUES ($key, $handle, $user_id, $created_at, $last_seen_at, $expires_at, $browser, $device, $location, $ticket)
            """;
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var handle = command.Parameters.Add("$handle", SqliteType.Text);
        var user = command.Parameters.Add("$user_id", SqliteType.Text);
        var created = command.Parameters.Add("$created_at", SqliteType.Integer);
        var lastSeen = command.Parameters.Add("$last_seen_at", SqliteType.Integer);
        var expires = command.Parameters.Add("$expires_at", SqliteType.Integer);
        var browser = command.Parameters.Add("$browser", SqliteType.Text);
        var device = command.Parameters.Add("$device", SqliteType.Text);
        var location = command.Parameters.Add("$location", SqliteType.Text);
        var ticket = command.Parameters.Add("$ticket", SqliteType.Blob);
        command.Prepare();
        foreach (var session in rest)
        {
            key.Value = session.KeyHash;
            handle.Value = session.Handle;
            user.Value = session.UserId;
            created.Value = session.CreatedAt.ToUnixTimeMilliseconds();
            lastSeen.Value = session.LastSeenAt.ToUnixTimeMilliseconds();
            expires.Value = session.ExpiresAt.ToUnixTimeMilliseconds();
            browser.Value = session.Browser;
            device.Value = session.Device;
            location.Value = session.Location;
            ticket.Value = session.Ticket;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // The big transaction left the whole table in the WAL; a store that grew one session at a time would
        // have checkpointed all along. Start the measurements from a checkpointed, empty WAL.
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }
}
