using System.Text;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Samples.Identity.Pages;

internal static class LoginPage
{
    public const string WrongCredentials = "Wrong email or password.";
    public const string LockedOut = "Too many failed attempts. Try again in a few minutes.";

    /// <summary>
    /// The sign-in form. <paramref name="email"/> is echoed back (encoded) after a failed attempt; the
    /// password never is.
    /// </summary>
    public static string Render(string antiforgeryFieldName, string? antiforgeryToken, string? error = null, string? email = null, string? signedOutMessage = null)
    {
        var body = new StringBuilder();
        body.Append("<main>\n<div class=\"card\">\n<h1>Sign in</h1>\n");
        if (signedOutMessage is not null)
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(HtmlPage.Encode(signedOutMessage)).Append("</p>\n");
        }

        body
            .Append("<p class=\"hint\">Sample users: alice@example.com or bob@example.com, password Demo-pass-1.</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</p>\n");
        }

        body.Append("<form method=\"post\" action=\"/login\">\n")
            .Append(HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken)).Append('\n')
            .Append("<label for=\"email\">Email</label>")
            .Append("<input id=\"email\" type=\"email\" name=\"email\" autocomplete=\"username\" value=\"").Append(HtmlPage.Encode(email)).Append("\">\n")
            .Append("<label for=\"password\">Password</label>")
            .Append("<input id=\"password\" type=\"password\" name=\"password\" autocomplete=\"current-password\">\n")
            .Append("<button type=\"submit\">Sign in</button>\n")
            .Append("</form>\n</div>\n</main>");
        return HtmlPage.Document("Sign in · session-awareness Identity sample", body.ToString());
    }
}
