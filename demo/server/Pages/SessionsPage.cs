using System.Text;
using SessionAwareness.AspNetCore;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Pages;

/// <summary>"Your sessions": the user's live sessions in <c>&lt;session-list&gt;</c>, beside the same widget as on /.</summary>
public static class SessionsPage
{
    /// <summary>The page. The list and the notices share the one hub connection the script opens.</summary>
    public static string Render(string userName, string antiforgeryFieldName, string? antiforgeryToken, SessionAwarenessOptions options)
    {
        var body = new StringBuilder();
        body.Append(HomePage.Header(userName, antiforgeryFieldName, antiforgeryToken))
            .Append("<main>\n<section class=\"card\">\n")
            .Append("<session-list hub-url=\"/hubs/session\" logout-url=\"/logout\"></session-list>\n")
            .Append("<noscript><p class=\"hint\">The list of your sessions needs JavaScript.</p></noscript>\n")
            .Append("</section>\n</main>\n")
            .Append(HomePage.WidgetScript(userName, options));
        return HtmlPage.Document("Your sessions · session-awareness demo", body.ToString());
    }
}
