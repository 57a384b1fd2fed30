using System.Security.Claims;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using SessionAwareness.AspNetCore.Widget.Tests.Components;

namespace SessionAwareness.AspNetCore.Widget.Tests;

/// <summary>
/// A real app on a TestServer the way a team would add the package: cookie sign-in, AddSessionAwareness, Razor Pages
/// (Pages/) and Blazor static rendering (Components/) using the tag helpers and components, and the package's
/// static web assets served by MapStaticAssets (or UseStaticFiles).
/// </summary>
internal sealed class WidgetApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WidgetApp(WebApplication app, string pathBase)
    {
        _app = app;
        PathBase = pathBase;
    }

    /// <summary>The PathBase the app runs under ("" for none).</summary>
    public string PathBase { get; }

    /// <summary>
    /// Starts the app under <paramref name="pathBase"/>, with the package's scripts served by <c>MapStaticAssets()</c>
    /// (and <c>WithStaticAssets()</c> on the pages) or else by <c>UseStaticFiles()</c>, and the request's culture
    /// chosen by <c>UseRequestLocalization</c> (en-US or fr-FR) unless <paramref name="localize"/> is false.
    /// </summary>
    public static async Task<WidgetApp> StartAsync(string pathBase = "", bool mapStaticAssets = true, Action<SessionAwarenessOptions>? options = null, bool localize = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WidgetApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseTestServer();
        // Outside Development the build output finds referenced packages' static web assets only when asked to
        // (a published app has them in wwwroot/).
        builder.WebHost.UseStaticWebAssets();
        // A build (not published) manifest is served with no-cache everywhere unless this is set; a published app
        // gets the manifest's own headers (immutable for the fingerprinted URL), which is what this asks for.
        builder.Configuration["EnableStaticAssetsDevelopmentCaching"] = "true";
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.LoginPath = "/login");
        builder.Services.AddAuthorization();
        builder.Services.AddSessionAwareness(o =>
        {
            o.HubPath = "/hubs/here";
            o.KeepalivePath = "/here/keepalive";
            o.StatusPath = "/here/status";
            o.WarnBefore = TimeSpan.FromSeconds(90);
            o.KeepaliveInterval = TimeSpan.FromSeconds(30);
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            options?.Invoke(o);
        }).UseInMemoryStore();
        builder.Services.AddRazorPages();
        builder.Services.AddControllersWithViews();
        builder.Services.AddRazorComponents();

        var app = builder.Build();
        if (pathBase.Length > 0)
        {
            app.UsePathBase(pathBase);
        }

        app.UseRouting();
        if (localize)
        {
            app.UseRequestLocalization(o =>
            {
                o.SetDefaultCulture("en-US");
                o.AddSupportedCultures("en-US", "fr-FR");
                o.AddSupportedUICultures("en-US", "fr-FR");
            });
        }
        if (!mapStaticAssets)
        {
            app.UseStaticFiles();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        if (mapStaticAssets)
        {
            app.MapStaticAssets();
        }

        app.MapPost("/test/signin", async (HttpContext context) =>
        {
            var claims = new[] { new Claim(ClaimTypes.NameIdentifier, "ada"), new Claim(ClaimTypes.Name, "ada") };
            await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Ok();
        });
        var pages = app.MapRazorPages();
        var mvc = app.MapControllerRoute("mvc", "mvc/{action=Index}", new { controller = "Mvc" });
        if (mapStaticAssets)
        {
            pages.WithStaticAssets();
            mvc.WithStaticAssets();
        }

        app.MapRazorComponents<App>();
        app.MapSessionAwareness();
        await app.StartAsync();
        return new WidgetApp(app, pathBase);
    }

    /// <summary>A browser with its own cookie jar, reading French first.</summary>
    public HttpClient NewBrowser()
    {
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = _app.GetTestServer().CreateHandler() }) { BaseAddress = _app.GetTestServer().BaseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        return client;
    }

    /// <summary>A browser signed in through the app's own cookie sign-in.</summary>
    public async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = NewBrowser();
        (await browser.PostAsync(PathBase + "/test/signin", null)).EnsureSuccessStatusCode();
        return browser;
    }

    /// <summary>GETs <paramref name="path"/> (under the PathBase) and parses the page.</summary>
    public async Task<IDocument> PageAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(PathBase + path);
        response.EnsureSuccessStatusCode();
        var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.NotNull(document.GetElementById("page")); // the page itself rendered
        return document;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
