using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SessionAwareness.AspNetCore.StackExchangeRedis;
using SessionAwareness.AspNetCore.Tests.Stores;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// Redis loses its data (FLUSHALL, as a new empty Redis or a restart without persistence would) while instances
/// run, and a new instance starts on the empty Redis and makes a key ring of its own. The instances must agree on
/// the key ring again, so that whoever signs in again stays signed in on every instance. Its own redis-server:
/// the flush must not touch other tests' keys.
/// </summary>
public class RedisDataLossTests : IAsyncLifetime
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly RedisServerFixture _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task After_a_flush_sign_ins_on_an_old_and_on_a_new_instance_work_on_both()
    {
        var prefix = $"loss-{Guid.NewGuid():N}:";
        void Redis(SessionAwarenessBuilder b) => b.AddRedis(o =>
        {
            o.Configuration = _redis.ConnectionString;
            o.KeyPrefix = prefix;
            o.KeyRingCheckInterval = CheckInterval;
        });

        await using var old = await TestApp.StartAsync(store: Redis);
        Assert.IsType<ReloadingKeyManager>(old.App.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>());
        EndAutoRefreshWindow(old);
        var before = old.NewBrowser();
        await before.SignInAsync("alice");

        await FlushAllAsync(_redis.Port);

        // A new instance (a restart, a scale-out) on the empty Redis: it makes a key only it knows.
        await using var fresh = await TestApp.StartAsync(store: Redis);
        EndAutoRefreshWindow(fresh);
        var onFresh = fresh.NewBrowser();
        await onFresh.SignInAsync("bob");
        var onOld = old.NewBrowser();
        await onOld.SignInAsync("carol");

        // The cost of the loss: the session from before is gone. And until the instances compare key rings,
        // neither reads the other's new cookies.
        Assert.NotEqual(HttpStatusCode.OK, (await before.Http.GetAsync("/test/me")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await Same(onFresh, old).Http.GetAsync("/test/me")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await Same(onOld, fresh).Http.GetAsync("/test/me")).StatusCode);

        // The key-ring check (every CheckInterval on each instance's clock): the old instance writes its key back,
        // each loads the key it lacked. Both cookies then work on both instances.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        bool agreed;
        do
        {
            old.Time.Advance(CheckInterval);
            fresh.Time.Advance(CheckInterval);
            await Task.Delay(100);
            agreed = (await Same(onFresh, old).Http.GetAsync("/test/me")).StatusCode == HttpStatusCode.OK &&
                     (await Same(onOld, fresh).Http.GetAsync("/test/me")).StatusCode == HttpStatusCode.OK;
        }
        while (!agreed && DateTime.UtcNow < deadline);

        Assert.True(agreed, "the instances never agreed on the key ring after the flush");
        foreach (var (browser, app) in new[] { (onFresh, fresh), (onOld, old) })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/test/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Same(browser, app == old ? fresh : old).Http.GetAsync("/test/me")).StatusCode);
        }

        // A sign-in after the agreement works everywhere, and the key ring in Redis holds both keys.
        var after = fresh.NewBrowser();
        await after.SignInAsync("dave");
        Assert.Equal(HttpStatusCode.OK, (await Same(after, old).Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(2, await _redis.Multiplexer.GetDatabase().ListLengthAsync(prefix + "data-protection-keys"));
    }

    /// <summary>The same browser (cookie jar) talking to the other instance.</summary>
    private static Browser Same(Browser browser, TestApp other)
    {
        var moved = other.NewBrowser(browser.UserAgent);
        foreach (Cookie cookie in browser.Cookies.GetAllCookies())
        {
            moved.Cookies.Add(other.Server.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        }

        return moved;
    }

    /// <summary>
    /// Data Protection reloads the key ring for an unknown key during its first two minutes (real time), which
    /// would hide the problem for a test's young instances; these play instances that have run for longer.
    /// </summary>
    private static void EndAutoRefreshWindow(TestApp app)
    {
        var providerType = typeof(Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions).Assembly.GetType("Microsoft.AspNetCore.DataProtection.KeyManagement.Internal.IKeyRingProvider", throwOnError: true)!;
        var provider = app.App.Services.GetRequiredService(providerType);
        var window = provider.GetType().GetProperty("AutoRefreshWindowEnd", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("KeyRingProvider.AutoRefreshWindowEnd is gone: review this test.");
        window.SetValue(provider, DateTime.UtcNow);
    }

    /// <summary>FLUSHALL over a raw connection (the client library refuses admin commands without allowAdmin).</summary>
    private static async Task FlushAllAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync("FLUSHALL\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        Assert.StartsWith("+OK", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}
