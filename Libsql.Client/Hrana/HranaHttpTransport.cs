using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Libsql.Client.Hrana;

/// <summary>
/// Hrana over HTTP for one endpoint: picks the encoding (probed once, or forced), posts pipelines and opens
/// cursors, and turns every failure into a <see cref="LibsqlException"/>. Stateless apart from the probe result, so
/// one instance serves any number of concurrent requests.
/// </summary>
internal sealed class HranaHttpTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_protobuf = new(HranaProtobuf.ContentType);

    private static readonly (string Path, LibsqlProtocol Protocol)[] s_probeOrder =
        [("v3-protobuf", LibsqlProtocol.Protobuf), ("v3", LibsqlProtocol.Json)];

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string? _token;
    private readonly ILogger _logger;
    private readonly Lock _probeLock = new();
    private readonly SemaphoreSlim? _streamOpens;
    private readonly int _streamOpensLimit;
    private Task<LibsqlProtocol>? _probe;
    private int _baseUrlIgnored;

    public HranaHttpTransport(LibsqlClientOptions options, HttpClient? httpClient, ILogger logger)
    {
        Endpoint = options.Endpoint!;
        Namespace = options.Namespace;
        Timeout = options.Timeout;
        _token = string.IsNullOrEmpty(options.AuthToken) ? null : options.AuthToken;
        _authorization = _token is null ? null : new AuthenticationHeaderValue("Bearer", _token);
        _logger = logger;
        if (options.Protocol != LibsqlProtocol.Auto)
        {
            _probe = Task.FromResult(options.Protocol);
        }

        if (options.MaxConcurrentStreamOpens > 0)
        {
            _streamOpens = new SemaphoreSlim(options.MaxConcurrentStreamOpens, options.MaxConcurrentStreamOpens);
            _streamOpensLimit = options.MaxConcurrentStreamOpens;
        }

        if (httpClient is null)
        {
            // The client owns its handler on purpose: one from IHttpClientFactory would inherit
            // ConfigureHttpClientDefaults, whose standard resilience handler retries POSTs, re-running writes and
            // reusing single-use batons. PooledConnectionLifetime keeps DNS changes visible to this long-lived client.
            _http = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    public Uri Endpoint { get; }

    public string? Namespace { get; }

    public TimeSpan Timeout { get; }

    public string? Token => _token;

    /// <summary>The encoding in use; probes the server the first time (a failed probe is retried next time).</summary>
    public Task<LibsqlProtocol> GetProtocolAsync(CancellationToken cancellationToken)
    {
        var probe = _probe;
        if (probe is { IsCompletedSuccessfully: true })
        {
            return probe;
        }

        lock (_probeLock)
        {
            if (_probe is null || _probe.IsFaulted || _probe.IsCanceled)
            {
                // The probe must not die with the first caller's token: others may be awaiting it.
                _probe = ProbeAsync();
            }

            probe = _probe;
        }

        return probe.WaitAsync(cancellationToken);
    }

    /// <summary>Posts a pipeline and reads its response.</summary>
    /// <param name="body">The pipeline.</param>
    /// <param name="baseUrl">The stream's base URL, if the server sent one.</param>
    /// <param name="cancellationToken">Cancels (aborts) the request.</param>
    /// <param name="limit">How long before the request is aborted; <see cref="Timeout"/> when null.</param>
    public async Task<HranaPipelineResponse> PipelineAsync(HranaPipelineRequest body, string? baseUrl, CancellationToken cancellationToken, TimeSpan? limit = null)
    {
        var protocol = await GetProtocolAsync(cancellationToken).ConfigureAwait(false);
        using var request = CreatePost(protocol, baseUrl, "pipeline", protocol == LibsqlProtocol.Protobuf ? HranaProtobuf.Serialize(body) : HranaJson.Serialize(body));
        using var timeout = StartTimeout(cancellationToken, limit ?? Timeout);
        try
        {
            using var slot = await EnterStreamOpenAsync(body.Baton, timeout.Token, cancellationToken).ConfigureAwait(false);
            using var response = await SendAsync(request, timeout.Token, cancellationToken).ConfigureAwait(false);
            if (protocol == LibsqlProtocol.Protobuf)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                return HranaProtobuf.DeserializePipelineResponse(bytes);
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await HranaJson.DeserializePipelineResponseAsync(stream, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (HranaFormatException ex)
        {
            throw LibsqlErrors.Protocol("The libSQL server's response could not be decoded: " + ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw LibsqlErrors.Timeout(Endpoint, Timeout, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw LibsqlErrors.Network(Endpoint, ex);
        }
    }

    /// <summary>Posts a cursor request and returns the open response; the caller reads and disposes it.</summary>
    public async Task<(HttpResponseMessage Response, LibsqlProtocol Protocol)> OpenCursorAsync(HranaCursorRequest body, string? baseUrl, CancellationToken cancellationToken)
    {
        var protocol = await GetProtocolAsync(cancellationToken).ConfigureAwait(false);
        if (protocol == LibsqlProtocol.JsonV2)
        {
            throw new InvalidOperationException("Cursors need Hrana 3.");
        }

        using var request = CreatePost(protocol, baseUrl, "cursor", protocol == LibsqlProtocol.Protobuf ? HranaProtobuf.Serialize(body) : HranaJson.Serialize(body));

        // The timeout covers the response headers; rows may keep flowing for longer than that. A new cursor stream
        // counts against the stream-open limit until its headers arrive, when sqld has given it a connection.
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var slot = await EnterStreamOpenAsync(body.Baton, timeout.Token, cancellationToken).ConfigureAwait(false);
            return (await SendAsync(request, timeout.Token, cancellationToken).ConfigureAwait(false), protocol);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw LibsqlErrors.Timeout(Endpoint, Timeout, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw LibsqlErrors.Network(Endpoint, ex);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    // Takes a stream-open slot for a request that opens a stream (no baton); dispose it once the request has its
    // answer (headers, for a cursor). Null when nothing is limited. The wait counts against the request's timeout, and
    // a request that times out here was never sent, so it must not read as one whose outcome is unknown.
    private async Task<StreamOpenSlot?> EnterStreamOpenAsync(string? baton, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        if (baton is not null || _streamOpens is null)
        {
            return null;
        }

        try
        {
            await _streamOpens.WaitAsync(timeoutToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw LibsqlErrors.StreamOpenQueueTimeout(Endpoint, Timeout, _streamOpensLimit, ex);
        }

        return new StreamOpenSlot(_streamOpens);
    }

    private sealed class StreamOpenSlot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(callerToken).ConfigureAwait(false);
            throw LibsqlErrors.FromHttp(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, _token, Namespace);
        }
    }

    private HttpRequestMessage CreatePost(LibsqlProtocol protocol, string? baseUrl, string operation, byte[] body)
    {
        var path = protocol switch
        {
            LibsqlProtocol.Protobuf => "v3-protobuf/",
            LibsqlProtocol.Json => "v3/",
            _ => "v2/",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ResolveBase(baseUrl), path + operation))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = protocol == LibsqlProtocol.Protobuf ? s_protobuf : s_json;
        AddHeaders(request);
        return request;
    }

    private Uri ResolveBase(string? baseUrl)
    {
        if (baseUrl is null)
        {
            return Endpoint;
        }

        // sqld's base_url (SQLD_HTTP_SELF_URL) pins a stream to one instance. The request carries the bearer token,
        // so it is followed only within the endpoint's origin (same scheme, host and port: never to another host,
        // never from https down to http); anything else stays on the configured endpoint.
        if (Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var uri) && IsSameOrigin(uri))
        {
            return uri;
        }

        if (Interlocked.Exchange(ref _baseUrlIgnored, 1) == 0)
        {
            LibsqlLog.BaseUrlIgnored(_logger, LibsqlEndpoint.Display(Endpoint));
        }

        return Endpoint;
    }

    private bool IsSameOrigin(Uri uri) =>
        string.Equals(uri.Scheme, Endpoint.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(uri.IdnHost, Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        uri.Port == Endpoint.Port &&
        string.IsNullOrEmpty(uri.UserInfo);

    private void AddHeaders(HttpRequestMessage request)
    {
        request.Headers.Authorization = _authorization;
        if (Namespace is not null)
        {
            request.Headers.TryAddWithoutValidation("x-namespace", Namespace);
        }
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken) => StartTimeout(cancellationToken, Timeout);

    private static CancellationTokenSource StartTimeout(CancellationToken cancellationToken, TimeSpan limit)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != System.Threading.Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(limit);
        }

        return source;
    }

    private async Task<LibsqlProtocol> ProbeAsync()
    {
        var refused = false;
        foreach (var (path, protocol) in s_probeOrder)
        {
            var status = await ProbeStatusAsync(path).ConfigureAwait(false);
            if (status is >= 200 and < 300)
            {
                LibsqlLog.ProtocolChosen(_logger, LibsqlEndpoint.Display(Endpoint), protocol);
                return protocol;
            }

            refused |= status is 401 or 403 || (status == 404 && Namespace is not null);
        }

        if (refused)
        {
            // An auth or namespace refusal says nothing about the encodings: use Hrana 2 for now (its request will
            // report the real error) and probe again on the next call rather than remembering the fallback.
            lock (_probeLock)
            {
                _probe = null;
            }
        }

        LibsqlLog.ProtocolChosen(_logger, LibsqlEndpoint.Display(Endpoint), LibsqlProtocol.JsonV2);
        return LibsqlProtocol.JsonV2;
    }

    private async Task<int> ProbeStatusAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint, path));
        AddHeaders(request);
        using var timeout = StartTimeout(CancellationToken.None);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (OperationCanceledException ex)
        {
            throw LibsqlErrors.Timeout(Endpoint, Timeout, ex);
        }
        catch (HttpRequestException ex)
        {
            throw LibsqlErrors.Network(Endpoint, ex);
        }
    }
}
