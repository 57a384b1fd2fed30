using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Keeps the Data Protection key ring with the session store, where the store's <see cref="KeyRingPlacement"/>
/// puts it: in the folder <c>keys</c> beside the SQLite file, or in Redis. The keys protect the cookie and the stored tickets; kept only in memory (ASP.NET Core's
/// fallback on a Linux container) they die with the process and every cookie with them. An app that chose
/// its own key repository keeps it.
/// </summary>
/// <remarks>
/// Kept there, the key ring sits beside what it protects: a copy of the folder (or of the Redis) opens every ticket
/// and forges cookies. Outside Development, when the app configured no encryption of the keys at rest
/// (<see cref="KeyManagementOptions.XmlEncryptor"/>), one warning says so, once per process.
/// </remarks>
internal sealed partial class KeepKeysWithStore(IServiceProvider services, IOptions<SessionAwarenessOptions> options, ILoggerFactory loggers)
    : IPostConfigureOptions<KeyManagementOptions>
{
    private static readonly StrongBox<int> ProcessWide = new();

    /// <summary>Whether the warning was logged: once per process (tests give each case its own).</summary>
    internal StrongBox<int> Warned { get; init; } = ProcessWide;

    public void PostConfigure(string? name, KeyManagementOptions keys)
    {
        if (keys.XmlRepository is not null || !options.Value.PersistDataProtectionKeys)
        {
            return;
        }

        if (services.GetService<KeyRingPlacement>()?.Place(services, services.GetRequiredService<IUserSessionStore>()) is not { } ring)
        {
            return;
        }

        keys.XmlRepository = ring.Repository;
        var place = ring.Place;

        if (keys.XmlEncryptor is null && services.GetService<IHostEnvironment>() is { } environment && !environment.IsDevelopment() &&
            Interlocked.Exchange(ref Warned.Value, 1) == 0)
        {
            KeyRingNotEncrypted(loggers.CreateLogger<KeepKeysWithStore>(), place);
        }
    }

    // On Unix a missing folder is made 0700; an existing one keeps its mode.
    internal static DirectoryInfo CreateOwnerOnlyFolder(string folder) =>
        OperatingSystem.IsWindows() || Directory.Exists(folder)
            ? Directory.CreateDirectory(folder)
            : Directory.CreateDirectory(folder, SqliteUserSessionStore.OwnerOnlyFolder);

    [LoggerMessage(EventId = 50, EventName = "KeyRingNotEncrypted", Level = LogLevel.Warning,
        Message = "The Data Protection key ring is kept with the sessions ({KeyRing}) unencrypted: whoever copies it can read every session ticket " +
                  "and forge cookies. Encrypt it at rest with ProtectKeysWithCertificate (or ProtectKeysWithAzureKeyVault, ProtectKeysWithDpapi) " +
                  "on services.AddDataProtection(), or keep the keys elsewhere with PersistKeysTo…")]
    private static partial void KeyRingNotEncrypted(ILogger logger, string keyRing);

    /// <summary>
    /// <see cref="FileSystemXmlRepository"/> whose new key files are readable by the app's user only (0600 on Unix), set
    /// as soon as it has written them (the folder, 0700, already keeps others out meanwhile). Files already there are
    /// left as they are.
    /// </summary>
    internal sealed class OwnerOnlyFileSystemXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : IXmlRepository
    {
        private readonly FileSystemXmlRepository _inner = new(directory, loggers);

        public IReadOnlyCollection<XElement> GetAllElements() => _inner.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            if (OperatingSystem.IsWindows())
            {
                _inner.StoreElement(element, friendlyName);
                return;
            }

            var before = new HashSet<string>(Directory.EnumerateFiles(directory.FullName), StringComparer.Ordinal);
            _inner.StoreElement(element, friendlyName);
            foreach (var file in Directory.EnumerateFiles(directory.FullName).Where(file => !before.Contains(file)))
            {
                File.SetUnixFileMode(file, SqliteUserSessionStore.OwnerOnlyFile);
            }
        }
    }
}
