using System.Buffers.Text;

namespace Libsql.Auth.Internal;

/// <summary>
/// Strict URL-safe base64 without padding, as sqld decodes keys and token segments (the Rust base64
/// engine URL_SAFE_NO_PAD: no padding, no whitespace, canonical trailing bits). The BCL decoders are
/// more lenient, so text is checked here first.
/// </summary>
internal static class Base64UrlText
{
    /// <summary>Finds the first reason <paramref name="text"/> is not strict base64url.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns>Null when it is strict base64url, otherwise a fix-it description that never quotes the text.</returns>
    public static string? FindProblem(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                var what = c is '\n' or '\r' ? "a line break" : "whitespace";
                var hint = i == text.Length - 1 && c == '\n' ? " (a trailing newline, as a file written with echo has)" : "";
                return $"contains {what} at position {i}{hint}; sqld trims nothing, so remove it";
            }

            if (c == '=')
            {
                return "contains '=' padding; sqld expects base64url without padding, so remove the '=' characters";
            }

            if (c is '+' or '/')
            {
                return "uses standard base64 ('+' or '/'); sqld expects URL-safe base64: replace '+' with '-' and '/' with '_'";
            }

            if (!IsBase64UrlChar(c))
            {
                return $"contains a character that is not base64url at position {i}";
            }
        }

        return (text.Length % 4) switch
        {
            1 => $"has {text.Length} characters, a length no base64 text can have",
            2 when (Value(text[^1]) & 0x0F) != 0 => "is not canonical base64url: the last character carries bits past the end",
            3 when (Value(text[^1]) & 0x03) != 0 => "is not canonical base64url: the last character carries bits past the end",
            _ => null,
        };
    }

    /// <summary>Decodes strict base64url.</summary>
    /// <param name="text">The text to decode.</param>
    /// <param name="bytes">The decoded bytes, or empty when the text is not strict base64url.</param>
    /// <returns>True when the text was strict base64url.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        if (FindProblem(text) is not null)
        {
            bytes = [];
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    /// <summary>Encodes bytes as base64url without padding.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <returns>The encoded text.</returns>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
