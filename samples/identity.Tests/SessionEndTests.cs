using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// Ending sessions in an Identity app: End session from another browser (the hub's KillSession), a password
/// change and "sign out everywhere" (Identity changes the security stamp, the sample ends the other sessions
/// at once through the library). Identity's default stamp validation interval (30 minutes) is in force, so
/// what ends the other browsers here is session-awareness, not Identity.
/// </summary>
public sealed class SessionEndTests(SampleHost host) : IClassFixture<SampleHost>
{
    private const string Alice = "alice@example.com";
    private const string Password = SampleUsers.InitialPassword;
    private const string NewPassword = "Other-pass-2";

    private SampleApp App => host.App;

    [Fact]
    public async Task KillSession_from_the_first_browser_ends_the_second()
    {
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(Alice, Password);
        await using var firstHub = await first.ConnectAsync();
        var second = App.NewBrowser(Browser.Firefox);
        await second.SignInOrFailAsync(Alice, Password);
        await using var secondHub = await second.ConnectAsync();
        var secondHandle = (await firstHub.NextAsync("sessionRegistered"))[1]!.ToString()!;

        await firstHub.Connection.InvokeAsync("KillSession", secondHandle);

        var ended = await secondHub.NextAsync("sessionEnded");
        Assert.Equal(SessionMessages.EndedElsewhere, ended[0]?.ToString());
        await WithinAsync(secondHub.Closed);
        using var secondPage = await second.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, secondPage.StatusCode);
        Assert.Equal("/login", Browser.PathOf(secondPage));
        // The redirect says why, and so does the sign-in page, with no script involved.
        Assert.Contains("signedOutReason=ended", secondPage.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var signIn = await second.Http.GetStringAsync(secondPage.Headers.Location);
        Assert.Contains("<p class=\"notice\" role=\"status\">You were signed out from another device.</p>", signIn, StringComparison.Ordinal);
        Assert.Null(await App.Store.FindByHandleAsync(secondHandle));
        using var firstPage = await first.HomeAsync();
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);

        // The ended browser signs in again: a new session, announced like any other.
        await second.SignInOrFailAsync(Alice, Password);
        var again = await firstHub.NextAsync("sessionRegistered");
        Assert.NotEqual(secondHandle, again[1]?.ToString());
        Assert.Equal(again[1]?.ToString(), await second.SessionHandleAsync());
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_at_once_and_keeps_this_one()
    {
        var email = await App.NewUserAsync("carol");
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(email, Password);
        var firstHandle = await first.SessionHandleAsync();
        await using var firstHub = await first.ConnectAsync();
        var second = App.NewBrowser(Browser.Firefox);
        await second.SignInOrFailAsync(email, Password);
        var secondHandle = await second.SessionHandleAsync();
        await using var secondHub = await second.ConnectAsync();

        using var change = await first.PostFormAsync(
            "/change-password", await first.FormTokenAsync("/change-password"), ("currentPassword", Password), ("newPassword", NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal("/?done=password", change.Headers.Location?.OriginalString);

        // The second browser is told at once (not at Identity's next stamp check) and cut off.
        var ended = await secondHub.NextAsync("sessionEnded");
        Assert.Equal(SessionMessages.EndedBySecurityChange, ended[0]?.ToString());
        await WithinAsync(secondHub.Closed);
        Assert.Equal(secondHandle, (await firstHub.NextAsync("sessionClosed"))[0]?.ToString());
        using var secondPage = await second.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, secondPage.StatusCode);
        Assert.Equal("/login", Browser.PathOf(secondPage));
        // The redirect says why, and so does the sign-in page, with no script involved.
        Assert.Contains("signedOutReason=revoked", secondPage.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var signIn = await second.Http.GetStringAsync(secondPage.Headers.Location);
        Assert.Contains("<p class=\"notice\" role=\"status\">You were signed out for your account&#x27;s security. Please sign in again.</p>", signIn, StringComparison.Ordinal);

        // This browser stays signed in, in the same session, under a new key: its socket, opened with the old key, is
        // cut (as a copy's would be), and it reconnects with the new cookie.
        using var firstPage = await first.Http.GetAsync(change.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
        Assert.Contains("Your password was changed. Your other sessions were signed out.", await firstPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(firstHandle, await first.SessionHandleAsync());
        Assert.Equal(0, firstHub.Pending("sessionEnded"));
        await WithinAsync(firstHub.Closed);
        await using var reconnected = await first.ConnectAsync(); // waits for its sessionExpiry
        var userId = await App.UserIdAsync(email);
        Assert.Equal([firstHandle], (await App.Sessions.ListLiveSessionsAsync(userId)).Select(s => s.Handle));

        // Next time, the new password signs in and the old one does not.
        using var withOld = await App.NewBrowser().SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Contains("Wrong email or password.", await withOld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await App.NewBrowser().SignInOrFailAsync(email, NewPassword);
    }

    [Fact]
    public async Task A_refused_password_change_shows_Identitys_reason_and_ends_nothing()
    {
        var email = await App.NewUserAsync("dave");
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(email, Password);
        var second = App.NewBrowser();
        await second.SignInOrFailAsync(email, Password);
        await using var secondHub = await second.ConnectAsync();
        var token = await first.FormTokenAsync("/change-password");

        using var wrongCurrent = await first.PostFormAsync("/change-password", token, ("currentPassword", "not-it"), ("newPassword", NewPassword));
        using var tooWeak = await first.PostFormAsync("/change-password", token, ("currentPassword", Password), ("newPassword", "<weak>"));

        Assert.Equal(HttpStatusCode.OK, wrongCurrent.StatusCode);
        Assert.Contains("Incorrect password.", await wrongCurrent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, tooWeak.StatusCode);
        Assert.Contains("Passwords must have at least one digit", await tooWeak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, secondHub.Pending("sessionEnded"));
        Assert.Equal(HttpStatusCode.OK, (await second.HomeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.HomeAsync()).StatusCode);
    }

    [Fact]
    public async Task A_password_change_without_the_antiforgery_token_is_refused()
    {
        var email = await App.NewUserAsync("erin");
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(email, Password);
        await browser.FormTokenAsync("/change-password");

        using var change = await browser.PostFormAsync("/change-password", token: null, ("currentPassword", Password), ("newPassword", NewPassword));

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        await App.NewBrowser().SignInOrFailAsync(email, Password);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_other_sessions_at_once_and_keeps_this_one()
    {
        var email = await App.NewUserAsync("frank");
        var userId = await App.UserIdAsync(email);
        var stampBefore = await App.WithUsersAsync(async users => await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!));
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(email, Password);
        var firstHandle = await first.SessionHandleAsync();
        await using var firstHub = await first.ConnectAsync();
        var others = new[] { App.NewBrowser(Browser.Firefox), App.NewBrowser() };
        var otherHubs = new List<HubClient>();
        foreach (var other in others)
        {
            await other.SignInOrFailAsync(email, Password);
            otherHubs.Add(await other.ConnectAsync());
        }

        using var everywhere = await first.PostFormAsync("/sign-out-everywhere", await first.FormTokenAsync("/"));

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal("/?done=everywhere", everywhere.Headers.Location?.OriginalString);
        foreach (var (other, hub) in others.Zip(otherHubs))
        {
            Assert.Equal(SessionMessages.EndedBySecurityChange, (await hub.NextAsync("sessionEnded"))[0]?.ToString());
            await WithinAsync(hub.Closed);
            using var page = await other.HomeAsync();
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/login", Browser.PathOf(page));
            await hub.DisposeAsync();
        }

        using var firstPage = await first.Http.GetAsync(everywhere.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
        Assert.Contains("Your other sessions were signed out.", await firstPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, firstHub.Pending("sessionEnded"));
        Assert.Equal([firstHandle], (await App.Sessions.ListLiveSessionsAsync(userId)).Select(s => s.Handle));
        var stampAfter = await App.WithUsersAsync(async users => await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!));
        Assert.NotEqual(stampBefore, stampAfter);
        // The password is unchanged: signing in again works as before.
        await App.NewBrowser().SignInOrFailAsync(email, Password);
    }

    [Fact]
    public async Task Sign_out_everywhere_without_the_antiforgery_token_is_refused()
    {
        var email = await App.NewUserAsync("grace");
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(email, Password);
        var second = App.NewBrowser();
        await second.SignInOrFailAsync(email, Password);
        await first.FormTokenAsync("/");

        using var everywhere = await first.PostFormAsync("/sign-out-everywhere", token: null);

        Assert.Equal(HttpStatusCode.BadRequest, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.HomeAsync()).StatusCode);
    }

    private static async Task WithinAsync(Task task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(task, finished);
    }
}
