namespace Libsql.Auth.Internal;

/// <summary>One PEM block: its label (e.g. "PUBLIC KEY") and the DER bytes it carries.</summary>
/// <param name="Label">The text after "-----BEGIN ".</param>
/// <param name="Der">The decoded body.</param>
internal readonly record struct PemBlock(string Label, byte[] Der);
