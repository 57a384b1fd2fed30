using System.Net;
using Microsoft.AspNetCore.Identity;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// Identity's security-stamp validation still runs with session-awareness joined to its cookie: here it checks
/// the stamp on every request (<see cref="SecurityStampValidatorOptions.ValidationInterval"/> zero). A changed
/// stamp signs the browser out and its server-side session with it; an unchanged stamp refreshes the principal
/// and the session, handle and all, goes on.
/// </summary>
public sealed class SecurityStampTests(StampCheckedOnEveryRequestHost host) : IClassFixture<StampCheckedOnEveryRequestHost>
{
    private const string Password = SampleUsers.InitialPassword;

    private SampleApp App => host.App;

    [Fact]
    public async Task A_changed_stamp_refuses_the_next_request_and_ends_the_session_in_the_store()
    {
        var email = await App.NewUserAsync("heidi");
        var userId = await App.UserIdAsync(email);
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(email, Password);
        var handle = await browser.SessionHandleAsync();
        await using var hub = await browser.ConnectAsync();
        Assert.NotNull(await App.Store.FindByHandleAsync(handle));

        // Behind the app's back, as an admin tool or another service would do it.
        await App.WithUsersAsync(async users => await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!));

        using var page = await browser.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", Browser.PathOf(page));
        Assert.Null(browser.IdentityCookieValue);
        Assert.Null(await App.Store.FindByHandleAsync(handle));
        Assert.Empty(await App.Sessions.ListLiveSessionsAsync(userId));
        // The session's open page is told it ended (Identity signed it out) and cut off.
        Assert.NotNull(await hub.NextAsync("sessionEnded"));
    }

    [Fact]
    public async Task A_stamp_refresh_keeps_the_session_its_handle_and_Identitys_claims()
    {
        var email = await App.NewUserAsync("ivan");
        var userId = await App.UserIdAsync(email);
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(email, Password);
        var handle = await browser.SessionHandleAsync();
        await Task.Delay(20);

        using var page = await browser.HomeAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Identity's validator ran and rebuilt the principal: the cookie was renewed.
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Browser.IdentityCookie + "=", StringComparison.Ordinal));
        var principal = App.Principals["/"];
        Assert.Equal(handle, principal.FindSessionHandle());
        Assert.Equal(userId, principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        Assert.Equal(email, principal.Identity?.Name);
        Assert.Equal([handle], (await App.Sessions.ListLiveSessionsAsync(userId)).Select(s => s.Handle));
        // And the renewed cookie still names the same session.
        Assert.Equal(handle, await browser.SessionHandleAsync());
        await using var hub = await browser.ConnectAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.StatusAsync()).StatusCode);
    }

    [Fact]
    public async Task After_a_password_change_this_browser_passes_the_stamp_check_and_the_others_do_not()
    {
        var email = await App.NewUserAsync("judy");
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(email, Password);
        var firstHandle = await first.SessionHandleAsync();
        var second = App.NewBrowser();
        await second.SignInOrFailAsync(email, Password);

        using var change = await first.PostFormAsync(
            "/change-password", await first.FormTokenAsync("/change-password"), ("currentPassword", Password), ("newPassword", "Other-pass-2"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        // RefreshSignInAsync put the new stamp into this session's stored ticket: checked on every request, it passes.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(20);
            Assert.Equal(firstHandle, await first.SessionHandleAsync());
        }

        using var secondPage = await second.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, secondPage.StatusCode);
        Assert.Equal("/login", Browser.PathOf(secondPage));
    }

    [Fact]
    public async Task A_session_rejected_by_Identitys_stamp_check_ends_with_the_security_change_reason()
    {
        var email = await App.NewUserAsync("mallory");
        var userId = await App.UserIdAsync(email);
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(email, Password);
        await using var hub = await browser.ConnectAsync();
        await App.WithUsersAsync(async users => await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!));

        using var page = await browser.HomeAsync();

        // Not "You signed out.": the user did nothing; their sign-in details changed.
        Assert.Equal(SessionAwareness.AspNetCore.Sessions.SessionMessages.EndedBySecurityChange, (await hub.NextAsync("sessionEnded"))[0]?.ToString());
    }
}
