using System.Net;
using System.Security.Cryptography;

namespace SessionAwareness.AspNetCore.Widget.Tests;

/// <summary>
/// The tag helpers (Razor Pages) and the Razor components (Blazor static rendering) in a real app: what an anonymous
/// and a signed-in request get, the URLs under a PathBase, the script served and its integrity, the nonce, lang.
/// </summary>
public sealed class WidgetRenderingTests
{
    private const string Nonce = "r4nd0m+n0nce/=";

    [Theory]
    [InlineData("/")]
    [InlineData("/mvc")]
    [InlineData("/blazor")]
    public async Task An_anonymous_request_gets_no_widget_and_no_script(string path)
    {
        await using var app = await WidgetApp.StartAsync("/app", options: o => o.ScriptNonce = _ => Nonce);

        var page = await app.PageAsync(app.NewBrowser(), path);

        Assert.Empty(page.QuerySelectorAll("session-awareness, session-list"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.DoesNotContain("SessionAwareness.AspNetCore", page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/hubs/here", page.Source.Text, StringComparison.Ordinal);
    }

    // MVC: MapControllerRoute(…).WithStaticAssets() gives a conventional route no asset collection in .NET 10, so
    // its pages get the plain path (served with an ETag, revalidated) instead of the fingerprinted one.
    [Theory]
    [InlineData("/", true)]
    [InlineData("/mvc", false)]
    [InlineData("/blazor", true)]
    public async Task A_signed_in_request_gets_the_widget_configured_by_the_server_and_one_script(string path, bool fingerprinted)
    {
        await using var app = await WidgetApp.StartAsync("/app", options: o => o.ScriptNonce = _ => Nonce);
        var browser = await app.SignedInBrowserAsync();

        var page = await app.PageAsync(browser, path);

        var widget = Assert.Single(page.QuerySelectorAll("session-awareness"));
        Assert.Equal("/app/hubs/here", widget.GetAttribute("hub-url"));
        Assert.Equal("/app/here/keepalive", widget.GetAttribute("keepalive-url"));
        Assert.Equal("/app/here/status", widget.GetAttribute("status-url"));
        Assert.Equal("90", widget.GetAttribute("warn-before"));
        Assert.Equal("30", widget.GetAttribute("keepalive-interval"));
        Assert.Equal("fr-FR", widget.GetAttribute("lang")); // the request culture (Accept-Language), not the server's
        Assert.Equal("/logout", widget.GetAttribute("logout-url")); // the page's own attributes pass through
        Assert.Equal("form.notes", widget.GetAttribute("autosave-forms"));
        // Ended or expired: to the cookie scheme's sign-in page and back here, not a reload of a page that may be public.
        var signIn = "/app/login?ReturnUrl=" + Uri.EscapeDataString("/app" + path);
        Assert.Equal(("redirect", signIn), (widget.GetAttribute("ended-action"), widget.GetAttribute("ended-url")));
        Assert.Equal(("redirect", signIn), (widget.GetAttribute("expired-action"), widget.GetAttribute("expired-url")));

        var list = Assert.Single(page.QuerySelectorAll("session-list"));
        Assert.Equal("/app/hubs/here", list.GetAttribute("hub-url")); // the same hub: one connection
        Assert.Equal("/app/here/keepalive", list.GetAttribute("keepalive-url"));
        Assert.Equal("fr-FR", list.GetAttribute("lang"));

        // Two helpers, one script; fingerprinted by MapStaticAssets where the page's endpoint knows the assets.
        var script = Assert.Single(page.QuerySelectorAll("script"));
        var src = script.GetAttribute("src")!;
        Assert.Matches(fingerprinted
            ? @"^/app/_content/SessionAwareness\.AspNetCore/session-awareness\.min\.[a-z0-9]{10}\.js$"
            : @"^/app/_content/SessionAwareness\.AspNetCore/session-awareness\.min\.js$", src);
        Assert.Equal(Nonce, script.GetAttribute("nonce"));
        Assert.Equal("anonymous", script.GetAttribute("crossorigin"));

        var served = await AssertServedAsync(browser, src, script.GetAttribute("integrity"), "session-awareness.min.js");
        Assert.Equal(fingerprinted ? "max-age=31536000, immutable" : "no-cache", served.Headers.CacheControl?.ToString());

        // The drop-in loads its chunks (the list, the language tables, the sanitizer) from beside its own src.
        var folder = src[..(src.LastIndexOf('/') + 1)];
        foreach (var chunk in Repository.DropInChunks())
        {
            var response = await browser.GetAsync(folder + chunk);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(Repository.Dist(chunk)), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task With_UseStaticFiles_no_nonce_and_no_request_culture_the_script_has_its_plain_path_and_no_lang()
    {
        await using var app = await WidgetApp.StartAsync(mapStaticAssets: false, localize: false);
        var browser = await app.SignedInBrowserAsync();

        var page = await app.PageAsync(browser, "/");

        var widget = Assert.Single(page.QuerySelectorAll("session-awareness"));
        Assert.Equal("/hubs/here", widget.GetAttribute("hub-url"));
        Assert.False(widget.HasAttribute("lang")); // the server's own culture says nothing about the reader
        var script = Assert.Single(page.QuerySelectorAll("script"));
        Assert.Equal("/_content/SessionAwareness.AspNetCore/session-awareness.min.js", script.GetAttribute("src"));
        Assert.False(script.HasAttribute("nonce"));
        await AssertServedAsync(browser, script.GetAttribute("src")!, script.GetAttribute("integrity"), "session-awareness.min.js");
    }

    [Theory]
    [InlineData("/login?signedOutReason=ended", "You were signed out from another device.")]
    [InlineData("/blazor/login?signedOutReason=expired", "You were signed out after 20 minutes without activity.")]
    public async Task The_sign_in_page_gets_the_reason_as_text_inside_the_element_and_its_own_script(string path, string sentence)
    {
        await using var app = await WidgetApp.StartAsync("/app", options: o => o.ScriptNonce = _ => Nonce);
        var browser = app.NewBrowser(); // a sign-in page is anonymous

        var page = await app.PageAsync(browser, path);

        var reason = Assert.Single(page.QuerySelectorAll("session-signed-out-reason"));
        Assert.Equal("20", reason.GetAttribute("idle-minutes"));
        var status = Assert.Single(reason.QuerySelectorAll("p[role=status]"));
        Assert.Equal(sentence, status.TextContent);
        var script = Assert.Single(page.QuerySelectorAll("script"));
        Assert.StartsWith("/app/_content/SessionAwareness.AspNetCore/session-signed-out-reason.min.", script.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(Nonce, script.GetAttribute("nonce"));
        await AssertServedAsync(browser, script.GetAttribute("src")!, script.GetAttribute("integrity"), "session-signed-out-reason.min.js");
    }

    [Theory]
    [InlineData("/login", "")]
    [InlineData("/blazor/login", "Sign in to continue.")]
    public async Task A_reason_not_on_the_allow_list_shows_nothing_from_the_url(string path, string ownContent)
    {
        await using var app = await WidgetApp.StartAsync();

        var page = await app.PageAsync(app.NewBrowser(), path + "?signedOutReason=" + Uri.EscapeDataString("<b>Call 555</b>"));

        var reason = Assert.Single(page.QuerySelectorAll("session-signed-out-reason"));
        Assert.Empty(reason.QuerySelectorAll("p[role=status], b"));
        Assert.Equal(ownContent, reason.TextContent.Trim());
        Assert.DoesNotContain("555", page.Source.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/login?signedOutReason=ended")]
    [InlineData("/blazor/login?signedOutReason=ended")]
    public async Task A_signed_in_request_gets_no_sign_in_reason(string path)
    {
        await using var app = await WidgetApp.StartAsync();

        var page = await app.PageAsync(await app.SignedInBrowserAsync(), path);

        Assert.Empty(page.QuerySelectorAll("session-signed-out-reason"));
        Assert.DoesNotContain("session-signed-out-reason.min", page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("signed out", page.Source.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// GETs the script: 200, JavaScript, the bytes of dist/ (what <c>npm run build</c> made), and the page's
    /// <paramref name="integrity"/> is their SHA-384, so a browser runs it.
    /// </summary>
    private static async Task<HttpResponseMessage> AssertServedAsync(HttpClient browser, string src, string? integrity, string distFile)
    {
        var response = await browser.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("sha384-" + Convert.ToBase64String(SHA384.HashData(bytes)), integrity);
        Assert.Equal(await File.ReadAllBytesAsync(Repository.Dist(distFile)), bytes);
        return response;
    }
}
