using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

/// <summary>Raw Hrana over HTTP for the tests: builds requests from the wire model, posts JSON or Protobuf.</summary>
internal sealed class HranaHttp(Uri baseUri, string? token = null, string? @namespace = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };

    public static HranaStatement Stmt(string sql, params HranaValue[] args) => new() { Sql = sql, Args = args };

    public static HranaExecuteStreamRequest Execute(string sql, params HranaValue[] args) => new() { Stmt = Stmt(sql, args) };

    public static async Task<(HttpStatusCode Status, string? ContentType, string Body)> ReadAsync(HttpResponseMessage response) =>
        (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());

    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        Authorize(request);
        configure?.Invoke(request);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        Authorize(request);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a pipeline and decodes a 200 response; anything else throws with the body.</summary>
    public async Task<HranaPipelineResponse> PipelineAsync(HranaPipelineRequest request, bool protobuf = false)
    {
        using var response = await SendPipelineAsync(request, protobuf);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}", null, response.StatusCode);
        }

        return protobuf ? HranaProtobuf.DeserializePipelineResponse(bytes) : HranaJson.DeserializePipelineResponse(bytes);
    }

    public Task<HttpResponseMessage> SendPipelineAsync(HranaPipelineRequest request, bool protobuf = false, string version = "v3") =>
        protobuf
            ? PostAsync("v3-protobuf/pipeline", HranaProtobuf.Serialize(request), HranaProtobuf.ContentType)
            : PostAsync($"{version}/pipeline", HranaJson.Serialize(request), "application/json");

    /// <summary>One-shot: the requests then close, on a new stream.</summary>
    public async Task<IReadOnlyList<HranaStreamResult>> RunAsync(bool protobuf, params HranaStreamRequest[] requests)
    {
        var response = await PipelineAsync(new HranaPipelineRequest { Requests = [.. requests, new HranaCloseStreamRequest()] }, protobuf);
        Assert.Null(response.Baton);
        return response.Results.Take(requests.Length).ToList();
    }

    public Task<IReadOnlyList<HranaStreamResult>> RunAsync(params HranaStreamRequest[] requests) => RunAsync(false, requests);

    /// <summary>Runs one statement and returns its result, failing on a Hrana error.</summary>
    public async Task<HranaStatementResult> ExecuteAsync(string sql, params HranaValue[] args) =>
        Ok<HranaExecuteStreamResponse>((await RunAsync(Execute(sql, args)))[0]).Result;

    public async Task<HranaError> ExecuteErrorAsync(string sql, params HranaValue[] args) =>
        Assert.IsType<HranaStreamResultError>((await RunAsync(Execute(sql, args)))[0]).Error;

    public static T Ok<T>(HranaStreamResult result)
        where T : HranaStreamResponse
    {
        if (result is HranaStreamResultError error)
        {
            Assert.Fail($"Hrana error {error.Error.Code}: {error.Error.Message}");
        }

        return Assert.IsType<T>(Assert.IsType<HranaStreamResultOk>(result).Response);
    }

    public void Dispose() => _http.Dispose();

    private void Authorize(HttpRequestMessage request)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (@namespace is not null)
        {
            request.Headers.Add("x-namespace", @namespace);
        }
    }
}
