using System.Net;
using System.Text.Json;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>sqld refused a dashboard command's request; the message is sqld's own text (never a token).</summary>
internal sealed class LibsqlHranaException(string message) : InvalidOperationException(message)
{
    /// <summary>The status and sqld's error text, e.g. <c>403 Forbidden: Authorization forbidden: ...</c>.</summary>
    public static LibsqlHranaException FromResponse(HttpStatusCode status, string body)
    {
        // sqld answers errors as {"error": "<text>"}; show the text, or the body as it came when it is something else.
        var text = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                text = error.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body as it came is the best description there is.
        }

        return new LibsqlHranaException($"sqld answered {(int)status} {status}{(string.IsNullOrWhiteSpace(text) ? "" : $": {text.Trim()}")}");
    }
}
