using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionAwareness.AspNetCore.Stores;

/// <summary>How a cookie's session key becomes what stores keep.</summary>
public static class SessionKeys
{
    /// <summary>
    /// SHA-256 of the cookie key, base64url: the id sessions and tombstones are kept under. The key is a bearer
    /// credential; a copy of the store must not hand out keys, or let anyone look one up without already holding it.
    /// (The key is 256 random bits: no salt or slow hash is needed against guessing.)
    /// </summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
