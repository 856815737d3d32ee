using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Libsql.Auth.Tests;

public sealed class TokenMintingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();
    private readonly FakeTimeProvider _clock = new(s_now);

    [Fact]
    public void Header_is_eddsa_jwt()
    {
        Assert.Equal(TestTokens.EdDsaHeader, TestTokens.Segment(s_key.MintToken(), 0));
    }

    [Fact]
    public void Default_token_has_only_iat_which_sqld_reads_as_full_access()
    {
        var payload = Payload(s_key.MintToken(timeProvider: _clock));

        Assert.Equal($$"""{"iat":{{s_now.ToUnixTimeSeconds()}}}""", payload);
    }

    [Fact]
    public void Read_only_access_is_claim_a_ro()
    {
        using var claims = Claims(s_key.MintToken(LibsqlTokenOptions.ReadOnlyAccess));

        Assert.Equal("ro", claims.RootElement.GetProperty("a").GetString());
        Assert.False(claims.RootElement.TryGetProperty("id", out _));
    }

    [Fact]
    public void Namespace_is_claim_id_with_an_explicit_a()
    {
        using var claims = Claims(s_key.MintToken(new LibsqlTokenOptions { Namespace = "tenant1" }));

        Assert.Equal("tenant1", claims.RootElement.GetProperty("id").GetString());
        Assert.Equal("rw", claims.RootElement.GetProperty("a").GetString());
    }

    [Fact]
    public void Permissions_are_claim_p_with_only_the_scopes_in_use()
    {
        var options = new LibsqlTokenOptions { Permissions = new LibsqlPermissions { ReadWrite = ["a", "b"], ReadOnlyAttach = ["c"] } };

        using var claims = Claims(s_key.MintToken(options, _clock));

        Assert.Equal("""{"rw":{"ns":["a","b"]},"roa":{"ns":["c"]}}""", claims.RootElement.GetProperty("p").GetRawText());
        Assert.False(claims.RootElement.TryGetProperty("a", out _));
        Assert.False(claims.RootElement.TryGetProperty("id", out _));
    }

    [Fact]
    public void Expires_in_is_an_integer_exp_relative_to_the_clock()
    {
        using var claims = Claims(s_key.MintToken(new LibsqlTokenOptions { ExpiresIn = TimeSpan.FromMinutes(30) }, _clock));

        Assert.Equal(JsonValueKind.Number, claims.RootElement.GetProperty("exp").ValueKind);
        Assert.Equal(s_now.AddMinutes(30).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Expires_at_nbf_and_iat_are_whole_unix_seconds()
    {
        var options = new LibsqlTokenOptions
        {
            ExpiresAt = s_now.AddHours(2).AddMilliseconds(900),
            NotBefore = s_now.AddMinutes(-1),
            IssuedAt = s_now.AddMinutes(-2),
        };

        var payload = Payload(s_key.MintToken(options, _clock));

        Assert.Equal(
            $$"""{"exp":{{s_now.AddHours(2).ToUnixTimeSeconds()}},"iat":{{s_now.AddMinutes(-2).ToUnixTimeSeconds()}},"nbf":{{s_now.AddMinutes(-1).ToUnixTimeSeconds()}}}""",
            payload);
    }

    [Fact]
    public void No_token_ever_has_aud()
    {
        var tokens = new[]
        {
            s_key.MintToken(),
            s_key.MintToken(LibsqlTokenOptions.ReadOnlyAccess),
            s_key.MintToken(new LibsqlTokenOptions { Namespace = "x", ExpiresIn = TimeSpan.FromDays(1) }),
            s_key.MintToken(new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadOnlyOn("default") }),
        };

        Assert.All(tokens, token => Assert.DoesNotContain("\"aud\"", Payload(token), StringComparison.Ordinal));
    }

    [Fact]
    public void Permissions_cannot_be_combined_with_namespace_or_read_only()
    {
        var withNamespace = new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadWriteOn("a"), Namespace = "a" };
        var withReadOnly = new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadWriteOn("a"), Access = LibsqlTokenAccess.ReadOnly };

        Assert.Contains("Permissions replaces Access and Namespace", Assert.Throws<ArgumentException>(() => s_key.MintToken(withNamespace)).Message, StringComparison.Ordinal);
        Assert.Contains("set one or the other", Assert.Throws<ArgumentException>(() => s_key.MintToken(withReadOnly)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contradicting_or_empty_options_are_rejected()
    {
        // Each message names the option and what to do instead (the README promises errors that say what to fix).
        Rejected(new LibsqlTokenOptions { ExpiresAt = s_now, ExpiresIn = TimeSpan.FromHours(1) }, "Set ExpiresAt or ExpiresIn, not both");
        Rejected(new LibsqlTokenOptions { ExpiresIn = TimeSpan.FromSeconds(-1) }, "ExpiresIn must be positive; use ExpiresAt");
        Rejected(new LibsqlTokenOptions { ExpiresIn = TimeSpan.MaxValue }, "leave it null for a token that never expires");
        Rejected(new LibsqlTokenOptions { Namespace = "" }, "Use null for every namespace");
        Rejected(new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadOnlyOn("") }, "LibsqlPermissions.ReadOnly contains an empty namespace name");
        Rejected(new LibsqlTokenOptions { Access = (LibsqlTokenAccess)7 }, "Access 7 is not a LibsqlTokenAccess value");

        static void Rejected(LibsqlTokenOptions options, string fix) =>
            Assert.Contains(fix, Assert.Throws<ArgumentException>(() => s_key.MintToken(options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_key_cannot_mint()
    {
        var key = LibsqlSigningKey.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.MintToken());
    }

    private static string Payload(string token) => TestTokens.Segment(token, 1);

    private static JsonDocument Claims(string token) => JsonDocument.Parse(Payload(token));
}
