using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SessionAwareness.AspNetCore.Tests.Stores;
using StackExchange.Redis;

namespace SessionAwareness.AspNetCore.Tests.Integration;

/// <summary>
/// An intruder with a read-only copy of the store (the SQLite folder, a Redis dump) AND of the Data Protection key
/// ring beside it: with the key ring they can mint a cookie around any value they like. No value found anywhere in the
/// store opens a session, because the store keeps only SHA-256 of each cookie key. A control proves the forging is
/// real: the same forger, given the victim's actual key, does open the session.
/// </summary>
[Collection(RedisServerFixture.CollectionName)]
public class StoreCopyAttackTests(RedisServerFixture redis)
{
    private const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    [Fact]
    public async Task A_copy_of_the_sqlite_folder_and_its_key_ring_yields_no_cookie_that_opens_a_session()
    {
        var folder = Directory.CreateTempSubdirectory("session-awareness-copy-");
        var stolen = Directory.CreateTempSubdirectory("session-awareness-stolen-");
        try
        {
            await using var app = await TestApp.StartAsync(store: b => b.UseSqlite(Path.Combine(folder.FullName, "sessions.db")));
            var (victim, victimKey) = await SignInVictimsAsync(app);

            // The copy: every file of the folder, the database with its WAL, and the key ring.
            CopyFolder(folder, stolen);
            var values = new HashSet<string>(StringComparer.Ordinal);
            var copy = Path.Combine(stolen.FullName, "sessions.db");
            await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                await connection.OpenAsync();
                foreach (var table in await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'"))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT * FROM \"{table}\"";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            AddValue(values, reader.IsDBNull(i) ? null : reader.GetValue(i));
                        }
                    }
                }
            }

            Assert.DoesNotContain(victimKey, values);
            await AssertNoValueOpensASessionAsync(app, ForgerFromKeyRing(app, Path.Combine(stolen.FullName, "keys")), victim, victimKey, values);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
            stolen.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_dump_of_redis_with_its_key_ring_yields_no_cookie_that_opens_a_session()
    {
        var prefix = "copy-" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var app = await TestApp.StartAsync(store: b => b.AddRedis(o => { o.Configuration = redis.ConnectionString; o.KeyPrefix = prefix; }));
        var (victim, victimKey) = await SignInVictimsAsync(app);

        // The dump: every key name under the prefix and every value, field and member in it.
        var values = new HashSet<string>(StringComparer.Ordinal);
        var database = redis.Multiplexer.GetDatabase();
        var server = redis.Multiplexer.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: "*" + prefix + "*"))
        {
            AddValue(values, key.ToString());
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.String:
                    AddValue(values, (byte[]?)await database.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    foreach (var entry in await database.HashGetAllAsync(key))
                    {
                        AddValue(values, entry.Name.ToString());
                        AddValue(values, (byte[]?)entry.Value);
                    }

                    break;
                case RedisType.Set:
                    foreach (var member in await database.SetMembersAsync(key))
                    {
                        AddValue(values, member.ToString());
                    }

                    break;
                case RedisType.SortedSet:
                    foreach (var member in await database.SortedSetRangeByRankAsync(key))
                    {
                        AddValue(values, member.ToString());
                    }

                    break;
                case RedisType.List:
                    foreach (var member in await database.ListRangeAsync(key))
                    {
                        AddValue(values, member.ToString());
                    }

                    break;
            }
        }

        Assert.DoesNotContain(victimKey, values);

        // The key ring is in the same Redis: the app's own protectors are exactly what the dump gives.
        var forger = app.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        await AssertNoValueOpensASessionAsync(app, forger, victim, victimKey, values);
    }

    // Two users, three sessions; the victim's cookie key is read back from its own cookie (only the test knows it).
    private static async Task<(Browser Victim, string VictimKey)> SignInVictimsAsync(TestApp app)
    {
        var victim = app.NewBrowser();
        await victim.SignInAsync("alice");
        await app.NewBrowser("Other/1.0").SignInAsync("alice");
        await app.NewBrowser("Bob/1.0").SignInAsync("bob");
        var format = app.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        var key = format.Unprotect(victim.AuthCookie)!.Principal.FindFirst(SessionIdClaim)!.Value;
        return (victim, key);
    }

    private static async Task AssertNoValueOpensASessionAsync(TestApp app, ISecureDataFormat<AuthenticationTicket> forger, Browser victim, string victimKey, IEnumerable<string> values)
    {
        // The control: the forger is real. Around the victim's actual key, its cookie opens the session.
        Assert.Equal(HttpStatusCode.OK, await OpenWithAsync(app, Forge(forger, victimKey)));
        Assert.Equal(HttpStatusCode.OK, (await victim.Http.GetAsync("/test/me")).StatusCode);

        var tried = 0;
        foreach (var value in values.Where(v => v.Length is > 0 and <= 128))
        {
            Assert.NotEqual(HttpStatusCode.OK, await OpenWithAsync(app, Forge(forger, value)));
            tried++;
        }

        Assert.True(tried >= 9, $"only {tried} values were tried: the copy was not read");
    }

    private static string Forge(ISecureDataFormat<AuthenticationTicket> format, string key) =>
        format.Protect(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionIdClaim, key)], CookieAuthenticationDefaults.AuthenticationScheme)),
            null,
            CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task<HttpStatusCode> OpenWithAsync(TestApp app, string cookie)
    {
        using var client = new HttpClient(app.Server.CreateHandler()) { BaseAddress = app.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/me") { Headers = { { "Cookie", ".AspNetCore.Cookies=" + cookie } } };
        return (await client.SendAsync(request)).StatusCode;
    }

    // A cookie forger made only from the copied key-ring files, for the app's application name.
    private static TicketDataFormat ForgerFromKeyRing(TestApp app, string keys)
    {
        var name = app.App.Services.GetRequiredService<IApplicationDiscriminator>().Discriminator!;
        var provider = DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName(name));
        return new TicketDataFormat(provider.CreateProtector(
            "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", CookieAuthenticationDefaults.AuthenticationScheme, "v2"));
    }

    // Every value as text, and blobs also as base64url and as UTF-8 (whichever way a key might have been kept).
    private static void AddValue(HashSet<string> values, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case byte[] bytes:
                values.Add(Base64Url.EncodeToString(bytes));
                values.Add(Encoding.UTF8.GetString(bytes));
                return;
            default:
                values.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                return;
        }
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void CopyFolder(DirectoryInfo from, DirectoryInfo to)
    {
        foreach (var file in from.GetFiles("*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to.FullName, Path.GetRelativePath(from.FullName, file.FullName));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = File.Create(target);
            source.CopyTo(copy);
        }
    }
}
