using System.Net;
using System.Net.Sockets;
using System.Text;

// Shared by the test projects and the bench (linked into each).
namespace SessionAwareness.Testing;

/// <summary>Whether a redis-server on a loopback port is up.</summary>
internal static class RedisProbe
{
    /// <summary>
    /// Sends a raw PING and expects <c>+PONG</c>: readiness that does not depend on a client library's
    /// reconnect timing. Any failure within <paramref name="timeout"/> is "not yet".
    /// </summary>
    public static async Task<bool> AnswersPingAsync(int port, TimeSpan timeout)
    {
        try
        {
            using var client = new TcpClient();
            using var cancel = new CancellationTokenSource(timeout);
            await client.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancel.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancel.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
