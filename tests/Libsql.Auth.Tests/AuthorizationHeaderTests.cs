namespace Libsql.Auth.Tests;

public sealed class AuthorizationHeaderTests
{
    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();
    private readonly LibsqlTokenValidator _validator = new([s_key.PublicKey]);

    [Fact]
    public void Missing_header_has_sqlds_text()
    {
        var result = _validator.ValidateAuthorizationHeader(null);

        Assert.Equal(LibsqlTokenFailure.MissingHeader, result.Failure);
        Assert.Equal("Unauthorized: `Expected authorization header but none given`", result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer\tx.y.z")]
    public void Header_without_a_space_has_sqlds_text(string header)
    {
        var result = _validator.ValidateAuthorizationHeader(header);

        Assert.Equal(LibsqlTokenFailure.MalformedHeader, result.Failure);
        Assert.Equal("Unauthorized: `Auth string does not conform to '<scheme> <token>' form`", result.FailureMessage);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Token abc")]
    [InlineData(" Bearer abc")]
    public void Scheme_other_than_bearer_has_sqlds_text(string header)
    {
        var result = _validator.ValidateAuthorizationHeader(header);

        Assert.Equal(LibsqlTokenFailure.UnsupportedScheme, result.Failure);
        Assert.Equal("Unauthorized: `The authentication scheme in the `Authorization` HTTP header is not supported`", result.FailureMessage);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public void Bearer_is_matched_case_insensitively(string scheme)
    {
        Assert.True(_validator.ValidateAuthorizationHeader($"{scheme} {s_key.MintToken()}").IsValid);
    }

    [Fact]
    public void Everything_after_the_first_space_is_the_token()
    {
        var result = _validator.ValidateAuthorizationHeader($"Bearer  {s_key.MintToken()}");

        Assert.Equal(LibsqlTokenFailure.InvalidToken, result.Failure);
        Assert.Equal("Unauthorized: `The JWT is invalid`", result.FailureMessage);
    }

    [Fact]
    public void Trailing_whitespace_after_the_token_is_invalid()
    {
        Assert.Equal(LibsqlTokenFailure.InvalidToken, _validator.ValidateAuthorizationHeader($"Bearer {s_key.MintToken()} ").Failure);
    }
}
