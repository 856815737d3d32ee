using System.Buffers.Text;

namespace Libsql.Auth.Tests;

public sealed class KeyRoundTripTests
{
    // RFC 8032 section 7.1, test 1.
    private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    [Fact]
    public void Private_key_survives_pkcs8_pem()
    {
        using var key = LibsqlSigningKey.Generate();
        var pem = key.ExportPem();

        using var imported = LibsqlSigningKey.ImportPem(pem);
        using var autodetected = LibsqlSigningKey.Import(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, imported.PublicKey);
        Assert.Equal(key.PublicKey, autodetected.PublicKey);
        Assert.Equal(key.ExportBase64Url(), imported.ExportBase64Url());
    }

    [Fact]
    public void Private_key_survives_base64url_seed()
    {
        using var key = LibsqlSigningKey.Generate();
        var seed = key.ExportBase64Url();

        using var imported = LibsqlSigningKey.ImportBase64Url(seed);
        using var autodetected = LibsqlSigningKey.Import(seed);

        Assert.Equal(43, seed.Length);
        Assert.Equal(key.PublicKey, imported.PublicKey);
        Assert.Equal(key.PublicKey, autodetected.PublicKey);
        Assert.Equal(key.ExportPem(), imported.ExportPem());
    }

    [Fact]
    public void Public_key_survives_raw_base64url()
    {
        using var key = LibsqlSigningKey.Generate();
        var raw = key.PublicKey.ToBase64Url();

        Assert.Equal(43, raw.Length);
        Assert.DoesNotContain('=', raw);
        Assert.DoesNotContain('\n', raw);
        Assert.Equal(key.PublicKey, LibsqlPublicKey.Parse(raw));
        Assert.Equal(raw, key.PublicKey.ToString());
    }

    [Fact]
    public void Public_key_survives_spki_pem()
    {
        using var key = LibsqlSigningKey.Generate();
        var pem = key.PublicKey.ToPem();

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, LibsqlPublicKey.Parse(pem));
    }

    [Fact]
    public void Spki_is_the_rfc_8410_prefix_followed_by_the_raw_key()
    {
        using var key = LibsqlSigningKey.Generate();
        var body = string.Concat(key.PublicKey.ToPem().Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        var der = Convert.FromBase64String(body);

        Assert.Equal(Convert.FromHexString("302a300506032b6570032100"), der[..12]);
        Assert.Equal(key.PublicKey.RawBytes.ToArray(), der[12..]);
    }

    [Fact]
    public void Pem_with_crlf_line_endings_is_read()
    {
        using var key = LibsqlSigningKey.Generate();

        Assert.Equal(key.PublicKey, LibsqlPublicKey.Parse(key.PublicKey.ToPem().Replace("\n", "\r\n", StringComparison.Ordinal)));
        using var imported = LibsqlSigningKey.Import(key.ExportPem().Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(key.PublicKey, imported.PublicKey);
    }

    [Fact]
    public void Rfc_8032_seed_gives_its_public_key()
    {
        using var key = LibsqlSigningKey.ImportBase64Url(Base64Url.EncodeToString(Convert.FromHexString(Rfc8032Seed)));

        Assert.Equal(Rfc8032Public, Convert.ToHexStringLower(key.PublicKey.RawBytes.Span));
        Assert.Equal(key.PublicKey, LibsqlPublicKey.FromRawBytes(Convert.FromHexString(Rfc8032Public)));
    }

    [Fact]
    public void Several_pem_blocks_give_several_keys_in_order()
    {
        using var first = LibsqlSigningKey.Generate();
        using var second = LibsqlSigningKey.Generate();

        var keys = LibsqlPublicKey.ParseMany(first.PublicKey.ToPem() + second.PublicKey.ToPem());

        Assert.Equal([first.PublicKey, second.PublicKey], keys);
    }

    [Fact]
    public void Text_between_pem_blocks_is_skipped_like_sqld_does()
    {
        using var first = LibsqlSigningKey.Generate();
        using var second = LibsqlSigningKey.Generate();

        var keys = LibsqlPublicKey.ParseMany(first.PublicKey.ToPem() + "\n# rotated 2026-11\n\n" + second.PublicKey.ToPem().TrimEnd('\n'));

        Assert.Equal([first.PublicKey, second.PublicKey], keys);
    }

    [Fact]
    public void Raw_key_text_gives_exactly_one_key()
    {
        using var key = LibsqlSigningKey.Generate();

        Assert.Equal([key.PublicKey], LibsqlPublicKey.ParseMany(key.PublicKey.ToBase64Url()));
    }

    [Fact]
    public void Keys_compare_by_value()
    {
        using var key = LibsqlSigningKey.Generate();
        using var other = LibsqlSigningKey.Generate();
        var copy = LibsqlPublicKey.Parse(key.PublicKey.ToPem());

        Assert.True(copy == key.PublicKey);
        Assert.True(copy != other.PublicKey);
        Assert.Equal(key.PublicKey.GetHashCode(), copy.GetHashCode());
    }
}
