using System.Text;

using SessionAwareness.Samples.Shared;

namespace SessionAwareness.Samples.Identity.Pages;

internal static class ChangePasswordPage
{
    /// <summary>The form; after a refused change, Identity's reasons (encoded; never the passwords).</summary>
    public static string Render(string email, string antiforgeryFieldName, string? antiforgeryToken, IEnumerable<string>? errors = null)
    {
        var body = new StringBuilder();
        body.Append("<main>\n<div class=\"card\">\n<h1>Change password</h1>\n")
            .Append("<p class=\"hint\">For <strong>").Append(HtmlPage.Encode(email)).Append("</strong>. ")
            .Append("Your other sessions are signed out at once; this one stays signed in.</p>\n");
        var list = errors?.ToList();
        if (list is { Count: > 0 })
        {
            body.Append("<div class=\"error\" role=\"alert\"><ul>");
            foreach (var error in list)
            {
                body.Append("<li>").Append(HtmlPage.Encode(error)).Append("</li>");
            }

            body.Append("</ul></div>\n");
        }

        body.Append("<form method=\"post\" action=\"/change-password\">\n")
            .Append(HtmlPage.AntiforgeryField(antiforgeryFieldName, antiforgeryToken)).Append('\n')
            .Append("<label for=\"current-password\">Current password</label>")
            .Append("<input id=\"current-password\" type=\"password\" name=\"currentPassword\" autocomplete=\"current-password\">\n")
            .Append("<label for=\"new-password\">New password</label>")
            .Append("<input id=\"new-password\" type=\"password\" name=\"newPassword\" autocomplete=\"new-password\">\n")
            .Append("<button type=\"submit\">Change password</button>\n")
            .Append("</form>\n<p><a href=\"/\">Back</a></p>\n</div>\n</main>");
        return HtmlPage.Document("Change password · session-awareness Identity sample", body.ToString());
    }
}
