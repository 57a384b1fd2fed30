using SessionAwareness.AspNetCore.StackExchangeRedis;

namespace SessionAwareness.AspNetCore.Tests.Units;

/// <summary>A cookie app on SQLite pulls no Redis: every Redis reference lives in the StackExchangeRedis package.</summary>
public class PackageSplitTests
{
    [Fact]
    public void The_core_library_references_no_Redis_assembly_and_the_Redis_package_does()
    {
        static string[] References(Type type) => [.. type.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.DoesNotContain(References(typeof(SessionAwarenessOptions)), name => name.Contains("Redis", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("StackExchange.Redis", References(typeof(RedisUserSessionStoreOptions)));
        Assert.Contains("Microsoft.AspNetCore.SignalR.StackExchangeRedis", References(typeof(RedisUserSessionStoreOptions)));
    }
}
