using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hosting;

namespace Libsql.TestServer.Tests;

/// <summary>Server-wide settings of sqld's HTTP layer: connection limits, the default namespace, legacy basic auth.</summary>
public sealed class HttpLimitsTests
{
    private static Task<LibsqlTestServer> StartAsync(ServerSettings settings) =>
        LibsqlTestServer.StartAsync(settings, ownsSigningKey: false, TestContext.Current.CancellationToken);

    private static ServerSettings Local => new() { HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0) };

    private static HranaPipelineRequest Open() => new() { Requests = [HranaHttp.Execute("SELECT 1")] };

    [Fact]
    public async Task Connections_beyond_the_limit_wait_a_second_then_get_429_and_waiters_beyond_theirs_get_429_at_once()
    {
        await using var server = await StartAsync(Local with { MaxConcurrentConnections = 1, MaxConcurrentRequests = 2 });
        using var http = new HranaHttp(server.Uri);
        var held = await http.PipelineAsync(Open());

        // Two more at once: whichever arrives first waits its second and times out; the other finds the waiting room
        // (MaxConcurrentRequests = 2, counting itself) full and is refused at once. Which is which is up to the network.
        var responses = await Task.WhenAll(http.SendPipelineAsync(Open()), http.SendPipelineAsync(Open()));
        var errors = new List<string>();
        foreach (var response in responses)
        {
            using (response)
            {
                var (status, contentType, body) = await HranaHttp.ReadAsync(response);
                Assert.Equal((HttpStatusCode.TooManyRequests, "application/json"), (status, contentType));
                errors.Add(JsonNode.Parse(body)!["error"]!.GetValue<string>());
            }
        }

        Assert.Equal(["Timed out while opening database connection", "Too many concurrent requests"], errors.Order(StringComparer.Ordinal));

        // Closing the stream gives its connection back.
        await http.PipelineAsync(new HranaPipelineRequest { Baton = held.Baton, Requests = [new HranaCloseStreamRequest()] });
        Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Disable_default_namespace_refuses_a_request_that_names_none()
    {
        await using var server = await StartAsync(Local with { EnableNamespaces = true, AdminEndpoint = new IPEndPoint(IPAddress.Loopback, 0), DisableDefaultNamespace = true });
        using var unnamed = new HranaHttp(server.Uri);
        using var refused = await unnamed.PostAsync("v2/pipeline", HranaJson.Serialize(Open()), "application/json", r => r.Headers.Host = "localhost");
        await AuthTests.AssertErrorAsync(refused, HttpStatusCode.BadRequest, "Invalid host header: `host header should be in the format <namespace>.<...>`");
        using var named = new HranaHttp(server.Uri, null, "default");
        Assert.Equal(1, (await named.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Http_basic_auth_accepts_only_the_configured_credential()
    {
        var credential = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass"));
        await using var server = await StartAsync(Local with { HttpBasicCredential = credential });
        using var http = new HttpClient { BaseAddress = server.Uri };
        var body = HranaJson.Serialize(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1"), new HranaCloseStreamRequest()] });

        async Task<HttpResponseMessage> SendAsync(string? authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v2/pipeline") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return await http.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using (var ok = await SendAsync("Basic " + credential))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var none = await SendAsync(null))
        {
            await AuthTests.AssertErrorAsync(none, HttpStatusCode.Unauthorized, "Unauthorized: `Expected authorization header but none given`");
        }

        using (var wrong = await SendAsync("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:guess"))))
        {
            await AuthTests.AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "Unauthorized: `The `Basic` HTTP authentication credentials were rejected`");
        }
    }

    [Fact]
    public void Standalone_settings_read_sqld_variables_for_limits_auth_and_the_default_namespace()
    {
        var environment = new Dictionary<string, string>
        {
            ["SQLD_MAX_CONCURRENT_CONNECTIONS"] = "7",
            ["SQLD_MAX_CONCURRENT_REQUESTS"] = "9",
            ["SQLD_HTTP_AUTH"] = "basic:dXNlcjpwYXNz",
        };
        var settings = StandaloneSettings.Parse(["--disable-default-namespace"], name => environment.GetValueOrDefault(name), TextWriter.Null);
        Assert.Equal(7, settings.MaxConcurrentConnections);
        Assert.Equal(9, settings.MaxConcurrentRequests);
        Assert.Equal("dXNlcjpwYXNz", settings.HttpBasicCredential);
        Assert.True(settings.DisableDefaultNamespace);
        Assert.Equal("always", StandaloneSettings.Parse([], name => name == "SQLD_HTTP_AUTH" ? "always" : null, TextWriter.Null).HttpBasicCredential);
        Assert.Throws<ArgumentException>(() => StandaloneSettings.Parse([], name => name == "SQLD_HTTP_AUTH" ? "digest:x" : null, TextWriter.Null));
        Assert.Throws<ArgumentException>(() => StandaloneSettings.Parse([], name => name == "SQLD_MAX_CONCURRENT_CONNECTIONS" ? "0" : null, TextWriter.Null));
    }
}
