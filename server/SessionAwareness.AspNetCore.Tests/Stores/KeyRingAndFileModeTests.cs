using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.StackExchangeRedis;
using SessionAwareness.AspNetCore.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>
/// What the library creates on disk is for the app's user only (Unix modes), and a key ring the library keeps beside
/// the sessions without encryption at rest is warned about, once, outside Development.
/// </summary>
// Unix file modes: the library sets none on Windows, where these tests would fail rather than pass vacuously.
[Collection(RedisServerFixture.CollectionName)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyRingAndFileModeTests(RedisServerFixture redis) : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Shared = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "session-awareness-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _disposables = [];

    [Fact]
    public async Task The_SQLite_database_its_wal_and_shm_and_its_new_folder_are_for_the_owner_only()
    {
        var path = Path.Combine(_folder, "app", "sessions.db");
        var store = Track(new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }));

        // The store keeps a pooled connection open, so the -wal and -shm files stay.
        await store.CreateAsync(NewSession());
        Assert.NotNull(await store.FindByHandleAsync((await store.ListByUserAsync("alice")).Single().Handle));

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task An_existing_database_file_and_folder_keep_their_modes()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "chosen"), OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var path = Path.Combine(folder.FullName, "sessions.db");
        await using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Shared }))
        {
        }

        File.SetUnixFileMode(path, Shared);
        var store = Track(new SqliteUserSessionStore(new SqliteUserSessionStoreOptions { DatabasePath = path }));
        await store.CreateAsync(NewSession());

        Assert.Equal(Shared, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(folder.FullName));
    }

    [Fact]
    public void The_key_ring_folder_beside_the_SQLite_file_is_0700_and_new_key_files_0600()
    {
        var (keep, _) = NewKeepKeys(UseSqlite(), "Production");
        var keys = new KeyManagementOptions();

        keep.PostConfigure(Options.DefaultName, keys);

        var folder = Path.Combine(_folder, "app", "keys");
        Assert.IsType<KeepKeysWithStore.OwnerOnlyFileSystemXmlRepository>(keys.XmlRepository);
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));

        // A key file put there by someone else before is left as it is.
        var existing = Path.Combine(folder, "key-existing.xml");
        File.WriteAllText(existing, "<key id=\"existing\" />");
        File.SetUnixFileMode(existing, Shared);

        keys.XmlRepository!.StoreElement(new XElement("key", new XAttribute("id", "new")), "key-new");

        var written = Directory.GetFiles(folder).Where(file => file != existing).ToList();
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Assert.Single(written)));
        Assert.Equal(Shared, File.GetUnixFileMode(existing));
        Assert.Equal(["existing", "new"], keys.XmlRepository.GetAllElements().Select(e => (string?)e.Attribute("id")).Order());
    }

    [Fact]
    public void Without_key_encryption_in_Production_one_structured_warning_is_logged_once_per_process()
    {
        var warned = new StrongBox<int>();
        var (first, logs) = NewKeepKeys(UseSqlite(), "Production", warned);
        var (second, _) = NewKeepKeys(UseSqlite(), "Production", warned, logs);

        first.PostConfigure(Options.DefaultName, new KeyManagementOptions());
        second.PostConfigure(Options.DefaultName, new KeyManagementOptions());
        first.PostConfigure(Options.DefaultName, new KeyManagementOptions());

        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(new EventId(50, "KeyRingNotEncrypted"), warning.EventId);
        Assert.Equal(typeof(KeepKeysWithStore).FullName, warning.Category);
        Assert.Contains("ProtectKeysWithCertificate", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "app", "keys"), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_ring_in_the_same_Redis_is_warned_about_too()
    {
        var services = new ServiceCollection();
        services.AddLogging().AddSingleton(TimeProvider.System);
        new SessionAwarenessBuilder(services, services.AddSignalR()).AddRedis(redis.ConnectionString);
        var (keep, logs) = NewKeepKeys(services, "Staging");
        var keys = new KeyManagementOptions();

        keep.PostConfigure(Options.DefaultName, keys);

        Assert.IsType<RedisKeyRing>(keys.XmlRepository);
        var warning = Assert.Single(logs.Entries);
        Assert.Equal("KeyRingNotEncrypted", warning.EventId.Name);
        Assert.Contains("session-awareness:data-protection-keys", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_warning_in_Development_with_key_encryption_or_with_the_apps_own_key_repository()
    {
        var (development, developmentLogs) = NewKeepKeys(UseSqlite(), "Development");
        var (encrypted, encryptedLogs) = NewKeepKeys(UseSqlite(), "Production");
        var (own, ownLogs) = NewKeepKeys(UseSqlite(), "Production");
        var ownRepository = new FileSystemXmlRepository(Directory.CreateDirectory(Path.Combine(_folder, "own")), new LoggerFactory());

        development.PostConfigure(Options.DefaultName, new KeyManagementOptions());
        var encryptedKeys = new KeyManagementOptions { XmlEncryptor = new NullXmlEncryptor() };
        encrypted.PostConfigure(Options.DefaultName, encryptedKeys);
        var ownKeys = new KeyManagementOptions { XmlRepository = ownRepository };
        own.PostConfigure(Options.DefaultName, ownKeys);

        Assert.Empty(developmentLogs.Entries);
        Assert.Empty(encryptedLogs.Entries);
        Assert.Empty(ownLogs.Entries);
        Assert.NotNull(encryptedKeys.XmlRepository);
        Assert.Same(ownRepository, ownKeys.XmlRepository);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private ServiceCollection UseSqlite()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        new SessionAwarenessBuilder(services, services.AddSignalR()).UseSqlite(o => o.DatabasePath = Path.Combine(_folder, "app", "sessions.db"));
        return services;
    }

    private (KeepKeysWithStore Keep, EventLoggerProvider Logs) NewKeepKeys(
        IServiceCollection services, string environment, StrongBox<int>? warned = null, EventLoggerProvider? logs = null)
    {
        logs ??= new EventLoggerProvider();
        var options = Options.Create(new SessionAwarenessOptions());
        services.AddSingleton(options);
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton<IHostEnvironment>(new Environment(environment, _folder));
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        var loggers = Track(new LoggerFactory([logs]));
        return (new KeepKeysWithStore(provider, options, loggers) { Warned = warned ?? new StrongBox<int>() }, logs);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static UserSession NewSession() => new()
    {
        KeyHash = SessionKeys.Hash(Guid.NewGuid().ToString("N")),
        Handle = Guid.NewGuid().ToString("N"),
        UserId = "alice",
        CreatedAt = DateTimeOffset.UnixEpoch,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
        Ticket = [1, 2, 3],
    };

    private sealed class Environment(string name, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    /// <summary>Keeps every entry with its event id, which the structured warning is asserted on.</summary>
    private sealed class EventLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new EventLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class EventLogger(EventLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
        }
    }
}
