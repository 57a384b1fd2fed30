using System.Globalization;
using System.Text;
using SessionAwareness.AspNetCore;
using SessionAwareness.AspNetCore.Stores;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Samples.Identity.Pages;

internal static class HomePage
{
    /// <summary>Notices the page shows after a redirect, by the fixed key in <c>?done=</c> (the query text itself is never shown).</summary>
    public static readonly IReadOnlyDictionary<string, string> Notices = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["password"] = "Your password was changed. Your other sessions were signed out.",
        ["everywhere"] = "Your other sessions were signed out.",
    };

    /// <summary>
    /// The signed-in page: who you are, Sign out, Change password, Sign out everywhere, the account's live
    /// sessions, and the widget.
    /// </summary>
    public static string Render(
        string email,
        string antiforgeryFieldName,
        string? antiforgeryToken,
        IReadOnlyList<UserSession> sessions,
        string? currentHandle,
        SessionAwarenessOptions options,
        string? notice = null)
    {
        var token = HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken);
        var body = new StringBuilder();
        body.Append("<header>\n<h1>session-awareness + ASP.NET Core Identity</h1>\n")
            .Append("<p>Signed in as <strong>").Append(HtmlPage.Encode(email)).Append("</strong></p>\n")
            .Append("<form method=\"post\" action=\"/logout\">").Append(token)
            .Append("<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n")
            .Append("</header>\n<main>\n");
        if (notice is not null)
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(HtmlPage.Encode(notice)).Append("</p>\n");
        }

        body.Append("<section class=\"card\">\n<h2>Account</h2>\n")
            .Append("<p><a href=\"/change-password\">Change password</a></p>\n")
            .Append("<form method=\"post\" action=\"/sign-out-everywhere\">").Append(token)
            .Append("<p class=\"hint\">Ends every other session of this account at once; this one stays signed in.</p>")
            .Append("<button type=\"submit\">Sign out everywhere</button></form>\n")
            .Append("</section>\n");

        body.Append("<section class=\"card\">\n<h2>Your sessions</h2>\n<ul class=\"sessions\">\n");
        foreach (var session in sessions)
        {
            // Browser and device come from request headers: text, encoded like everything else.
            body.Append("<li>").Append(HtmlPage.Encode(Describe(session)))
                .Append(", since ").Append(HtmlPage.Encode(session.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
            if (session.Handle == currentHandle)
            {
                body.Append(" <strong>(this session)</strong>");
            }

            body.Append("</li>\n");
        }

        body.Append("</ul>\n<p class=\"hint\">Sign in as the same user in another browser: this page gets a notice at once, ")
            .Append("with End session to sign that browser out.</p>\n</section>\n</main>\n")
            .Append("<script src=\"/widget/session-awareness.min.js\" data-hub-url=\"").Append(HtmlPage.Encode(options.HubPath)).Append('"')
            .Append(" data-logout-url=\"/logout\"")
            .Append(" data-keepalive-url=\"").Append(HtmlPage.Encode(options.KeepalivePath)).Append('"')
            .Append(" data-status-url=\"").Append(HtmlPage.Encode(options.StatusPath)).Append('"')
            .Append(" data-warn-before=\"").Append(HtmlPage.Encode(Seconds(options.WarnBefore))).Append('"')
            .Append(" data-keepalive-interval=\"").Append(HtmlPage.Encode(Seconds(options.KeepaliveInterval))).Append("\"></script>");
        return HtmlPage.Document("session-awareness Identity sample", body.ToString());
    }

    private static string Describe(UserSession session)
    {
        var what = (session.Browser, session.Device) switch
        {
            ("", "") => "Unknown browser",
            (var browser, "") => browser,
            ("", var device) => device,
            var (browser, device) => browser + " on " + device,
        };
        return string.IsNullOrEmpty(session.Location) ? what : what + ", " + session.Location;
    }

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
