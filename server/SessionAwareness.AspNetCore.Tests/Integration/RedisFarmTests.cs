using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.AspNetCore.Tests.Stores;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// Two instances of one app over one real redis-server: the Redis store, key ring, backplane and revocation
/// channel. A cookie from one instance works on the other (shared key ring), as behind a load balancer.
/// </summary>
[Collection(RedisServerFixture.CollectionName)]
public class RedisFarmTests(RedisServerFixture redis)
{
    private async Task<(TestApp One, TestApp Two)> StartFarmAsync(Action<SessionAwarenessOptions>? options = null)
    {
        // A prefix per test: its own keys, channels and key ring on the shared server.
        var prefix = $"farm-{Guid.NewGuid():N}:";
        var one = await TestApp.StartAsync(store: b => b.AddRedis(o => { o.Configuration = redis.ConnectionString; o.KeyPrefix = prefix; }), options: options);
        var two = await TestApp.StartAsync(store: b => b.AddRedis(o => { o.Configuration = redis.ConnectionString; o.KeyPrefix = prefix; }), options: options);
        return (one, two);
    }

    /// <summary>The same browser (cookie jar) talking to the other instance.</summary>
    private static Browser Same(Browser browser, TestApp other)
    {
        var moved = other.NewBrowser(browser.UserAgent);
        foreach (System.Net.Cookie cookie in browser.Cookies.GetAllCookies())
        {
            moved.Cookies.Add(other.Server.BaseAddress, new System.Net.Cookie(cookie.Name, cookie.Value));
        }

        return moved;
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_valid_on_the_other()
    {
        var (one, two) = await StartFarmAsync();
        await using var _ = one;
        await using var __ = two;
        var browser = one.NewBrowser();
        await browser.SignInAsync("alice");

        var onTwo = Same(browser, two);

        Assert.Equal(HttpStatusCode.OK, (await onTwo.Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal((await browser.SessionAsync()).Handle, (await onTwo.SessionAsync()).Handle);
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_reaches_a_tab_held_by_the_other()
    {
        var (one, two) = await StartFarmAsync();
        await using var _ = one;
        await using var __ = two;
        var first = one.NewBrowser();
        await first.SignInAsync("alice");
        await using var tabOnOne = await first.ConnectAsync();
        await tabOnOne.NextAsync("sessionExpiry");

        var second = two.NewBrowser();
        await second.SignInAsync("alice");

        var notice = await tabOnOne.NextAsync("sessionRegistered");
        Assert.Equal((await second.SessionAsync()).Handle, notice[1]?.ToString());
    }

    [Fact]
    public async Task End_session_on_one_instance_cuts_the_socket_held_by_the_other_and_the_cookie_dies_on_both()
    {
        var (one, two) = await StartFarmAsync();
        await using var _ = one;
        await using var __ = two;
        var victim = one.NewBrowser();
        await victim.SignInAsync("alice");
        var victimSession = await victim.SessionAsync();
        await using var victimTab = await victim.ConnectAsync();
        await victimTab.NextAsync("sessionExpiry");
        var killer = two.NewBrowser();
        await killer.SignInAsync("alice");
        await using var killerTab = await killer.ConnectAsync();

        await killerTab.Connection.InvokeAsync("KillSession", victimSession.Handle);

        Assert.Equal(SessionMessages.EndedElsewhere, (await victimTab.NextAsync("sessionEnded"))[0]?.ToString());
        await victimTab.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Redirect, (await victim.Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Same(victim, two).Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(victimSession.Handle, (await killerTab.NextAsync("sessionClosed"))[0]?.ToString());
    }

    [Fact]
    public async Task With_a_sweeper_on_each_instance_an_expiry_is_announced_once()
    {
        var (one, two) = await StartFarmAsync(o => o.SweepInterval = TimeSpan.FromSeconds(1));
        await using var _ = one;
        await using var __ = two;
        var browser = one.NewBrowser();
        await browser.SignInAsync("alice");
        await using var tabOnOne = await browser.ConnectAsync();
        await using var tabOnTwo = await Same(browser, two).ConnectAsync();
        var watcher = two.NewBrowser();
        await watcher.SignInAsync("alice");
        await using var watcherTab = await watcher.ConnectAsync();
        using var keepWatcherAlive = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive") { Headers = { { "X-Session-Keepalive", "1" } } };

        // Both clocks pass the deadline; both sweepers run.
        one.Time.Advance(TimeSpan.FromMinutes(14));
        two.Time.Advance(TimeSpan.FromMinutes(14));
        (await watcher.Http.SendAsync(keepWatcherAlive)).EnsureSuccessStatusCode();
        one.Time.Advance(TimeSpan.FromMinutes(1));
        two.Time.Advance(TimeSpan.FromMinutes(1));
        for (var tick = 0; tick < 3; tick++)
        {
            await one.AdvanceAsync(TimeSpan.FromSeconds(1));
            await two.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(SessionMessages.Expired, (await tabOnOne.NextAsync("sessionEnded"))[0]?.ToString());
        Assert.Equal(SessionMessages.Expired, (await tabOnTwo.NextAsync("sessionEnded"))[0]?.ToString());
        await watcherTab.NextAsync("sessionClosed");
        await Task.Delay(500);
        Assert.Equal(0, tabOnOne.Pending("sessionEnded"));
        Assert.Equal(0, tabOnTwo.Pending("sessionEnded"));
        Assert.Equal(0, watcherTab.Pending("sessionClosed"));
    }
}

/// <summary>
/// Redis stopped for real (the process killed) and started again on the same port, with its data kept as a
/// production Redis holding sessions must keep it: nobody is signed out by the outage.
/// </summary>
public class RedisOutageTests : IAsyncLifetime
{
    private readonly RedisServerFixture _redis = new() { Persistent = true };

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Redis_stopped_answers_503_signs_nobody_out_and_everything_resumes_when_it_is_back()
    {
        var prefix = $"outage-{Guid.NewGuid():N}:";
        await using var app = await TestApp.StartAsync(store: b => b.AddRedis(o => { o.Configuration = _redis.ConnectionString + ",connectTimeout=1000,asyncTimeout=1000"; o.KeyPrefix = prefix; }));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var cookie = browser.AuthCookie;
        await using (var tab = await browser.ConnectAsync())
        {
            await tab.NextAsync("sessionExpiry");
        }

        await _redis.StopAsync();
        try
        {
            foreach (var path in new[] { "/test/me", "/session/status" })
            {
                var during = await browser.Http.GetAsync(path);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
                Assert.False(during.Headers.Contains("Set-Cookie"));
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await browser.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null)).StatusCode);
            Assert.Equal(cookie, browser.AuthCookie);
        }
        finally
        {
            await _redis.StartAsync();
        }

        // The multiplexer reconnects by itself; the session and the key ring are still there.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            status = (await browser.Http.GetAsync("/test/me")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        await using var again = await browser.ConnectAsync();
        await again.NextAsync("sessionExpiry");
    }
}
