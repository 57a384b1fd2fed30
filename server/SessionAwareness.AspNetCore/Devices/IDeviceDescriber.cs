using Microsoft.AspNetCore.Http;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// A session's device, as shown to the user's other sessions. The built-in describer uses only names from fixed
/// lists and version digits; whatever a describer returns is cleaned before a session keeps it (format and control
/// characters stripped, a text over its length limit dropped).
/// </summary>
/// <param name="Browser">Browser and major version, e.g. "Chrome 156", or "Unknown browser".</param>
/// <param name="Device">A short friendly device name, e.g. "Linux", "iPhone", "Android phone"; empty when unknown.</param>
public sealed record DeviceDescription(string Browser, string Device)
{
    /// <summary>Operating system with a major version where one is known, e.g. "Windows", "macOS", "iOS 17", "Android 14"; else empty.</summary>
    public string Os { get; init; } = "";

    /// <summary>One of <see cref="DeviceTypes"/>: "desktop", "mobile", "tablet", or empty when unknown.</summary>
    public string DeviceType { get; init; } = "";
}

/// <summary>The values of <see cref="DeviceDescription.DeviceType"/> (and of the hub's <c>deviceType</c>).</summary>
public static class DeviceTypes
{
    /// <summary>A desktop or laptop computer (Windows, macOS, Linux, ChromeOS).</summary>
    public const string Desktop = "desktop";

    /// <summary>A phone.</summary>
    public const string Mobile = "mobile";

    /// <summary>A tablet.</summary>
    public const string Tablet = "tablet";

    /// <summary>Unknown.</summary>
    public const string Unknown = "";
}

/// <summary>
/// Describes the device a sign-in comes from. Replace it to use a User-Agent database. Request headers are
/// attacker-controlled: return names from your own lists, never text copied from a header, since other sessions
/// show it to the user as it is (only stripped of invisible characters and capped).
/// </summary>
public interface IDeviceDescriber
{
    /// <summary>Describes the device of <paramref name="request"/>, the sign-in request.</summary>
    DeviceDescription Describe(HttpRequest request);
}

/// <summary>Finds an approximate location for a sign-in (e.g. from a GeoIP database). The default finds none.</summary>
public interface ILocationResolver
{
    /// <summary>A short place name ("Berlin, Germany"), or <c>null</c>. Stripped of invisible characters; one over 120 characters is dropped.</summary>
    ValueTask<string?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>The default <see cref="ILocationResolver"/>: no location.</summary>
public sealed class NoLocationResolver : ILocationResolver
{
    /// <inheritdoc />
    public ValueTask<string?> ResolveAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
