using SessionAwareness.AspNetCore;
using SessionAwareness.Demo.Pages;

namespace SessionAwareness.Demo.Tests;

public class PagesTests
{
    private const string Evil = "\"><script>alert(1)</script>";

    private static readonly SessionAwarenessOptions Defaults = new();

    [Fact]
    public void Login_form_has_the_labelled_fields_and_the_token()
    {
        var html = LoginPage.Render("__RequestVerificationToken", "tok");

        Assert.Contains("""<form method="post" action="/login">""", html, StringComparison.Ordinal);
        Assert.Contains("""<label for="username">Username</label><input id="username" name="username" autocomplete="username" """, html, StringComparison.Ordinal);
        Assert.Contains("""<label for="password">Password</label><input id="password" type="password" name="password" """, html, StringComparison.Ordinal);
        Assert.Contains("""<button type="submit">Sign in</button>""", html, StringComparison.Ordinal);
        Assert.Contains("""<input type="hidden" name="__RequestVerificationToken" value="tok">""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong username", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Login_error_encodes_the_echoed_user_name()
    {
        var html = LoginPage.Render("f", Evil, LoginPage.WrongCredentials, Evil);

        Assert.Contains("Wrong username or password.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_page_shows_user_sign_out_notes_and_widget()
    {
        var options = new SessionAwarenessOptions { WarnBefore = TimeSpan.FromSeconds(30), KeepaliveInterval = TimeSpan.FromSeconds(7) };

        var html = HomePage.Render("alice", "__RequestVerificationToken", "tok", null, null, options);

        Assert.Contains("Signed in as <strong>alice</strong>", html, StringComparison.Ordinal);
        Assert.Contains("""<form method="post" action="/logout"><input type="hidden" name="__RequestVerificationToken" value="tok">""", html, StringComparison.Ordinal);
        Assert.Contains("Sign out</button></form>", html, StringComparison.Ordinal);
        Assert.Contains("""<form id="notes-form" method="post" action="/notes" data-autosave-post>""", html, StringComparison.Ordinal);
        Assert.Contains("""<label for="notes">Notes</label><textarea id="notes" name="notes"></textarea><button type="submit">Save notes</button></form>""", html, StringComparison.Ordinal);
        Assert.Contains(
            """<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session" data-logout-url="/logout" data-keepalive-url="/session/keepalive" data-status-url="/session/status" data-warn-before="30" data-keepalive-interval="7" data-autosave-forms="#notes-form" data-user-id="alice"></script>""",
            html,
            StringComparison.Ordinal);
        Assert.EndsWith("</script>\n</body>\n</html>\n", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft saved", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_page_shows_the_server_side_draft_encoded_under_the_form()
    {
        var savedAt = new DateTimeOffset(2025, 1, 31, 13, 4, 5, TimeSpan.FromHours(1));

        var html = HomePage.Render("alice", "f", "t", "saved", null, Defaults, "</p>" + Evil, savedAt);

        Assert.Contains(
            "</form>\n" + """<p class="hint" id="server-draft">Draft saved by the widget at 12:04:05 UTC: &lt;/p&gt;&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>""",
            html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_page_shows_only_the_start_of_a_long_draft()
    {
        var draft = new string('a', HomePage.DraftExcerptLength) + "TAIL";

        var html = HomePage.Render("alice", "f", "t", null, null, Defaults, draft, DateTimeOffset.UnixEpoch);

        // "…", encoded like all non-ASCII text by HtmlEncoder.Default.
        Assert.Contains(": " + new string('a', HomePage.DraftExcerptLength) + "&#x2026;</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("TAIL", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_page_encodes_the_user_id_attribute()
    {
        var html = HomePage.Render(Evil, "f", "t", null, null, Defaults);

        Assert.Contains(" data-user-id=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_page_encodes_every_dynamic_value()
    {
        var html = HomePage.Render(Evil, "f", Evil, "</textarea>" + Evil, DateTimeOffset.UnixEpoch, Defaults, Evil, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "</textarea>"));
    }

    [Fact]
    public void Pages_have_no_inline_script() =>
        Assert.DoesNotContain("<script>", HomePage.Render("a", "f", "t", null, null, Defaults), StringComparison.Ordinal);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
