using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// The attack the product exists for: someone holds a copy of the victim's session cookie. Every time who is signed in
/// or their credentials change, and when the victim signs out all other sessions, the browser gets a new key and the
/// copy dies. Only the renewing browser (same User-Agent and address) may use its previous key, and only for
/// <see cref="SessionAwarenessOptions.RenewedKeyGrace"/>, so its own requests in flight are not signed out.
/// </summary>
public class KeyRenewalTests
{
    private static async Task<HttpStatusCode> OpenAsync(Browser browser) => (await browser.Http.GetAsync("/test/me")).StatusCode;

    private static async Task<HttpResponseMessage> RenewAsync(Browser browser)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive")
        {
            Headers = { { "X-Session-Keepalive", "1" }, { "X-Session-Renew-Key", "1" } },
        };
        return await browser.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_copy_of_the_cookie_dies_when_the_victim_signs_in_again()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var thief = victim.CopyCookieTo();
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(thief));

        await victim.SignInAsync("alice");

        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(thief));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(victim));
    }

    [Fact]
    public async Task The_renewing_browser_keeps_its_previous_key_for_the_grace_only_and_a_copy_elsewhere_never()
    {
        await using var app = await TestApp.StartAsync(options: o => o.RenewedKeyGrace = TimeSpan.FromSeconds(10));
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var sameBrowserTab = victim.CopyCookieTo(victim.UserAgent); // a request of another tab, sent before the renewal
        var elsewhere = victim.CopyCookieTo();

        await victim.SignInAsync("alice");

        Assert.Equal(HttpStatusCode.OK, await OpenAsync(sameBrowserTab));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(elsewhere));

        // The in-flight request is answered without writing the old key back into the browser.
        var response = await sameBrowserTab.Http.GetAsync("/test/me");
        Assert.False(response.Headers.Contains("Set-Cookie"));

        await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(sameBrowserTab));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(victim));
    }

    [Fact]
    public async Task A_previous_key_never_renews_the_key_even_within_its_grace()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var sameBrowserTab = victim.CopyCookieTo(victim.UserAgent);
        await victim.SignInAsync("alice");
        var current = await victim.SessionAsync();

        var response = await RenewAsync(sameBrowserTab);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(current.KeyHash, (await victim.SessionAsync()).KeyHash);
    }

    [Fact]
    public async Task Sign_out_all_other_sessions_then_the_widgets_renewal_kills_every_copy()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var phone = app.NewBrowser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1");
        await phone.SignInAsync("alice");
        var thief = victim.CopyCookieTo();
        await using var hub = await victim.ConnectAsync();

        Assert.Equal(1, await hub.Connection.InvokeAsync<int>("EndOtherSessions"));
        var renewal = await RenewAsync(victim);

        Assert.Equal(HttpStatusCode.OK, renewal.StatusCode);
        Assert.True(renewal.Headers.Contains("Set-Cookie"));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(phone));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(thief));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(victim));
    }

    [Fact]
    public async Task UserSessionManager_EndOtherSessionsAsync_renews_the_callers_key()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var other = app.NewBrowser("Other/1.0");
        await other.SignInAsync("alice");
        var thief = victim.CopyCookieTo();
        var handle = (await victim.SessionAsync()).Handle;

        var response = await victim.Http.PostAsync("/test/end-others", null);

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<EndOthers>())!.Ended);
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(other));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(thief));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(victim));
        Assert.Equal(handle, (await victim.SessionAsync()).Handle);
    }

    [Fact]
    public async Task A_security_stamp_change_renews_this_browser_and_ends_every_other_session_as_revoked()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice", stamp: "stamp-1");
        var laptop = app.NewBrowser("Laptop/1.0");
        await laptop.SignInAsync("alice", stamp: "stamp-1");
        var thief = victim.CopyCookieTo();
        await using var laptopHub = await laptop.ConnectAsync();

        // What Identity's RefreshSignInAsync does after a password change: the same user signed in with a new stamp.
        await victim.SignInAsync("alice", stamp: "stamp-2");

        Assert.Equal(HttpStatusCode.OK, await OpenAsync(victim));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(thief));
        Assert.NotEqual(HttpStatusCode.OK, await OpenAsync(laptop));
        var ended = await laptopHub.NextAsync("sessionEnded");
        Assert.Contains("revoked", ended[1]!.ToString(), StringComparison.Ordinal);
        Assert.Single(await app.Store.ListByUserAsync("alice"));
    }

    [Fact]
    public async Task The_same_stamp_signed_in_again_ends_no_other_session()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice", stamp: "stamp-1");
        var laptop = app.NewBrowser("Laptop/1.0");
        await laptop.SignInAsync("alice", stamp: "stamp-1");

        await victim.SignInAsync("alice", stamp: "stamp-1");

        Assert.Equal(HttpStatusCode.OK, await OpenAsync(laptop));
        Assert.Equal(2, (await app.Store.ListByUserAsync("alice")).Count);
    }

    [Fact]
    public async Task A_copys_hub_connection_is_cut_when_the_key_is_renewed_and_cannot_reconnect()
    {
        await using var app = await TestApp.StartAsync(options: o => o.AbortGracePeriod = TimeSpan.Zero);
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var thief = victim.CopyCookieTo();
        await using var thiefHub = await thief.ConnectAsync();

        await victim.SignInAsync("alice");

        await thiefHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await using var again = await thief.ConnectAsync().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        Assert.True(again is null || again.Closed.IsCompleted, "the copy must not connect again");
        await using var victimHub = await victim.ConnectAsync();
        await victimHub.NextAsync("sessionExpiry");
    }

    [Fact]
    public async Task A_previous_key_opens_no_hub_connection_even_within_its_grace()
    {
        await using var app = await TestApp.StartAsync();
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        var sameBrowserTab = victim.CopyCookieTo(victim.UserAgent);
        await victim.SignInAsync("alice");
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(sameBrowserTab));

        await using var socket = await sameBrowserTab.ConnectAsync();

        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, socket.Pending("sessionsSnapshot"));
    }

    private sealed record EndOthers(int Ended);
}
