// The app's own code in the `dotnet new web` template app of the template-app tests (scripts/templates.mjs): an
// ordinary cookie sign-in as a small app without session-awareness would have it. The README's lines go in on top
// (AddSessionAwareness before Build, MapSessionAwareness and static files after UseAuthorization, the widget's
// script tag into wwwroot/page.html): this file must not need anything else from the library.
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(cookie => cookie.LoginPath = "/login");
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery();
var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

var layout = File.ReadAllText(Path.Combine(app.Environment.WebRootPath, "page.html"));
IResult Page(string title, string body) =>
    Results.Content(layout.Replace("{title}", WebUtility.HtmlEncode(title)).Replace("{body}", body), "text/html; charset=utf-8");

app.MapGet("/", (HttpContext context) => Page(
    "Home",
    context.User.Identity?.IsAuthenticated == true
        ? $"<p>Signed in as {WebUtility.HtmlEncode(context.User.Identity.Name)}.</p><form method=\"post\" action=\"/logout\">{Token(context)}<button>Sign out</button></form><p><a href=\"/notes\">Notes</a></p>"
        : "<p>Welcome. <a href=\"/login\">Sign in</a></p>"));

app.MapGet("/notes", (HttpContext context) => Page(
    "Notes",
    $"<p>Signed in as {WebUtility.HtmlEncode(context.User.Identity!.Name)}.</p><label>Notes <textarea name=\"notes\"></textarea></label><form method=\"post\" action=\"/logout\">{Token(context)}<button>Sign out</button></form>"))
    .RequireAuthorization();

app.MapGet("/login", (HttpContext context) => Page(
    "Sign in",
    $"<form method=\"post\">{Token(context)}<label>User name <input name=\"username\"></label><label>Password <input name=\"password\" type=\"password\"></label><button>Sign in</button></form>"));

// Any user name with the password "secret": the tests make their own users.
app.MapPost("/login", async (HttpContext context, [FromForm] string username, [FromForm] string password, [FromQuery] string? returnUrl) =>
{
    if (string.IsNullOrWhiteSpace(username) || password != "secret")
    {
        return Results.Redirect("/login");
    }

    var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, username), new Claim(ClaimTypes.Name, username)], CookieAuthenticationDefaults.AuthenticationScheme);
    await context.SignInAsync(new ClaimsPrincipal(identity));
    return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) ? "/notes" : returnUrl);
});

// The app's own sign-out, and where it sends the user after it.
app.MapPost("/logout", async (HttpContext context) =>
{
    await context.SignOutAsync();
    return Results.Redirect("/signed-out");
});
app.MapGet("/signed-out", () => Page("Signed out", "<p>You signed out. <a href=\"/login\">Sign in again</a></p>"));

app.Run();

static string Token(HttpContext context)
{
    var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
    return $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">";
}
