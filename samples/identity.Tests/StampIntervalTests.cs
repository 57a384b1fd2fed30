using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// A security stamp changed behind the app's back (an administrator's <c>UpdateSecurityStampAsync</c>): no sign-in
/// refresh sees it, so it is Identity's periodic stamp check that ends the session. The library shortens that check
/// from Identity's 30 minutes to <c>SecurityStampValidationInterval</c> (1 minute by default); here 4 s, so the bound
/// can be measured: a copy of the cookie works until the first request after the interval, never later.
/// </summary>
public sealed class StampIntervalTests(StampCheckedOftenHost host, SampleHost plain) : IClassFixture<StampCheckedOftenHost>, IClassFixture<SampleHost>
{
    [Fact]
    public void Without_any_setting_of_the_app_Identity_checks_the_stamp_every_minute()
    {
        var stampOptions = plain.App.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(1), stampOptions.ValidationInterval);
    }

    [Fact]
    public async Task A_stamp_changed_by_an_administrator_ends_the_session_and_its_copies_at_the_first_request_after_the_interval()
    {
        var app = host.App;
        var email = await app.NewUserAsync("ivan");
        var userId = await app.UserIdAsync(email);
        var victim = app.NewBrowser();
        await victim.SignInOrFailAsync(email, SampleUsers.InitialPassword);
        var signedIn = Stopwatch.StartNew();
        var intruder = app.NewBrowser();
        intruder.CopyCookiesFrom(victim);
        await using var hub = await victim.ConnectAsync();

        await app.WithUsersAsync(async users => await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!));

        // Within the interval the stamp is not read again: the copy still works (the bound, not better).
        using (var early = await intruder.HomeAsync())
        {
            Assert.True(signedIn.Elapsed < StampCheckedOftenHost.Interval, "the machine was too slow to look within the interval");
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        }

        await Task.Delay(StampCheckedOftenHost.Interval + TimeSpan.FromSeconds(0.2) - signedIn.Elapsed);
        using var late = await intruder.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Contains("signedOutReason=revoked", late.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The session is over for every copy, and the victim's open page is told.
        Assert.Empty(await app.Sessions.ListLiveSessionsAsync(userId));
        using var victimPage = await victim.HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, victimPage.StatusCode);
        Assert.NotNull(await hub.NextAsync("sessionEnded"));
    }
}
