using System.Text.Json;

namespace Libsql.Auth.Internal;

/// <summary>
/// A JWT payload read as sqld reads it: serde's struct <c>Token</c> (<c>id</c>, <c>a</c>, <c>p</c>, <c>exp</c>) and
/// jsonwebtoken 9.3's <c>ClaimsForValidation</c> (<c>exp</c>, <c>nbf</c>, <c>sub</c>, <c>iss</c>, <c>aud</c>). A known
/// field with the wrong shape or given twice is a JSON error there, i.e. "The JWT is invalid"; unknown fields are ignored.
/// </summary>
internal sealed class SqldTokenClaims
{
    // chrono 0.4.42's DateTime range (years -262143 to 262142): sqld's Token rejects an exp outside it.
    private const long MinChronoSeconds = -8_334_601_228_800;
    private const long MaxChronoSeconds = 8_210_266_876_799;

    private static readonly string[] s_tokenFields = ["id", "a", "p", "exp"];
    private static readonly string[] s_validationFields = ["nbf", "sub", "iss", "aud"];
    private static readonly string[] s_scopeNames = ["ro", "rw", "roa", "rwa", "ddl"];

    private SqldTokenClaims(TokenGrant grant, long? expiry, bool hasAudience)
    {
        Grant = grant;
        Expiry = expiry;
        HasAudience = hasAudience;
    }

    /// <summary>What the token grants.</summary>
    public TokenGrant Grant { get; }

    /// <summary>The <c>exp</c> claim in Unix seconds, when present.</summary>
    public long? Expiry { get; }

    /// <summary>Whether <c>aud</c> is a string or an array of strings, which sqld always rejects.</summary>
    public bool HasAudience { get; }

    /// <summary>Reads a decoded payload.</summary>
    /// <param name="json">The payload bytes.</param>
    /// <param name="claims">The claims, when readable.</param>
    /// <param name="problem">Why sqld would call the token invalid, when not readable.</param>
    /// <returns>True when sqld would accept the payload's shape.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, out SqldTokenClaims? claims, out string? problem)
    {
        claims = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            problem = "the payload is not valid JSON";
            return false;
        }

        using (document)
        {
            problem = Read(document.RootElement, out claims);
            return problem is null;
        }
    }

    private static string? Read(JsonElement root, out SqldTokenClaims? claims)
    {
        claims = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the payload is not a JSON object";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? id = null;
        LibsqlAccessLevel? level = null;
        TokenGrant? authorized = null;
        long? expiry = null;
        var hasAudience = false;
        var legacyAttach = false;
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (!s_tokenFields.Contains(name) && !s_validationFields.Contains(name))
            {
                continue;
            }

            if (!seen.Add(name))
            {
                return $"the payload has claim \"{name}\" twice";
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var problem = name switch
            {
                "id" => ReadNamespace(value, out id),
                "a" => ReadLegacyAccess(value, out level, out legacyAttach),
                "p" => ReadPermissions(value, out authorized),
                "exp" => ReadExpiry(value, out expiry),
                "aud" => Audience(value, out hasAudience),
                _ => null, // nbf, sub and iss are parsed leniently by jsonwebtoken and never checked by sqld.
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        claims = new SqldTokenClaims(authorized ?? TokenGrant.Legacy(id, level ?? LibsqlAccessLevel.ReadWrite, legacyAttach), expiry, hasAudience);
        return null;
    }

    private static string? ReadNamespace(JsonElement value, out string? id)
    {
        id = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return string.IsNullOrEmpty(id) ? "claim \"id\" must be a non-empty namespace name" : null;
    }

    private static string? ReadLegacyAccess(JsonElement value, out LibsqlAccessLevel? level, out bool attach)
    {
        attach = value.ValueKind == JsonValueKind.String && value.GetString() == "roa";
        level = value.ValueKind != JsonValueKind.String ? null : value.GetString() switch
        {
            "rw" => LibsqlAccessLevel.ReadWrite,
            "ro" or "roa" => LibsqlAccessLevel.ReadOnly,
            _ => null,
        };
        return level is null ? "claim \"a\" must be \"ro\", \"rw\" or \"roa\"" : null;
    }

    private static string? ReadExpiry(JsonElement value, out long? expiry)
    {
        expiry = null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            return "claim \"exp\" must be an integer number of Unix seconds";
        }

        if (seconds is < MinChronoSeconds or > MaxChronoSeconds)
        {
            return "claim \"exp\" is out of the range of dates sqld can represent";
        }

        expiry = seconds;
        return null;
    }

    private static string? Audience(JsonElement value, out bool hasAudience)
    {
        // jsonwebtoken only counts an aud it can parse (a string or a set of strings); anything else is ignored.
        hasAudience = value.ValueKind == JsonValueKind.String
            || (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String));
        return null;
    }

    private static string? ReadPermissions(JsonElement value, out TokenGrant? grant)
    {
        grant = null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return "claim \"p\" must be an object";
        }

        var writable = new HashSet<string>(StringComparer.Ordinal);
        var readable = new HashSet<string>(StringComparer.Ordinal);
        var attachable = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in value.EnumerateObject())
        {
            if (!s_scopeNames.Contains(scope.Name))
            {
                continue;
            }

            if (!seen.Add(scope.Name))
            {
                return $"claim \"p\" has \"{scope.Name}\" twice";
            }

            var target = scope.Name is "ro" or "roa" ? readable : writable;
            if (ReadScope(scope.Name, scope.Value, target) is { } problem)
            {
                return problem;
            }

            if (scope.Name is "roa" or "rwa")
            {
                ReadScope(scope.Name, scope.Value, attachable);
            }
        }

        grant = TokenGrant.Authorized(writable, readable, attachable);
        return null;
    }

    private static string? ReadScope(string scopeName, JsonElement scope, HashSet<string> target)
    {
        if (scope.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (scope.ValueKind != JsonValueKind.Object)
        {
            return $"claim \"p\".\"{scopeName}\" must be an object like {{\"ns\": [\"default\"]}}";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in scope.EnumerateObject())
        {
            if (field.Name is not ("ns" or "tags"))
            {
                continue;
            }

            if (!seen.Add(field.Name))
            {
                return $"claim \"p\".\"{scopeName}\" has \"{field.Name}\" twice";
            }

            if (field.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var requireNonEmpty = field.Name == "ns";
            if (field.Value.ValueKind != JsonValueKind.Array
                || field.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || (requireNonEmpty && e.GetString()!.Length == 0)))
            {
                return requireNonEmpty
                    ? $"claim \"p\".\"{scopeName}\".\"ns\" must be an array of non-empty namespace names"
                    : $"claim \"p\".\"{scopeName}\".\"tags\" must be an array of strings";
            }

            if (requireNonEmpty)
            {
                target.UnionWith(field.Value.EnumerateArray().Select(e => e.GetString()!));
            }
        }

        return null;
    }
}
