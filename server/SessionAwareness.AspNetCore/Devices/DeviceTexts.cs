using System.Globalization;
using System.Text;
using SessionAwareness.AspNetCore.Stores;

namespace SessionAwareness.AspNetCore.Devices;

/// <summary>
/// The one cleaning step for the device texts and location of every new session, whichever
/// <see cref="IDeviceDescriber"/> or <see cref="ILocationResolver"/> produced them: they are shown to the user's
/// other sessions (notices, the session list, <c>endedBy</c> on the sign-in page), so nothing invisible or
/// reordering may reach them, and none is longer than the built-in limits.
/// </summary>
internal static class DeviceTexts
{
    /// <summary>Longest location kept.</summary>
    public const int MaxLocationLength = 120;

    // Longer raw texts are junk whatever they contain: dropped without being read through.
    private const int MaxRawLength = 4096;

    /// <summary>
    /// <paramref name="description"/> with each text cleaned (see <see cref="Text"/>) and capped: a text longer than
    /// its cap is dropped, not cut (a cut sentence still says something), the browser becoming "Unknown browser" and
    /// the others empty. A device type not in <see cref="DeviceTypes"/> becomes unknown (empty).
    /// </summary>
    internal static DeviceDescription Clean(DeviceDescription? description)
    {
        if (description is null)
        {
            return new DeviceDescription("", "");
        }

        var browser = Capped(description.Browser, UserAgentSummary.MaxBrowserLength) ?? UserAgentSummary.UnknownBrowser;
        var device = Capped(description.Device, UserAgentSummary.MaxDeviceLength) ?? "";

        // "Chrome 156 on Linux" must fit the sign-in page's endedBy whole: when both texts are that long, the device goes.
        if (browser.Length + " on ".Length + device.Length > SessionTombstone.MaxEndedByLength)
        {
            device = "";
        }

        return new DeviceDescription(browser, device)
        {
            Os = Capped(description.Os, UserAgentSummary.MaxOsLength) ?? "",
            DeviceType = description.DeviceType is DeviceTypes.Desktop or DeviceTypes.Mobile or DeviceTypes.Tablet ? description.DeviceType : DeviceTypes.Unknown,
        };
    }

    /// <summary>The location cleaned like the device texts; empty when there is none or it is over <see cref="MaxLocationLength"/>.</summary>
    internal static string CleanLocation(string? location) => Capped(location, MaxLocationLength) ?? "";

    /// <summary>
    /// <paramref name="value"/> without Unicode format characters (bidi overrides and isolates, zero-width
    /// characters, tags), private-use characters or lone surrogates; controls and line or paragraph separators
    /// become spaces; runs of white space become one space; trimmed.
    /// </summary>
    internal static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = new StringBuilder(value.Length);
        var space = false;
        for (var i = 0; i < value.Length; i++)
        {
            var pair = char.IsSurrogatePair(value, i);
            switch (CharUnicodeInfo.GetUnicodeCategory(value, i))
            {
                case UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate:
                    break;
                case UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                case var _ when char.IsWhiteSpace(value[i]):
                    space = text.Length > 0;
                    break;
                default:
                    if (space)
                    {
                        text.Append(' ');
                        space = false;
                    }

                    text.Append(value, i, pair ? 2 : 1);
                    break;
            }

            i += pair ? 1 : 0;
        }

        return text.ToString();
    }

    // The cleaned text, or null when it is longer than max.
    private static string? Capped(string? value, int max)
    {
        if (value is { Length: > MaxRawLength })
        {
            return null;
        }

        var text = Text(value);
        return text.Length > max ? null : text;
    }
}
