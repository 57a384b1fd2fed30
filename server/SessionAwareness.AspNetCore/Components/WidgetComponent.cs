using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SessionAwareness.AspNetCore.Widget;

namespace SessionAwareness.AspNetCore.Components;

/// <summary>
/// The common part of the package's Razor components: renders the element with the attributes the server knows
/// (an attribute the page sets itself wins) and, after it, the page's one <c>&lt;script&gt;</c> for its drop-in file.
/// They render in static server rendering (e.g. in <c>App.razor</c> or a layout): there is the request; an
/// interactive render has none and renders nothing (a script a component adds interactively would not run anyway).
/// </summary>
public abstract class WidgetComponent : ComponentBase
{
    private protected WidgetComponent()
    {
    }

    /// <summary>The request being rendered (static server rendering), or <c>null</c> in an interactive render.</summary>
    [CascadingParameter]
    private protected HttpContext? HttpContext { get; set; }

    /// <summary>Other attributes of the element (<c>logout-url</c>, <c>autosave-forms</c>, <c>theme</c>, …); they win over the computed ones.</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    [Inject]
    private IOptions<SessionAwarenessOptions> OptionsAccessor { get; set; } = default!;

    private protected SessionAwarenessOptions Options => OptionsAccessor.Value;

    /// <summary>Writes the element <paramref name="name"/>, its content, and the script once per page.</summary>
    private protected void Render(
        RenderTreeBuilder builder,
        HttpContext context,
        string name,
        IEnumerable<KeyValuePair<string, string>> attributes,
        WidgetScript script,
        RenderFragment? content = null)
    {
        builder.OpenElement(0, name);
        builder.AddMultipleAttributes(1, attributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
        // Added last, so the page's own value of an attribute wins.
        builder.AddMultipleAttributes(2, AdditionalAttributes!);
        builder.AddContent(3, content);
        builder.CloseElement();

        if (WidgetMarkup.ScriptAttributes(context, Options, script) is { } scriptAttributes)
        {
            builder.OpenElement(4, "script");
            builder.AddMultipleAttributes(5, scriptAttributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
            builder.CloseElement();
        }
    }
}

/// <summary>
/// <c>&lt;SessionAwarenessWidget /&gt;</c>: renders <c>&lt;session-awareness&gt;</c> for a signed-in request, with the hub,
/// keep-alive and status URLs, the warning and keep-alive timings from <see cref="SessionAwarenessOptions"/>,
/// <c>lang</c> from the request culture, and its script (Subresource Integrity, the CSP nonce of
/// <see cref="SessionAwarenessOptions.ScriptNonce"/>). Renders nothing at all for an anonymous request.
/// </summary>
public sealed class SessionAwarenessWidget : WidgetComponent
{
    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (HttpContext is { } context && WidgetMarkup.IsSignedIn(context))
        {
            Render(builder, context, "session-awareness", WidgetMarkup.SessionAwarenessAttributes(context, Options), WidgetScript.Main);
        }
    }
}

/// <summary>
/// <c>&lt;SessionList /&gt;</c>: renders <c>&lt;session-list&gt;</c>, the user's live sessions, on the same hub as
/// <c>&lt;session-awareness&gt;</c>, with its script once per page. Renders nothing at all for an anonymous request.
/// </summary>
public sealed class SessionList : WidgetComponent
{
    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (HttpContext is { } context && WidgetMarkup.IsSignedIn(context))
        {
            Render(builder, context, "session-list", WidgetMarkup.SessionListAttributes(context, Options), WidgetScript.Main);
        }
    }
}

/// <summary>
/// <c>&lt;SessionSignedOutReason /&gt;</c>, for the sign-in page: renders <c>&lt;session-signed-out-reason&gt;</c> with the
/// sentence for the URL's <c>signedOutReason</c> inside it as text (read even when the script is blocked), else
/// <see cref="ChildContent"/>, and its script. Renders nothing for a signed-in request, so it may sit in a layout
/// the sign-in page shares.
/// </summary>
public sealed class SessionSignedOutReason : WidgetComponent
{
    /// <summary>What the element shows when the URL carries no reason and the widget recorded none.</summary>
    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (HttpContext is not { } context || WidgetMarkup.IsSignedIn(context))
        {
            return;
        }

        var sentence = WidgetMarkup.SignedOutSentence(context, Options);
        RenderFragment? content = sentence is null ? ChildContent : status =>
        {
            status.OpenElement(0, "p");
            status.AddAttribute(1, "role", "status");
            status.AddContent(2, sentence); // text, encoded
            status.CloseElement();
        };
        Render(builder, context, "session-signed-out-reason", WidgetMarkup.SignedOutReasonAttributes(Options), WidgetScript.SignedOutReason, content);
    }
}
