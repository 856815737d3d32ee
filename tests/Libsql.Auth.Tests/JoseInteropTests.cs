using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Libsql.Auth.Tests;

/// <summary>Libsql.Auth against jose (tests/interop/jose), an independent JOSE implementation on Node's WebCrypto.</summary>
public sealed class JoseInteropTests
{
    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();

    [Fact]
    public async Task Jose_verifies_our_tokens_with_the_raw_and_the_pem_public_key()
    {
        var options = new LibsqlTokenOptions
        {
            Namespace = "tenant1",
            Access = LibsqlTokenAccess.ReadOnly,
            ExpiresIn = TimeSpan.FromHours(1),
        };
        var token = s_key.MintToken(options);

        var verified = await VerifyWithJoseAsync(token, s_key.PublicKey);

        Assert.Equal("EdDSA", (string?)verified["header"]!["alg"]);
        foreach (var form in new[] { "raw", "pem" })
        {
            var payload = verified[form]!;
            Assert.Equal("tenant1", (string?)payload["id"]);
            Assert.Equal("ro", (string?)payload["a"]);
            Assert.NotNull(payload["exp"]);
            Assert.Null(payload["aud"]);
        }
    }

    [Fact]
    public async Task Jose_verifies_a_permissions_token()
    {
        var token = s_key.MintToken(new LibsqlTokenOptions { Permissions = new LibsqlPermissions { ReadWrite = ["a"], ReadOnly = ["b"] } });

        var verified = await VerifyWithJoseAsync(token, s_key.PublicKey);

        Assert.Equal("""{"ro":{"ns":["b"]},"rw":{"ns":["a"]}}""", verified["raw"]!["p"]!.ToJsonString());
    }

    [Fact]
    public async Task Jose_rejects_our_token_under_another_key()
    {
        using var other = LibsqlSigningKey.Generate();

        var (exitCode, _, error) = await RunVerifyAsync(s_key.MintToken(), other.PublicKey);

        Assert.Equal(1, exitCode);
        Assert.Contains("signature verification failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task We_validate_jose_tokens_with_sqlds_rules()
    {
        var now = DateTimeOffset.UtcNow;
        var validator = new LibsqlTokenValidator([s_key.PublicKey], new FakeTimeProvider(now));
        var claims = new JsonArray(
            new JsonObject(),
            new JsonObject { ["a"] = "ro" },
            new JsonObject { ["id"] = "tenant1", ["exp"] = now.AddHours(1).ToUnixTimeSeconds() },
            new JsonObject { ["p"] = new JsonObject { ["rw"] = new JsonObject { ["ns"] = new JsonArray("default") } } },
            new JsonObject { ["exp"] = now.AddSeconds(-30).ToUnixTimeSeconds() },
            new JsonObject { ["exp"] = now.AddSeconds(-120).ToUnixTimeSeconds() },
            new JsonObject { ["aud"] = "sqld" });

        var tokens = await MintWithJoseAsync(s_key.ExportPem(), claims);
        var results = tokens.Select(validator.ValidateToken).ToArray();

        Assert.Equal(LibsqlAccessLevel.ReadWrite, results[0].GetAccess("default"));
        Assert.Equal(LibsqlAccessLevel.ReadOnly, results[1].GetAccess("default"));
        Assert.Equal([LibsqlAccessLevel.None, LibsqlAccessLevel.ReadWrite], new[] { "default", "tenant1" }.Select(results[2].GetAccess));
        Assert.Equal([LibsqlAccessLevel.ReadWrite, LibsqlAccessLevel.None], new[] { "default", "x" }.Select(results[3].GetAccess));
        Assert.True(results[4].IsValid, results[4].ToString());
        Assert.Equal(LibsqlTokenFailure.Expired, results[5].Failure);
        Assert.Equal(LibsqlTokenFailure.AuthenticationFailed, results[6].Failure);
    }

    [Fact]
    public async Task We_reject_jose_tokens_signed_by_a_key_we_do_not_trust()
    {
        using var other = LibsqlSigningKey.Generate();

        var tokens = await MintWithJoseAsync(other.ExportPem(), [new JsonObject()]);

        Assert.Equal(LibsqlTokenFailure.InvalidToken, new LibsqlTokenValidator([s_key.PublicKey]).ValidateToken(tokens[0]).Failure);
    }

    [Fact]
    public async Task We_read_keys_jose_generates()
    {
        var (exitCode, output, error) = await JoseScript.RunAsync("keygen.mjs", null, TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, error);
        var keys = JsonNode.Parse(output)!;

        using var signingKey = LibsqlSigningKey.Import((string)keys["privateKeyPem"]!);
        var publicFromPem = LibsqlPublicKey.Parse((string)keys["publicKeyPem"]!);
        var publicFromJwk = LibsqlPublicKey.Parse((string)keys["x"]!);

        Assert.Equal(publicFromPem, signingKey.PublicKey);
        Assert.Equal(publicFromJwk, signingKey.PublicKey);
        Assert.True(new LibsqlTokenValidator([publicFromJwk]).ValidateToken(signingKey.MintToken()).IsValid);
    }

    private static async Task<JsonNode> VerifyWithJoseAsync(string token, LibsqlPublicKey publicKey)
    {
        var (exitCode, output, error) = await RunVerifyAsync(token, publicKey);
        Assert.True(exitCode == 0, $"jose verify failed: {error}");
        return JsonNode.Parse(output)!;
    }

    private static Task<(int ExitCode, string Output, string Error)> RunVerifyAsync(string token, LibsqlPublicKey publicKey) =>
        JoseScript.RunAsync(
            "verify.mjs",
            new JsonObject { ["token"] = token, ["rawKey"] = publicKey.ToBase64Url(), ["pemKey"] = publicKey.ToPem() },
            TestContext.Current.CancellationToken);

    private static async Task<string[]> MintWithJoseAsync(string privateKeyPem, JsonArray claims)
    {
        var (exitCode, output, error) = await JoseScript.RunAsync(
            "mint.mjs",
            new JsonObject { ["privateKeyPem"] = privateKeyPem, ["claims"] = claims },
            TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"jose mint failed: {error}");
        return JsonNode.Parse(output)!.AsArray().Select(t => (string)t!).ToArray();
    }
}
