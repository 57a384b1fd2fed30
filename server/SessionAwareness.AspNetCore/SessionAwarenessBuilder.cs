using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Chooses where sessions live. Returned by <c>AddSessionAwareness</c>; without a choice, SQLite. Other stores
/// add their own methods as extensions (<c>AddRedis</c> in SessionAwareness.AspNetCore.StackExchangeRedis).
/// </summary>
public sealed class SessionAwarenessBuilder
{
    /// <summary>The configuration section of the SQLite store's options (<see cref="SqliteUserSessionStoreOptions"/>).</summary>
    public const string SqliteSectionName = SessionAwarenessOptions.SectionName + ":Sqlite";

    internal SessionAwarenessBuilder(IServiceCollection services, ISignalRServerBuilder signalR)
    {
        Services = services;
        SignalR = signalR;
    }

    /// <summary>The app's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The SignalR server the hub runs on (for more hub options or another backplane).</summary>
    public ISignalRServerBuilder SignalR { get; }

    /// <summary>Keeps sessions in this process's memory: for tests. A restart ends every session.</summary>
    public SessionAwarenessBuilder UseInMemoryStore()
    {
        Services.RemoveAll<IUserSessionStore>();
        Services.RemoveAll<KeyRingPlacement>();
        Services.AddSingleton<IUserSessionStore, InMemoryUserSessionStore>();
        Services.Configure<SessionAwarenessOptions>(o => o.PersistDataProtectionKeys = false);
        return this;
    }

    /// <summary>
    /// Keeps sessions in a SQLite file (the default), and the Data Protection key ring in the folder <c>keys</c>
    /// beside it, so sessions and cookies survive a restart. Options bind from <see cref="SqliteSectionName"/>,
    /// then <paramref name="configure"/>, and are validated at start; a relative
    /// <see cref="SqliteUserSessionStoreOptions.DatabasePath"/> is taken from the content root.
    /// </summary>
    public SessionAwarenessBuilder UseSqlite(Action<SqliteUserSessionStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseSqliteCore(configure);
    }

    /// <summary>Keeps sessions in SQLite with the options from configuration (see <see cref="UseSqlite(Action{SqliteUserSessionStoreOptions})"/>).</summary>
    public SessionAwarenessBuilder UseSqlite() => UseSqliteCore(null);

    private SessionAwarenessBuilder UseSqliteCore(Action<SqliteUserSessionStoreOptions>? configure)
    {
        var options = Services.AddOptions<SqliteUserSessionStoreOptions>().BindConfiguration(SqliteSectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), $"{SqliteSectionName}:DatabasePath must not be empty.")
            .Validate(o => o.BusyTimeout >= TimeSpan.FromMilliseconds(1) && o.BusyTimeout <= TimeSpan.FromMinutes(5),
                $"{SqliteSectionName}:BusyTimeout must be from 1 ms to 5 minutes.")
            .ValidateOnStart();

        Services.RemoveAll<IUserSessionStore>();
        Services.AddSingleton<IUserSessionStore>(sp => new SqliteUserSessionStore(new SqliteUserSessionStoreOptions
        {
            DatabasePath = SqlitePath(sp),
            BusyTimeout = sp.GetRequiredService<IOptions<SqliteUserSessionStoreOptions>>().Value.BusyTimeout,
        }));

        // The SQLite store keeps the key ring beside its file; a store the app put in its place brings its own (or none).
        Services.RemoveAll<KeyRingPlacement>();
        Services.AddSingleton(new KeyRingPlacement((sp, store) =>
        {
            if (store is not SqliteUserSessionStore)
            {
                return null;
            }

            var folder = Path.Combine(Path.GetDirectoryName(SqlitePath(sp))!, "keys");
            return new(new KeepKeysWithStore.OwnerOnlyFileSystemXmlRepository(KeepKeysWithStore.CreateOwnerOnlyFolder(folder), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()), folder);
        }));
        return this;
    }

    /// <summary>Keeps sessions in the SQLite file <paramref name="databasePath"/> (see <see cref="UseSqlite(Action{SqliteUserSessionStoreOptions})"/>).</summary>
    public SessionAwarenessBuilder UseSqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return UseSqlite(o => o.DatabasePath = databasePath);
    }

    internal static string SqlitePath(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<SqliteUserSessionStoreOptions>>().Value.DatabasePath;
        return Path.IsPathRooted(path) ? path : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, path);
    }
}
