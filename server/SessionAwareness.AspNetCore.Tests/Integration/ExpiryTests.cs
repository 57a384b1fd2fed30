using System.Net;
using System.Net.Http.Json;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>Sliding expiry: which requests slide, keep-alive and status, and the sweeper.</summary>
public class ExpiryTests
{
    private sealed record Deadline(string ExpiresAt, string ServerNow);

    private static HttpRequestMessage Keepalive(bool withHeader = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive");
        if (withHeader)
        {
            request.Headers.Add("X-Session-Keepalive", "1");
        }

        return request;
    }

    [Fact]
    public async Task Status_reads_the_deadline_without_sliding_and_is_not_cached()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        var response = await browser.Http.GetAsync("/session/status");
        var deadline = await response.Content.ReadFromJsonAsync<Deadline>();

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(TestApp.Iso(TestApp.Start + TimeSpan.FromMinutes(15)), deadline!.ExpiresAt);
        Assert.Equal(TestApp.Iso(TestApp.Start + TimeSpan.FromMinutes(5)), deadline.ServerNow);
    }

    [Fact]
    public async Task Keepalive_needs_its_header_then_slides_and_tells_every_tab()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await using var tab = await browser.ConnectAsync();
        await tab.NextAsync("sessionExpiry");
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        var refused = await browser.Http.SendAsync(Keepalive(withHeader: false));
        var response = await browser.Http.SendAsync(Keepalive());
        var deadline = await response.Content.ReadFromJsonAsync<Deadline>();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var expected = TestApp.Iso(TestApp.Start + TimeSpan.FromMinutes(20));
        Assert.Equal(expected, deadline!.ExpiresAt);
        Assert.Equal(expected, (await tab.NextAsync("sessionExpiry"))[0]?.ToString());
    }

    [Fact]
    public async Task The_apps_own_requests_slide_the_session_at_most_once_per_write_interval()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SlideWriteInterval = TimeSpan.FromSeconds(30));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await using var tab = await browser.ConnectAsync();
        await tab.NextAsync("sessionExpiry");

        await app.AdvanceAsync(TimeSpan.FromSeconds(20));
        await browser.Http.GetAsync("/test/me");
        Assert.Equal(TestApp.Start + TimeSpan.FromMinutes(15), (await browser.SessionAsync()).ExpiresAt);

        await app.AdvanceAsync(TimeSpan.FromSeconds(15));
        await browser.Http.GetAsync("/test/me");
        var slidTo = TestApp.Start + TimeSpan.FromSeconds(35) + TimeSpan.FromMinutes(15);
        Assert.Equal(slidTo, (await browser.SessionAsync()).ExpiresAt);
        Assert.Equal(TestApp.Iso(slidTo), (await tab.NextAsync("sessionExpiry"))[0]?.ToString());
    }

    [Fact]
    public async Task A_session_shorter_than_twice_the_write_interval_still_slides_at_half_its_timeout()
    {
        await using var app = await TestApp.StartAsync(options: o =>
        {
            o.IdleTimeout = TimeSpan.FromSeconds(20);
            o.WarnBefore = TimeSpan.FromSeconds(5);
            o.KeepaliveInterval = TimeSpan.FromSeconds(5);
            o.SlideWriteInterval = TimeSpan.FromSeconds(30);
        });
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();

        await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        (await browser.Http.GetAsync("/test/me")).EnsureSuccessStatusCode();

        Assert.Equal(TestApp.Start + TimeSpan.FromSeconds(30), (await app.Store.FindByKeyAsync(session.KeyHash))!.ExpiresAt);
    }

    [Fact]
    public async Task The_hub_status_and_the_widgets_autosave_never_slide_the_session()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SlideWriteInterval = TimeSpan.Zero);
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));

        await using var tab = await browser.ConnectAsync();
        await tab.NextAsync("sessionExpiry");
        await browser.Http.GetAsync("/session/status");
        using var autosave = new HttpRequestMessage(HttpMethod.Post, "/test/save") { Headers = { { "X-Autosave", "1" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await browser.Http.SendAsync(autosave)).StatusCode);

        Assert.Equal(session.ExpiresAt, (await app.Store.FindByKeyAsync(session.KeyHash))!.ExpiresAt);

        // The same request without the autosave header is the user's own, and slides.
        (await browser.Http.PostAsync("/test/save", null)).EnsureSuccessStatusCode();
        Assert.Equal(TestApp.Start + TimeSpan.FromMinutes(16), (await app.Store.FindByKeyAsync(session.KeyHash))!.ExpiresAt);
    }

    [Fact]
    public async Task At_the_deadline_requests_are_refused_and_the_sweeper_tells_the_tabs_once()
    {
        await using var app = await TestApp.StartAsync();
        var first = app.NewBrowser();
        var second = app.NewBrowser();
        await first.SignInAsync("alice");
        await second.SignInAsync("alice");
        var expiring = await first.SessionAsync();
        await using var firstTab = await first.ConnectAsync();
        await using var secondTab = await second.ConnectAsync();

        // The second browser stays active; the first does nothing for 15 minutes.
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        (await second.Http.SendAsync(Keepalive())).EnsureSuccessStatusCode();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(SessionMessages.Expired, (await firstTab.NextAsync("sessionEnded"))[0]?.ToString());
        Assert.Equal(expiring.Handle, (await secondTab.NextAsync("sessionClosed"))[0]?.ToString());
        await firstTab.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Http.GetAsync("/session/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await first.Http.GetAsync("/test/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/test/me")).StatusCode);

        await app.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, firstTab.Pending("sessionEnded"));
        Assert.Equal(0, secondTab.Pending("sessionEnded"));
    }

    [Fact]
    public async Task An_expired_session_is_refused_from_its_deadline_even_before_the_sweeper_runs()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SweepInterval = TimeSpan.FromMinutes(10));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");

        app.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/session/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.SendAsync(Keepalive())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/test/me")).StatusCode);
    }
}
