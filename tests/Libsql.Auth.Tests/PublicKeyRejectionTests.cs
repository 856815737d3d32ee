using System.Security.Cryptography;

namespace Libsql.Auth.Tests;

public sealed class PublicKeyRejectionTests
{
    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();
    private static readonly string s_raw = s_key.PublicKey.ToBase64Url();

    [Fact]
    public void Trailing_newline_is_rejected_because_sqld_trims_nothing()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(s_raw + "\n"));

        Assert.Contains("line break at position 43", error.Message, StringComparison.Ordinal);
        Assert.Contains("trailing newline", error.Message, StringComparison.Ordinal);
        Assert.Contains("trims nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_whitespace_is_rejected()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(s_raw[..10] + " " + s_raw[10..]));

        Assert.Contains("whitespace at position 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_base64_is_rejected_with_the_fix()
    {
        var standard = Convert.ToBase64String(s_key.PublicKey.RawBytes.Span).TrimEnd('=');
        var withPlus = standard.Contains('+') || standard.Contains('/') ? standard : "+" + standard[1..];

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(withPlus));

        Assert.Contains("standard base64", error.Message, StringComparison.Ordinal);
        Assert.Contains("replace '+' with '-' and '/' with '_'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_is_rejected_with_the_fix()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(s_raw + "="));

        Assert.Contains("'=' padding", error.Message, StringComparison.Ordinal);
        Assert.Contains("remove the '='", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Wrong_length_is_rejected_with_the_length(int length)
    {
        var text = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(length));

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(text));

        Assert.Contains($"decodes to {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("32 bytes, i.e. 43 base64url characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_canonical_trailing_bits_are_rejected_like_rusts_base64()
    {
        // 43 characters carry 258 bits; the last character's two low bits must be zero.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var tweaked = s_raw[..^1] + Alphabet[Alphabet.IndexOf(s_raw[^1], StringComparison.Ordinal) | 1];

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(tweaked));

        Assert.Contains("not canonical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_pem_is_rejected_with_sqlds_text()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(s_key.ExportPem()));

        Assert.StartsWith("Received a private key, but a public key is expected", error.Message, StringComparison.Ordinal);
        AssertNoPrivateKey(error.Message);
    }

    [Fact]
    public void Private_key_among_public_keys_is_rejected()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.ParseMany(s_key.PublicKey.ToPem() + s_key.ExportPem()));

        Assert.StartsWith("Received a private key, but a public key is expected", error.Message, StringComparison.Ordinal);
        AssertNoPrivateKey(error.Message);
    }

    [Fact]
    public void Other_private_key_labels_are_rejected_as_private_keys()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(pem));

        Assert.StartsWith("Key is in unsupported PEM format", error.Message, StringComparison.Ordinal);
        Assert.Contains("'RSA PRIVATE KEY' block is a private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_public_key_is_rejected_by_name()
    {
        using var rsa = RSA.Create(2048);

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(rsa.ExportSubjectPublicKeyInfoPem()));

        Assert.StartsWith("Could not decode Ed25519 public key from PEM", error.Message, StringComparison.Ordinal);
        Assert.Contains("RSA key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ec_public_key_is_rejected_by_name()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(ecdsa.ExportSubjectPublicKeyInfoPem()));

        Assert.Contains("EC (ECDSA) key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_pem_labels_are_rejected_with_sqlds_text()
    {
        var pem = PemEncoding.WriteString("CERTIFICATE", RandomNumberGenerator.GetBytes(40));

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(pem));

        Assert.StartsWith("Key is in unsupported PEM format", error.Message, StringComparison.Ordinal);
        Assert.Contains("'CERTIFICATE'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_before_pem_is_rejected_because_sqld_needs_begin_at_the_first_character()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse("\n" + s_key.PublicKey.ToPem()));

        Assert.Contains("whitespace before -----BEGIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_pem_is_rejected()
    {
        var pem = s_key.PublicKey.ToPem().Replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----", StringComparison.Ordinal);

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(pem));

        Assert.Contains("malformed PEM block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_block_before_a_good_one_is_rejected_like_pem_parse_many_does()
    {
        var broken = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END OTHER-----\n";

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.ParseMany(broken + s_key.PublicKey.ToPem()));

        Assert.Contains("malformed PEM block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_blocks_are_too_many_for_parse()
    {
        using var other = LibsqlSigningKey.Generate();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(s_key.PublicKey.ToPem() + other.PublicKey.ToPem()));

        Assert.Contains("ParseMany", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_is_rejected()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.Parse(""));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_bytes_of_the_wrong_length_are_rejected()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlPublicKey.FromRawBytes(new byte[31]));

        Assert.Contains("32 bytes, not 31", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNoPrivateKey(string message)
    {
        Assert.DoesNotContain(s_key.ExportBase64Url(), message, StringComparison.Ordinal);
        foreach (var line in s_key.ExportPem().Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, message, StringComparison.Ordinal);
        }
    }
}
