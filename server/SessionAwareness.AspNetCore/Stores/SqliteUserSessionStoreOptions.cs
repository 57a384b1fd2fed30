namespace SessionAwareness.AspNetCore.Stores;

/// <summary>Where and how <see cref="SqliteUserSessionStore"/> keeps its database.</summary>
public sealed class SqliteUserSessionStoreOptions
{
    /// <summary>
    /// The database file. Its folder is created when missing. Several processes may share one file (they
    /// coordinate through SQLite's locks); it must be on a local disk, since SQLite's WAL mode does not work
    /// over network file systems.
    /// </summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// How long an operation waits for another connection or process that holds the database's write lock
    /// before <see cref="SessionStoreUnavailableException"/> is thrown. Five seconds by default. Microsoft.Data.Sqlite
    /// adds its own retries, counted in whole seconds, so the wait is in effect rounded up to a whole second.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
