using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using SessionAwareness.AspNetCore.Authentication;

namespace SessionAwareness.Samples.Identity.Tests;

/// <summary>
/// One browser of a <see cref="SampleApp"/>: its own cookie jar and User-Agent. Redirects are not followed
/// (tests look at them). Forms are filled in as a user does: the antiforgery token comes from the page's HTML.
/// </summary>
public sealed partial class Browser
{
    public const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    public const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0";

    /// <summary>Identity's application cookie.</summary>
    public const string IdentityCookie = ".AspNetCore.Identity.Application";

    private readonly SampleApp _app;

    public Browser(SampleApp app, string userAgent, CookieContainer? cookies = null)
    {
        _app = app;
        UserAgent = userAgent;
        Cookies = cookies ?? new CookieContainer();
        Http = app.CreateDefaultClient(SampleApp.BaseAddress, new CookieContainerHandler(Cookies));
        Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    /// <summary>The cookie jar; pass it to another <see cref="Browser"/> to be the same browser against a restarted app.</summary>
    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    /// <summary>Puts a copy of <paramref name="other"/>'s cookies into this browser's jar: a stolen cookie.</summary>
    public void CopyCookiesFrom(Browser other)
    {
        foreach (System.Net.Cookie cookie in other.Cookies.GetAllCookies())
        {
            Cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }
    }

    public string UserAgent { get; }

    /// <summary>The Identity cookie's value, or <c>null</c>.</summary>
    public string? IdentityCookieValue => Cookies.GetCookies(SampleApp.BaseAddress)[IdentityCookie]?.Value;

    /// <summary>GET /login, fill in Email and Password, press Sign in. The response is not followed.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var token = TokenOf(await Http.GetStringAsync("/login"));
        return await PostFormAsync("/login", token, ("email", email), ("password", password));
    }

    /// <summary>Signs in and checks that it worked (a redirect to /).</summary>
    public async Task SignInOrFailAsync(string email, string password)
    {
        using var response = await SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>This browser's session handle, as the app sees it on a page load (which must succeed).</summary>
    public async Task<string> SessionHandleAsync()
    {
        using var page = await HomeAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return _app.Principals["/"].FindSessionHandle() ?? throw new InvalidOperationException("no session handle");
    }

    /// <summary>GET /: the page, or a redirect.</summary>
    public Task<HttpResponseMessage> HomeAsync() => Http.GetAsync("/");

    /// <summary>The antiforgery token of the form on <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path) => TokenOf(await Http.GetStringAsync(path));

    /// <summary>POSTs a form as the page's form does, with the token (when given) in its hidden field.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            values.Add(new("__RequestVerificationToken", token));
        }

        return Http.PostAsync(path, new FormUrlEncodedContent(values));
    }

    /// <summary>Opens a hub connection with this browser's cookies (negotiate over HTTP, then a WebSocket, as a browser does) and waits until the server has set it up.</summary>
    public async Task<HubClient> ConnectAsync()
    {
        var server = _app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(SampleApp.BaseAddress, "/hubs/session"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(Cookies) { InnerHandler = server.CreateHandler() };
                o.Headers["User-Agent"] = UserAgent;
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        request.Headers["Cookie"] = Cookies.GetCookieHeader(SampleApp.BaseAddress);
                        request.Headers["User-Agent"] = UserAgent;
                    };
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .Build();
        var hub = new HubClient(connection);
        await connection.StartAsync();
        // The hub sends the deadline last in OnConnectedAsync, after joining the user's and the session's
        // groups: from here on, nothing sent to them is missed.
        await hub.NextAsync("sessionExpiry");
        return hub;
    }

    /// <summary>The value of the first antiforgery field in <paramref name="html"/>.</summary>
    public static string TokenOf(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "no antiforgery field in the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>
    /// The path of a redirect's Location, without the query. The cookie handler's challenge redirects to an
    /// absolute URL with <c>ReturnUrl</c>; the app's own redirects are relative.
    /// </summary>
    public static string? PathOf(HttpResponseMessage response) => response.Headers.Location switch
    {
        null => null,
        { IsAbsoluteUri: true } location => location.AbsolutePath,
        var location => location.OriginalString.Split('?')[0],
    };

    /// <summary>The status JSON (<c>GET /session/status</c>) of this browser's session.</summary>
    public Task<HttpResponseMessage> StatusAsync() => Http.GetAsync("/session/status");

    public sealed record Expiry(string ExpiresAt, string ServerNow);

    public static Task<Expiry?> ReadExpiryAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<Expiry>();

    [GeneratedRegex("""<input type="hidden" name="__RequestVerificationToken" value="([^"]*)">""")]
    private static partial Regex TokenField();
}
