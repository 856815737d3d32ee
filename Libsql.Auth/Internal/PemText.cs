using System.Security.Cryptography;

namespace Libsql.Auth.Internal;

/// <summary>PEM reading and writing with sqld's rules for key text (libsql <c>auth/parsers.rs</c>).</summary>
internal static class PemText
{
    private const string BeginMarker = "-----BEGIN";

    /// <summary>
    /// True when sqld would read <paramref name="text"/> as PEM: it must start with "-----BEGIN" at the very
    /// first character (sqld trims nothing, so leading whitespace turns it into a failed base64 key).
    /// </summary>
    /// <param name="text">The key text.</param>
    /// <returns>Whether the text is to be parsed as PEM.</returns>
    public static bool IsPem(string text) => text.StartsWith(BeginMarker, StringComparison.Ordinal);

    /// <summary>True when the text is PEM preceded by whitespace, so that a message can point at it.</summary>
    /// <param name="text">The key text.</param>
    /// <returns>Whether trimming the start would make it PEM.</returns>
    public static bool IsPemAfterWhitespace(string text) =>
        text.Length > 0 && char.IsWhiteSpace(text[0]) && IsPem(text.TrimStart());

    /// <summary>Reads every PEM block in <paramref name="text"/>, in order; text between blocks is skipped.</summary>
    /// <param name="text">Text that starts with "-----BEGIN".</param>
    /// <param name="what">What the text should hold, for the error message ("public key").</param>
    /// <returns>The blocks; never empty.</returns>
    /// <exception cref="LibsqlKeyFormatException">No well-formed PEM block was found.</exception>
    public static IReadOnlyList<PemBlock> ReadAll(string text, string what)
    {
        var blocks = new List<PemBlock>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            blocks.Add(new PemBlock(label, der));
            rest = rest[fields.Location.End..];
        }

        // pem::parse_many fails on any malformed block, where PemEncoding.TryFind would skip it.
        if (blocks.Count == 0 || blocks.Count != CountOccurrences(text, "-----BEGIN "))
        {
            throw new LibsqlKeyFormatException(
                $"The {what} starts like PEM but holds a malformed PEM block: check that each -----BEGIN line has a " +
                "matching -----END line with the same label and that the base64 body between them is intact.");
        }

        return blocks;
    }

    /// <summary>Writes one PEM block with '\n' line endings and a final newline, as OpenSSL does.</summary>
    /// <param name="label">The label, e.g. "PUBLIC KEY".</param>
    /// <param name="der">The DER bytes.</param>
    /// <returns>The PEM text.</returns>
    public static string Write(string label, ReadOnlySpan<byte> der) =>
        string.Concat(PemEncoding.Write(label, der), "\n");

    private static int CountOccurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
