using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// Bounds a flood cannot pass: sessions per user, what a connect reads and sends, connections per session; and the
/// deadlines only the user moves: an absolute lifetime, and sliding only on the user's own requests.
/// </summary>
public class LimitsTests
{
    [Fact]
    public async Task Two_hundred_sign_ins_of_one_user_leave_MaxSessionsPerUser_sessions_ending_the_least_recently_active()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SlideWriteInterval = TimeSpan.Zero);
        var first = app.NewBrowser();
        await first.SignInAsync("alice");
        var firstSession = await first.SessionAsync();
        var second = app.NewBrowser();
        await second.SignInAsync("alice");

        // The first browser stays in use while the others sign in; the second is never used again.
        for (var i = 0; i < 198; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            await app.NewBrowser().SignInAsync("alice");
            if (i % 10 == 0)
            {
                await first.Http.GetAsync("/test/me");
            }
        }

        var sessions = await app.Store.ListByUserAsync("alice");
        Assert.Equal(50, sessions.Count);
        Assert.Contains(sessions, s => s.Handle == firstSession.Handle);
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/test/me")).StatusCode);
        var refused = await second.Http.GetAsync("/test/me");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);

        // Its tombstone was the first of 148: past SessionTombstone.MaxPerUser (100), so forgotten (the reason is a
        // courtesy; the bound is what keeps a flood from growing the store).
        Assert.DoesNotContain("signedOutReason", refused.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The one capped last is told why.
        var capped = app.NewBrowser();
        await capped.SignInAsync("alice");
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await first.Http.GetAsync("/test/me");
        for (var i = 0; i < 49; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            await app.NewBrowser().SignInAsync("alice");
        }

        var told = await capped.Http.GetAsync("/test/me");
        Assert.Contains("signedOutReason=revoked", told.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_carries_the_newest_hundred_and_the_total_and_the_connect_snapshot_only_this_session_and_those_since()
    {
        await using var app = await TestApp.StartAsync(options: o => o.MaxSessionsPerUser = 150);
        for (var i = 0; i < 119; i++)
        {
            await app.NewBrowser().SignInAsync("alice");
            await app.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        }

        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await app.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        await using (var tab = await browser.ConnectAsync())
        {
            // The 119 older sessions never get a notice: the connect does not read or send them.
            var snapshot = await tab.NextAsync("sessionsSnapshot");
            var own = Assert.Single(((JsonElement)snapshot[0]!).EnumerateArray());
            Assert.True(own.GetProperty("current").GetBoolean());
            Assert.Equal(1, ((JsonElement)snapshot[1]!).GetInt32());

            // The list asks: the newest 100 of all 120, and the total.
            await tab.Connection.InvokeAsync("ListSessions");
            var list = await tab.NextAsync("sessionsList");
            var entries = ((JsonElement)list[0]!).EnumerateArray().ToList();
            Assert.Equal(100, entries.Count);
            Assert.Equal(120, ((JsonElement)list[1]!).GetInt32());
            Assert.True(entries[0].GetProperty("current").GetBoolean(), "the newest, this one, comes first");
            Assert.Single(entries, e => e.GetProperty("current").GetBoolean());
            Assert.DoesNotContain("ticket", list[0]!.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // Three sign-ins after this one: the next connect's snapshot has them (the notices it would have had), newest first.
        for (var i = 0; i < 3; i++)
        {
            await app.NewBrowser().SignInAsync("alice");
            await app.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        }

        await using var again = await browser.ConnectAsync();
        var later = await again.NextAsync("sessionsSnapshot");
        var since = ((JsonElement)later[0]!).EnumerateArray().ToList();
        Assert.Equal(4, since.Count);
        Assert.Equal(4, ((JsonElement)later[1]!).GetInt32());
        Assert.True(since[3].GetProperty("current").GetBoolean(), "this one, the oldest of them, comes last");
    }

    [Fact]
    public async Task ListSessions_answers_a_few_times_per_connection_then_only_the_generic_refusal()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await app.NewBrowser().SignInAsync("bob");
        await using var tab = await browser.ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await tab.Connection.InvokeAsync("ListSessions");
            var list = await tab.NextAsync("sessionsList");
            Assert.Single(((JsonElement)list[0]!).EnumerateArray());
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => tab.Connection.InvokeAsync("ListSessions"));
        Assert.Contains("The sessions could not be listed.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, tab.Pending("sessionsList"));
    }

    [Fact]
    public async Task A_session_holds_at_most_MaxConnectionsPerSession_sockets_and_a_flood_is_logged_once()
    {
        var logs = new ListLoggerProvider();
        await using var app = await TestApp.StartAsync(
            configure: builder => builder.Logging.AddProvider(logs),
            options: o => o.MaxConnectionsPerSession = 3);
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var tabs = new List<Testing.HubClient>();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await browser.ConnectAsync());
        }

        var refused = new List<Testing.HubClient>();
        for (var i = 0; i < 3; i++)
        {
            var extra = await browser.ConnectAsync();
            await extra.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            refused.Add(extra);
        }

        foreach (var tab in tabs)
        {
            Assert.False(tab.Closed.IsCompleted);
        }

        Assert.Single(logs.Entries, e => e.Message.Contains("opened more hub connections than allowed", StringComparison.Ordinal));

        // A tab that closes frees its place.
        await tabs[0].DisposeAsync();
        await Task.Delay(200);
        await using var again = await browser.ConnectAsync();
        await again.NextAsync("sessionExpiry");
        foreach (var client in tabs.Skip(1).Concat(refused))
        {
            await client.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("cross-site", "no-cors", null, false)] // another site's <img>
    [InlineData("same-site", "no-cors", null, false)] // a sibling subdomain's <img>
    [InlineData("cross-site", "cors", null, false)] // another site's fetch()
    [InlineData("cross-site", "navigate", null, false)] // a navigation without user activation (a script's window.open)
    [InlineData("same-origin", "cors", null, true)] // the app's own fetch()
    [InlineData("none", "navigate", "?1", true)] // typed or bookmarked
    [InlineData("cross-site", "navigate", "?1", true)] // a link the user clicked on another site
    [InlineData(null, null, null, true)] // no Fetch Metadata: not a browser
    public async Task Only_the_users_own_requests_slide_the_session(string? site, string? mode, string? user, bool slides)
    {
        await using var app = await TestApp.StartAsync(options: o => o.SlideWriteInterval = TimeSpan.Zero);
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var handle = (await browser.SessionAsync()).Handle;
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/me");
        foreach (var (name, value) in new[] { ("Sec-Fetch-Site", site), ("Sec-Fetch-Mode", mode), ("Sec-Fetch-User", user) })
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }

        await browser.Http.SendAsync(request);

        // Read from the store: reading through a request would slide it.
        var expected = TestApp.Start + (slides ? TimeSpan.FromMinutes(5) : TimeSpan.Zero) + TimeSpan.FromMinutes(15);
        Assert.Equal(expected, (await app.Store.FindByHandleAsync(handle))!.ExpiresAt);
    }

    [Fact]
    public async Task SlideOnlyOnUserRequests_off_lets_every_request_slide()
    {
        await using var app = await TestApp.StartAsync(options: o =>
        {
            o.SlideWriteInterval = TimeSpan.Zero;
            o.SlideOnlyOnUserRequests = false;
        });
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var handle = (await browser.SessionAsync()).Handle;
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/me") { Headers = { { "Sec-Fetch-Site", "cross-site" }, { "Sec-Fetch-Mode", "no-cors" } } };
        await browser.Http.SendAsync(request);

        Assert.Equal(TestApp.Start + TimeSpan.FromMinutes(20), (await app.Store.FindByHandleAsync(handle))!.ExpiresAt);
    }

    [Fact]
    public async Task An_absolute_lifetime_ends_the_session_at_that_age_whatever_its_activity()
    {
        await using var app = await TestApp.StartAsync(options: o => o.AbsoluteLifetime = TimeSpan.FromMinutes(20));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");

        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        using (var keepalive = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive") { Headers = { { "X-Session-Keepalive", "1" } } })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(keepalive)).StatusCode);
        }

        Assert.Equal(TestApp.Start + TimeSpan.FromMinutes(20), (await browser.SessionAsync()).ExpiresAt);

        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.NotEqual(HttpStatusCode.OK, (await browser.Http.GetAsync("/test/me")).StatusCode);
    }

    [Fact]
    public async Task KillSession_is_limited_per_session_so_more_tabs_buy_no_more_calls()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var phone = app.NewBrowser("Phone/1.0");
        await phone.SignInAsync("alice");
        var phoneHandle = (await phone.SessionAsync()).Handle;
        await using var first = await browser.ConnectAsync();
        await using var second = await browser.ConnectAsync();

        // Ten calls spread over two tabs use up the session's window (each tab made only five).
        for (var i = 0; i < 10; i++)
        {
            var tab = i % 2 == 0 ? first : second;
            await Assert.ThrowsAsync<HubException>(() => tab.Connection.InvokeAsync("KillSession", "no-such-handle"));
        }

        await Assert.ThrowsAsync<HubException>(() => second.Connection.InvokeAsync("KillSession", phoneHandle));
        Assert.Equal(HttpStatusCode.OK, (await phone.Http.GetAsync("/test/me")).StatusCode);

        await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        await second.Connection.InvokeAsync("KillSession", phoneHandle);
        Assert.NotEqual(HttpStatusCode.OK, (await phone.Http.GetAsync("/test/me")).StatusCode);
    }
}
