using System.Globalization;
using System.Text;
using SessionAwareness.AspNetCore;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Pages;

public static class HomePage
{
    /// <summary>How much of the server-side draft the page shows.</summary>
    public const int DraftExcerptLength = 200;

    /// <summary>
    /// The signed-in page: who you are, Sign out, a Notes form the widget drafts, the draft the
    /// widget's autosave last stored on the server (if any), and the widget.
    /// </summary>
    public static string Render(
        string userName,
        string antiforgeryFieldName,
        string? antiforgeryToken,
        string? notes,
        DateTimeOffset? notesSavedAt,
        SessionAwarenessOptions options,
        string? draft = null,
        DateTimeOffset? draftSavedAt = null)
    {
        var token = HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken);
        var body = new StringBuilder();
        body.Append(Header(userName, antiforgeryFieldName, antiforgeryToken))
            .Append("<main>\n<section class=\"card\">\n<h2>Notes</h2>\n")
            .Append("<p class=\"hint\">Sign in as the same user in another browser to see the notice; ")
            .Append("press End session there and this browser goes to the sign-in page by itself.</p>\n")
            .Append("<form id=\"notes-form\" method=\"post\" action=\"/notes\" data-autosave-post>").Append(token)
            .Append("<label for=\"notes\">Notes</label><textarea id=\"notes\" name=\"notes\">")
            .Append(HtmlPage.Encode(notes))
            .Append("</textarea><button type=\"submit\">Save notes</button></form>\n");
        if (notesSavedAt is { } savedAt)
        {
            body.Append("<p class=\"hint\">Last saved ")
                .Append(HtmlPage.Encode(savedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
                .Append(".</p>\n");
        }

        if (draft is not null && draftSavedAt is { } draftAt)
        {
            // The draft is the user's own text, but still text: encoded, like everything else here.
            body.Append("<p class=\"hint\" id=\"server-draft\">Draft saved by the widget at ")
                .Append(HtmlPage.Encode(draftAt.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
                .Append(": ").Append(HtmlPage.Encode(Excerpt(draft))).Append("</p>\n");
        }

        body.Append("</section>\n</main>\n").Append(WidgetScript(userName, options));
        return HtmlPage.Document("session-awareness demo", body.ToString());
    }

    /// <summary>The header of the signed-in pages: title, links, who is signed in, Sign out.</summary>
    public static string Header(string userName, string antiforgeryFieldName, string? antiforgeryToken) =>
        new StringBuilder()
            .Append("<header>\n<h1>session-awareness demo</h1>\n")
            .Append("<nav aria-label=\"Demo\"><a href=\"/\">Notes</a> · <a href=\"/sessions\">Your sessions</a></nav>\n")
            .Append("<p>Signed in as <strong>").Append(HtmlPage.Encode(userName)).Append("</strong></p>\n")
            .Append("<form method=\"post\" action=\"/logout\">").Append(HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken))
            .Append("<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n")
            // The same sign-out as a plain link (GET), as many apps have it; it lands on the public About page.
            .Append("<a href=\"/signout\">Sign out by link</a>\n")
            .Append("</header>\n")
            .ToString();

    /// <summary>
    /// The drop-in script tag that mounts the widget, with the expiry settings of <paramref name="options"/>;
    /// without a user (a public page) it drafts nothing.
    /// </summary>
    public static string WidgetScript(string? userName, SessionAwarenessOptions options)
    {
        var body = new StringBuilder();
        body.Append("<script src=\"/widget/session-awareness.min.js\" data-hub-url=\"/hubs/session\" data-logout-url=\"/logout\"")
            .Append(" data-keepalive-url=\"/session/keepalive\" data-status-url=\"/session/status\"")
            .Append(" data-warn-before=\"").Append(HtmlPage.Encode(Seconds(options.WarnBefore))).Append('"')
            .Append(" data-keepalive-interval=\"").Append(HtmlPage.Encode(Seconds(options.KeepaliveInterval))).Append('"');
        if (userName is not null)
        {
            // The widget keys its browser-side drafts by user, so a draft never reaches another user
            // who signs in on the same browser.
            body.Append(" data-autosave-forms=\"#notes-form\" data-user-id=\"").Append(HtmlPage.Encode(userName)).Append('"');
        }

        body.Append("></script>");
        return body.ToString();
    }

    private static string Excerpt(string text) =>
        text.Length <= DraftExcerptLength ? text : Truncate(text, DraftExcerptLength) + "…";

    // At most max UTF-16 units, never splitting a surrogate pair.
    private static string Truncate(string value, int max) => value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
