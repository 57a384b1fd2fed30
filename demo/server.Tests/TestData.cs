using SessionAwareness.Demo.Infrastructure;
using SessionAwareness.Demo.Sessions;

namespace SessionAwareness.Demo.Tests;

internal static class TestData
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(15);

    public static SessionAwarenessOptions Options => SessionAwarenessOptions.Defaults with { IdleTimeout = Idle };

    public static SessionRecord Session(string user, string handle, bool revoked = false) => new()
    {
        SessionSecret = "secret-" + handle,
        PublicHandle = handle,
        UserName = user,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UserAgent = "test",
        Revoked = revoked,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.MaxValue,
    };
}
