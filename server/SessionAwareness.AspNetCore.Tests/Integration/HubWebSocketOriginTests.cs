using System.Net.WebSockets;
using System.Text;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// The hub's origin check on a WebSocket opened straight to the hub path, as SignalR's <c>skipNegotiation</c> does:
/// no <c>/negotiate</c> request comes first, so a check on negotiate alone would let another site's page in.
/// </summary>
public class HubWebSocketOriginTests
{
    // SignalR's JSON handshake, and the record separator that ends every message.
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    [Fact]
    public async Task A_cross_site_websocket_that_skips_negotiate_is_refused_and_a_same_site_one_is_joined()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => OpenAsync(app, alice, "http://evil.example"));
        using var accepted = await OpenAsync(app, alice, "http://localhost");
        var firstMessages = await HandshakeAsync(accepted);

        // TestServer reports the refused upgrade with its status code.
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("{}\u001e", firstMessages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("https://localhost")]
    [InlineData("http://localhost.evil.example")]
    public async Task Other_origins_are_refused_on_the_hub_path_too(string origin)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => OpenAsync(app, alice, origin));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_origin_may_open_the_hub_path_directly()
    {
        await using var app = await TestApp.StartAsync(options: o => o.AllowedOrigins = ["https://app.example.com"]);
        var alice = app.NewBrowser();
        await alice.SignInAsync("alice");

        using var socket = await OpenAsync(app, alice, "https://app.example.com");

        Assert.StartsWith("{}\u001e", await HandshakeAsync(socket), StringComparison.Ordinal);
    }

    // The upgrade GET a browser sends for new WebSocket(".../hubs/session"): the signed-in cookie and an Origin.
    private static Task<WebSocket> OpenAsync(TestApp app, Browser browser, string origin)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers["Cookie"] = browser.Cookies.GetCookieHeader(app.Server.BaseAddress);
            request.Headers["User-Agent"] = browser.UserAgent;
            request.Headers["Origin"] = origin;
        };
        var uri = new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/session" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return client.ConnectAsync(uri, timeout.Token);
    }

    // Sends SignalR's handshake and returns the first frame back: "{}" then the record separator when the hub took it.
    private static async Task<string> HandshakeAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.UTF8.GetBytes(Handshake), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
