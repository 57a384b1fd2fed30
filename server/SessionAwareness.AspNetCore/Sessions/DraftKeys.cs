using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Sessions;

/// <summary>
/// The per-user key the widget encrypts drafts with (AES-GCM in the browser). Only a live session of that user is
/// sent it (on every hub connect), so a device's saved drafts reveal nothing by themselves, and another user of the
/// same browser can never restore them.
/// </summary>
/// <remarks>
/// Each key is HMAC-SHA256 of the user id under one server secret. The secret is drawn once, kept in the session store
/// protected with Data Protection (so a copy of the store alone does not yield it), and shared by every instance.
/// </remarks>
internal sealed partial class DraftKeys(IUserSessionStore store, IDataProtectionProvider dataProtection, ILogger<DraftKeys> logger) : IDisposable
{
    private const string SecretName = "draft-keys.v1";
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("session-awareness drafts v1\n");

    private readonly IDataProtector _protector = dataProtection.CreateProtector("SessionAwareness.AspNetCore.DraftKeys.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _secret;

    /// <summary>The user's draft key (32 bytes, base64url), or <c>null</c> when it cannot be had now (store down, key ring changed).</summary>
    public async Task<string?> ForUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (await SecretAsync(cancellationToken) is not { } secret)
        {
            return null;
        }

        var input = new byte[Label.Length + Encoding.UTF8.GetByteCount(userId)];
        Label.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(userId, input.AsSpan(Label.Length));
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, input));
    }

    private async Task<byte[]?> SecretAsync(CancellationToken cancellationToken)
    {
        if (_secret is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_secret is null)
            {
                var candidate = _protector.Protect(RandomNumberGenerator.GetBytes(32));
                var stored = await store.GetOrAddSecretAsync(SecretName, candidate, cancellationToken);
                _secret = _protector.Unprotect(stored);
            }

            return _secret;
        }
        catch (Exception error) when (error is SessionStoreUnavailableException or CryptographicException)
        {
            // Drafts are then not saved on this connect; nothing else depends on the key.
            LogUnavailable(logger, error);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 40, EventName = "DraftKeyUnavailable", Level = LogLevel.Warning, Message = "The draft-encryption secret could not be read (store unavailable, or Data Protection keys changed); drafts are not saved until it can")]
    private static partial void LogUnavailable(ILogger logger, Exception error);
}
