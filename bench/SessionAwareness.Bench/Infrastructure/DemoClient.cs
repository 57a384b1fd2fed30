using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace SessionAwareness.Bench.Infrastructure;

/// <summary>The outcome of one sign-in: its cookies (a fresh jar), and when its POST was sent (Stopwatch ticks).</summary>
internal sealed record SignIn(bool Succeeded, IReadOnlyDictionary<string, string> Cookies, long PostSentAt, long PostDoneAt, string? Error);

/// <summary>
/// Signs in to the demo as a browser does: GET /login (antiforgery cookie and form token), then POST /login
/// with username, password and the token. Every sign-in has its own cookie jar; the HTTP connections are shared.
/// </summary>
internal sealed partial class SignInClient : IDisposable
{
    public const string Password = "demo";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 256,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    // Tagged sign-ins show as "Chrome <TagBase + n>": far above any real version.
    private const int TagBase = 10_000; // the library reads at most five digits of a version

    /// <summary>
    /// The User-Agent of a sign-in. The library shows only what it recognises of a User-Agent (a browser name and
    /// its major version), so a number <paramref name="tag"/> travels as the version: each
    /// <c>sessionRegistered</c> then names the sign-in it is about (<see cref="TryReadTag"/>). Untagged: a User-Agent
    /// no browser pattern matches ("Unknown browser").
    /// </summary>
    public static string UserAgent(int? tag) => tag is { } n
        ? $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{TagBase + n}.0.0.0 Safari/537.36"
        : "SessionAwarenessBench/1.0";

    /// <summary>The tag of a sign-in made with <see cref="UserAgent"/>, read from a session's browser text.</summary>
    public static bool TryReadTag(string? browser, out int tag)
    {
        tag = -1;
        return browser is not null && browser.StartsWith("Chrome ", StringComparison.Ordinal)
            && int.TryParse(browser.AsSpan("Chrome ".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            && (tag = version - TagBase) >= 0;
    }

    public async Task<SignIn> SignInAsync(Uri server, string user, int? tag, CancellationToken cancellationToken)
    {
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);
        var userAgent = UserAgent(tag);
        try
        {
            string page;
            using (var get = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/login")))
            {
                get.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                using var response = await _http.SendAsync(get, cancellationToken);
                Collect(response, jar);
                page = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return new SignIn(false, jar, 0, 0, $"GET /login answered {(int)response.StatusCode}");
                }
            }

            var field = HiddenField().Match(page);
            if (!field.Success)
            {
                return new SignIn(false, jar, 0, 0, "no antiforgery field on /login");
            }

            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/login"))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("username", user),
                    new("password", Password),
                    new(WebUtility.HtmlDecode(field.Groups["name"].Value), WebUtility.HtmlDecode(field.Groups["value"].Value)),
                ]),
            };
            post.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            post.Headers.TryAddWithoutValidation("Cookie", CookieHeader(jar));
            var sentAt = Stopwatch.GetTimestamp();
            using var answer = await _http.SendAsync(post, cancellationToken);
            var doneAt = Stopwatch.GetTimestamp();
            Collect(answer, jar);
            var signedIn = answer.StatusCode == HttpStatusCode.Redirect && jar.ContainsKey("sa_session");
            return new SignIn(signedIn, jar, sentAt, doneAt, signedIn ? null : $"POST /login answered {(int)answer.StatusCode}");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return new SignIn(false, jar, 0, 0, error.GetType().Name + ": " + error.Message);
        }
    }

    /// <summary>
    /// A hub connection (WebSockets) with the sign-in's cookies. It negotiates as the widget does; the
    /// negotiate request asks for <c>Connection: close</c>, so the only socket each hub connection keeps
    /// open is its WebSocket (otherwise 1,000 idle keep-alive sockets would be counted as hub memory).
    /// </summary>
    public static HubConnection Hub(Uri server, IReadOnlyDictionary<string, string> cookies)
    {
        var jar = new CookieContainer();
        foreach (var (name, value) in cookies)
        {
            jar.Add(server, new Cookie(name, value));
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/session"), HttpTransportType.WebSockets, options =>
            {
                options.Cookies = jar;
                options.HttpMessageHandlerFactory = inner => new CloseNegotiate { InnerHandler = inner };
            })
            .Build();

        // Generous: on 2 cores under load the server's pings can be late, and a dropped connection would
        // show up as missing receipts rather than as what it is.
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        return connection;
    }

    public void Dispose() => _http.Dispose();

    private static void Collect(HttpResponseMessage response, Dictionary<string, string> jar)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = pair[..equals].Trim();
            var cookie = pair[(equals + 1)..].Trim();
            if (cookie.Length == 0 || value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                jar.Remove(name);
            }
            else
            {
                jar[name] = cookie;
            }
        }
    }

    private static string CookieHeader(Dictionary<string, string> jar) => string.Join("; ", jar.Select(pair => $"{pair.Key}={pair.Value}"));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenField();

    private sealed class CloseNegotiate : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal) == true)
            {
                request.Headers.ConnectionClose = true;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary><c>details</c> of <c>sessionRegistered</c> (the JSON protocol binds camelCase names).</summary>
internal sealed record SessionDetails(string? CreatedAt, string? Browser, string? Device, string? Location);
