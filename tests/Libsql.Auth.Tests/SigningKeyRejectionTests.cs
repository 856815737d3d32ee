using System.Security.Cryptography;

namespace Libsql.Auth.Tests;

public sealed class SigningKeyRejectionTests
{
    [Fact]
    public void Public_key_given_as_private_key_is_rejected()
    {
        using var key = LibsqlSigningKey.Generate();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(key.PublicKey.ToPem()));

        Assert.Contains("This is a public key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_pkcs8_key_is_rejected_by_name()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(pem));

        Assert.Contains("RSA private key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ed25519", error.Message, StringComparison.Ordinal);
        AssertNoneOfThePemBody(pem, error.Message);
    }

    [Fact]
    public void Pkcs1_rsa_key_is_rejected_by_name()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(pem));

        Assert.Contains("RSA private key", error.Message, StringComparison.Ordinal);
        AssertNoneOfThePemBody(pem, error.Message);
    }

    [Fact]
    public void Ec_pkcs8_key_is_rejected_by_name()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportPkcs8PrivateKeyPem();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(pem));

        Assert.Contains("EC (ECDSA) private key", error.Message, StringComparison.Ordinal);
        AssertNoneOfThePemBody(pem, error.Message);
    }

    [Fact]
    public void Two_private_keys_in_one_text_are_rejected()
    {
        using var key = LibsqlSigningKey.Generate();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(key.ExportPem() + key.ExportPem()));

        Assert.Contains("exactly one PRIVATE KEY block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_after_whitespace_is_rejected_by_import_pem()
    {
        using var key = LibsqlSigningKey.Generate();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.ImportPem(" " + key.ExportPem()));

        Assert.Contains("whitespace before -----BEGIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_with_a_trailing_newline_is_rejected_without_echoing_it()
    {
        using var key = LibsqlSigningKey.Generate();
        var seed = key.ExportBase64Url();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(seed + "\n"));

        Assert.Contains("trailing newline", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(seed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_base64_seed_is_rejected()
    {
        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import("ab+/" + new string('A', 39)));

        Assert.Contains("standard base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padded_seed_is_rejected()
    {
        using var key = LibsqlSigningKey.Generate();

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(key.ExportBase64Url() + "="));

        Assert.Contains("'=' padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Libsodium_64_byte_secret_key_is_rejected_with_a_hint()
    {
        var text = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));

        var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(text));

        Assert.Contains("decodes to 64 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("first 32 bytes are the seed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_rejection_message_contains_any_part_of_the_private_key()
    {
        using var key = LibsqlSigningKey.Generate();
        var seed = key.ExportBase64Url();
        var pem = key.ExportPem();
        var pemBody = pem.Split('\n')[1];
        var variants = new[]
        {
            seed + "\n",
            " " + seed,
            seed + "=",
            seed[..20] + "+" + seed[21..],
            seed[..42],
            seed + seed,
            pem.Replace("PRIVATE KEY", "EC PRIVATE KEY", StringComparison.Ordinal),
            pem.Replace("-----END PRIVATE KEY-----", "-----END PUBLIC KEY-----", StringComparison.Ordinal),
            pem + pem,
            pem.Replace(pemBody, pemBody[..^4], StringComparison.Ordinal),
        };

        foreach (var variant in variants)
        {
            var error = Assert.Throws<LibsqlKeyFormatException>(() => LibsqlSigningKey.Import(variant));
            for (var start = 0; start + 12 <= seed.Length; start++)
            {
                Assert.DoesNotContain(seed.Substring(start, 12), error.Message, StringComparison.Ordinal);
            }

            for (var start = 0; start + 12 <= pemBody.Length; start++)
            {
                Assert.DoesNotContain(pemBody.Substring(start, 12), error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Null_text_throws_argument_null()
    {
        Assert.Throws<ArgumentNullException>(() => LibsqlSigningKey.Import(null!));
    }

    private static void AssertNoneOfThePemBody(string pem, string message)
    {
        foreach (var line in pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, message, StringComparison.Ordinal);
        }
    }
}
