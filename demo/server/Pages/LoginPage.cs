using System.Text;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Demo.Pages;

public static class LoginPage
{
    public const string WrongCredentials = "Wrong username or password.";

    /// <summary>Shown when the session store cannot be reached.</summary>
    public const string Unavailable = "Signing in and out is unavailable for a moment. Please try again shortly.";

    /// <summary>
    /// The sign-in form. <paramref name="userName"/> is echoed back (encoded) after a failed attempt;
    /// the password never is.
    /// </summary>
    /// <remarks>
    /// Why the user was signed out: <paramref name="signedOutMessage"/> is the library's fixed sentence for the
    /// allow-listed reason code in the URL, rendered here so that it shows with script blocked too. With script,
    /// <c>&lt;session-signed-out-reason&gt;</c> replaces it with what the widget recorded before it left the
    /// last page (which device ended the session, whether typed changes were kept).
    /// </remarks>
    public static string Render(
        string antiforgeryFieldName,
        string? antiforgeryToken,
        string? error = null,
        string? userName = null,
        string? signedOutMessage = null,
        int idleMinutes = 0)
    {
        var body = new StringBuilder();
        body.Append("<main>\n<div class=\"card\">\n<h1>Sign in</h1>\n")
            .Append("<session-signed-out-reason idle-minutes=\"").Append(idleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\">");
        if (signedOutMessage is not null)
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(HtmlPage.Encode(signedOutMessage)).Append("</p>");
        }

        body.Append("</session-signed-out-reason>\n")
            .Append("<p class=\"hint\">Demo users: alice or bob, password demo.</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</p>\n");
        }

        body.Append("<form method=\"post\" action=\"/login\">\n")
            .Append(HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken)).Append('\n')
            .Append("<label for=\"username\">Username</label>")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" value=\"").Append(HtmlPage.Encode(userName)).Append("\">\n")
            .Append("<label for=\"password\">Password</label>")
            .Append("<input id=\"password\" type=\"password\" name=\"password\" autocomplete=\"current-password\">\n")
            .Append("<button type=\"submit\">Sign in</button>\n")
            .Append("</form>\n</div>\n</main>\n")
            .Append("<script src=\"/widget/session-signed-out-reason.min.js\"></script>");
        return HtmlPage.Document("Sign in · session-awareness demo", body.ToString());
    }
}
