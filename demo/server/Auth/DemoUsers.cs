using System.Security.Cryptography;
using System.Text;

namespace SessionAwareness.Demo.Auth;

/// <summary>
/// The demo's two hard-coded users, alice and bob, password "demo". This is a demo only: a real
/// application keeps users in a store and hashes passwords with a slow, salted hash
/// (e.g. ASP.NET Core Identity's PasswordHasher), plus rate limiting on sign-in.
/// </summary>
public sealed class DemoUsers
{
    private const int MaxInputLength = 256;

    private static readonly Dictionary<string, byte[]> PasswordDigests = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alice"] = Digest("demo"),
        ["bob"] = Digest("demo"),
    };

    // Compared against when the user name is unknown, so both paths do the same work.
    private static readonly byte[] DummyDigest = Digest("\0 no such user \0");

    /// <summary>Checks the credentials; on success <paramref name="userName"/> is the canonical (lower-case) name.</summary>
    public bool TryValidate(string? name, string? password, out string userName)
    {
        userName = string.Empty;
        name = name?.Trim() ?? string.Empty;
        password ??= string.Empty;
        if (name.Length > MaxInputLength || password.Length > MaxInputLength)
        {
            return false;
        }

        var known = PasswordDigests.TryGetValue(name, out var expected);

        // Constant-time comparison of fixed-length digests: neither the password's length nor how
        // many leading characters are right shows in the response time.
        var matches = CryptographicOperations.FixedTimeEquals(Digest(password), expected ?? DummyDigest);
        if (!known || !matches)
        {
            return false;
        }

        userName = name.ToLowerInvariant();
        return true;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
