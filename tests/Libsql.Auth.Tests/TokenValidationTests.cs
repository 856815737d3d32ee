using Microsoft.Extensions.Time.Testing;

namespace Libsql.Auth.Tests;

public sealed class TokenValidationTests
{
    private const string Invalid = "Unauthorized: `The JWT is invalid`";
    private const string Expired = "Unauthorized: `The JWT has expired`";
    private const string Failed = "Unauthorized: `Authentication failed`";

    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();
    private static readonly LibsqlSigningKey s_otherKey = LibsqlSigningKey.Generate();
    private readonly FakeTimeProvider _clock = new(s_now);
    private readonly LibsqlTokenValidator _validator;

    public TokenValidationTests() => _validator = new LibsqlTokenValidator([s_key.PublicKey], _clock);

    private static long Now => s_now.ToUnixTimeSeconds();

    [Fact]
    public void Minted_token_is_valid()
    {
        var result = _validator.ValidateToken(s_key.MintToken());

        Assert.True(result.IsValid);
        Assert.Equal(LibsqlTokenFailure.None, result.Failure);
        Assert.Null(result.FailureMessage);
        Assert.Null(result.FailureDetail);
    }

    [Fact]
    public void Token_of_another_key_is_invalid()
    {
        AssertRejected(_validator.ValidateToken(s_otherKey.MintToken()), Invalid, "does not match any configured public key");
    }

    [Fact]
    public void Any_configured_key_may_verify()
    {
        var validator = new LibsqlTokenValidator(LibsqlPublicKey.ParseMany(s_otherKey.PublicKey.ToPem() + s_key.PublicKey.ToPem()), _clock);

        Assert.True(validator.ValidateToken(s_key.MintToken()).IsValid);
        Assert.True(validator.ValidateToken(s_otherKey.MintToken()).IsValid);
    }

    [Fact]
    public void Tampered_payload_is_invalid()
    {
        var parts = s_key.MintToken(LibsqlTokenOptions.ReadOnlyAccess).Split('.');
        var forged = TestTokens.Encode(TestTokens.Segment(string.Join('.', parts), 1).Replace("\"ro\"", "\"rw\"", StringComparison.Ordinal));

        AssertRejected(_validator.ValidateToken($"{parts[0]}.{forged}.{parts[2]}"), Invalid, "signature");
    }

    [Fact]
    public void Tampered_signature_is_invalid()
    {
        var token = s_key.MintToken();
        var signature = System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[2]);
        signature[10] ^= 0x01;

        AssertRejected(_validator.ValidateToken($"{token[..token.LastIndexOf('.')]}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}"), Invalid, "signature");
    }

    [Fact]
    public void Truncated_signature_is_invalid()
    {
        var token = s_key.MintToken();

        AssertRejected(_validator.ValidateToken(token[..^4]), Invalid, "signature");
    }

    [Fact]
    public void Alg_none_is_invalid()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Unsigned("{}")), Invalid, "alg is \"none\"");
    }

    [Fact]
    public void Hs256_is_invalid_even_when_the_secret_is_the_public_key()
    {
        // The classic algorithm-confusion attack: HMAC keyed with the (public) verification key.
        var token = TestTokens.SignHs256(s_key.PublicKey.RawBytes.ToArray(), "{}");

        AssertRejected(_validator.ValidateToken(token), Invalid, "alg is \"HS256\"");
    }

    [Fact]
    public void Es256_is_invalid()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.SignEs256("{}")), Invalid, "alg is \"ES256\"");
    }

    [Fact]
    public void Header_without_alg_is_invalid()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, "{}", """{"typ":"JWT"}""")), Invalid, "no \"alg\"");
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("abc")]
    [InlineData("")]
    public void Wrong_segment_count_is_invalid(string token)
    {
        AssertRejected(_validator.ValidateToken(token), Invalid, "dot-separated parts");
    }

    [Fact]
    public void Four_segments_of_a_valid_token_are_invalid()
    {
        AssertRejected(_validator.ValidateToken(s_key.MintToken() + ".x"), Invalid, "has 4 dot-separated parts");
    }

    [Fact]
    public void Malformed_base64_in_the_header_is_invalid()
    {
        var token = s_key.MintToken();

        AssertRejected(_validator.ValidateToken("*" + token[1..]), Invalid, "header segment contains a character that is not base64url");
    }

    [Fact]
    public void Padded_or_standard_base64_segments_are_invalid()
    {
        var parts = s_key.MintToken().Split('.');

        AssertRejected(_validator.ValidateToken($"{parts[0]}.{parts[1]}.{parts[2]}=="), Invalid, "signature segment contains '=' padding");
        AssertRejected(_validator.ValidateToken($"{parts[0]}=.{parts[1]}.{parts[2]}"), Invalid, "header segment contains '=' padding");
        AssertRejected(_validator.ValidateToken($"{parts[0]}.{parts[1]}.+{parts[2][1..]}"), Invalid, "standard base64");
    }

    [Fact]
    public void Payload_that_is_not_json_is_invalid()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, "not json")), Invalid, "payload is not valid JSON");
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, "[1,2]")), Invalid, "payload is not a JSON object");
    }

    [Fact]
    public void Expired_by_30_seconds_is_accepted_thanks_to_the_60_second_leeway()
    {
        var token = s_key.MintToken(new LibsqlTokenOptions { ExpiresAt = s_now.AddSeconds(-30) }, _clock);

        var result = _validator.ValidateToken(token);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(s_now.AddSeconds(-30), result.ExpiresAt);
    }

    [Fact]
    public void Expired_by_120_seconds_is_rejected()
    {
        var token = s_key.MintToken(new LibsqlTokenOptions { ExpiresAt = s_now.AddSeconds(-120) }, _clock);

        var result = _validator.ValidateToken(token);

        AssertRejected(result, Expired, "expired 120 s ago");
        Assert.Equal(LibsqlTokenFailure.Expired, result.Failure);
    }

    [Fact]
    public void Leeway_boundary_is_exp_less_than_now_minus_60()
    {
        Assert.True(_validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"exp":{{Now - 60}}}""")).IsValid);
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"exp":{{Now - 61}}}""")), Expired, "61 s ago");
    }

    [Fact]
    public void Token_becomes_expired_as_the_clock_moves()
    {
        var token = s_key.MintToken(new LibsqlTokenOptions { ExpiresIn = TimeSpan.FromMinutes(5) }, _clock);
        Assert.True(_validator.ValidateToken(token).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(1));

        Assert.Equal(LibsqlTokenFailure.Expired, _validator.ValidateToken(token).Failure);
    }

    [Theory]
    [InlineData("1795000000.5")]
    [InlineData("1.7e9")]
    [InlineData("\"1795000000\"")]
    [InlineData("true")]
    [InlineData("99999999999999999999")]
    [InlineData("9000000000000")]
    public void Exp_that_is_not_an_integer_sqld_can_read_is_invalid(string exp)
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"exp":{{exp}}}""")), Invalid, "\"exp\"");
    }

    [Fact]
    public void Negative_exp_is_never_expired_because_jsonwebtoken_reads_exp_as_unsigned()
    {
        Assert.True(_validator.ValidateToken(TestTokens.Sign(s_key, """{"exp":-5}""")).IsValid);
    }

    [Fact]
    public void Exp_beyond_year_9999_is_valid_without_an_expires_at()
    {
        var result = _validator.ValidateToken(TestTokens.Sign(s_key, """{"exp":300000000000}"""));

        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.ExpiresAt);
    }

    [Fact]
    public void Nbf_is_ignored_like_sqld_does()
    {
        var token = s_key.MintToken(new LibsqlTokenOptions { NotBefore = s_now.AddDays(1) }, _clock);

        Assert.True(_validator.ValidateToken(token).IsValid);
    }

    [Theory]
    [InlineData("\"sqld\"")]
    [InlineData("[\"a\",\"b\"]")]
    [InlineData("[]")]
    public void Any_aud_fails_authentication(string aud)
    {
        var result = _validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"aud":{{aud}}}"""));

        AssertRejected(result, Failed, "\"aud\"");
        Assert.Equal(LibsqlTokenFailure.AuthenticationFailed, result.Failure);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("5")]
    [InlineData("{\"x\":1}")]
    public void Aud_that_jsonwebtoken_cannot_parse_is_ignored(string aud)
    {
        Assert.True(_validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"aud":{{aud}}}""")).IsValid);
    }

    [Fact]
    public void Expiry_is_checked_before_aud()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, $$"""{"aud":"x","exp":{{Now - 120}}}""")), Expired, "expired");
    }

    [Theory]
    [InlineData("""{"a":"admin"}""", "\"a\"")]
    [InlineData("""{"a":"rwa"}""", "\"a\"")]
    [InlineData("""{"a":1}""", "\"a\"")]
    [InlineData("""{"id":""}""", "\"id\"")]
    [InlineData("""{"id":5}""", "\"id\"")]
    [InlineData("""{"p":[]}""", "\"p\"")]
    [InlineData("""{"p":{"rw":["default"]}}""", "\"rw\"")]
    [InlineData("""{"p":{"rw":{"ns":"default"}}}""", "\"ns\"")]
    [InlineData("""{"p":{"rw":{"ns":[""]}}}""", "\"ns\"")]
    [InlineData("""{"p":{"ro":{"tags":[1]}}}""", "\"tags\"")]
    [InlineData("""{"a":"ro","a":"rw"}""", "twice")]
    [InlineData("""{"exp":1,"exp":2}""", "twice")]
    [InlineData("""{"aud":null,"aud":null}""", "twice")]
    [InlineData("""{"p":{"rw":{"ns":["a"]},"rw":null}}""", "twice")]
    public void Claims_of_the_wrong_shape_are_invalid(string payload, string detail)
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, payload)), Invalid, detail);
    }

    [Theory]
    [InlineData("""{"a":null,"id":null,"p":null,"exp":null}""")]
    [InlineData("""{"sub":1,"iss":[2],"nbf":"soon","custom":{"x":1},"custom":2}""")]
    [InlineData("""{"a":"roa"}""")]
    public void Claims_sqld_tolerates_are_valid(string payload)
    {
        var result = _validator.ValidateToken(TestTokens.Sign(s_key, payload));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Header_fields_of_the_wrong_type_are_invalid()
    {
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, "{}", """{"alg":"EdDSA","typ":5}""")), Invalid, "\"typ\"");
        AssertRejected(_validator.ValidateToken(TestTokens.Sign(s_key, "{}", """{"alg":"EdDSA","alg":"EdDSA"}""")), Invalid, "twice");
    }

    [Fact]
    public void Header_without_typ_and_with_unknown_fields_is_valid()
    {
        Assert.True(_validator.ValidateToken(TestTokens.Sign(s_key, "{}", """{"alg":"EdDSA","foo":[1]}""")).IsValid);
    }

    [Fact]
    public void Non_ascii_token_is_invalid_not_an_exception()
    {
        var parts = s_key.MintToken().Split('.');

        AssertRejected(_validator.ValidateToken($"{parts[0]}.{parts[1]}é.{parts[2]}"), Invalid, "signature");
    }

    [Fact]
    public void Failure_texts_never_contain_the_token()
    {
        var token = s_otherKey.MintToken(new LibsqlTokenOptions { Namespace = "secret-tenant" });
        var results = new[]
        {
            _validator.ValidateToken(token),
            _validator.ValidateToken(token + "=="),
            _validator.ValidateToken(token + ".x"),
            _validator.ValidateAuthorizationHeader("Basic " + token),
            _validator.ValidateAuthorizationHeader(token),
        };

        foreach (var result in results)
        {
            Assert.False(result.IsValid);
            foreach (var part in token.Split('.'))
            {
                Assert.DoesNotContain(part, result.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Ensure_valid_throws_a_typed_exception_that_names_the_problem_but_not_the_token()
    {
        var token = s_key.MintToken() + ".extra";

        var error = Assert.Throws<LibsqlTokenException>(() => _validator.ValidateToken(token).EnsureValid());

        Assert.Equal(LibsqlTokenFailure.InvalidToken, error.Failure);
        Assert.Contains("The JWT is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 4 dot-separated parts", error.Message, StringComparison.Ordinal);
        Assert.All(token.Split('.'), part => Assert.DoesNotContain(part, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Ensure_valid_returns_a_valid_result()
    {
        Assert.Equal(LibsqlAccessLevel.ReadOnly, _validator.ValidateToken(s_key.MintToken(LibsqlTokenOptions.ReadOnlyAccess)).EnsureValid().GetAccess("default"));
    }

    [Fact]
    public void Minting_and_validating_are_thread_safe()
    {
        var failures = 0;

        Parallel.For(0, 200, i =>
        {
            var token = s_key.MintToken(new LibsqlTokenOptions { Namespace = $"ns{i}" }, _clock);
            if (_validator.ValidateToken(token).GetAccess($"ns{i}") != LibsqlAccessLevel.ReadWrite)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Validator_needs_a_key()
    {
        Assert.Contains("Give at least one public key", Assert.Throws<ArgumentException>(() => new LibsqlTokenValidator([])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => _validator.ValidateToken(null!));
    }

    private static void AssertRejected(LibsqlTokenValidationResult result, string message, string detail)
    {
        Assert.False(result.IsValid);
        Assert.Equal(message, result.FailureMessage);
        Assert.Contains(detail, result.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(LibsqlAccessLevel.None, result.GetAccess("default"));
    }
}
