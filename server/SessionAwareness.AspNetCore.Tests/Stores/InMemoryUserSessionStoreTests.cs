using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Tests.Stores;

/// <summary>The conformance suite against <see cref="InMemoryUserSessionStore"/>.</summary>
public sealed class InMemoryUserSessionStoreTests : UserSessionStoreConformanceTests
{
    /// <inheritdoc />
    protected override Task<IUserSessionStore> CreateStoreAsync() => Task.FromResult<IUserSessionStore>(new InMemoryUserSessionStore());
}
