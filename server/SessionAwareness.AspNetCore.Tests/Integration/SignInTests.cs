using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionAwareness.AspNetCore.Authentication;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>Joining the app's cookie scheme: the cookie holds a key, the ticket lives in the store.</summary>
public class SignInTests
{
    [Fact]
    public async Task A_sign_in_creates_one_server_side_session_and_the_app_sees_its_own_claims_plus_the_handle()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();

        await browser.SignInAsync("alice");
        var me = await browser.Http.GetFromJsonAsync<Browser.Me>("/test/me");

        Assert.NotNull(me);
        Assert.Equal("alice", me.Name);
        Assert.Contains("app-claim=kept", me.Claims);
        var session = await browser.SessionAsync();
        Assert.Equal("alice", session.UserId);
        Assert.Equal(me.Handle, session.Handle);
        Assert.NotEqual(session.KeyHash, session.Handle);
        Assert.Equal(TestApp.Start + TimeSpan.FromMinutes(15), session.ExpiresAt);
        Assert.Equal("Chrome 156", session.Browser);
        Assert.Single(await app.Store.ListByUserAsync("alice"));
    }

    [Fact]
    public async Task The_cookie_carries_neither_the_claims_nor_the_handle_and_the_stored_ticket_is_encrypted()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();

        // With a ticket store the cookie is a protected key only: far smaller than a ticket with claims.
        Assert.NotNull(browser.AuthCookie);
        Assert.True(browser.AuthCookie!.Length < 400, $"cookie is {browser.AuthCookie.Length} characters");
        var ticketText = System.Text.Encoding.UTF8.GetString(session.Ticket);
        Assert.DoesNotContain("app-claim", ticketText, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", ticketText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_session_from_the_store_revokes_the_cookie_at_once()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();

        await app.Store.RemoveAsync(session.KeyHash);
        var page = await browser.Http.GetAsync("/test/me");
        var status = await browser.Http.GetAsync("/session/status");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_in_the_store()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();

        (await browser.Http.PostAsync("/test/signout", null)).EnsureSuccessStatusCode();

        Assert.Null(await app.Store.FindByKeyAsync(session.KeyHash));
    }

    [Fact]
    public async Task The_same_user_signing_in_again_keeps_the_session_under_a_new_key()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var before = await browser.SessionAsync();
        var oldCookie = browser.AuthCookie;

        await browser.SignInAsync("alice");

        var after = await browser.SessionAsync();
        Assert.Equal(before.Handle, after.Handle);
        Assert.NotEqual(before.KeyHash, after.KeyHash);
        Assert.NotEqual(oldCookie, browser.AuthCookie);
        Assert.Equal(before.KeyHash, after.PreviousKeyHash);
        Assert.Single(await app.Store.ListByUserAsync("alice"));
    }

    [Fact]
    public async Task Another_user_signing_in_over_a_live_session_gets_a_new_key_and_the_old_cookie_dies()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var alice = await browser.SessionAsync();
        var oldCookie = browser.AuthCookie!;

        await browser.SignInAsync("mallory");

        var mallory = await browser.SessionAsync();
        Assert.Equal("mallory", mallory.UserId);
        Assert.NotEqual(alice.KeyHash, mallory.KeyHash);
        Assert.Null(await app.Store.FindByKeyAsync(alice.KeyHash));
        Assert.NotEqual(oldCookie, browser.AuthCookie);

        // Someone who knew the old cookie (e.g. planted it before the sign-in) gets nothing.
        var planted = app.NewBrowser();
        planted.Cookies.Add(app.Server.BaseAddress, new System.Net.Cookie(".AspNetCore.Cookies", oldCookie));
        Assert.Equal(HttpStatusCode.Redirect, (await planted.Http.GetAsync("/test/me")).StatusCode);
    }

    [Fact]
    public async Task A_principal_without_a_user_claim_is_a_clear_developer_error()
    {
        await using var app = await TestApp.StartAsync(configure: builder => { });
        var ticketStore = app.App.Services.GetService(typeof(SessionTicketStore)) as SessionTicketStore;

        var error = Assert.Throws<InvalidOperationException>(() => ticketStore!.UserIdOf(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity("x"))));

        Assert.Contains("SessionAwareness:UserIdClaimType", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_of_me_never_contains_the_session_key()
    {
        await using var app = await TestApp.StartAsync();
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();

        var me = await browser.Http.GetStringAsync("/test/me");

        Assert.DoesNotContain(session.KeyHash, me, StringComparison.Ordinal);
        Assert.Contains(session.Handle, JsonDocument.Parse(me).RootElement.GetProperty("handle").GetString(), StringComparison.Ordinal);
    }
}
