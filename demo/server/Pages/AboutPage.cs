using System.Text;
using SessionAwareness.AspNetCore;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Pages;

/// <summary>
/// GET /about: a public page that carries the widget like every page of an app whose layout includes it. Nobody
/// need be signed in: the widget's status request and the hub's negotiate then answer 401, and the widget stays
/// idle (no reload, nothing shown). It is also where the Sign out link sends the user.
/// </summary>
public static class AboutPage
{
    /// <summary>The page, for a visitor (<paramref name="userName"/> null) or a signed-in user.</summary>
    public static string Render(string? userName, SessionAwarenessOptions options)
    {
        var body = new StringBuilder();
        body.Append("<main>\n<section class=\"card\">\n<h1>About this demo</h1>\n")
            .Append("<p>A public page: anyone may read it. It carries the session-awareness widget all the same.</p>\n");
        body.Append(userName is null
            ? "<p><a href=\"/login\">Sign in</a> to try the widget.</p>\n"
            : $"<p>Signed in as <strong>{HtmlPage.Encode(userName)}</strong>. <a href=\"/\">Back to your notes</a>.</p>\n");
        body.Append("</section>\n</main>\n")
            .Append(HomePage.WidgetScript(userName, options));
        return HtmlPage.Document("About · session-awareness demo", body.ToString());
    }
}
