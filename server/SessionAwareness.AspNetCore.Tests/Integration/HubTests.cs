using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>The hub over the real SignalR .NET client: who is told what, who may end what.</summary>
public class HubTests
{
    private const string Refused = "That session could not be ended.";

    [Fact]
    public async Task Negotiate_without_a_session_is_401_and_from_another_origin_403()
    {
        await using var app = await TestApp.StartAsync(options: o => o.AllowedOrigins = ["https://app.example.com"]);
        var anonymous = app.NewBrowser();
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");

        var noSession = await anonymous.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1") { Headers = { { "Origin", "http://evil.example" } } };
        var refused = await alice.Http.SendAsync(crossSite);
        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1") { Headers = { { "Origin", "https://app.example.com" } } };
        var accepted = await alice.Http.SendAsync(allowed);

        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task On_connect_the_tab_gets_its_deadline()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");

        await using var hub = await alice.ConnectAsync();
        var expiry = await hub.NextAsync("sessionExpiry");

        Assert.Equal(TestApp.Iso(TestApp.Start + TimeSpan.FromMinutes(15)), expiry[0]?.ToString());
        Assert.Equal(TestApp.Iso(TestApp.Start), expiry[1]?.ToString());
    }

    [Fact]
    public async Task On_every_connect_the_tab_gets_a_snapshot_of_the_users_live_sessions_marking_its_own()
    {
        await using var app = await TestApp.StartAsync();
        var first = app.NewBrowser();
        var second = app.NewBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0");
        var bob = app.NewBrowser();
        await first.SignInAsync("alice");
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await second.SignInAsync("alice");
        await bob.SignInAsync("bob");
        var own = await first.SessionAsync();
        var other = await second.SessionAsync();

        await using var tab = await first.ConnectAsync();
        var snapshot = (JsonElement)(await tab.NextAsync("sessionsSnapshot"))[0]!;

        var entries = snapshot.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(other.Handle, entries[0].GetProperty("sessionId").GetString());
        Assert.False(entries[0].GetProperty("current").GetBoolean());
        Assert.Equal("Firefox 130", entries[0].GetProperty("browser").GetString());
        Assert.Equal("Windows", entries[0].GetProperty("device").GetString());
        Assert.Equal("Windows", entries[0].GetProperty("os").GetString());
        Assert.Equal("desktop", entries[0].GetProperty("deviceType").GetString());
        Assert.Equal("Linux", entries[1].GetProperty("os").GetString());
        Assert.Equal(TestApp.Iso(TestApp.Start + TimeSpan.FromMinutes(1)), entries[0].GetProperty("createdAt").GetString());
        Assert.Equal(own.Handle, entries[1].GetProperty("sessionId").GetString());
        Assert.True(entries[1].GetProperty("current").GetBoolean());
        var text = snapshot.GetRawText();
        Assert.DoesNotContain(own.KeyHash, text, StringComparison.Ordinal);
        Assert.DoesNotContain(other.KeyHash, text, StringComparison.Ordinal);
        Assert.DoesNotContain((await bob.SessionAsync()).Handle, text, StringComparison.Ordinal);

        // A reconnect gets a fresh one: the second session has ended meanwhile.
        await app.Store.RemoveAsync(other.KeyHash);
        await using var again = await first.ConnectAsync();
        Assert.Single(((JsonElement)(await again.NextAsync("sessionsSnapshot"))[0]!).EnumerateArray());
    }

    [Fact]
    public async Task A_sign_in_is_announced_to_the_users_other_sessions_only_with_the_handle_never_the_key()
    {
        await using var app = await TestApp.StartAsync();
        var first = app.NewBrowser();
        var bob = app.NewBrowser();
        await first.SignInAsync("alice");
        await bob.SignInAsync("bob");
        await using var firstHub = await first.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();

        var second = app.NewBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0");
        await second.SignInAsync("alice");
        var secondSession = await second.SessionAsync();
        var notice = await firstHub.NextAsync("sessionRegistered");

        Assert.Equal(SessionMessages.SignedInElsewhere, notice[0]?.ToString());
        Assert.Equal(secondSession.Handle, notice[1]?.ToString());
        var details = (JsonElement)notice[2]!;
        Assert.Equal("Firefox 130", details.GetProperty("browser").GetString());
        Assert.Equal("Windows", details.GetProperty("device").GetString());
        Assert.Equal("Windows", details.GetProperty("os").GetString());
        Assert.Equal("desktop", details.GetProperty("deviceType").GetString());
        Assert.Equal(TestApp.Iso(TestApp.Start), details.GetProperty("createdAt").GetString());
        Assert.DoesNotContain(secondSession.KeyHash, JsonSerializer.Serialize(notice), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, bobHub.Pending("sessionRegistered"));
    }

    [Fact]
    public async Task KillSession_ends_the_other_session_its_tabs_are_told_and_cut_and_its_cookie_dies()
    {
        await using var app = await TestApp.StartAsync();
        var first = app.NewBrowser();
        var second = app.NewBrowser();
        await first.SignInAsync("alice");
        await second.SignInAsync("alice");
        var target = await second.SessionAsync();
        await using var firstHub = await first.ConnectAsync();
        await using var secondHub = await second.ConnectAsync();

        await firstHub.Connection.InvokeAsync("KillSession", target.Handle);

        Assert.Equal(SessionMessages.EndedElsewhere, (await secondHub.NextAsync("sessionEnded"))[0]?.ToString());
        Assert.Equal(target.Handle, (await firstHub.NextAsync("sessionClosed"))[0]?.ToString());
        await secondHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, secondHub.Connection.State);
        Assert.Equal(HttpStatusCode.Redirect, (await second.Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HubConnectionState.Connected, firstHub.Connection.State);
    }

    [Theory]
    [InlineData("own")]
    [InlineData("other-user")]
    [InlineData("unknown")]
    [InlineData("too-long")]
    [InlineData("empty")]
    public async Task KillSession_refuses_everything_but_the_callers_other_sessions_with_one_generic_message(string targetKind)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.NewBrowser();
        var bob = app.NewBrowser();
        await alice.SignInAsync("alice");
        await bob.SignInAsync("bob");
        var own = await alice.SessionAsync();
        var bobs = await bob.SessionAsync();
        await using var hub = await alice.ConnectAsync();
        var target = targetKind switch
        {
            "own" => own.Handle,
            "other-user" => bobs.Handle,
            "unknown" => "AAAAAAAAAAAAAAAAAAAAAA",
            "too-long" => new string('A', 200),
            _ => "",
        };

        var error = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", target));

        Assert.EndsWith(Refused, error.Message, StringComparison.Ordinal);
        Assert.NotNull(await app.Store.FindByKeyAsync(own.KeyHash));
        Assert.NotNull(await app.Store.FindByKeyAsync(bobs.KeyHash));
    }

    [Fact]
    public async Task EndOtherSessions_ends_every_other_session_of_the_user_and_keeps_the_callers_and_other_users()
    {
        await using var app = await TestApp.StartAsync();
        var caller = app.NewBrowser();
        var phone = app.NewBrowser();
        var laptop = app.NewBrowser();
        var bob = app.NewBrowser();
        foreach (var (browser, user) in new[] { (caller, "alice"), (phone, "alice"), (laptop, "alice"), (bob, "bob") })
        {
            await browser.SignInAsync(user);
        }

        var own = await caller.SessionAsync();
        var others = new[] { await phone.SessionAsync(), await laptop.SessionAsync() };
        var bobs = await bob.SessionAsync();
        await using var hub = await caller.ConnectAsync();
        await using var phoneTab = await phone.ConnectAsync();

        var ended = await hub.Connection.InvokeAsync<int>("EndOtherSessions");

        Assert.Equal(2, ended);
        Assert.Equal(SessionMessages.EndedElsewhere, (await phoneTab.NextAsync("sessionEnded"))[0]?.ToString());
        foreach (var other in others)
        {
            Assert.Null(await app.Store.FindByKeyAsync(other.KeyHash));
        }

        Assert.NotNull(await app.Store.FindByKeyAsync(own.KeyHash));
        Assert.NotNull(await app.Store.FindByKeyAsync(bobs.KeyHash));
        Assert.Equal(0, await hub.Connection.InvokeAsync<int>("EndOtherSessions"));
    }

    [Fact]
    public async Task EndOtherSessions_counts_against_the_KillSession_rate_limit()
    {
        await using var app = await TestApp.StartAsync(options: o => o.KillRateLimit = 2);
        var caller = app.NewBrowser();
        var other = app.NewBrowser();
        await caller.SignInAsync("alice");
        await other.SignInAsync("alice");
        var otherSession = await other.SessionAsync();
        await using var hub = await caller.ConnectAsync();

        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", "AAAAAAAAAAAAAAAAAAAAAA"));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", "AAAAAAAAAAAAAAAAAAAAAA"));
        var limited = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<int>("EndOtherSessions"));

        Assert.EndsWith(Refused, limited.Message, StringComparison.Ordinal);
        Assert.NotNull(await app.Store.FindByKeyAsync(otherSession.KeyHash));
    }

    [Fact]
    public async Task KillSession_is_rate_limited_per_connection_then_allowed_again_after_the_window()
    {
        await using var app = await TestApp.StartAsync(options: o =>
        {
            o.KillRateLimit = 3;
            o.KillRateWindow = TimeSpan.FromSeconds(10);
        });
        var first = app.NewBrowser();
        var second = app.NewBrowser();
        await first.SignInAsync("alice");
        await second.SignInAsync("alice");
        var target = await second.SessionAsync();
        await using var hub = await first.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", "AAAAAAAAAAAAAAAAAAAAAA"));
        }

        // The window is used up: even a valid target is refused, with the same message.
        var limited = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", target.Handle));
        Assert.EndsWith(Refused, limited.Message, StringComparison.Ordinal);
        Assert.NotNull(await app.Store.FindByKeyAsync(target.KeyHash));

        await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        await hub.Connection.InvokeAsync("KillSession", target.Handle);
        Assert.Null(await app.Store.FindByKeyAsync(target.KeyHash));
    }

    [Fact]
    public async Task Refusals_are_logged_at_debug_and_counted_never_one_information_line_each_and_never_with_the_key()
    {
        var logs = new ListLoggerProvider();
        await using var app = await TestApp.StartAsync(
            configure: builder => builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace),
            options: o => o.KillRateLimit = 100);
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");
        var own = await alice.SessionAsync();
        await using var hub = await alice.ConnectAsync();

        for (var i = 0; i < 40; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync("KillSession", i % 2 == 0 ? own.Handle : "AAAAAAAAAAAAAAAAAAAAAA"));
        }

        var hubLines = logs.Entries.Where(e => e.Category.EndsWith(".SessionHub", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, hubLines.Count(e => e.Level == LogLevel.Debug && e.Message.Contains("refused", StringComparison.Ordinal)));
        Assert.DoesNotContain(hubLines, e => e.Level >= LogLevel.Information);
        Assert.Equal(40, app.App.Services.GetRequiredService<SessionAwareness.AspNetCore.Sessions.SessionAwarenessMetrics>().KillRefusals);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(own.KeyHash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_closes_the_connection_on_the_server()
    {
        await using var app = await TestApp.StartAsync(options: o => o.MaximumReceiveMessageSize = 1024);
        var connections = app.App.Services.GetRequiredService<SessionAwareness.AspNetCore.Hubs.HubConnectionRegistry>();
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");
        await using var hub = await alice.ConnectAsync();
        await hub.NextAsync("sessionExpiry");
        Assert.Equal(1, connections.Count);

        await Assert.ThrowsAnyAsync<Exception>(() => hub.Connection.InvokeAsync("KillSession", new string('A', 4000)));

        // The server drops the connection (the long-polling client may notice only at its next poll).
        for (var waited = 0; connections.Count > 0 && waited < 100; waited++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, connections.Count);
    }

    [Fact]
    public async Task Signing_out_tells_the_sessions_tabs_and_the_users_other_sessions()
    {
        await using var app = await TestApp.StartAsync();
        var first = app.NewBrowser();
        var second = app.NewBrowser();
        await first.SignInAsync("alice");
        await second.SignInAsync("alice");
        var leaving = await second.SessionAsync();
        await using var firstHub = await first.ConnectAsync();
        await using var secondHub = await second.ConnectAsync();

        (await second.Http.PostAsync("/test/signout", null)).EnsureSuccessStatusCode();

        Assert.Equal(SessionMessages.SignedOut, (await secondHub.NextAsync("sessionEnded"))[0]?.ToString());
        Assert.Equal(leaving.Handle, (await firstHub.NextAsync("sessionClosed"))[0]?.ToString());
        await secondHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
