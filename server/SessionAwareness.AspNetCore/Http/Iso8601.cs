using System.Globalization;

namespace SessionAwareness.AspNetCore.Http;

/// <summary>The one date format on the wire: UTC, millisecond precision, e.g. <c>2025-01-31T12:34:56.789Z</c>.</summary>
internal static class Iso8601
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
