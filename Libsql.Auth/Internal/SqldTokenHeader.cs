using System.Text.Json;

namespace Libsql.Auth.Internal;

/// <summary>
/// Checks a JWT header as sqld's jsonwebtoken 9.3 does (struct <c>Header</c>, then <c>Validation::new(EdDSA)</c>):
/// a JSON object whose <c>alg</c> is EdDSA and whose other registered fields have their declared types.
/// </summary>
internal static class SqldTokenHeader
{
    private static readonly string[] s_stringFields = ["typ", "cty", "jku", "kid", "x5u", "x5t", "x5t#S256"];

    /// <summary>Finds the first reason sqld would reject the header.</summary>
    /// <param name="json">The decoded header bytes.</param>
    /// <returns>Null when the header is acceptable, otherwise a description that never quotes the token.</returns>
    public static string? FindProblem(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return "the header is not valid JSON";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "the header is not a JSON object";
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? alg = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!IsRegistered(property.Name))
                {
                    continue;
                }

                if (!seen.Add(property.Name))
                {
                    return $"the header has \"{property.Name}\" twice";
                }

                if (property.Name == "alg")
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        return "the header's \"alg\" is not a string";
                    }

                    alg = property.Value.GetString();
                }
                else if (TypeProblem(property) is { } problem)
                {
                    return problem;
                }
            }

            return alg switch
            {
                null => "the header has no \"alg\"",
                JwtAlgorithm.EdDsa => null,
                { Length: <= 16 } => $"the header's alg is \"{alg}\"; sqld accepts only EdDSA",
                _ => "the header's alg is not EdDSA, the only one sqld accepts",
            };
        }
    }

    private static bool IsRegistered(string name) => name is "alg" or "jwk" or "x5c" || s_stringFields.Contains(name);

    private static string? TypeProblem(JsonProperty property)
    {
        var kind = property.Value.ValueKind;
        if (kind == JsonValueKind.Null)
        {
            return null;
        }

        return property.Name switch
        {
            "jwk" when kind != JsonValueKind.Object => "the header's \"jwk\" is not an object",
            "x5c" when kind != JsonValueKind.Array || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String) =>
                "the header's \"x5c\" is not an array of strings",
            "jwk" or "x5c" => null,
            _ when kind != JsonValueKind.String => $"the header's \"{property.Name}\" is not a string",
            _ => null,
        };
    }
}
