namespace SessionAwareness.AspNetCore.Stores;

/// <summary>Where and how <see cref="SqliteUserSessionStore"/> keeps its database.</summary>
public sealed class SqliteUserSessionStoreOptions
{
    /// <summary>
    /// The database file; <c>App_Data/session-awareness/sessions.db</c> by default, which <c>UseSqlite</c> takes from
    /// the content root (as every relative path). Its folder is created when missing. It must be on a local disk, since
    /// SQLite's WAL mode does not work over network file systems. Several processes may share the file: sessions,
    /// sign-outs and cookies are shared; notices and socket cuts are not (docs/server.md).
    /// </summary>
    public string DatabasePath { get; set; } = Path.Combine("App_Data", "session-awareness", "sessions.db");

    /// <summary>
    /// How long an operation waits for another connection or process that holds the database's write lock
    /// before <see cref="SessionStoreUnavailableException"/> is thrown. Five seconds by default. Microsoft.Data.Sqlite
    /// adds its own retries, counted in whole seconds, so the wait is in effect rounded up to a whole second.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
