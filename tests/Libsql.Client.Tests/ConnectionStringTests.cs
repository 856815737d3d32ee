namespace Libsql.Client.Tests;

public sealed class ConnectionStringTests
{
    private const string Token = "eyJhbGciOiJFZERTQSJ9.e30.c2VjcmV0LXNpZ25hdHVyZQ";

    [Theory]
    [InlineData("Endpoint=http://127.0.0.1:8080;AuthToken=" + Token + ";Namespace=tenant;Timeout=12;Protocol=Json", "http://127.0.0.1:8080/", "tenant", 12, LibsqlProtocol.Json)]
    [InlineData("url=http://db:9000;token=" + Token, "http://db:9000/", null, 30, LibsqlProtocol.Auto)]
    [InlineData("http://127.0.0.1:8080?authToken=" + Token, "http://127.0.0.1:8080/", null, 30, LibsqlProtocol.Auto)]
    [InlineData("https://db.example.com?authToken=" + Token, "https://db.example.com/", null, 30, LibsqlProtocol.Auto)]
    [InlineData("libsql://db.example.com?authToken=" + Token, "https://db.example.com/", null, 30, LibsqlProtocol.Auto)]
    [InlineData("libsql://localhost:8080?tls=0&authToken=" + Token, "http://localhost:8080/", null, 30, LibsqlProtocol.Auto)]
    [InlineData("Endpoint=http://h:1/base;AuthToken=" + Token + ";Timeout=00:01:00;Protocol=v2", "http://h:1/base/", null, 60, LibsqlProtocol.JsonV2)]
    [InlineData("Endpoint=libsql://h?authToken=" + Token + ";Protocol=protobuf", "https://h/", null, 30, LibsqlProtocol.Protobuf)]
    public void Accepted_forms_parse(string connectionString, string endpoint, string? @namespace, int timeoutSeconds, LibsqlProtocol protocol)
    {
        var options = LibsqlClientOptions.Parse(connectionString);

        Assert.Equal(new Uri(endpoint), options.Endpoint);
        Assert.Equal(Token, options.AuthToken);
        Assert.Equal(@namespace, options.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(timeoutSeconds), options.Timeout);
        Assert.Equal(protocol, options.Protocol);
    }

    [Fact]
    public void No_token_is_fine_and_infinite_timeout_is_accepted()
    {
        var options = LibsqlClientOptions.Parse("Endpoint=http://127.0.0.1:8080;Timeout=Infinite");

        Assert.Null(options.AuthToken);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.Timeout);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8080?authToken=" + Token, "'Endpoint'", "WebSocket")]
    [InlineData("wss://db.example.com", "'Endpoint'", "not supported")]
    [InlineData("Endpoint=ws://127.0.0.1:8080;AuthToken=" + Token, "'Endpoint'", "WebSocket")]
    [InlineData("Endpoint=http://127.0.0.1:99999;AuthToken=" + Token, "'Endpoint'", "65535")]
    [InlineData("Endpoint=http://127.0.0.1:0", "'Endpoint'", "65535")]
    [InlineData("AuthToken=" + Token, "'Endpoint'", "missing")]
    [InlineData("Endpoint=http://h:1;Colour=blue;AuthToken=" + Token, "'Colour'", "unknown key")]
    [InlineData("Endpoint=http://h:1;Timeout=soon", "'Timeout'", "positive seconds")]
    [InlineData("Endpoint=http://h:1;Timeout=-5", "'Timeout'", "positive seconds")]
    [InlineData("Endpoint=http://h:1;Protocol=grpc", "'Protocol'", "Protobuf")]
    [InlineData("http://h:1?authToken=" + Token + "&secret=x", "'Endpoint'", "'secret'")]
    [InlineData("libsql://h?tls=0&authToken=" + Token, "'Endpoint'", "explicit port")]
    [InlineData("http://h:1?tls=1", "'Endpoint'", "https")]
    [InlineData("ftp://h:1", "'Endpoint'", "'ftp'")]
    [InlineData("file:///tmp/x.db", "'Endpoint'", "not")]
    [InlineData("Endpoint=localhost:8080", "'Endpoint'", "")]
    [InlineData("http://user:" + Token + "@h:1", "'Endpoint'", "credentials")]
    [InlineData("just some text with " + Token, "Accepted forms", "")]
    public void Bad_inputs_name_the_key_and_the_accepted_forms_without_the_token(string connectionString, string key, string detail)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => LibsqlClientOptions.Parse(connectionString));

        Assert.Contains(key, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(detail, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accepted forms", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_the_token_everywhere()
    {
        var builder = new LibsqlConnectionStringBuilder("Endpoint=http://h:1;AuthToken=" + Token + ";Namespace=n");
        var urlBuilder = new LibsqlConnectionStringBuilder("http://h:1?authToken=" + Token);
        var options = builder.ToOptions();
        using var client = new LibsqlClient(options);

        Assert.Contains(Token, builder.ConnectionString, StringComparison.Ordinal);
        foreach (var text in new[] { builder.ToString(), urlBuilder.ToString(), options.ToString(), client.ToString() })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.Contains("***", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Builder_round_trips_and_knows_its_keys()
    {
        var builder = new LibsqlConnectionStringBuilder
        {
            Endpoint = "http://127.0.0.1:8080",
            AuthToken = Token,
            Namespace = "ns",
            Timeout = TimeSpan.FromSeconds(2.5),
            Protocol = LibsqlProtocol.Protobuf,
        };

        var parsed = new LibsqlConnectionStringBuilder(builder.ConnectionString);

        Assert.Equal("http://127.0.0.1:8080", parsed.Endpoint);
        Assert.Equal(Token, parsed.AuthToken);
        Assert.Equal("ns", parsed.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(2.5), parsed.Timeout);
        Assert.Equal(LibsqlProtocol.Protobuf, parsed.Protocol);
        Assert.True(parsed.ContainsKey("url"));
        Assert.Throws<ArgumentException>(() => parsed["nope"] = "1");
    }

    [Fact]
    public void Client_options_refuse_websocket_and_missing_endpoint()
    {
        Assert.Contains("WebSocket", Assert.Throws<ArgumentException>(() => new LibsqlClient(new LibsqlClientOptions { Endpoint = new Uri("ws://h:1") })).Message, StringComparison.Ordinal);
        Assert.Contains("missing", Assert.Throws<ArgumentException>(() => new LibsqlClient(new LibsqlClientOptions())).Message, StringComparison.Ordinal);
    }
}
