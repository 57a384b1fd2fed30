using Microsoft.AspNetCore.Http;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>A session's device, as shown to the user's other sessions. Plain text from request headers: attacker-controlled.</summary>
/// <param name="Browser">Browser and major version, e.g. "Chrome 156".</param>
/// <param name="Device">Platform or device, e.g. "Linux", "Android phone".</param>
public sealed record DeviceDescription(string Browser, string Device);

/// <summary>Describes the device a sign-in comes from. Replace it to use a User-Agent database.</summary>
public interface IDeviceDescriber
{
    /// <summary>Describes the device of <paramref name="request"/>, the sign-in request.</summary>
    DeviceDescription Describe(HttpRequest request);
}

/// <summary>Finds an approximate location for a sign-in (e.g. from a GeoIP database). The default finds none.</summary>
public interface ILocationResolver
{
    /// <summary>A short place name ("Berlin, Germany"), or <c>null</c>.</summary>
    ValueTask<string?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>The default <see cref="ILocationResolver"/>: no location.</summary>
public sealed class NoLocationResolver : ILocationResolver
{
    /// <inheritdoc />
    public ValueTask<string?> ResolveAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
