using Microsoft.AspNetCore.DataProtection.Repositories;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore;

/// <summary>
/// Where a store keeps the Data Protection key ring, registered by the method that chose the store
/// (<c>UseSqlite</c>, <c>AddRedis</c>), so that <see cref="KeepKeysWithStore"/> knows no store type. The
/// function answers <c>null</c> when the registered store is not the one it was made for (the app replaced it).
/// </summary>
internal sealed class KeyRingPlacement(Func<IServiceProvider, IUserSessionStore, KeyRingPlacement.KeyRing?> place)
{
    /// <summary>The repository for the key ring, and where it is, as said in the warning about unencrypted keys.</summary>
    internal sealed record KeyRing(IXmlRepository Repository, string Place);

    /// <summary>The key ring for <paramref name="store"/>, or <c>null</c>.</summary>
    public KeyRing? Place(IServiceProvider services, IUserSessionStore store) => place(services, store);
}
