namespace Libsql.Auth.Tests;

public sealed class AccessRulesTests
{
    private const LibsqlAccessLevel None = LibsqlAccessLevel.None;
    private const LibsqlAccessLevel Ro = LibsqlAccessLevel.ReadOnly;
    private const LibsqlAccessLevel Rw = LibsqlAccessLevel.ReadWrite;

    private static readonly LibsqlSigningKey s_key = LibsqlSigningKey.Generate();
    private static readonly LibsqlTokenValidator s_validator = new([s_key.PublicKey]);

    [Theory]
    [InlineData("{}", Rw, Rw)]
    [InlineData("""{"a":"rw"}""", Rw, Rw)]
    [InlineData("""{"a":"ro"}""", Ro, Ro)]
    [InlineData("""{"a":"roa"}""", Ro, Ro)]
    [InlineData("""{"id":"x"}""", None, Rw)]
    [InlineData("""{"id":"x","a":"ro"}""", None, Ro)]
    [InlineData("""{"id":"default","a":"rw"}""", Rw, None)]
    public void Legacy_claims(string payload, LibsqlAccessLevel onDefault, LibsqlAccessLevel onX)
    {
        var result = Validate(payload);

        Assert.Equal(onDefault, result.GetAccess("default"));
        Assert.Equal(onX, result.GetAccess("x"));
    }

    [Theory]
    [InlineData("""{"p":{}}""", None, None)]
    [InlineData("""{"p":{"rw":{"ns":["default"]}}}""", Rw, None)]
    [InlineData("""{"p":{"ro":{"ns":["default"]}}}""", Ro, None)]
    [InlineData("""{"p":{"roa":{"ns":["x"]}}}""", None, Ro)]
    [InlineData("""{"p":{"rwa":{"ns":["x"]}}}""", None, Rw)]
    [InlineData("""{"p":{"ddl":{"ns":["x"]}}}""", None, Rw)]
    [InlineData("""{"p":{"ro":{"ns":["x"]},"rw":{"ns":["x"]}}}""", None, Rw)]
    [InlineData("""{"p":{"ro":{"ns":["default","x"]}}}""", Ro, Ro)]
    [InlineData("""{"p":{"rw":null,"ro":{"tags":["g"]}}}""", None, None)]
    public void Permission_map(string payload, LibsqlAccessLevel onDefault, LibsqlAccessLevel onX)
    {
        var result = Validate(payload);

        Assert.Equal(onDefault, result.GetAccess("default"));
        Assert.Equal(onX, result.GetAccess("x"));
    }

    // sqld's AttachRead: roa/rwa in the p claim (auth/authorized.rs can_attach_ns), or a legacy "a": "roa"
    // (Permission::has_right(AttachRead, AttachRead)); rw, ro and ddl never allow it.
    [Theory]
    [InlineData("{}", false, false)]
    [InlineData("""{"a":"rw"}""", false, false)]
    [InlineData("""{"a":"roa"}""", true, true)]
    [InlineData("""{"id":"x","a":"roa"}""", false, true)]
    [InlineData("""{"p":{"rw":{"ns":["default","x"]},"ddl":{"ns":["x"]}}}""", false, false)]
    [InlineData("""{"p":{"roa":{"ns":["x"]}}}""", false, true)]
    [InlineData("""{"p":{"rwa":{"ns":["default"]}}}""", true, false)]
    public void Attach_permission(string payload, bool onDefault, bool onX)
    {
        var result = Validate(payload);

        Assert.Equal((onDefault, onX), (result.CanAttach("default"), result.CanAttach("x")));
    }

    [Theory]
    [InlineData("""{"a":"rw","id":"default","p":{"ro":{"ns":["x"]}}}""", None, Ro)]
    [InlineData("""{"a":"ro","p":{"rw":{"ns":["default"]}}}""", Rw, None)]
    public void P_wins_over_a_and_id(string payload, LibsqlAccessLevel onDefault, LibsqlAccessLevel onX)
    {
        var result = Validate(payload);

        Assert.Equal(onDefault, result.GetAccess("default"));
        Assert.Equal(onX, result.GetAccess("x"));
    }

    [Fact]
    public void P_null_falls_back_to_legacy_claims()
    {
        Assert.Equal(Ro, Validate("""{"a":"ro","p":null}""").GetAccess("default"));
    }

    [Fact]
    public void Namespace_names_are_case_sensitive()
    {
        Assert.Equal(None, Validate("""{"id":"Tenant"}""").GetAccess("tenant"));
    }

    [Fact]
    public void Minted_options_give_the_access_they_describe()
    {
        Assert.Equal(Rw, Mint(LibsqlTokenOptions.FullAccess).GetAccess("anything"));
        Assert.Equal(Ro, Mint(LibsqlTokenOptions.ReadOnlyAccess).GetAccess("anything"));
        Assert.Equal(Ro, Mint(new() { Namespace = "t1", Access = LibsqlTokenAccess.ReadOnly }).GetAccess("t1"));
        Assert.Equal(None, Mint(new() { Namespace = "t1" }).GetAccess("t2"));

        var permissions = Mint(new() { Permissions = new LibsqlPermissions { ReadWrite = ["a"], ReadOnly = ["b"], Ddl = ["c"] } });
        Assert.Equal([Rw, Ro, Rw, None], new[] { "a", "b", "c", "d" }.Select(permissions.GetAccess));
    }

    [Fact]
    public void Namespace_argument_is_required()
    {
        Assert.Throws<ArgumentException>(() => Validate("{}").GetAccess(""));
    }

    private static LibsqlTokenValidationResult Validate(string payload)
    {
        var result = s_validator.ValidateToken(TestTokens.Sign(s_key, payload));
        Assert.True(result.IsValid, result.ToString());
        return result;
    }

    private static LibsqlTokenValidationResult Mint(LibsqlTokenOptions options) => s_validator.ValidateToken(s_key.MintToken(options));
}
