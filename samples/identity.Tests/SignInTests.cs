using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using SessionAwareness.AspNetCore.Authentication;
using SessionAwareness.AspNetCore.Sessions;
using SessionAwareness.Samples.Identity.Data;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// Signing in through the real /login form with ASP.NET Core Identity, and what session-awareness adds on
/// top: Identity's principal intact plus the session handle, the page with the widget, the notice to the
/// user's other sessions, keep-alive and status on Identity's cookie, sign-out.
/// </summary>
public sealed class SignInTests(SampleHost host) : IClassFixture<SampleHost>
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";
    private const string Password = SampleUsers.InitialPassword;

    private SampleApp App => host.App;

    [Fact]
    public async Task The_page_without_a_cookie_redirects_to_the_sign_in_page()
    {
        using var response = await App.NewBrowser().HomeAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", Browser.PathOf(response));
    }

    [Fact]
    public async Task The_sign_in_page_has_Email_Password_and_Sign_in_with_a_token_and_the_pages_security_headers()
    {
        using var response = await App.NewBrowser().Http.GetAsync("/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"email\">Email</label>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Password</label>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Sign in</button>", html, StringComparison.Ordinal);
        Assert.NotEmpty(Browser.TokenOf(html));
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_widget_script_is_served_from_the_repositorys_dist_folder_when_it_is_built()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "session-awareness.slnx")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("repository root not found");
        }

        using var response = await App.NewBrowser().Http.GetAsync("/widget/session-awareness.min.js");

        // dist/ is built by `npm run build` and git-ignored: either state is valid, but the answer must match it.
        if (File.Exists(Path.Combine(repository.FullName, "dist", "session-awareness.min.js")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        var browser = App.NewBrowser();
        await browser.Http.GetStringAsync("/login"); // the antiforgery cookie, but no form token

        using var response = await browser.PostFormAsync("/login", token: null, ("email", Alice), ("password", Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.IdentityCookieValue);
    }

    [Fact]
    public async Task A_wrong_password_shows_one_message_echoes_the_email_encoded_and_sets_no_cookie()
    {
        var browser = App.NewBrowser();

        using var response = await browser.SignInAsync("<b>\"nobody@example.com", "wrong");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Wrong email or password.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;&quot;nobody@example.com\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>\"nobody", html, StringComparison.Ordinal);
        Assert.Null(browser.IdentityCookieValue);
    }

    [Fact]
    public async Task Signing_in_shows_the_email_from_Identitys_claims_the_widget_and_the_account_actions()
    {
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(Alice, Password);

        using var page = await browser.HomeAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Signed in as <strong>alice@example.com</strong>", html, StringComparison.Ordinal);
        Assert.Contains(
            """<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session" data-logout-url="/logout" data-keepalive-url="/session/keepalive" data-status-url="/session/status" """,
            html,
            StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/logout\">", html, StringComparison.Ordinal);
        Assert.Contains(">Sign out</button>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/change-password\">Change password</a>", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/sign-out-everywhere\">", html, StringComparison.Ordinal);
        Assert.Contains(">Sign out everywhere</button>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>(this session)</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_principal_keeps_Identitys_claims_and_gains_the_session_handle()
    {
        var aliceId = await App.UserIdAsync(Alice);
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(Alice, Password);

        using var page = await browser.HomeAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var principal = App.Principals["/"];

        // Identity's identity is still the first one (User.Identity), with its claims as Identity made them.
        var identity = Assert.IsType<ClaimsIdentity>(principal.Identity);
        Assert.Equal(IdentityConstants.ApplicationScheme, identity.AuthenticationType);
        Assert.Equal(aliceId, identity.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.Equal(Alice, identity.Name);
        Assert.NotNull(identity.FindFirst("AspNet.Identity.SecurityStamp"));
        Assert.Null(identity.FindFirst(SessionClaims.HandleClaimType));

        // The handle rides in a separate identity and names a live session of alice in the store.
        var handle = principal.FindSessionHandle();
        Assert.NotNull(handle);
        Assert.Single(principal.Identities, i => i.AuthenticationType == SessionClaims.IdentityType);
        var session = Assert.Single(await App.Sessions.ListLiveSessionsAsync(aliceId), s => s.Handle == handle);
        Assert.Equal("Chrome 156", session.Browser);
    }

    [Fact]
    public async Task Alice_in_a_second_browser_is_announced_at_once_to_the_first_and_bob_hears_nothing()
    {
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(Alice, Password);
        await using var firstHub = await first.ConnectAsync();
        var bob = App.NewBrowser();
        await bob.SignInOrFailAsync(Bob, Password);
        await using var bobHub = await bob.ConnectAsync();

        var second = App.NewBrowser(Browser.Firefox);
        await second.SignInOrFailAsync(Alice, Password);
        var notice = await firstHub.NextAsync("sessionRegistered");

        var secondHandle = await second.SessionHandleAsync();
        Assert.Equal(SessionMessages.SignedInElsewhere, notice[0]?.ToString());
        Assert.Equal(secondHandle, notice[1]?.ToString());
        var details = (JsonElement)notice[2]!;
        Assert.Equal("Firefox 130", details.GetProperty("browser").GetString());
        Assert.DoesNotContain(second.IdentityCookieValue!, JsonSerializer.Serialize(notice), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, bobHub.Pending("sessionRegistered"));
    }

    [Fact]
    public async Task Keepalive_and_status_work_on_Identitys_cookie_and_the_hub_refuses_strangers()
    {
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(Alice, Password);

        using var keepalive = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive") { Headers = { { "X-Session-Keepalive", "1" } } };
        using var slid = await browser.Http.SendAsync(keepalive);
        using var withoutHeader = await browser.Http.PostAsync("/session/keepalive", null);
        using var status = await browser.StatusAsync();
        using var anonymousStatus = await App.NewBrowser().StatusAsync();
        using var anonymousNegotiate = await App.NewBrowser().Http.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.OK, slid.StatusCode);
        var expiry = await Browser.ReadExpiryAsync(slid);
        Assert.True(DateTimeOffset.Parse(expiry!.ExpiresAt, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(expiry.ExpiresAt, (await Browser.ReadExpiryAsync(status))!.ExpiresAt);
        // The widget's endpoints answer 401, not Identity's redirect to the sign-in page.
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousNegotiate.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_users_other_browser_hears_it_closed()
    {
        var aliceId = await App.UserIdAsync(Alice);
        var first = App.NewBrowser();
        await first.SignInOrFailAsync(Alice, Password);
        await using var firstHub = await first.ConnectAsync();
        var second = App.NewBrowser();
        await second.SignInOrFailAsync(Alice, Password);
        var secondHandle = await second.SessionHandleAsync();

        using var signOut = await second.PostFormAsync("/logout", await second.FormTokenAsync("/"));
        var closed = await firstHub.NextAsync("sessionClosed", message => message[0]?.ToString() == secondHandle);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/login", Browser.PathOf(signOut));
        Assert.Null(second.IdentityCookieValue);
        Assert.DoesNotContain(await App.Sessions.ListLiveSessionsAsync(aliceId), s => s.Handle == secondHandle);
        Assert.Equal(HttpStatusCode.OK, (await first.HomeAsync()).StatusCode);
        Assert.NotNull(closed);
    }

    [Fact]
    public async Task Signing_in_as_bob_over_alices_session_ends_hers_and_gives_the_browser_a_new_key()
    {
        var aliceId = await App.UserIdAsync(Alice);
        var bobId = await App.UserIdAsync(Bob);
        var browser = App.NewBrowser();
        await browser.SignInOrFailAsync(Alice, Password);
        var aliceHandle = await browser.SessionHandleAsync();
        var aliceCookie = browser.IdentityCookieValue!;
        await using var aliceHub = await browser.ConnectAsync();

        await browser.SignInOrFailAsync(Bob, Password);

        Assert.Equal(SessionMessages.ReplacedBySignIn, (await aliceHub.NextAsync("sessionEnded"))[0]?.ToString());
        using var page = await browser.HomeAsync();
        Assert.Contains("Signed in as <strong>bob@example.com</strong>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bobHandle = App.Principals["/"].FindSessionHandle();
        Assert.NotEqual(aliceHandle, bobHandle);
        Assert.Contains(await App.Sessions.ListLiveSessionsAsync(bobId), s => s.Handle == bobHandle);
        Assert.DoesNotContain(await App.Sessions.ListLiveSessionsAsync(aliceId), s => s.Handle == aliceHandle);

        // The cookie alice's session had is dead, whoever kept a copy.
        var copy = new System.Net.CookieContainer();
        copy.Add(SampleApp.BaseAddress, new System.Net.Cookie(Browser.IdentityCookie, aliceCookie));
        using var replay = await new Browser(App, Browser.Chrome, copy).HomeAsync();
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal("/login", Browser.PathOf(replay));
    }
}
