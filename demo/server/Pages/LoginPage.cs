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
    public static string Render(string antiforgeryFieldName, string? antiforgeryToken, string? error = null, string? userName = null)
    {
        var body = new StringBuilder();
        body.Append("<main>\n<div class=\"card\">\n<h1>Sign in</h1>\n")
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
            .Append("</form>\n</div>\n</main>");
        return HtmlPage.Document("Sign in · session-awareness demo", body.ToString());
    }
}
