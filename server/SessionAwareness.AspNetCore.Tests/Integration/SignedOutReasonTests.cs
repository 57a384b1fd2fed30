using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Sessions;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>Why a browser was signed out: the code on the redirect to the sign-in page, and in <c>sessionEnded</c>.</summary>
public class SignedOutReasonTests
{
    private const string Windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0";

    [Fact]
    public async Task A_session_killed_from_another_is_sent_to_sign_in_with_ended_and_its_tab_hears_who_ended_it()
    {
        await using var app = await TestApp.StartAsync();
        var killer = app.NewBrowser(Windows);
        var victim = app.NewBrowser();
        await killer.SignInAsync("alice");
        await victim.SignInAsync("alice");
        var target = await victim.SessionAsync();
        await using var killerTab = await killer.ConnectAsync();
        await using var victimTab = await victim.ConnectAsync();

        await killerTab.Connection.InvokeAsync("KillSession", target.Handle);

        var ended = await victimTab.NextAsync("sessionEnded");
        Assert.Equal(SessionMessages.EndedElsewhere, ended[0]?.ToString());
        var details = (JsonElement)ended[1]!;
        Assert.Equal("ended", details.GetProperty("code").GetString());
        Assert.Equal("Firefox 130", details.GetProperty("endedBy").GetProperty("browser").GetString());
        Assert.Equal("Windows", details.GetProperty("endedBy").GetProperty("device").GetString());
        Assert.DoesNotContain(target.KeyHash, details.GetRawText(), StringComparison.Ordinal);

        var response = await victim.Http.GetAsync("/test/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Ftest%2Fme&signedOutReason=ended", response.Headers.Location!.PathAndQuery);

        // The device is never put in the URL.
        Assert.DoesNotContain("Firefox", response.Headers.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndOtherSessions_from_the_hub_is_ended_too()
    {
        await using var app = await TestApp.StartAsync();
        var caller = app.NewBrowser(Windows);
        var other = app.NewBrowser();
        await caller.SignInAsync("alice");
        await other.SignInAsync("alice");
        await using var callerTab = await caller.ConnectAsync();

        Assert.Equal(1, await callerTab.Connection.InvokeAsync<int>("EndOtherSessions"));

        Assert.EndsWith("signedOutReason=ended", (await other.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_past_its_deadline_is_expired_before_and_after_the_sweeper_took_it()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SweepInterval = TimeSpan.FromMinutes(10));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");

        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.EndsWith("&signedOutReason=expired", (await browser.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);

        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(0, app.Store is SessionAwareness.AspNetCore.Stores.InMemoryUserSessionStore memory ? memory.Count : 0);
        Assert.EndsWith("&signedOutReason=expired", (await browser.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sweeper_tells_the_tab_expired_and_the_reason_is_forgotten_after_its_lifetime()
    {
        await using var app = await TestApp.StartAsync(options: o => o.SignedOutReasonLifetime = TimeSpan.FromHours(1));
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        await using var tab = await browser.ConnectAsync();

        await app.AdvanceAsync(TimeSpan.FromMinutes(15));

        var ended = await tab.NextAsync("sessionEnded");
        Assert.Equal(SessionMessages.Expired, ended[0]?.ToString());
        var details = (JsonElement)ended[1]!;
        Assert.Equal("expired", details.GetProperty("code").GetString());
        Assert.False(details.TryGetProperty("endedBy", out _));
        Assert.EndsWith("signedOutReason=expired", (await browser.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromHours(1));
        var later = await browser.Http.GetAsync("/test/me");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.DoesNotContain(SignedOutReasons.QueryParameter, later.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_the_app_ends_are_revoked()
    {
        await using var app = await TestApp.StartAsync();
        var stays = app.NewBrowser();
        var ended = app.NewBrowser();
        await stays.SignInAsync("alice");
        await ended.SignInAsync("alice");
        var kept = await stays.SessionAsync();
        await using var endedTab = await ended.ConnectAsync();

        // What an app does after a password change: end the user's other sessions.
        var manager = app.App.Services.GetRequiredService<UserSessionManager>();
        Assert.Equal(1, await manager.EndUserSessionsAsync("alice", kept.Handle, SessionMessages.EndedBySecurityChange));

        var message = await endedTab.NextAsync("sessionEnded");
        Assert.Equal("revoked", ((JsonElement)message[1]!).GetProperty("code").GetString());
        Assert.EndsWith("&signedOutReason=revoked", (await ended.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await stays.Http.GetAsync("/test/me")).StatusCode);
    }

    [Fact]
    public async Task A_normal_sign_out_leaves_no_reason_even_for_a_replayed_cookie_and_its_tab_gets_no_code()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var cookie = browser.AuthCookie!;
        await using var tab = await browser.ConnectAsync();

        (await browser.Http.PostAsync("/test/signout", null)).EnsureSuccessStatusCode();

        var ended = await tab.NextAsync("sessionEnded");
        Assert.Equal(SessionMessages.SignedOut, ended[0]?.ToString());
        Assert.Null(ended[1]);
        browser.Cookies.Add(app.Server.BaseAddress, new Cookie(".AspNetCore.Cookies", cookie));
        var response = await browser.Http.GetAsync("/test/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Ftest%2Fme", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_unknown_or_forged_cookie_gets_no_reason()
    {
        await using var app = await TestApp.StartAsync();
        var forged = app.NewBrowser();
        forged.Cookies.Add(app.Server.BaseAddress, new Cookie(".AspNetCore.Cookies", "CfDJ8forged-value"));
        var unknown = app.NewBrowser();
        var cookieOptions = app.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("Microsoft.AspNetCore.Authentication.Cookies-SessionId", "never-issued-key")], "Cookies"));
        unknown.Cookies.Add(app.Server.BaseAddress, new Cookie(
            ".AspNetCore.Cookies",
            cookieOptions.TicketDataFormat.Protect(new AuthenticationTicket(principal, CookieAuthenticationDefaults.AuthenticationScheme))));

        foreach (var browser in new[] { forged, unknown })
        {
            var response = await browser.Http.GetAsync("/test/me");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/login?ReturnUrl=%2Ftest%2Fme", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task Widget_endpoints_of_a_killed_session_answer_401_without_a_redirect()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var session = await victim.SessionAsync();
        await app.App.Services.GetRequiredService<UserSessionManager>().EndSessionAsync(session, "x", SignedOutReason.Ended);

        using var keepalive = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive") { Headers = { { "X-Session-Keepalive", "1" } } };
        foreach (var response in new[]
                 {
                     await victim.Http.SendAsync(keepalive),
                     await victim.Http.GetAsync("/session/status"),
                     await victim.Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null),
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }

        Assert.EndsWith("&signedOutReason=ended", (await victim.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_own_redirect_handler_still_runs_and_sees_the_reason()
    {
        string? seen = null;
        await using var app = await TestApp.StartAsync(cookie: o => o.Events.OnRedirectToLogin = context =>
        {
            seen = context.RedirectUri;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["X-App-Login"] = context.RedirectUri;
            return Task.CompletedTask;
        });
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        app.Time.Advance(TimeSpan.FromMinutes(15));

        var response = await browser.Http.GetAsync("/test/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(seen);
        Assert.EndsWith("/login?ReturnUrl=%2Ftest%2Fme&signedOutReason=expired", seen, StringComparison.Ordinal);
    }
}
