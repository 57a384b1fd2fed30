using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SessionAwareness.Demo.Tests;

/// <summary>
/// The demo app end to end over HTTP (the in-process TestServer): sign-in, the page, notes and autosave,
/// keep-alive and status, sign-out, and the hub's negotiate, with sessions in memory and a fake clock.
/// </summary>
public sealed partial class DemoAppTests : IDisposable
{
    private const string SessionCookie = "sa_session";
    private const string EvilOrigin = "http://evil.example";
    private static readonly Uri BaseAddress = new("http://localhost");

    // With the demo's defaults (900 s idle, page loads slide at most every 30 s), a session begun now
    // ends at 12:15:00.
    private static readonly DateTimeOffset Start = new(2030, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DemoApp _app;
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _browser;

    public DemoAppTests()
    {
        _app = new DemoApp(_clock);
        _browser = _app.CreateDefaultClient(BaseAddress, new CookieContainerHandler(_cookies));
    }

    public void Dispose()
    {
        _browser.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task The_page_without_a_cookie_redirects_to_the_sign_in_page()
    {
        using var response = await _browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString); // exactly: no return URL to abuse
    }

    [Fact]
    public async Task A_post_without_a_cookie_is_401_not_a_redirect()
    {
        using var response = await PostFormAsync(_browser, "/notes", token: null, [("notes", "x")], ("X-Autosave", "1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_echoes_the_name_encoded_and_sets_no_session_cookie()
    {
        using var response = await PostFormAsync(_browser, "/login", await LoginTokenAsync(), [("username", "<b>\"alice"), ("password", "wrong")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Wrong username or password.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;&quot;alice\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>\"alice", html, StringComparison.Ordinal);
        Assert.Null(SessionCookieValue());
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        await _browser.GetStringAsync("/login"); // the antiforgery cookie, but no form token

        using var response = await PostFormAsync(_browser, "/login", token: null, [("username", "alice"), ("password", "demo")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SessionCookieValue());
    }

    [Fact]
    public async Task Signing_in_redirects_to_the_page_which_shows_the_user_and_the_widget()
    {
        using var signIn = await PostFormAsync(_browser, "/login", await LoginTokenAsync(), [("username", "Alice"), ("password", "demo")]);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);

        using var page = await _browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Signed in as <strong>alice</strong>", html, StringComparison.Ordinal);
        Assert.Contains(
            """<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session" data-logout-url="/logout" data-keepalive-url="/session/keepalive" data-status-url="/session/status" data-warn-before="120" data-keepalive-interval="60" """,
            html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_link_an_icon_that_is_served_so_no_page_asks_for_a_missing_favicon()
    {
        var login = await (await _browser.GetAsync("/login")).Content.ReadAsStringAsync();
        using var icon = await _browser.GetAsync("/favicon.svg");

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Your_sessions_is_linked_from_the_page_and_holds_the_list_beside_the_same_widget()
    {
        using var anonymous = await _browser.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        await SignInAsync();

        var home = await (await _browser.GetAsync("/")).Content.ReadAsStringAsync();
        using var page = await _browser.GetAsync("/sessions");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("<a href=\"/sessions\">Your sessions</a>", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("<session-list hub-url=\"/hubs/session\" logout-url=\"/logout\"></session-list>", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget/session-awareness.min.js\" data-hub-url=\"/hubs/session\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_notes_with_the_token_stores_them_and_redirects_to_the_page()
    {
        await SignInAsync();

        using var save = await PostFormAsync(_browser, "/notes", await PageTokenAsync(), [("notes", "<i>buy milk</i>")]);

        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal("/", save.Headers.Location?.OriginalString);
        var html = await (await _browser.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("name=\"notes\">&lt;i&gt;buy milk&lt;/i&gt;</textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_notes_without_the_token_is_refused()
    {
        await SignInAsync();
        await PageTokenAsync();

        using var save = await PostFormAsync(_browser, "/notes", token: null, [("notes", "forged")]);

        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.DoesNotContain("forged", await (await _browser.GetAsync("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_autosave_answers_204_no_store_keeps_a_draft_and_does_not_move_the_deadline()
    {
        await SignInAsync();
        var token = await PageTokenAsync();
        var before = await StatusAsync();
        Assert.Equal("2030-01-31T12:15:00.000Z", before.ExpiresAt);
        _clock.Advance(TimeSpan.FromMinutes(1)); // past the slide interval: an ordinary request would slide now

        using var autosave = await PostFormAsync(_browser, "/notes", token, [("notes", "typed, not saved")], ("X-Autosave", "1"));

        Assert.Equal(HttpStatusCode.NoContent, autosave.StatusCode);
        Assert.True(autosave.Headers.CacheControl?.NoStore);
        var after = await StatusAsync();
        Assert.Equal(before.ExpiresAt, after.ExpiresAt);
        Assert.Equal("2030-01-31T12:01:00.000Z", after.ServerNow);

        // The page (user activity) does slide, and shows the draft beside the unsaved notes.
        var html = await (await _browser.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("Draft saved by the widget at 12:01:00 UTC: typed, not saved</p>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"notes\"></textarea>", html, StringComparison.Ordinal);
        Assert.Equal("2030-01-31T12:16:00.000Z", (await StatusAsync()).ExpiresAt);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("true")]
    [InlineData("1, 1")]
    public async Task An_autosave_header_other_than_1_is_refused_and_stores_nothing(string value)
    {
        await SignInAsync();
        var token = await PageTokenAsync();

        using var autosave = await PostFormAsync(_browser, "/notes", token, [("notes", "x")], ("X-Autosave", value));

        Assert.Equal(HttpStatusCode.BadRequest, autosave.StatusCode);
        var html = await (await _browser.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Draft saved", html, StringComparison.Ordinal);
        Assert.Contains("name=\"notes\"></textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keepalive_without_its_header_is_refused_and_does_not_slide()
    {
        await SignInAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await _browser.PostAsync("/session/keepalive", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("2030-01-31T12:15:00.000Z", (await StatusAsync()).ExpiresAt);
    }

    [Fact]
    public async Task A_keepalive_with_its_header_slides_and_answers_the_new_deadline_uncached()
    {
        await SignInAsync();
        _clock.Advance(TimeSpan.FromSeconds(10)); // within the slide interval: the keep-alive slides anyway

        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/keepalive");
        request.Headers.Add("X-Session-Keepalive", "1");
        using var response = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadExpiryAsync(response);
        Assert.Equal(new Expiry("2030-01-31T12:15:10.000Z", "2030-01-31T12:00:10.000Z"), body);
        Assert.Equal(body.ExpiresAt, (await StatusAsync()).ExpiresAt);
    }

    [Fact]
    public async Task Status_without_a_cookie_is_401_not_a_redirect()
    {
        using var response = await _browser.GetAsync("/session/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Status_reads_the_deadline_without_sliding()
    {
        await SignInAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));

        var first = await StatusAsync();
        var second = await StatusAsync();

        Assert.Equal(new Expiry("2030-01-31T12:15:00.000Z", "2030-01-31T12:01:00.000Z"), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_idle_session_ends_at_its_deadline()
    {
        await SignInAsync();
        _clock.Advance(TimeSpan.FromMinutes(15));

        using var status = await _browser.GetAsync("/session/status");
        using var page = await _browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        // No return URL (the demo never has one), but the library's reason, so the sign-in page can say why.
        Assert.Equal("/login?signedOutReason=expired", page.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("?signedOutReason=expired", "You were signed out after 15 minutes without activity.")]
    [InlineData("?signedOutReason=ended", "You were signed out from another device.")]
    [InlineData("?signedOutReason=%3Cb%3Eowned%3C%2Fb%3E", null)]
    [InlineData("?signedOutReason=ended&signedOutReason=ended", null)]
    [InlineData("", null)]
    public async Task The_sign_in_page_says_why_only_for_an_allow_listed_reason(string query, string? expected)
    {
        using var response = await _browser.GetAsync("/login" + query);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<session-signed-out-reason idle-minutes=\"15\">", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget/session-signed-out-reason.min.js\"></script>", html, StringComparison.Ordinal);
        if (expected is null)
        {
            Assert.DoesNotContain("You were signed out", html, StringComparison.Ordinal);
            Assert.DoesNotContain("owned", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"<p class=\"notice\" role=\"status\">{expected}</p>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signing_out_with_the_form_token_ends_the_session_for_the_old_cookie_too()
    {
        await SignInAsync();
        var token = await PageTokenAsync();
        var oldCookie = SessionCookieValue();
        Assert.NotNull(oldCookie);

        using var signOut = await PostFormAsync(_browser, "/logout", token, []);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/login", signOut.Headers.Location?.OriginalString);
        Assert.Null(SessionCookieValue());

        // A copy of the cookie taken before the sign-out is worth nothing: the session is gone on the server.
        using var replay = _app.CreateDefaultClient(BaseAddress);
        replay.DefaultRequestHeaders.Add("Cookie", $"{SessionCookie}={oldCookie}");
        using var page = await replay.GetAsync("/");
        using var status = await replay.GetAsync("/session/status");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task Signing_out_from_the_same_origin_needs_no_form_token()
    {
        await SignInAsync();

        using var signOut = await PostFormAsync(_browser, "/logout", token: null, [], ("Origin", "http://localhost"));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/login", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/session/status")).StatusCode);
    }

    [Fact]
    public async Task The_about_page_is_public_and_carries_the_widget_without_drafts()
    {
        var html = await _browser.GetStringAsync("/about");

        Assert.Contains("<a href=\"/login\">Sign in</a>", html, StringComparison.Ordinal);
        Assert.Contains(
            """<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session" data-logout-url="/logout" data-keepalive-url="/session/keepalive" data-status-url="/session/status" data-warn-before="120" data-keepalive-interval="60"></script>""",
            html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_out_link_signs_out_from_this_origin_and_lands_on_the_about_page()
    {
        await SignInAsync();
        Assert.Contains("<a href=\"/signout\">Sign out by link</a>", await _browser.GetStringAsync("/"), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/signout");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var signOut = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/about", signOut.Headers.Location?.OriginalString);
        Assert.Null(SessionCookieValue());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/session/status")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    [InlineData("none")]
    public async Task The_sign_out_link_from_anywhere_else_is_refused_and_the_session_lives_on(string? fetchSite)
    {
        await SignInAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/signout");
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var signOut = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/session/status")).StatusCode);
    }

    [Fact]
    public async Task A_cross_site_sign_out_without_the_token_is_refused_and_the_session_lives_on()
    {
        await SignInAsync();

        using var signOut = await PostFormAsync(_browser, "/logout", token: null, [], ("Origin", EvilOrigin));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/session/status")).StatusCode);
    }

    [Fact]
    public async Task Hub_negotiate_without_a_cookie_is_401()
    {
        using var response = await NegotiateAsync(origin: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://localhost")]
    public async Task Hub_negotiate_of_a_signed_in_page_of_this_origin_succeeds(string? origin)
    {
        await SignInAsync();

        using var response = await NegotiateAsync(origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("connectionToken").GetString()));
    }

    [Theory]
    [InlineData(EvilOrigin)]
    [InlineData("null")]
    public async Task Hub_negotiate_from_another_origin_is_403_even_with_the_cookie(string origin)
    {
        await SignInAsync();

        using var response = await NegotiateAsync(origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    // --- helpers ---

    private async Task SignInAsync()
    {
        using var response = await PostFormAsync(_browser, "/login", await LoginTokenAsync(), [("username", "alice"), ("password", "demo")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<string> LoginTokenAsync() => FormToken(await _browser.GetStringAsync("/login"));

    /// <summary>The signed-in page's form token (antiforgery tokens are bound to the user).</summary>
    private async Task<string> PageTokenAsync() => FormToken(await _browser.GetStringAsync("/"));

    private Task<HttpResponseMessage> NegotiateAsync(string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/session/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _browser.SendAsync(request);
    }

    private async Task<Expiry> StatusAsync()
    {
        using var response = await _browser.GetAsync("/session/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        return await ReadExpiryAsync(response);
    }

    private static async Task<Expiry> ReadExpiryAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Expiry(body.RootElement.GetProperty("expiresAt").GetString()!, body.RootElement.GetProperty("serverNow").GetString()!);
    }

    private string? SessionCookieValue() => _cookies.GetCookies(BaseAddress)[SessionCookie]?.Value;

    private static Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string path, string? token, (string Name, string Value)[] fields, params (string Name, string Value)[] headers)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(new("__RequestVerificationToken", token));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request);
    }

    private static string FormToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "The page has no antiforgery field.");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex TokenField();

    private sealed record Expiry(string ExpiresAt, string ServerNow);

    /// <summary>The demo with sessions in memory, the given clock, and a key ring that never leaves the process.</summary>
    private sealed class DemoApp(TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // As the demo runs (no launch profile): Production, so errors are plain status codes.
            builder.UseEnvironment("Production");
            builder.UseSetting("SESSION_STORE", "memory");
            builder.UseSetting("PORT", "0");
            // No AbortGracePeriod override: a sign-out must answer without waiting for the grace period to pass
            // on the (fake, unmoving) clock; the abort waits on its own.
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddDataProtection().UseEphemeralDataProtectionProvider();
            });
        }
    }
}
