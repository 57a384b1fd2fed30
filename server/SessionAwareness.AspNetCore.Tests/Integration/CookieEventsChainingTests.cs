using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>The app's own cookie events keep running: session-awareness chains them, never replaces them.</summary>
public class CookieEventsChainingTests
{
    /// <summary>An app's events type, like one set with <c>cookie.EventsType</c>; it counts its calls.</summary>
    private sealed class AppEvents(CallLog log) : CookieAuthenticationEvents
    {
        public override Task ValidatePrincipal(CookieValidatePrincipalContext context)
        {
            log.Calls.Add("validate");
            return Task.CompletedTask;
        }

        public override Task SigningIn(CookieSigningInContext context)
        {
            log.Calls.Add("signing-in");
            return Task.CompletedTask;
        }

        public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
        {
            log.Calls.Add("redirect-to-login");
            context.Response.StatusCode = 418;
            return Task.CompletedTask;
        }
    }

    private sealed class CallLog
    {
        public List<string> Calls { get; } = [];
    }

    [Fact]
    public async Task The_apps_EventsType_is_resolved_and_called_for_every_event()
    {
        var log = new CallLog();
        await using var app = await TestApp.StartAsync(
            configure: builder => builder.Services.AddSingleton(log).AddScoped<AppEvents>(),
            cookie: o => o.EventsType = typeof(AppEvents));
        var browser = app.NewBrowser();

        await browser.SignInAsync("alice");
        await browser.Http.GetAsync("/test/me");
        var anonymous = await app.NewBrowser().Http.GetAsync("/test/me");

        Assert.Equal(["signing-in", "validate", "redirect-to-login"], log.Calls);
        Assert.Equal((HttpStatusCode)418, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_principal_rebuilt_by_the_app_like_a_security_stamp_refresh_keeps_the_session_and_gets_the_handle_back()
    {
        var refreshes = 0;
        await using var app = await TestApp.StartAsync(cookie: o => o.Events.OnValidatePrincipal = context =>
        {
            if (context.HttpContext.Request.Query.ContainsKey("refresh"))
            {
                // What Identity's SecurityStampValidator does: a new principal from the user store, without
                // any claim it did not make itself, and a renewed cookie.
                refreshes++;
                context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, "alice"), new Claim(ClaimTypes.Name, "alice"), new Claim("stamp", "2")],
                    CookieAuthenticationDefaults.AuthenticationScheme)));
                context.ShouldRenew = true;
            }

            return Task.CompletedTask;
        });
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var before = await browser.SessionAsync();

        var refreshed = await browser.Http.GetFromJsonAsync<Browser.Me>("/test/me?refresh=1");
        var after = await browser.Http.GetFromJsonAsync<Browser.Me>("/test/me");

        Assert.Equal(1, refreshes);
        Assert.Equal(before.Handle, refreshed!.Handle);
        Assert.Contains("stamp=2", refreshed.Claims);
        // The renewed ticket was stored under the same session: the next request has the new claims and the handle.
        Assert.Equal(before.Handle, after!.Handle);
        Assert.Contains("stamp=2", after.Claims);
        Assert.DoesNotContain("app-claim=kept", after.Claims);
        Assert.Equal(before.KeyHash, (await browser.SessionAsync()).KeyHash);
    }

    [Fact]
    public async Task A_principal_the_app_rejects_and_signs_out_ends_the_session()
    {
        await using var app = await TestApp.StartAsync(cookie: o => o.Events.OnValidatePrincipal = async context =>
        {
            if (context.HttpContext.Request.Query.ContainsKey("stale"))
            {
                // What the security-stamp validator does when the stamp changed.
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        });
        var browser = app.NewBrowser();
        await browser.SignInAsync("alice");
        var session = await browser.SessionAsync();
        var cookie = browser.AuthCookie!;

        var response = await browser.Http.GetAsync("/test/me?stale=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await app.Store.FindByKeyAsync(session.KeyHash));

        // A security sign-out, not the user's own: this request and the dead cookie's next are told "revoked".
        Assert.Equal("/login?ReturnUrl=%2Ftest%2Fme%3Fstale%3D1&signedOutReason=revoked", response.Headers.Location!.PathAndQuery);
        var again = new Browser(app, browser.UserAgent);
        again.Cookies.Add(app.Server.BaseAddress, new Cookie(".AspNetCore.Cookies", cookie));
        Assert.EndsWith("&signedOutReason=revoked", (await again.Http.GetAsync("/test/me")).Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheme_that_already_has_another_ticket_store_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(cookie: o => o.SessionStore = new OtherTicketStore()));

        Assert.Contains("already has a SessionStore", error.Message, StringComparison.Ordinal);
    }

    private sealed class OtherTicketStore : ITicketStore
    {
        public Task RemoveAsync(string key) => Task.CompletedTask;

        public Task RenewAsync(string key, AuthenticationTicket ticket) => Task.CompletedTask;

        public Task<AuthenticationTicket?> RetrieveAsync(string key) => Task.FromResult<AuthenticationTicket?>(null);

        public Task<string> StoreAsync(AuthenticationTicket ticket) => Task.FromResult("x");
    }
}
